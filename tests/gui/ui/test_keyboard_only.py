"""The window with the keyboard alone (#18): Tab goes through the Receipts tab as a person works it — search,
receipt table, receipt, video, then round by the sync bar to the filters and back to the search — and a person
flags a receipt and exports the flagged tickets without the mouse. Every key goes to the widget that has the
focus, as a keyboard would send it."""

from __future__ import annotations

import json

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QTabBar, QWidget
from test_accessibility import accessible_name

from ows_desktop.ui.export_dialog import ExportDialog
from ows_desktop.ui.flag_dialog import FlagDialog

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, filled_store):
    w = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: w.connection_dialog() is not None)
    w.connection_dialog().reject()
    qtbot.waitUntil(lambda: (w.receipts.total() or 0) > 0)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    """A key to whatever has the focus; returns the widget that has it afterwards."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)
    return QApplication.focusWidget()


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def tab_cycle(qtbot, window) -> list[QWidget]:
    """The widgets Tab visits from the search box until it comes back to it."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Edit ▸ Find
    start = QApplication.focusWidget()
    visited = [start]
    for _ in range(80):
        focused = press(qtbot, Qt.Key.Key_Tab)
        if focused is start:
            return visited
        visited.append(focused)
    raise AssertionError(f"Tab never came back to the search box: {[w.objectName() for w in visited]}")


def test_tab_reads_the_receipts_tab_in_order_search_table_receipt_video_then_filters(qtbot, window):
    visited = tab_cycle(qtbot, window)
    order = [w.objectName() or type(w).__name__ for w in visited]
    wanted = ["searchBox", "ticketTable", "receiptBrowser", "addToCaseButton", "cameraPicker",
              "mapCameraButton", "syncButton", "locationFilter", "flaggedOnly"]  # fmt: skip
    positions = [order.index(name) for name in wanted]
    assert positions == sorted(positions), order
    assert order[1] == "ticketTable", order  # the results straight after the search
    # the rest of the filter bar is together at the end of the round, just before the search again
    filter_bar = window.receipts.filter_bar
    in_bar = [filter_bar.isAncestorOf(w) for w in visited]
    assert in_bar[0] and in_bar[-1] and in_bar.index(True, 1) == len(visited) - sum(in_bar) + 1, order
    # and each stop says what it is to a screen reader (a tab bar through its tabs' titles)
    assert [w.objectName() for w in visited if not accessible_name(w) and not isinstance(w, QTabBar)] == []


def test_tab_from_the_search_goes_to_the_results_and_shift_tab_back_through_the_filters(qtbot, window):
    """A store manager types a search and Tab takes them to the results (as ↓ does), not across the eleven
    widgets of the filter bar; Shift+Tab goes back to the search, and from there through the filters, nearest
    first. Enter applies the search and leaves the cursor in it, as before."""
    page = window.receipts
    bar, table = page.filter_bar, page.table
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is bar.search
    word = page.model.ticket_row(0).operator.split()[0]
    type_text(qtbot, word[:2])
    assert press(qtbot, Qt.Key.Key_Return) is bar.search  # Enter: searched, the cursor stays
    assert page.model.query.text == word[:2]
    type_text(qtbot, word[2:])  # typed, still in its 250 ms debounce when Tab goes to the results
    assert press(qtbot, Qt.Key.Key_Tab) is table
    assert page.model.query.text == word and page.model.rowCount() > 0  # the results of what was typed
    assert press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is bar.search
    # Shift+Tab from the search: the filter bar, from its last widget (Clear filters: a search is on) back
    backwards = [press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) for _ in range(10)]
    assert backwards == [bar.clear_button, bar.exception_picker, bar.flagged, bar.max_total, bar.min_total,
                         bar.time_combo, *reversed(bar.pickers.values())]  # fmt: skip
    # and Tab forward from the first picker walks them the other way, to the search, then the results
    forwards = [press(qtbot, Qt.Key.Key_Tab) for _ in range(11)]
    assert forwards == [*backwards[::-1][1:], bar.search, table]
    # with "Flagged only" on, the Flagged view's own filters come between the filter bar and the search
    bar.flagged.setChecked(True)
    flagged = page.flagged_bar
    qtbot.waitUntil(flagged.isVisible)
    bar.focus_search()
    backwards = [press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) for _ in range(3)]
    # (the review-state buttons are one stop: a button group, its buttons reached with the arrows)
    assert backwards[0] in flagged.state_buttons.values(), backwards
    assert backwards[1:] == [flagged.reason_combo, bar.clear_button]


