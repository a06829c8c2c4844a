"""The Cases tab: the case list model passes the model tester, "Add to case…" from the receipts writes off the
GUI thread and the tab shows the case with its tickets and their receipts, status changes land, and
"Export case" writes the signed evidence of exactly the case's tickets."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    cases_read,
    followed,
    landed,
    make_services,
    receipts_window,
    scripted_questions,
    turn_wheel,
)
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from ows_desktop.export.folders import ExportFolders
from ows_desktop.export.verify import verify_folder
from ows_desktop.itemmodels.cases import COL_LOSS, COL_STATUS, CaseListModel
from ows_desktop.store.cases import CaseFilter, case_subject
from ows_desktop.store.errors import StoreError
from ows_desktop.ui.case_dialogs import AddToCaseDialog, CaseChoice, NewCase
from ows_desktop.ui.export_dialog import ExportDialog

pytestmark = OFFSCREEN_NOISE


def test_case_list_model_passes_the_model_tester(qtmodeltester, store) -> None:
    from review_helpers import tk

    store.upsert_tickets([tk("T-1", total=4.0), tk("T-2", total=6.0)])
    first = store.cases.new_case("One", operator="Ana", tickets=["T-1", "T-2"])
    store.cases.set_loss(first.number, 3.0, "recovered")
    store.cases.new_case("Two <b>bold</b>", location="S1")
    model = CaseListModel()
    with store.reader() as reader:
        model.set_cases(reader.cases.cases())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(1, COL_LOSS).data() == "3.00 *"
    assert "recovered" in model.index(1, COL_LOSS).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, COL_LOSS).data(Qt.ItemDataRole.ToolTipRole) == (  # nobody set it: says what it is
        "Not set by an investigator: the case's ticket amounts added up, each counted as positive "
        "(a sale by its total, a refund by its size)"
    )
    assert model.index(0, COL_STATUS).data() == "Open"
    model.set_cases([])
    qtmodeltester.check(model)


def test_add_to_case_dialog_offers_open_cases_or_a_new_one(qtbot, store) -> None:
    case = store.cases.new_case("Existing")
    dialog = AddToCaseDialog(3, [case], NewCase("Operator Ana", "Ana"), None)
    qtbot.addWidget(dialog)
    assert (
        dialog.existing_radio.isChecked() and not dialog.ok.isEnabled()
    )  # not about Ana: not chosen for her
    dialog.case_combo.setCurrentIndex(0)
    assert dialog.ok.isEnabled() and dialog.choice() == CaseChoice(number=case.number)
    dialog.new_radio.setChecked(True)
    assert dialog.choice().new == NewCase("Operator Ana", "Ana")
    dialog.fields.title.clear()
    assert not dialog.ok.isEnabled()  # a new case needs a title
    empty = AddToCaseDialog(1, [], NewCase(""), None)
    qtbot.addWidget(empty)
    assert empty.new_radio.isChecked() and not empty.existing_radio.isEnabled()


def test_add_to_case_takes_what_the_person_types_at_once(qtbot, store) -> None:
    """Ctrl+Shift+C then typing a title typed nowhere: the focus was on the "A new case" radio button."""
    empty = AddToCaseDialog(2, [], NewCase(""), None)
    qtbot.addWidget(empty)
    empty.show()
    empty.activateWindow()  # as the window manager does for a new dialog
    qtbot.waitUntil(empty.isActiveWindow)
    qtbot.keyClicks(QApplication.focusWidget(), "Sweethearting at S063")  # where the keys go
    assert empty.fields.title.text() == "Sweethearting at S063" and empty.ok.isEnabled()
    case = store.cases.new_case("Existing")
    both = AddToCaseDialog(2, [case], NewCase(""), None)
    qtbot.addWidget(both)
    both.show()
    both.activateWindow()
    qtbot.waitUntil(both.isActiveWindow)
    assert QApplication.focusWidget() is both.case_combo  # the open cases to pick from
    both.new_radio.setChecked(True)
    assert QApplication.focusWidget() is both.fields.title


@pytest.fixture
def window(qtbot, paths, filled_store):
    return receipts_window(qtbot, make_services(paths, filled_store), rows=3)


def select_receipts(window, rows: list[int]) -> list[str]:
    from PySide6.QtCore import QItemSelectionModel

    table = window.receipts.table
    selection = table.selectionModel()
    table.setCurrentIndex(window.receipts.model.index(rows[0], 0))  # the receipt shown
    for row in rows[1:]:
        selection.select(
            window.receipts.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    return [window.receipts.model.ticket_row(r).key for r in rows]


def test_add_to_case_writes_off_the_gui_thread_and_the_tab_shows_the_case(
    qtbot, window, filled_store
) -> None:
    keys = select_receipts(window, [0, 2])
    # "Add to case…" is in the Ticket menu and beside the receipt view's tabs
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert any(window.case_actions.add_action in m.actions() for m in menus)
    assert window.receipts.receipt.cornerWidget().defaultAction() is window.case_actions.add_action
    rows = window.receipts.selected_rows()
    assert sorted(r.key for r in rows) == sorted(keys)

    sync = sqlite3.connect(filled_store.path, isolation_level=None)  # a sync holding the write lock
    sync.execute("BEGIN IMMEDIATE")
    try:
        window.case_actions.add_to_case(keys, CaseChoice(new=NewCase("Voids on R1", assignee="jane")))
        assert window.store_ops.pending == 1  # waiting for the lock on the worker, not on the window
        with filled_store.reader() as reader:
            assert reader.cases.cases() == []
    finally:
        sync.execute("ROLLBACK")
        sync.close()
    landed(qtbot, window)

    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    case = page.current_case()
    assert case is not None and case.title == "Voids on R1" and case.ticket_count == 2
    assert "Voids on R1" in page.header.text() and "jane" in page.header.text()
    assert page.tickets.rowCount() == 2
    shown = {page.tickets.ticket_row(r).key for r in range(2)}
    assert shown == set(keys)
    page.ticket_table.setCurrentIndex(page.tickets.index(1, 0))
    second = page.tickets.ticket_row(1).key
    assert page.receipt.ticket() is not None and page.receipt.ticket().key == second
    assert page.video is not None and page.video.ticket.key == second  # its video, as on the Receipts tab

    # the status picker changes the case (off the GUI thread), the list and history follow
    index = page.status_combo.findData("in_progress")
    page.status_combo.setCurrentIndex(index)
    page.status_combo.activated.emit(index)
    landed(qtbot, window)
    qtbot.waitUntil(lambda: page.current_case().status == "in_progress")
    qtbot.waitUntil(lambda: "status Open → In progress" in page.history.toPlainText())  # read in a job
    assert all(  # when, in the window's zone (UTC here) with its label, as every time the window shows
        re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\+00:00  ", line)
        for line in page.history.toPlainText().splitlines()
    )
    # the filters: in progress shows it, closed does not
    page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
    page.status_filter.activated.emit(page.status_filter.currentIndex())
    cases_read(qtbot, page, refresh=False)
    assert page.model.rowCount() == 0 and page.current_case() is None
    page.status_filter.setCurrentIndex(page.status_filter.findData("in_progress"))
    page.status_filter.activated.emit(page.status_filter.currentIndex())
    cases_read(qtbot, page, refresh=False)
    assert page.model.rowCount() == 1
    with filled_store.reader() as reader:
        assert [e.action for e in reader.review.audit_trail(case_subject(case.number))] == [
            "case_new", "case_add", "case_update"
        ]  # fmt: skip


def test_the_status_bar_says_what_the_case_holds_after_a_new_case_or_an_add(
    qtbot, window, filled_store
) -> None:
    """It said "1 ticket in case C-… (4 in all)", and "0 tickets in case … (0 in all)" for a new empty case:
    it says a new case was made, or that the tickets were added, and what the case holds now (a ticket
    selected that was in the case already is not counted twice)."""
    said: list[str] = []
    window.case_actions.statusMessage.connect(lambda text, _ms: said.append(text))
    keys = select_receipts(window, [1, 3])
    window.case_actions.add_to_case(keys, CaseChoice(new=NewCase("Two tickets")))
    landed(qtbot, window)
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
    qtbot.waitUntil(lambda: f"New case {case.number}: it holds 2 tickets." in said)
    window.case_actions.add_to_case(select_receipts(window, [3, 4]), CaseChoice(number=case.number))
    landed(qtbot, window)
    qtbot.waitUntil(lambda: f"Added to case {case.number}: it holds 3 tickets now." in said)


def test_the_status_picker_offers_only_what_the_case_can_go_to(qtbot, window, filled_store) -> None:
    """A closed case's Status picker offered Open, Loss confirmed and No loss, then refused them in the status
    bar: what the case cannot go to is greyed; an open case can go to any other status. An empty case's
    Remove ticket from case is greyed too."""
    window.case_actions.add_to_case(select_receipts(window, [1]), CaseChoice(new=NewCase("One")))
    landed(qtbot, window)
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
    page = window.cases

    def offered() -> set[str]:
        combo = page.status_combo
        return {combo.itemData(i) for i in range(combo.count()) if combo.model().item(i).isEnabled()}

    cases_read(qtbot, page, case.number)
    assert offered() == {"open", "in_progress", "loss_confirmed", "no_loss", "closed"}
    assert page.remove_button.isEnabled()
    empty = filled_store.cases.new_case("Nothing yet")  # Remove ticket from case: nothing to remove
    cases_read(qtbot, page, empty.number)
    assert not page.remove_button.isEnabled() and page.remove_button.toolTip() == "The case holds no tickets."
    assert page.note_button.isEnabled()
    filled_store.cases.set_loss(empty.number, 16.78, "till count")  # "No loss" would claim both: greyed
    cases_read(qtbot, page, empty.number)
    assert offered() == {"open", "in_progress", "loss_confirmed", "closed"}
    no_loss = page.status_combo.model().item(page.status_combo.findData("no_loss"))
    assert no_loss.toolTip() == (
        "The case claims a loss of 16.78 set by hand: set it to 0.00 with a reason (Loss amount…) to conclude "
        "it with no loss."
    )
    filled_store.cases.set_loss(empty.number, 0.0, "paid back")
    cases_read(qtbot, page, empty.number)
    assert "no_loss" in offered() and not no_loss.toolTip()
    filled_store.cases.update_case(
        empty.number, status="no loss"
    )  # it claims 0.00: its loss greyed, saying why
    cases_read(qtbot, page, empty.number)
    assert not page.loss_button.isEnabled() and page.loss_button.toolTip() == (
        "Concluded with no loss, the case claims 0.00: choose Loss confirmed or In progress in Status to set a loss."
    )
    filled_store.cases.update_case(case.number, status="closed")
    cases_read(qtbot, page, case.number)
    assert page.current_case().status == "closed"
    assert offered() == {"closed", "in_progress"}  # reopened only


def test_export_case_from_the_window_is_the_signed_evidence_of_its_tickets(
    qtbot, window, filled_store, tmp_path
) -> None:
    import json

    keys = select_receipts(window, [1, 3, 4])
    window.case_actions.add_to_case(keys, CaseChoice(new=NewCase("Three tickets")))
    landed(qtbot, window)
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
    cases_read(qtbot, window.cases, case.number)
    assert window.cases.export_button.isEnabled()
    window._services.settings.set("export/folder", str(tmp_path))  # Preferences ▸ Evidence
    seen: dict[str, object] = {}

    def in_dialog() -> None:  # the person reads what the export holds, picks JSON and exports
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, in_dialog)
            return
        seen.update(title=dialog.windowTitle(), summary=dialog.summary.text(), folder=dialog.folder())
        seen["label"] = dialog.buttons_by_kind["case"].text()
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("json"))
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, in_dialog)
    with qtbot.waitSignal(window.exportFinished, timeout=60000) as finished:
        qtbot.mouseClick(window.cases.export_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == f"Export case {case.number}"
    assert seen["summary"] == "3 tickets: the case's tickets" and seen["label"].endswith("— 3 tickets")
    out = seen["folder"]
    assert isinstance(out, Path) and out.parent == tmp_path and out.name.startswith(f"case-{case.number}-")
    assert finished.args == [str(out)]
    custody = json.loads((out / "export.json").read_text())
    assert sorted(t["key"] for t in custody["tickets"]) == sorted(keys)
    assert case.number in custody["title"]
    result = verify_folder(out)
    assert result.ok and result.signature_ok, result.problems
    with filled_store.reader() as reader:
        history = reader.review.audit_trail(case_subject(case.number))
        # the trail names the folder; this workstation's own list keeps its whole path (export/folders.py)
        assert history[-1].action == "case_export" and history[-1].changes["folder"] == out.name
        assert reader.review.audit_trail("export:" + custody["case_id"])
    noted = ExportFolders(window._services.export_folders).known()
    assert noted == {custody["case_id"]: str(out)}


def test_the_case_history_shows_its_export_without_a_change_of_tab(qtbot, window, filled_store, tmp_path):
    """After "Export case…" the case's history had no export line until the person went to another tab and
    back: it now shows it as soon as the export's job has recorded it."""
    keys = select_receipts(window, [0, 2])
    window.case_actions.add_to_case(keys, CaseChoice(new=NewCase("Two tickets")))
    landed(qtbot, window)
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
    window.show_cases()  # the Cases tab on screen (Ctrl+4)
    page = cases_read(qtbot, window.cases, refresh=False)
    assert page.isVisible() and page.select_case(case.number)
    qtbot.waitUntil(lambda: "added 2 tickets" in page.history.toPlainText())  # read in a job
    assert "exported as" not in page.history.toPlainText()
    window._services.settings.set("export/folder", str(tmp_path))

    def in_dialog() -> None:  # the person exports the proposed folder with Enter
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, in_dialog)
            return
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("json"))
        qtbot.keyClick(dialog.folder_edit, Qt.Key.Key_Return)
        if dialog.isVisible():  # not taken: the test fails instead of waiting for ever
            dialog.reject()

    QTimer.singleShot(0, in_dialog)
    with qtbot.waitSignal(window.exportFinished, timeout=60000) as finished:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    out = finished.args[0]
    assert out and window.tabs.currentWidget() is page and page.current_case().number == case.number
    # the whole path: this workstation exported it (its list, export/folders.py; the trail names the folder)
    qtbot.waitUntil(
        lambda: page.history.toPlainText().splitlines()[-1].endswith(f"exported as JSON to {out}")
    )


