"""The Cases tab asks before what is hard to take back: Status ▸ Closed closed a case at once, without an
outcome and with its loss still "not set by an investigator" (and a closed case's loss can no longer be set);
"Remove ticket from case" removed the selected tickets at once."""

from __future__ import annotations

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    cases_read,
    followed,
    landed,
    make_services,
    receipts_window,
    scripted_questions,
    when_modal,
)
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ows_desktop.store.cases import case_subject
from ows_desktop.ui.case_dialogs import AddToCaseDialog
from ows_desktop.ui.case_questions import CloseCaseDialog
from ows_desktop.ui.connection_dialog import ConnectionDialog

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def page(qtbot, paths, filled_store):
    """The Cases tab showing a new open case of the first three receipts."""
    window = receipts_window(qtbot, make_services(paths, filled_store), rows=3)
    receipts = window.receipts
    keys = [receipts.model.ticket_row(r).key for r in range(3)]
    with followed(qtbot, window):  # its reading again done before the test acts
        filled_store.cases.new_case("Refunds", tickets=keys)
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() == 3 and not page.reading())
    page.window_under_test = window
    return page


def choose_status(page, status: str) -> None:
    index = page.status_combo.findData(status)
    page.status_combo.setCurrentIndex(index)
    page.status_combo.activated.emit(index)


def test_closing_asks_the_outcome_and_shows_the_loss_the_case_will_claim(qtbot, page, filled_store) -> None:
    window = page.window_under_test
    number = page.current_case().number
    total = page.current_case().tickets_total
    seen: dict[str, object] = {}

    def look_and_cancel(dialog: CloseCaseDialog) -> None:
        seen["outcomes"] = [b.text() for b in dialog.outcomes.values()]
        seen["ok before a choice"] = dialog.ok.isEnabled()
        seen["loss"] = dialog.loss_now.text()
        dialog.reject()

    QTimer.singleShot(0, lambda: when_modal(CloseCaseDialog, look_and_cancel))
    choose_status(page, "closed")
    qtbot.waitUntil(lambda: "outcomes" in seen)  # the case read in a job, then the dialog
    assert seen["outcomes"] == ["Loss confirmed", "No loss", "No outcome (closed without a conclusion)"]
    assert seen["ok before a choice"] is False  # an outcome is chosen, not defaulted
    assert str(seen["loss"]).startswith(
        f"Closed, the case claims a loss of {total:,.2f} (Not set by an investigator"
    )
    assert window.store_ops.pending == 0 and page.current_case().status == "open"
    assert page.status_combo.currentData() == "open"  # Cancel: the picker says the case's status again

    def conclude(dialog: CloseCaseDialog) -> None:
        dialog.outcomes["no_loss"].setChecked(True)
        seen["no loss"] = dialog.loss_now.text()
        dialog.outcomes["loss_confirmed"].setChecked(True)
        dialog.amount.setText("abc")
        seen["bad amount"] = (dialog.problem.text(), dialog.ok.isEnabled())
        for typed in ("99999999999999999999999", "-5", "1e309"):  # refused as the Loss amount dialog does
            dialog.amount.setText(typed)
            seen[typed] = (dialog.problem.text(), dialog.ok.isEnabled())
        dialog.amount.setText("40.00")
        seen["no reason"] = (dialog.problem.text(), dialog.ok.isEnabled())
        dialog.reason.setText("two of three refunds on video")
        seen["set"] = dialog.loss_now.text()
        dialog.ok.click()

    QTimer.singleShot(0, lambda: when_modal(CloseCaseDialog, conclude))
    choose_status(page, "closed")
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and page.current_case().status == "closed")
    assert seen["no loss"] == "Closed, the case claims a loss of 0.00 (Concluded with no loss)."
    in_range = (
        "type an amount from 0.00 to 999,999,999,999.99 in digits, with at most 2 decimals, such as 125.50."
    )
    assert seen["bad amount"] == (f"“abc” is not a loss amount: {in_range}", False)
    for typed in ("99999999999999999999999", "-5", "1e309"):
        assert seen[typed] == (f"“{typed}” is not a loss amount: {in_range}", False), typed
    assert seen["no reason"] == ("Say why the loss changes: it is kept in the case's history.", False)
    assert str(seen["set"]).startswith("Closed, the case claims a loss of 40.00 (Set by hand: two of three")
    case = page.current_case()
    assert (case.outcome, case.loss_amount, case.loss_reason) == (
        "loss_confirmed",
        40.0,
        "two of three refunds on video",
    )
    assert case.status_label == "Closed (loss confirmed)"
    with filled_store.reader() as reader:
        actions = [e.action for e in reader.review.audit_trail(case_subject(number))]
    assert actions[-3:] == ["case_loss", "case_update", "case_update"]  # loss set, concluded, closed