def in_modal(kind, act):
    """Run ``act(dialog)`` once the modal dialog of type ``kind`` is up and has the focus (inside its event
    loop); a failing step closes the dialog, so the test fails instead of waiting for ever."""

    def step():
        dialog = QApplication.activeModalWidget()
        focused = QApplication.focusWidget()
        if not isinstance(dialog, kind) or focused is None or not dialog.isAncestorOf(focused):
            QTimer.singleShot(20, step)
            return
        try:
            act(dialog)
        except BaseException:
            dialog.reject()
            raise

    QTimer.singleShot(0, step)


def test_a_flag_and_an_export_with_the_keyboard_only(qtbot, window, tmp_path):
    page = window.receipts
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.filter_bar.search
    while press(qtbot, Qt.Key.Key_Tab) is not page.table:  # Tab from the filter bar to the table
        pass
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and page.current_key() is not None)
    key = page.current_key()
    seen = {}

    def flag(dialog: FlagDialog) -> None:
        assert QApplication.focusWidget() in (
            dialog.reason_combo,
            dialog.reason_combo.lineEdit(),
        )  # reason first
        type_text(qtbot, "Sweethearting")
        press(qtbot, Qt.Key.Key_Tab)  # → review state
        assert QApplication.focusWidget() is dialog.state_combo
        press(qtbot, Qt.Key.Key_Down)
        seen["state"] = dialog.state_combo.currentText()
        press(qtbot, Qt.Key.Key_Tab)  # → note
        type_text(qtbot, "Seen on camera 2")
        for _ in range(10):  # → the button that flags
            focused = press(qtbot, Qt.Key.Key_Tab)
            if isinstance(focused, QPushButton) and focused.text().replace("&", "") in ("OK", "Flag"):
                break
        else:
            raise AssertionError("Tab never reached the dialog's OK button")
        press(qtbot, Qt.Key.Key_Space)

    in_modal(FlagDialog, flag)
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)  # Ticket ▸ Flag selected tickets…
    qtbot.waitUntil(lambda: "Flagged" in window.statusBar().currentMessage(), timeout=10_000)
    review = window._services.store.reader().review.review_of(key)
    assert review.flag is not None and review.flag.reason == "Sweethearting"
    assert review.flag.state_label == seen["state"]
    assert [n.note for n in review.notes] == ["Seen on camera 2"]

    out = tmp_path / "case-by-keyboard"

    def export(dialog: ExportDialog) -> None:
        assert QApplication.focusWidget() is dialog.folder_edit  # where the person types first
        type_text(qtbot, str(out))
        for _ in range(15):  # Shift+Tab back to the choices
            if QApplication.focusWidget() in dialog.buttons_by_kind.values():
                break
            press(qtbot, Qt.Key.Key_Backtab)
        flagged = dialog.buttons_by_kind["flagged"]
        for _ in range(3):  # ↑ to "All flagged tickets" (from the current filter, chosen), Space chooses it
            if QApplication.focusWidget() is flagged:
                break
            press(qtbot, Qt.Key.Key_Up)
        press(qtbot, Qt.Key.Key_Space)
        assert dialog.kind() == "flagged" and dialog.count() == 1
        press(qtbot, Qt.Key.Key_Return)  # Enter exports (the dialog's default button)

    window.activateWindow()  # the window manager gives the focus back when the dialog closes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    in_modal(ExportDialog, export)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
        press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # File ▸ Export evidence…
    assert done.args == [str(out)]
    data = json.loads((out / "tickets.json").read_text(encoding="utf-8"))
    assert len(data["tickets"]) == 1 and key in json.dumps(data["tickets"][0])


@pytest.mark.parametrize(
    "keys",
    [
        [Qt.Key.Key_End],  # Ctrl+End: the last loaded receipt
        [Qt.Key.Key_Down, Qt.Key.Key_Down],
        [Qt.Key.Key_PageDown],
    ],
)
def test_ctrl_with_a_move_key_selects_the_receipt_it_shows(qtbot, window, keys):
    """Ctrl+End moved the current row alone (Qt's extended selection): the receipt beside showed that ticket,
    the row was not highlighted, F said "select a receipt first" and "Add to case" offered the ticket selected
    before. What the pane shows is now what the actions act on."""
    page = window.receipts
    page.focus_table()  # the first receipt, current and selected
    first = page.current_key()
    for key in keys:
        press(qtbot, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.current_key() not in (None, first))
    shown = page.current_key()
    assert page.receipt.ticket() is not None and page.receipt.ticket().key == shown
    assert page.acting_key() == shown  # F flags it
    assert [row.key for row in page.selected_rows()] == [shown]  # Add to case, Shift+F: it alone
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # Shift still extends the selection
    assert len(page.selected_rows()) == 2 and shown in [row.key for row in page.selected_rows()]