def case_of_first_receipt(qtbot, window, title: str):
    """A new case of the first receipt, made with Add to case…; the Cases tab and the case's number."""
    window.case_actions.add_to_case(select_receipts(window, [0]), CaseChoice(new=NewCase(title)))
    landed(qtbot, window)
    page = window.cases
    cases_read(qtbot, page)
    return page, page.current_case().number


def test_case_texts_are_plain_and_a_bad_loss_amount_is_refused(qtbot, window, filled_store) -> None:
    page, number = case_of_first_receipt(qtbot, window, "<b>Ana</b> & co")
    assert page.header.textFormat() == Qt.TextFormat.PlainText and "<b>Ana</b> & co" in page.header.text()
    # nobody has said what was lost: the figure says it is the tickets' sum (a whole-ticket void sums to 0.00)
    assert "(Not set by an investigator: the case's ticket amounts added up" in page.header.text()
    with qtbot.waitSignal(window.case_actions.storeError) as refused:
        window.case_actions.set_loss(number, "twelve", "typo")
    assert "“twelve” is not a loss amount" in refused.args[0]
    window.case_actions.set_loss(number, "12.50", "manager's count")
    landed(qtbot, window)
    assert page.current_case().loss_amount == 12.5
    assert "12.50 (Set by hand: manager's count; The ticket amounts add up to" in page.header.text()
    assert "Not set" not in page.header.text()
    window.case_actions.set_loss(number, "", "back to the tickets")  # no loss set, then concluded: none
    window.case_actions.set_status(number, "no_loss")
    window.case_actions.set_status(number, "closed")
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and page.current_case().status == "closed")
    assert (
        "Status: Closed (no loss)" in page.header.text()
        and "Loss: 0.00 (Concluded with no loss)" in page.header.text()
    )
    row = page.case_table.currentIndex().row()
    status = page.model.index(row, COL_STATUS)
    assert status.data() == "Closed (no loss)"  # on one line, whole, in the list (ui/case_columns.py)
    window.resize(1440, 900)  # an 800 px window's list hides the status: there is room for the title only
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(
        lambda: (
            page.case_table.columnWidth(COL_STATUS)
            >= page.case_table.fontMetrics().horizontalAdvance("Closed (no loss)")
        )
    )
    # a closed case keeps its tickets and loss: those controls are greyed, saying how to change them
    assert not page.loss_button.isEnabled() and not page.remove_button.isEnabled()
    assert "reopen it" in page.loss_button.toolTip() and page.note_button.isEnabled()
    window.case_actions.set_status(number, "in_progress", "one more look")  # the reason asked
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and page.current_case().status == "in_progress")
    assert page.loss_button.isEnabled() and page.loss_button.toolTip() == ""
    # a wheel turned over the status changes nothing, on its way down the page or chosen (focused) before: each
    # turn was an audited status change without a question
    turn_wheel(page.status_combo)
    assert window.store_ops.pending == 0 and page.status_combo.currentData() == "in_progress"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.status_combo.setFocus()
    qtbot.waitUntil(page.status_combo.hasFocus)
    turn_wheel(page.status_combo)
    assert window.store_ops.pending == 0 and page.status_combo.currentData() == "in_progress"
    assert page.current_case().status == "in_progress"
    window.case_actions.add_note(number, "<i>called HR</i>")
    qtbot.waitUntil(lambda: "note: <i>called HR</i>" in page.history.toPlainText())