def test_a_concluded_case_closes_with_its_outcome_preselected(qtbot, page, filled_store) -> None:
    number = page.current_case().number
    filled_store.cases.update_case(number, status="no_loss")
    cases_read(qtbot, page)
    seen: list = []

    def look(dialog: CloseCaseDialog) -> None:
        seen.append(([b.text() for b in dialog.outcomes.values()], dialog.outcome(), dialog.ok.isEnabled()))
        dialog.ok.click()

    QTimer.singleShot(0, lambda: when_modal(CloseCaseDialog, look))
    choose_status(page, "closed")
    qtbot.waitUntil(
        lambda: page.window_under_test.store_ops.pending == 0 and page.current_case().status == "closed"
    )
    assert seen == [(["Loss confirmed", "No loss"], "no_loss", True)]
    assert page.current_case().status_label == "Closed (no loss)"


def test_remove_ticket_from_case_asks_first_naming_the_tickets(qtbot, page, filled_store) -> None:
    window = page.window_under_test
    number = page.current_case().number
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.ticket_table.selectionModel().setCurrentIndex(page.tickets.index(1, 0), flags)  # it alone
    assert len(page.selected_ticket_keys()) == 1
    key = page.tickets.ticket_row(1).key
    with filled_store.reader() as reader:
        from ows_desktop.ows.model import ticket_name

        name = ticket_name(reader.ticket(key))
    asked: list[str] = []

    def answer(button_role):
        def act(box: QMessageBox) -> None:
            asked.append(box.text())
            (button,) = [b for b in box.buttons() if box.buttonRole(b) == button_role]
            button.click()

        return act

    QTimer.singleShot(
        0, lambda: when_modal("removeTicketsQuestion", answer(QMessageBox.ButtonRole.RejectRole))
    )
    page.remove_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1)  # the tickets' names read in a job, then the question
    assert asked == [
        f"Remove 1 ticket from case {number}?\n\n{name}\n\nThe ticket stays on this computer. The case's history "
        "records the removal; Add to case puts it back."
    ]
    assert window.store_ops.pending == 0
    with filled_store.reader() as reader:
        assert len(reader.cases.case_tickets(number)) == 3  # Cancel: nothing removed

    QTimer.singleShot(
        0, lambda: when_modal("removeTicketsQuestion", answer(QMessageBox.ButtonRole.DestructiveRole))
    )
    page.remove_button.click()
    qtbot.waitUntil(lambda: window.store_ops.pending == 0 and page.current_case().ticket_count == 2)
    with filled_store.reader() as reader:
        assert key not in reader.cases.case_tickets(number)
        assert reader.review.audit_trail(case_subject(number))[-1].action == "case_remove"