def test_tabbing_into_the_table_selects_the_receipt_it_shows(qtbot, window):
    page = window.receipts
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page.table.selectionModel().clear()
    while press(qtbot, Qt.Key.Key_Tab) is not page.table:
        pass
    qtbot.waitUntil(lambda: page.current_key() is not None)
    assert [row.key for row in page.selected_rows()] == [page.current_key()] == [page.acting_key()]


def test_a_click_into_the_table_never_selects_a_row_the_person_deselected(qtbot, window):
    """Selecting on focus-in ran for a mouse click too: a row Ctrl+clicked off, then a Ctrl+click on another
    after the search had the focus, selected both; bulk flags and Add to case took the row taken off."""
    page, table = window.receipts, window.receipts.table
    page.focus_table()
    first = page.current_key()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, ctrl, table.visualRect(page.model.index(0, 0)).center()
    )
    assert page.selected_rows() == []  # taken off
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl)  # the search has the focus
    table.clearFocus()
    target = table.visualRect(page.model.index(2, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, target)
    assert [row.key for row in page.selected_rows()] == [page.model.ticket_row(2).key] != [first]


def test_ctrl_and_a_digit_open_each_tab_and_the_view_menu_lists_them_all(qtbot, window):
    pages = [window.tabs.widget(i) for i in range(window.tabs.count())]
    assert pages == [window.receipts, window.users, window.exceptions, window.cases]
    for digit, page in reversed(list(enumerate(pages, start=1))):
        press(qtbot, getattr(Qt.Key, f"Key_{digit}"), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is page, digit
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    named = [a.text().replace("&", "") for a in view.actions()][:4]
    assert named == [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]


def test_the_receipts_tabs_keys_from_another_tab_show_what_they_act_on(qtbot, window, monkeypatch):
    """Ctrl+E offers the Receipts tab's selection and filter, Ctrl+F and Ctrl+Shift+L are its search and
    filters: pressed on another tab, they show the Receipts tab first. Ctrl+U: the receipt on screen."""
    from PySide6.QtWidgets import QDialog

    under_dialog: list[QWidget] = []
    monkeypatch.setattr(
        ExportDialog, "exec", lambda _d: under_dialog.append(window.tabs.currentWidget()) or QDialog.Rejected
    )
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    for key, modifiers in ((Qt.Key.Key_E, ctrl), (Qt.Key.Key_F, ctrl), (Qt.Key.Key_L, ctrl | shift)):
        window.show_cases()
        qtbot.keyClick(window, key, modifiers)
        assert window.tabs.currentWidget() is window.receipts, key
    assert under_dialog == [window.receipts]
    assert QApplication.focusWidget().objectName() == "searchBox"

    window.show_cases()
    case_panel, receipts_panel = window.cases.receipt, window.receipts.receipt
    qtbot.keyClick(window, Qt.Key.Key_U, ctrl)
    assert window.tabs.currentWidget() is window.cases
    assert (
        case_panel.currentIndex() == case_panel.TAB_RAW
        and receipts_panel.currentIndex() != receipts_panel.TAB_RAW
    )


def test_f1_lists_the_keys_of_every_menu_item_as_the_menus_have_them(qtbot, window):
    from ows_desktop.ui.shortcuts_dialog import ShortcutsDialog

    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: (d := window.findChild(ShortcutsDialog)) is not None and d.isVisible())
    dialog = window.findChild(ShortcutsDialog)
    tree = dialog.tree
    listed = {
        (
            tree.topLevelItem(g).text(0),
            tree.topLevelItem(g).child(i).text(0),
            tree.topLevelItem(g).child(i).text(1),
        )
        for g in range(tree.topLevelItemCount())
        for i in range(tree.topLevelItem(g).childCount())
    }
    for seen in (
        ("View", "Next receipt", "J"),
        ("View", "Cases", "Ctrl+4"),
        ("Ticket", "Flag / unflag ticket", "F"),
        ("Ticket", "Add to case…", "Ctrl+Shift+C"),
        ("File", "Export evidence…", "Ctrl+E"),
        ("Help", "Keyboard shortcuts", "F1"),
    ):
        assert seen in listed, seen
    with_keys = [
        a
        for m in window.menuBar().actions()
        if m.menu()
        for a in m.menu().actions()
        if not a.shortcut().isEmpty()
    ]
    assert len(listed) == len(with_keys)  # every one, none twice
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(ShortcutsDialog) is None)
