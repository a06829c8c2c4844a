"""A sort keeps the receipt the person is on: clicking a column's header selected the first row of the new
order instead, its receipt and video replacing the one being looked at (found driving the window). The
ticket is looked for further than the first page (the model then loads pages up to REORDER_REACH rows)."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, fill_store, make_services, open_window, small_config
from PySide6.QtCore import QPoint, Qt

from ows_desktop.itemmodels.ticket_columns import COL_TOTAL

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def browsing(qtbot, paths, store):
    """The window on 640 receipts: more than a page of the table's model."""
    fill_store(store, small_config(tickets_per_store_day=160))
    window = open_window(qtbot, make_services(paths, store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    qtbot.waitUntil(lambda: window.receipts.total() is not None)
    return window


def test_sorting_by_a_column_keeps_the_receipt_shown_selected_and_in_view(qtbot, browsing, store) -> None:
    page = browsing.receipts
    model, table = page.model, page.table
    with store.reader() as reader:
        assert reader.count(model.query) > 3 * model.page_size
    first_page = [model.ticket_row(row) for row in range(model.page_size)]
    biggest = max(first_page, key=lambda row: (row.total or 0, row.key))  # far down in the ascending order
    assert page.select_key(biggest.key)
    qtbot.waitUntil(lambda: page.current_key() == biggest.key)

    header = table.horizontalHeader()
    seen: list[int] = []
    for _ in range(2):  # ascending (the biggest near the end), then descending (first)
        with qtbot.waitSignal(model.queryChanged):
            x = header.sectionViewportPosition(COL_TOTAL) + header.sectionSize(COL_TOTAL) // 2
            qtbot.mouseClick(
                header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
            )
        assert model.query.sort == "total"
        row = model.row_of_key(biggest.key)
        seen.append(row)
        assert row >= 0 and table.currentIndex().row() == row
        assert page.current_key() == biggest.key == page.acting_key()
        assert [r.key for r in page.selected_rows()] == [biggest.key]
        assert page.receipt.ticket() is not None and page.receipt.ticket().key == biggest.key
        assert 0 <= table.rowViewportPosition(row) < table.viewport().height()  # scrolled into view
    assert seen[0] >= model.page_size  # ascending: beyond the first page read