def test_a_loss_change_the_store_refuses_offers_again_what_was_typed_saying_why(
    qtbot, page, filled_store, monkeypatch
) -> None:
    """The case was closed at another workstation while the Cases tab still showed it open: the store refuses
    the new loss, and the reason typed was lost behind a banner saying only "could not be saved". The
    questions come back filled with the amount and the reason, the first under the store's refusal."""
    window, number = page.window_under_test, page.current_case().number
    filled_store.cases.update_case(number, status="closed")  # someone else, meanwhile
    asked, errors = scripted_questions(
        monkeypatch, window.case_actions, ["12.50", "till count, see CCTV", "12.50", None]
    )
    window.case_actions.ask_loss(number)
    qtbot.waitUntil(lambda: len(asked) == 4)  # refused: asked again, filled; then the person cancels
    label, value = asked[2]
    assert value == "12.50"
    assert label.startswith(f"The loss amount was not changed: Case {number} is closed; reopen it"), label
    assert asked[3] == ("Why does the amount change?", "till count, see CCTV")  # the words typed, kept
    assert errors == []  # said in the question, not in a banner that took the typed reason away
    with filled_store.reader() as reader:
        assert reader.cases.case(number).loss_reason is None
    # Cancel: the tab shows the case as the store has it (it read "Open / 210.33" until a change of tab)
    landed(qtbot, window)
    case = page.current_case()
    assert case.number == number and case.status == "closed"
    assert page.model.case(page.case_table.currentIndex().row()).status == "closed"  # the list
    assert "Status: Closed" in page.header.text() and page.status_combo.currentData() == "closed"
    assert not page.loss_button.isEnabled() and not page.remove_button.isEnabled()


def on_threads(monkeypatch, store, threads: dict, hold=None) -> None:
    """What the case dialogs read, noted by thread: the case or the open cases, the subjects the tickets
    name, the tickets named by key. ``hold``: an Event a read of one case off the GUI thread waits for."""
    import threading

    from ows_desktop.store.case_subjects import KnownSubjects

    gui = threading.get_ident()

    def noting(name, original, *, held=False):
        def read(*args, **kwargs):
            threads.setdefault(name, []).append(threading.get_ident())
            if held and hold is not None and threading.get_ident() != gui:
                hold.wait(30)
            return original(*args, **kwargs)

        return read

    with store.reader() as reader:
        cases, tickets = type(reader.cases), type(reader)
    monkeypatch.setattr(cases, "case", noting("case", cases.case, held=True))
    monkeypatch.setattr(cases, "cases", noting("cases", cases.cases))
    monkeypatch.setattr(KnownSubjects, "read", classmethod(noting("subjects", KnownSubjects.read.__func__)))
    by_key = tickets.ticket

    def ticket(self, key_or_rowid):  # a key: a ticket named in a question (the receipt reads by rowid)
        if isinstance(key_or_rowid, str):
            threads.setdefault("ticket", []).append(threading.get_ident())
        return by_key(self, key_or_rowid)

    monkeypatch.setattr(tickets, "ticket", ticket)


def test_what_a_cases_dialog_shows_is_read_off_the_gui_thread(qtbot, page, filled_store, monkeypatch) -> None:
    """Status ▸ Closed, Remove, Export case…, New case… and Add to case… each read the case, the open cases,
    the subjects the tickets name or the tickets' names on the GUI thread before the dialog opened: with a
    team store over a network the window stalled at each click."""
    import threading

    from ows_desktop.ui.case_dialogs import AddToCaseDialog, NewCaseDialog
    from ows_desktop.ui.export_dialog import ExportDialog

    window = page.window_under_test
    threads: dict[str, list[int]] = {}
    on_threads(monkeypatch, filled_store, threads)
    opened: list[str] = []

    def seen_and_cancelled(dialog) -> None:
        opened.append(type(dialog).__name__ if not isinstance(dialog, QMessageBox) else dialog.objectName())
        dialog.reject()

    rows = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.ticket_table.selectionModel().setCurrentIndex(page.tickets.index(0, 0), rows)
    for kind, ask in (
        (CloseCaseDialog, lambda: choose_status(page, "closed")),
        ("removeTicketsQuestion", page.remove_button.click),
        (ExportDialog, page.export_button.click),
        (NewCaseDialog, page.new_button.click),
        (AddToCaseDialog, window.case_actions.ask_add_to_case),  # the case's ticket selected
    ):
        before = len(opened)
        QTimer.singleShot(0, lambda kind=kind: when_modal(kind, seen_and_cancelled))
        ask()
        qtbot.waitUntil(lambda before=before: len(opened) == before + 1)
    assert opened == ["CloseCaseDialog", "removeTicketsQuestion", "ExportDialog", "NewCaseDialog",
                      "AddToCaseDialog"]  # fmt: skip
    assert sorted(threads) == ["case", "cases", "subjects", "ticket"]
    gui = threading.get_ident()
    assert all(gui not in called for called in threads.values()), threads  # every one in a job
    assert page.status_combo.currentData() == "open"  # Cancel: the picker says the case's status again