def test_the_cases_tab_shows_cases_made_elsewhere_when_it_comes_into_view(
    qtbot, window, filled_store
) -> None:
    key = window.receipts.model.ticket_row(0).key
    filled_store.cases.new_case("Opened from the command line", tickets=[key])  # another process, say
    assert window.cases.model.rowCount() == 0  # not read while hidden
    window.tabs.setCurrentWidget(window.cases)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1)
    assert window.cases.current_case() is None  # nothing chosen for the user


def _ink(table) -> int:
    """Pixels of the middle half of the case list's viewport that are not its background: the note's text."""
    from PySide6.QtGui import QPalette

    image = table.viewport().grab().toImage()
    base = table.palette().color(QPalette.ColorRole.Base).rgb()
    height = image.height()
    return sum(
        image.pixel(x, y) != base
        for y in range(height // 4, 3 * height // 4, 2)
        for x in range(image.width())
    )


def test_the_empty_case_list_says_why_and_what_to_do(qtbot, window, filled_store) -> None:
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: "New case" in page.case_table.placeholder())
    assert page.case_table.placeholder().startswith("No cases yet.") and _ink(page.case_table) > 0
    page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
    page.status_filter.activated.emit(page.status_filter.currentIndex())
    cases_read(qtbot, page, refresh=False)
    assert page.case_table.placeholder() == "No case matches these filters." and _ink(page.case_table) > 0
    page.status_filter.setCurrentIndex(0)
    filled_store.cases.new_case("Till 2 voids", tickets=[window.receipts.model.ticket_row(0).key])
    page.status_filter.activated.emit(0)
    cases_read(qtbot, page, refresh=False)
    assert page.model.rowCount() == 1
    assert page.case_table.placeholder() == "" and _ink(page.case_table) == 0  # the case, no note under it


