"""The list in focus while the store is empty (the person pressed for the list, then synced): when the
sync's first rows arrive the table takes the empty state's place, gets the focus and makes its first row
current. Laying the table out and rendering that row's receipt were one pause of the window (~60 ms during a
200 k sync, its longest: bench_gui); the receipt now follows on the next turn of the event loop."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE, fill_store, make_services, offline_window

pytestmark = OFFSCREEN_NOISE


def test_the_first_rows_show_the_table_first_and_the_current_rows_receipt_just_after(
    qtbot, paths, store
) -> None:
    window = offline_window(qtbot, make_services(paths, store))
    page = window.receipts
    assert page.table_stack.currentWidget() is page.empty
    page.focus_table()  # nothing to focus yet: the table takes the focus once shown
    fill_store(store)
    page.refresh_now()  # a sync's first page listed
    assert page.table_stack.currentWidget() is page.table
    current = page.table.currentIndex()
    assert current.isValid()  # made current by the focus coming in...
    assert page.receipt.ticket() is None  # ...its receipt not rendered within the same pause
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    row = page.model.ticket_row(page.table.currentIndex().row())
    assert page.receipt.ticket().key == row.key == page.current_key()
