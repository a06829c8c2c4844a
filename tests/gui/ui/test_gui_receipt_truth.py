"""The receipt shown, the row selected and the action taken agree (#10): when the filters change the receipt
follows the list; the current row is always visibly selected; F acts only on the visible selected row and
says which ticket it flagged."""

from __future__ import annotations

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    make_services,
    receipts_window,
)
from PySide6.QtCore import QModelIndex, Qt

from ows_desktop.ows.model import ticket_name
from ows_desktop.store import TicketQuery

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def browsing(qtbot, paths, filled_store):
    window = receipts_window(qtbot, make_services(paths, filled_store))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def flagged_keys(window) -> set[str]:
    with window._services.store.reader() as reader:
        return {row.key for row in reader.page(TicketQuery(flagged=True), 1000)[0]}


def search(qtbot, window, text: str) -> None:
    page = window.receipts
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page.filter_bar.search.clear()
    with qtbot.waitSignal(page.model.queryChanged, timeout=3000):
        qtbot.keyClicks(page.filter_bar.search, text)
    qtbot.waitUntil(lambda: page.total() is not None)


def is_selected(page, row: int) -> bool:
    return page.table.selectionModel().isRowSelected(row, QModelIndex())


def test_when_the_filter_hides_the_receipt_it_follows_the_list_and_f_flags_what_is_seen(qtbot, browsing):
    page = browsing.receipts
    page.focus_table()
    qtbot.keyClick(page.table, Qt.Key.Key_J)
    shown = page.receipt.ticket()
    assert shown is not None and shown.key == page.current_key()
    # a search that does not list the shown ticket: its operator is someone else's
    other = next(
        page.model.ticket_row(r).operator
        for r in range(page.model.rowCount())
        if page.model.ticket_row(r).operator != shown.operator
        and page.model.ticket_row(r).operator.split()[-1].isascii()
        and page.model.ticket_row(r).operator.split()[-1] not in shown.operator
    )
    search(qtbot, browsing, other.split()[-1])
    assert page.model.row_of_key(shown.key) < 0
    first = page.model.ticket_row(0)
    assert page.receipt.ticket().key == first.key == page.current_key()  # the receipt follows the list
    assert is_selected(page, 0)
    qtbot.keyClick(page.filter_bar.search, Qt.Key.Key_Down)  # ↓ from the search box
    assert page.table.hasFocus() and is_selected(page, page.table.currentIndex().row())
    messages = []
    browsing.statusBar().messageChanged.connect(messages.append)
    with qtbot.waitSignal(browsing.review.statusMessage, timeout=5000):
        qtbot.keyClick(page.table, Qt.Key.Key_F)
    assert flagged_keys(browsing) == {first.key}  # the visible, selected ticket, not the one hidden
    with browsing._services.store.reader() as reader:
        name = ticket_name(reader.ticket(first.key))
    assert any(f"{name} flagged for review" in m for m in messages)


def test_with_nothing_listed_the_pane_is_empty_and_f_flags_nothing(qtbot, browsing):
    page = browsing.receipts
    page.focus_table()
    assert page.receipt.ticket() is not None
    search(qtbot, browsing, "zzqqxx")
    assert page.total() == 0
    assert page.receipt.ticket() is None and page.current_key() is None
    messages = []
    browsing.statusBar().messageChanged.connect(messages.append)
    browsing.flag_action.trigger()
    qtbot.waitUntil(lambda: browsing.store_ops.pending == 0)
    assert flagged_keys(browsing) == set()
    assert any("Nothing flagged" in m for m in messages)


def test_f_does_not_flag_a_row_the_person_deselected(qtbot, browsing):
    page = browsing.receipts
    page.focus_table()
    rect = page.table.visualRect(page.model.index(0, 1))
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center()
    )
    assert not is_selected(page, 0) and page.table.currentIndex().row() == 0  # current, but not selected
    messages = []
    browsing.statusBar().messageChanged.connect(messages.append)
    browsing.flag_action.trigger()
    qtbot.waitUntil(lambda: browsing.store_ops.pending == 0)
    assert flagged_keys(browsing) == set()
    assert any("Nothing flagged" in m for m in messages)


def ctrl_click(qtbot, page, row: int) -> None:
    rect = page.table.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center()
    )