def open_new_case(qtbot, window, store, keys: list[str]):
    """A new case of ``keys`` (made elsewhere), shown on the Cases tab with its tickets; the tab."""
    store.cases.new_case(f"{len(keys)} receipts", tickets=keys)
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() == len(keys))
    return page


def test_the_case_tickets_arrow_shows_their_order_and_a_header_click_sorts_them(qtbot, window, filled_store):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from ows_desktop.itemmodels.ticket_columns import COL_LOCATION, COL_TIME

    page = open_new_case(
        qtbot, window, filled_store, [window.receipts.model.ticket_row(r).key for r in range(6)]
    )
    header = page.ticket_table.horizontalHeader()

    def arrow() -> tuple[int, bool]:  # the column the arrow is on, pointing as the newest-first arrow (True)
        return header.sortIndicatorSection(), header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    times = [page.tickets.ticket_row(r).time for r in range(6)]
    assert times == sorted(times) and arrow() == (COL_TIME, False)  # a case reads oldest first, and says so
    for _ in range(2):
        at = QPoint(header.sectionViewportPosition(COL_LOCATION) + 8, header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        cases_read(qtbot, page, refresh=False)  # read in that order, in a job
        stores = [page.tickets.ticket_row(r).location for r in range(6)]
        column, descending = arrow()
        assert (
            column == COL_LOCATION and stores == sorted(stores, reverse=descending) and len(set(stores)) > 1
        )
    cases_read(qtbot, page)  # the case shown again (a change landed): the order the person chose stays
    assert arrow() == (COL_LOCATION, descending)
    assert [page.tickets.ticket_row(r).location for r in range(6)] == stores


def test_f_shift_f_and_add_to_case_act_on_the_tickets_of_the_tab_on_screen(
    qtbot, window, filled_store, monkeypatch
) -> None:
    from ows_desktop.ui.case_dialogs import AddToCaseDialog
    from ows_desktop.ui.flag_dialog import FlagDialog

    window.activateWindow()  # the window's shortcuts (F, Shift+F, Ctrl+Shift+C) need it active
    qtbot.waitUntil(window.isActiveWindow)

    def flag_of(key):
        with filled_store.reader() as reader:
            return reader.review.flag_of(key)

    receipts = window.receipts
    hidden_two = select_receipts(window, [0, 1])  # the Receipts tab's two, hidden once the Cases tab is shown
    hidden = hidden_two[0]  # its current receipt
    in_case = [receipts.model.ticket_row(r).key for r in (3, 4, 5)]
    page = open_new_case(qtbot, window, filled_store, in_case)
    page.ticket_table.setCurrentIndex(page.tickets.index(1, 0))
    shown = page.tickets.ticket_row(1).key  # the receipt on screen
    assert shown != hidden and page.receipt.ticket().key == shown

    with qtbot.waitSignal(window.review.reviewChanged, timeout=5000):
        qtbot.keyClick(page.ticket_table, Qt.Key.Key_F)
    assert flag_of(shown) is not None  # the case's ticket on screen
    assert flag_of(hidden) is None  # not the Receipts tab's
    qtbot.waitUntil(lambda: page.tickets.ticket_row(page.tickets.row_of_key(shown)).flagged)  # its F chip
    current = page.tickets.ticket_row(page.ticket_table.currentIndex().row())
    assert current.key == shown and page.receipt.ticket().key == shown  # still the receipt on screen

    from ows_desktop.ui.flag_dialog import FlagRequest

    def flag_as_sweethearting(dialog):
        dialog._result = FlagRequest(action="flag", reason="Sweethearting", state="to_review", note=None)
        return FlagDialog.DialogCode.Accepted

    intros: list[str] = []

    def read_and_cancel(dialog):
        intros.extend(
            label.text() for label in dialog.findChildren(QLabel) if label.text().startswith("Add ")
        )
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FlagDialog, "exec", flag_as_sweethearting)
    monkeypatch.setattr(AddToCaseDialog, "exec", read_and_cancel)
    page.ticket_table.selectAll()
    with qtbot.waitSignal(window.review.reviewChanged, timeout=5000):
        qtbot.keyClick(page.ticket_table, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    assert all(flag_of(key).reason == "Sweethearting" for key in in_case)
    assert all(flag_of(key) is None for key in hidden_two)
    page.ticket_table.selectAll()  # (the flags' refresh kept only the receipt shown selected)
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.ticket_table, Qt.Key.Key_C, chord)
    qtbot.waitUntil(lambda: bool(intros))  # the open cases read in a job, then the dialog
    assert intros == ["Add 3 tickets to:"]  # the case's three, not the Receipts tab's two

    window.show_users()  # no ticket list on screen: F flags nothing
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    qtbot.keyClick(window.users.table, Qt.Key.Key_F)
    assert messages == ["Nothing flagged: select a receipt in the list first."]
    assert flag_of(hidden) is None