def test_a_dialog_read_for_a_case_left_is_dropped_and_says_loading_meanwhile(
    qtbot, page, filled_store, monkeypatch
) -> None:
    """The person chose Status ▸ Closed, then another case before the case was read: no dialog about the case
    left opens over the one now on screen. While the reading is late, the status bar says "Loading…"."""
    import threading

    window = page.window_under_test
    other = filled_store.cases.new_case("Other").number
    cases_read(qtbot, page)
    threads: dict[str, list[int]] = {}
    gate = threading.Event()
    on_threads(monkeypatch, filled_store, threads, hold=gate)
    opened: list = []

    def cancel_any() -> None:  # a case's dialog opened meanwhile: noted and cancelled
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible() and not isinstance(dialog, ConnectionDialog):
            opened.append(type(dialog).__name__)
            dialog.reject()

    watch = QTimer(interval=10, timeout=cancel_any)
    watch.start()
    choose_status(page, "closed")
    qtbot.waitUntil(lambda: "case" in threads)  # being read
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Loading…")
    assert page.select_case(other)
    gate.set()
    qtbot.waitUntil(lambda: not window.case_actions.reading())  # answered (a dialog would have opened)
    watch.stop()
    assert opened == []
    assert window.statusBar().currentMessage() != "Loading…"
    assert page.current_case().number == other and page.status_combo.currentData() == "open"


def test_a_close_whose_read_another_question_replaced_leaves_the_picker_on_the_cases_status(
    qtbot, page, filled_store, monkeypatch
) -> None:
    """Status ▸ Closed, then Add to case… before the case was read: the close's read is dropped (the newer
    question's dialog opens instead), and the Status picker stayed on "Closed" for a case still open (a
    reviewer's reading). It shows the case's status again."""
    import threading

    window = page.window_under_test
    threads: dict[str, list[int]] = {}
    gate = threading.Event()
    on_threads(monkeypatch, filled_store, threads, hold=gate)
    choose_status(page, "closed")
    qtbot.waitUntil(lambda: "case" in threads)  # being read, held
    assert page.status_combo.currentData() == "closed"
    opened: list[str] = []
    when_modal(AddToCaseDialog, lambda dialog: (opened.append("add"), dialog.reject()))
    window.case_actions.ask_add_to_case()  # another question: the close's read is dropped
    assert page.status_combo.currentData() == "open"  # the picker says the case's status again
    gate.set()
    qtbot.waitUntil(lambda: opened == ["add"])
    qtbot.waitUntil(lambda: not window.case_actions.reading())
    assert page.status_combo.currentData() == "open" and page.current_case().status == "open"