def test_a_receipt_ctrl_clicked_off_the_selection_leaves_the_pane_and_the_video(qtbot, browsing):
    """Ctrl+click took the receipt shown off a multi-selection and it stayed in the pane (and its video
    played) while Add to case and Shift+F acted on the rows still selected: the person saw a ticket the
    actions skipped. The pane now says what the selection holds; a second Ctrl+click brings it back."""
    page = browsing.receipts
    page.focus_table()
    first = page.model.ticket_row(0).key
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    second = page.model.ticket_row(1).key
    assert page.receipt.ticket().key == second
    videos: list[object] = []
    page.currentTicketChanged.connect(videos.append)  # what the video pane follows (ui/camera_link.py)

    ctrl_click(qtbot, page, 1)
    assert not is_selected(page, 1) and page.table.currentIndex().row() == 1
    assert page.receipt.ticket() is None and videos == [None]
    assert page.receipt.placeholder.isVisible()
    assert page.receipt.placeholder.text() == "1 receipt selected: click one to see it here."
    assert [row.key for row in page.selected_rows()] == [first] and page.acting_key() is None
    messages: list[str] = []
    browsing.statusBar().messageChanged.connect(messages.append)
    browsing.flag_action.trigger()  # F with a row selected but none shown: it says what F takes
    assert messages[-1] == (
        "Nothing flagged: F flags the receipt shown. Click the 1 selected receipt to show it, or press "
        "Shift+F to flag it."
    )
    assert flagged_keys(browsing) == set()

    ctrl_click(qtbot, page, 1)  # back in the selection: its receipt again
    assert page.receipt.ticket().key == second and videos == [None, second]
    assert page.acting_key() == second
    assert [row.key for row in page.selected_rows()] == [first, second]

    ctrl_click(qtbot, page, 1)
    with qtbot.waitSignal(page.model.modelReset):  # a new list (a sort) drops the selection it counted
        page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert page.selected_rows() == [] and page.receipt.placeholder.text() == "No receipt selected."
    page.focus_table()
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ctrl_click(qtbot, page, 1)
    assert page.receipt.placeholder.text() == "1 receipt selected: click one to see it here."
    ctrl_click(qtbot, page, 0)  # the last one off: nothing is selected, nothing shown
    assert page.selected_rows() == [] and page.receipt.ticket() is None
    assert page.receipt.placeholder.text() == "No receipt selected."


def test_copy_ticket_id_copies_the_selected_tickets_ids(qtbot, browsing):
    """Copying from the receipt gave its text one value a line, and no menu item copied a ticket's ID (for a
    case note, an email, the command line)."""
    from PySide6.QtGui import QGuiApplication

    page = browsing.receipts
    page.focus_table()
    messages: list[str] = []
    browsing.statusBar().messageChanged.connect(messages.append)
    browsing.copy_id_action.trigger()
    first = page.model.ticket_row(0).key
    assert QGuiApplication.clipboard().text() == first
    assert messages[-1] == f"Copied the ticket ID {first}"
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    browsing.copy_id_action.trigger()
    assert QGuiApplication.clipboard().text() == f"{first}\n{page.model.ticket_row(1).key}"
    assert messages[-1] == "Copied 2 ticket IDs"
    ctrl_click(qtbot, page, 0)
    ctrl_click(qtbot, page, 1)  # nothing selected: nothing copied, and it says so
    browsing.copy_id_action.trigger()
    assert messages[-1] == "Nothing copied: select a receipt in the list first."
    assert QGuiApplication.clipboard().text() == f"{first}\n{page.model.ticket_row(1).key}"


def test_f_on_a_multi_selection_says_it_flagged_only_the_receipt_shown(qtbot, browsing):
    """F flags the receipt shown; with three rows highlighted the status bar named that one alone, and the
    person could take the other two for flagged."""
    page = browsing.receipts
    page.focus_table()
    for _ in range(2):
        qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    shown = page.acting_key()
    messages: list[str] = []
    browsing.statusBar().messageChanged.connect(messages.append)
    browsing.flag_action.trigger()
    qtbot.waitUntil(lambda: browsing.store_ops.pending == 0)
    assert flagged_keys(browsing) == {shown}
    qtbot.waitUntil(lambda: bool(messages))
    assert messages[-1].endswith("flagged for review (only this one: Shift+F flags all 3 selected)")