def test_j_and_k_walk_the_case_tickets_on_the_cases_tab(qtbot, window, filled_store) -> None:
    window.activateWindow()  # the window's shortcuts need it active
    qtbot.waitUntil(window.isActiveWindow)
    window.receipts.select_row(0)
    on_receipts = window.receipts.current_key()
    page = open_new_case(
        qtbot, window, filled_store, [window.receipts.model.ticket_row(r).key for r in (2, 3, 4)]
    )
    case_keys = [page.tickets.ticket_row(r).key for r in range(3)]
    assert page.receipt.ticket().key == case_keys[0]
    for key, expected in ((Qt.Key.Key_J, 1), (Qt.Key.Key_J, 2), (Qt.Key.Key_J, 2), (Qt.Key.Key_K, 1)):
        qtbot.keyClick(page.ticket_table, key)
        assert window.tabs.currentWidget() is page and page.receipt.ticket().key == case_keys[expected], key
    assert window.receipts.current_key() == on_receipts  # the hidden list did not move
    window.show_users()  # no ticket list on screen: J shows the Receipts tab and moves there
    qtbot.keyClick(window.users.table, Qt.Key.Key_J)
    assert window.tabs.currentWidget() is window.receipts
    assert window.receipts.current_key() == window.receipts.model.ticket_row(1).key