@pytest.mark.parametrize("listed", [None, "open"])
def test_a_close_the_store_refuses_comes_back_with_the_loss_and_reason_typed(
    qtbot, page, filled_store, monkeypatch, listed
) -> None:
    """Status ▸ Closed with a loss and its reason, the case closed at another workstation meanwhile: the store
    refused, and the amount and reason typed were lost behind a banner saying only that the case could not be
    saved. The close dialog comes back filled with them, saying why, even when the case, now closed, leaves
    the Open cases listed; the tab shows the case as it now is."""
    window, number = page.window_under_test, page.current_case().number
    import threading

    page.status_filter.setCurrentIndex(page.status_filter.findData(listed))
    cases_read(qtbot, page, number)
    gate = threading.Event()  # the case read again for the dialog: let through once it has left the list
    gate.set()
    on_threads(monkeypatch, filled_store, {}, hold=gate)
    seen: list = []

    def look_and_cancel(dialog: CloseCaseDialog) -> None:
        typed = (dialog.outcome(), dialog.amount.text(), dialog.reason.text())
        seen.append((*typed, dialog.refusal.text(), dialog.refusal.isVisibleTo(dialog)))
        dialog.reject()

    def close_with_a_loss(dialog: CloseCaseDialog) -> None:
        dialog.outcomes["loss_confirmed"].setChecked(True)
        dialog.amount.setText("40.00")
        dialog.reason.setText("two of three refunds on video")
        filled_store.cases.update_case(number, status="closed")  # someone else, meanwhile
        QTimer.singleShot(0, lambda: when_modal(CloseCaseDialog, look_and_cancel))
        if listed:
            gate.clear()
        dialog.ok.click()

    errors: list[str] = []
    window.case_actions.storeError.connect(errors.append)
    QTimer.singleShot(0, lambda: when_modal(CloseCaseDialog, close_with_a_loss))
    choose_status(page, "closed")
    if listed:
        qtbot.waitUntil(lambda: page.current_case() is None or bool(errors))  # the list read again
        gate.set()
    qtbot.waitUntil(lambda: bool(seen or errors))
    assert errors == []  # said in the dialog, not in a banner that took what was typed away
    why = f"Case {number} is closed; reopen it (status 'in progress') to change its loss."  # the loss first
    assert seen == [
        ("loss_confirmed", "40.00", "two of three refunds on video", f"The case was not closed: {why}", True)
    ]
    landed(qtbot, window)  # Cancel: the tab shows the case as the store has it
    if listed == "open":
        assert page.model.row_of(number) < 0 and page.current_case() is None  # closed: not listed
    else:
        assert page.current_case().status == "closed" and page.status_combo.currentData() == "closed"
        assert "Status: Closed" in page.header.text()
    with filled_store.reader() as reader:
        assert reader.cases.case(number).loss_reason is None


def test_a_status_or_assignee_change_the_store_refuses_says_why_and_shows_the_case_as_it_is(
    qtbot, page, filled_store, monkeypatch
) -> None:
    """A status or assignee change the store refused (the case closed or assigned at another workstation
    meanwhile) left the tab showing the case as it was, with a banner saying only "could not be saved": the
    status bar says why in one line, and the tab reads the case again."""
    window, number = page.window_under_test, page.current_case().number
    errors: list[str] = []
    window.case_actions.storeError.connect(errors.append)
    filled_store.cases.update_case(number, status="closed")  # someone else, meanwhile
    choose_status(page, "loss_confirmed")  # Open → Loss confirmed, as the tab shows it
    landed(qtbot, window)
    why = f"Case {number} is Closed; it can go to In progress, not to Loss confirmed."
    assert window.statusBar().currentMessage() == f"Case {number} was not changed: {why}"
    assert page.current_case().status == "closed" and page.status_combo.currentData() == "closed"
    assert "Status: Closed" in page.header.text()

    filled_store.cases.update_case(number, status="in_progress", assignee="Bob", note="again")  # elsewhere
    monkeypatch.setattr(window.case_actions, "_ask", lambda *_args, **_kwargs: "Dana\x07Reyes")  # refused
    page.assign_button.click()
    landed(qtbot, window)
    assert window.statusBar().currentMessage().startswith(f"Case {number} was not changed: The assignee must")
    assert "\n" not in window.statusBar().currentMessage()
    assert page.current_case().assignee == "Bob" and "Assignee: Bob" in page.header.text()
    assert errors == []  # one plain line, not the banner of a failure


def test_the_loss_question_says_the_loss_claimed_now_and_offers_an_amount_set_by_hand_to_change(
    qtbot, page, filled_store, monkeypatch
) -> None:
    """The Loss amount… box opened empty on a case whose loss was set by hand: it read as "no loss set", and
    OK on it (with a reason) put the ticket amounts back in its place. It now says the loss the case claims
    and what that figure is, and offers the amount set by hand, to change."""
    window, number = page.window_under_test, page.current_case().number
    total = page.current_case().tickets_total
    asked, errors = scripted_questions(monkeypatch, window.case_actions, [None, "16.78", "till count", None])
    window.case_actions.ask_loss(number)  # the ticket amounts: said so, nothing offered to change
    label, value = asked[0]
    added = money(total)
    assert label.startswith(
        f"Now: {added}\nNot set by an investigator: the case's ticket amounts added up"
    ), label
    assert label.endswith("\n\nLoss amount (empty: the ticket amounts added up):") and value == ""
    page.loss_button.click()
    qtbot.waitUntil(lambda: page.current_case().loss_amount == 16.78 and not page.reading())
    page.loss_button.click()  # set by hand: the figure, its reason, and the amount offered to change
    label, value = asked[3]
    assert label.startswith(f"Now: 16.78\nSet by hand: till count\nThe ticket amounts add up to {added}\n\n")
    assert value == "16.78" and errors == []