def right_click(widget, pos) -> None:
    """What the window system sends on a right-click: a context-menu event at the pointer."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)


# a popup menu on the offscreen platform, which cannot raise it or grab the keyboard for it
@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")
def test_right_click_on_a_receipt_row_adds_that_receipt_to_a_case(qtbot, window, filled_store) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    page = window.receipts
    select_receipts(window, [0])
    table = page.table
    rect = table.visualRect(page.model.index(2, 1))
    right_click(table.viewport(), rect.center())  # on another row than the selected one
    menu = window.case_actions.receipt_menu
    qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()] == ["Add to &case…"]
    assert [r.key for r in page.selected_rows()] == [page.model.ticket_row(2).key]

    def choose_new_case():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AddToCaseDialog):
            QTimer.singleShot(20, choose_new_case)
            return
        dialog.new_radio.setChecked(True)
        dialog.fields.title.setText("Right-clicked")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, choose_new_case)
    action = menu.actions()[0]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    landed(qtbot, window)
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())
        assert case.title == "Right-clicked"
        assert reader.cases.case_tickets(case.number) == [page.model.ticket_row(2).key]


def _answer(qtbot, answers: list, seen: list) -> None:
    """Answer the next modal QInputDialogs in turn: note what each offers, type or choose the answer, OK."""
    from PySide6.QtWidgets import QComboBox, QInputDialog

    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
        QTimer.singleShot(20, lambda: _answer(qtbot, answers, seen))
        return
    combo = dialog.findChild(QComboBox)
    offered = (
        [combo.itemText(i) for i in range(combo.count())] if combo is not None and combo.isVisible() else []
    )
    from ows_desktop.ui.dialog_title import title_width

    fits = dialog.width() >= title_width(dialog)  # the title bar shows the whole title
    seen.append((dialog.windowTitle(), dialog.labelText(), offered, fits))
    dialog.setTextValue(answers.pop(0))
    dialog.accept()
    if answers:
        QTimer.singleShot(20, lambda: _answer(qtbot, answers, seen))


def test_assign_loss_and_note_buttons_ask_in_dialogs_that_offer_known_names(
    qtbot, window, filled_store
) -> None:
    """Assign… offered a bare text field (a name typed slightly differently filed the case under a second
    person) in a dialog too narrow for its title; it now offers the current assignee and everyone assigned a
    case so far, and still takes a new name."""
    for title, rows in (("First", [0]), ("Second", [1])):
        window.case_actions.add_to_case(select_receipts(window, rows), CaseChoice(new=NewCase(title)))
        landed(qtbot, window)
    page = window.cases
    cases_read(qtbot, page)
    first, second = sorted(page.model.case(r).number for r in range(page.model.rowCount()))
    window.tabs.setCurrentWidget(page)  # the person opens the Cases tab
    cases_read(qtbot, page, first)
    seen: list = []
    QTimer.singleShot(0, lambda: _answer(qtbot, ["Dana Reyes"], seen))
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    landed(qtbot, window)
    cases_read(qtbot, page, second)
    QTimer.singleShot(0, lambda: _answer(qtbot, ["Dana Reyes"], seen))
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)  # chosen among the names offered
    landed(qtbot, window)
    assert seen[0][0] == "Assign case" and seen[0][1] == f"Who works case {first}?"
    assert "Dana Reyes" in seen[1][2]  # the second case is offered the name the first was given
    assert all(fits for *_, fits in seen)
    cases_read(qtbot, page, second)
    assert page.current_case().assignee == "Dana Reyes"
    assert page.known_assignees() == ["Dana Reyes"]  # one person in the Assignee filter, not two spellings
    QTimer.singleShot(0, lambda: _answer(qtbot, ["12.50", "manager's count"], seen))
    qtbot.mouseClick(page.loss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and page.current_case().loss_amount == 12.5)
    QTimer.singleShot(0, lambda: _answer(qtbot, ["called HR"], seen))
    qtbot.mouseClick(page.note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "note: called HR" in page.history.toPlainText())


def test_a_loss_amount_typo_is_asked_again_before_the_reason_and_nothing_is_lost(
    qtbot, window, filled_store, monkeypatch
) -> None:
    """'abc' as the amount was refused only after the reason was typed, with a storage-failure banner."""
    page, number = case_of_first_receipt(qtbot, window, "Typo")
    asked, errors = scripted_questions(monkeypatch, window.case_actions, ["abc", "12.50", "  ", "till count"])
    window.case_actions.ask_loss(number)
    landed(qtbot, window)
    assert asked[1][0].startswith("“abc” is not a loss amount") and asked[1][1] == "abc"  # shown, to correct
    assert asked[3][0].startswith("A reason is needed")
    assert errors == [] and page.current_case().loss_amount == 12.5
    assert page.current_case().loss_reason == "till count"


def test_a_loss_amount_out_of_range_is_asked_again_before_the_reason(
    qtbot, window, filled_store, monkeypatch
) -> None:
    """99999999999999999999999 or −5 was taken, the reason asked, then a red banner said "1e+23 is not a loss
    amount" with "Open log folder" and the reason was lost (s37, s40): the dialog now says what was typed and
    the range, before the reason."""
    from PySide6.QtWidgets import QInputDialog, QLabel

    page, number = case_of_first_receipt(qtbot, window, "Range")
    formats: list = []

    def look() -> None:  # what was typed is echoed in the question: shown as plain text
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, look)
            return
        formats.append(dialog.findChild(QLabel).textFormat())
        dialog.reject()

    QTimer.singleShot(0, look)
    assert window.case_actions._ask("Loss amount", "“<b>5</b>” is not a loss amount") is None
    assert formats == [Qt.TextFormat.PlainText]
    typed = ["99999999999999999999999", "-5", "−5", "12.50", "till count"]
    asked, errors = scripted_questions(monkeypatch, window.case_actions, typed)
    window.case_actions.ask_loss(number)
    landed(qtbot, window)
    for (label, value), amount in zip(asked[1:4], typed[:3], strict=True):
        assert label.startswith(
            f"“{amount}” is not a loss amount: type an amount from 0.00 to 999,999,999,999.99 in digits, with at "
            "most 2 decimals, such as 125.50"
        ), label
        assert value == amount  # shown again, to correct
    assert asked[4][0] == "Why does the amount change?"  # asked once the amount will do
    assert errors == [] and page.current_case().loss_amount == 12.5
    with qtbot.waitSignal(window.case_actions.storeError) as refused:  # the store is not asked either
        window.case_actions.set_loss(number, "1e309", "typo")
    assert refused.args[0].startswith("“1e309” is not a loss amount")


def test_ctrl_enter_gives_a_cases_note(qtbot, window) -> None:
    """Enter makes a new line in the note's box; Ctrl+Enter did nothing, the mouse had to reach OK."""
    from PySide6.QtWidgets import QInputDialog, QPlainTextEdit

    window.case_actions.add_to_case(select_receipts(window, [0]), CaseChoice(new=NewCase("Notes")))
    landed(qtbot, window)
    page = window.cases
    window.tabs.setCurrentWidget(page)
    cases_read(qtbot, page)
    cases_read(qtbot, page, page.model.case(0).number)
    assert page.note_button.isEnabled()
    tries = iter(range(250))  # 5 s at most: a dialog that never opens fails the test, it does not hang it

    def type_and_send() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            if next(tries, None) is not None:
                QTimer.singleShot(20, type_and_send)
            return
        dialog.activateWindow()  # as the window manager makes a new dialog the active window
        qtbot.waitUntil(dialog.isActiveWindow)
        box = dialog.findChild(QPlainTextEdit)
        qtbot.keyClicks(box, "first line")
        qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.keyClicks(box, "second line")
        qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        QTimer.singleShot(2000, dialog.reject)  # Ctrl+Enter ignored: the test fails, it does not hang

    QTimer.singleShot(0, type_and_send)
    qtbot.mouseClick(page.note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "note: first line" in page.history.toPlainText())
    assert "second line" in page.history.toPlainText()


def test_a_case_ticket_ctrl_clicked_off_leaves_the_pane_and_remove_takes_only_the_selection(
    qtbot, window, filled_store
) -> None:
    """Remove took the current ticket when none was selected, and Ctrl+click left that ticket's receipt on
    screen: the button removed a ticket the selection did not hold."""
    page = open_new_case(
        qtbot, window, filled_store, [window.receipts.model.ticket_row(r).key for r in (2, 3, 4)]
    )
    table = page.ticket_table
    rect = table.visualRect(page.tickets.index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # it alone selected
    assert page.receipt.ticket().key == page.tickets.ticket_row(1).key
    ctrl = Qt.KeyboardModifier.ControlModifier
    other = table.visualRect(page.tickets.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, other.center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, rect.center())  # row 1 off, row 0 on
    assert page.receipt.ticket() is None and table.currentIndex().row() == 1
    assert (
        page.receipt.placeholder.text() == "1 ticket selected: click one to see its receipt and video here."
    )
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, other.center())  # none selected
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, rect.center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, rect.center())  # row 1 off again
    assert page.receipt.placeholder.text() == "Select one of the case's tickets to see its receipt and video."
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    page.remove_button.click()
    assert messages[-1] == "Select the tickets to remove from the case first."
    with filled_store.reader() as reader:
        assert reader.cases.case(page.current_case().number).ticket_count == 3  # nothing removed
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, ctrl, rect.center())
    assert page.receipt.ticket().key == page.tickets.ticket_row(1).key  # selected again: shown again