def money(value: float) -> str:
    return f"{value:,.2f}"


def test_reopening_a_closed_case_asks_why_and_keeps_it_in_its_history(
    qtbot, page, filled_store, monkeypatch
) -> None:
    """The Status picker's "In progress" reopened a closed case without a word: the evidence as handed over
    changed, and its history said only that someone had. It asks why (Cancel leaves it closed), and keeps the
    reason as a note right after the change."""
    window, number = page.window_under_test, page.current_case().number
    filled_store.cases.update_case(number, status="closed")
    cases_read(qtbot, page, number)
    asked, errors = scripted_questions(
        monkeypatch, window.case_actions, [None, "  ", "the police asked again"]
    )
    choose_status(page, "in_progress")  # Cancel: still closed, and the picker says so
    assert asked == [("Why is case " + number + " reopened? The reason is kept in its history.", "")]
    landed(qtbot, window)
    assert page.current_case().status == "closed" and page.status_combo.currentData() == "closed"
    choose_status(page, "in_progress")  # nothing typed: asked again; then the reason
    assert asked[2][0].startswith("A reason is needed: it is kept in the case's history.")
    landed(qtbot, window)
    assert page.current_case().status == "in_progress" and errors == []
    with filled_store.reader() as reader:
        last = reader.review.audit_trail(case_subject(number))[-2:]
    assert last[0].changes["status"] == ["closed", "in_progress"]
    assert last[1].changes["note"] == "the police asked again"


def test_nothing_to_click_in_the_close_dialog_moves_as_its_warning_comes_and_goes(qtbot, store) -> None:
    """A tester's outcomes moved up and down in the close dialog as its warning showed and hid, and the
    Because field moved from under the pointer while the loss was typed (the loss the case claims, above the
    fields, went from three lines to two). The outcomes, the fields and the buttons now stay where they are."""
    from PySide6.QtCore import QPoint, QRect

    from ows_desktop.store.cases import NO_LOSS

    case = store.cases.new_case("Refunds after closing", operator="Ana", location="S1")
    dialog = CloseCaseDialog(case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), dialog.height() + 100)  # the person made it taller: its spare height
    qtbot.waitUntil(lambda: dialog.layout().geometry().height() >= dialog.sizeHint().height() + 100)
    clicked = [*dialog.outcomes.values(), dialog.amount, dialog.reason, dialog.ok]

    def places() -> list[QRect]:
        dialog.layout().activate()  # laid out now, as the next paint would
        QApplication.processEvents()
        return [QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size()) for widget in clicked]

    before, problems = places(), []
    for step in (
        lambda: dialog.amount.setText("12"),  # "Say why the loss changes…"
        lambda: dialog.amount.setText("12x"),  # not a loss amount: two lines
        lambda: dialog.reason.setText("counted again"),
        lambda: dialog.amount.setText("12"),  # nothing stops OK: no warning
        lambda: dialog.reason.setText("counted again by the manager " * 12),  # the loss in 7 lines
        lambda: dialog.outcomes[NO_LOSS].setChecked(True),  # "Closed with no loss, the case claims 0.00…"
        lambda: dialog.amount.clear(),
    ):
        step()
        problems.append((dialog.problem.text(), dialog.problem.isVisible()))
        assert places() == before, problems[-1]
    assert [visible for _text, visible in problems] == [True, True, True, False, False, True, False], problems
    assert "is not a loss amount" in problems[1][0] and "claims 0.00" in problems[5][0]