def test_a_sort_or_a_refresh_keeps_the_case_tickets_selected_and_the_receipt_shown(
    qtbot, window, filled_store
) -> None:
    """A sort of the case's tickets left the receipt and video on screen with nothing selected (F then said
    "select a receipt"), and a refresh (a flag or note landing) made the ticket shown the only selection,
    even one the person had Ctrl+clicked off (review of ChosenRow on the Cases tab)."""
    from ows_desktop.itemmodels.ticket_columns import COL_TOTAL

    page = open_new_case(
        qtbot, window, filled_store, [window.receipts.model.ticket_row(r).key for r in (2, 3, 4)]
    )
    table = page.ticket_table
    rect = table.visualRect(page.tickets.index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = page.tickets.ticket_row(1).key
    with qtbot.waitSignal(page.tickets.modelReset):
        table.horizontalHeader().setSortIndicator(COL_TOTAL, Qt.SortOrder.DescendingOrder)
    assert [row.key for row in table.selected_rows()] == [shown] == [table.acting_key()]
    assert page.receipt.ticket().key == shown

    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.tickets.index(0, 1)).center()
    )
    last = table.visualRect(page.tickets.index(2, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, last)
    selected = [page.tickets.ticket_row(r).key for r in range(3)]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, last)
    assert page.receipt.ticket() is None  # the pane counts the two left
    cases_read(qtbot, page)  # what a flag or a note landing does
    assert page.selected_ticket_keys() == selected[:2]  # the one taken off stays off
    assert page.receipt.ticket().key == table.acting_key() == selected[0]
    assert page.video is not None
    videos: list[object] = []
    page.video.show_ticket = lambda ticket, *_rest: videos.append(ticket)  # type: ignore[method-assign]
    cases_read(qtbot, page)
    assert videos == [] and page.receipt.ticket().key == selected[0]  # read again: its video not restarted


def case_of_450(qtbot, window, filled_store) -> tuple[str, Any]:
    """A case of 450 receipts made by the store (as elsewhere), chosen in the Cases tab once it followed, its first
    page of 200 tickets listed: its number and the page."""
    from datetime import timedelta

    from review_helpers import T0, tk

    keys = [f"T-MANY-{n:03d}" for n in range(450)]
    filled_store.upsert_tickets([tk(key, start=T0 + timedelta(minutes=n)) for n, key in enumerate(keys)])
    with followed(qtbot, window):
        number = filled_store.cases.new_case("450 receipts", tickets=keys).number
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() == 200 and not page.reading())  # its first page
    return number, page


def test_rows_asked_for_while_the_case_is_read_again_are_read_once_it_lands(
    qtbot, window, filled_store
) -> None:
    """End (or a scroll to the end) while the tab read the case again — a change made elsewhere has it follow —
    was dropped: the reading began before the rows were asked for, and the list stayed at its first 200 (the
    clean-clone CI's timeout, the follow landing in the middle of a test)."""
    number, page = case_of_450(qtbot, window, filled_store)
    model = page.tickets
    page.case_tickets.show_case(number)  # read again (as the follow does), as far as the rows loaded
    model.fetch_until(449)  # then End
    qtbot.waitUntil(lambda: not page.reading())
    qtbot.waitUntil(lambda: model.rowCount() == 450)


def test_rows_asked_for_while_a_reading_again_failed_are_read_when_asked_again(
    qtbot, window, filled_store, monkeypatch
) -> None:
    """End while the tab read the case again, and that reading failed: End again did nothing (the rows counted
    as asked for already) until another reading landed."""
    import ows_desktop.ui.case_tickets as case_tickets

    number, page = case_of_450(qtbot, window, filled_store)
    model = page.tickets
    real = case_tickets.read_case_rows

    def fails(*_args: object) -> None:
        raise StoreError("The ticket cache is locked by another program.")

    monkeypatch.setattr(case_tickets, "read_case_rows", fails)
    with qtbot.waitSignal(page.storeError):  # said in the banner
        page.case_tickets.show_case(number)  # read again, and it fails
        model.fetch_until(449)  # End meanwhile
    monkeypatch.setattr(case_tickets, "read_case_rows", real)
    assert model.rowCount() == 200
    model.fetch_until(449)  # End again
    qtbot.waitUntil(lambda: model.rowCount() == 450)


def test_a_refresh_keeps_a_selection_past_the_first_page_and_a_selection_of_none(
    qtbot, window, filled_store
) -> None:
    """A refresh read the case's first 200 tickets again: of 450 selected it kept 200, and the receipt shown
    (the 301st) went back to the first, its video restarted; with every ticket taken off the selection, it
    selected and played the first (a review's probe)."""
    _number, page = case_of_450(qtbot, window, filled_store)
    table, model = page.ticket_table, page.tickets
    model.fetch_until(449)  # read in a job
    qtbot.waitUntil(lambda: model.rowCount() == 450)
    table.selectAll()
    table.selectionModel().setCurrentIndex(model.index(300, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    shown = model.ticket_row(300).key
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and page.receipt.ticket().key == shown)
    cases_read(qtbot, page)
    assert len(page.selected_ticket_keys()) == 450
    assert page.receipt.ticket().key == shown == table.acting_key()

    table.clearSelection()
    assert page.receipt.ticket() is None  # nothing selected: nothing shown
    cases_read(qtbot, page)
    assert page.selected_ticket_keys() == [] and page.receipt.ticket() is None
