"""The window's case part: "Add to case…" (the selected receipts, or the receipt shown), new cases, status,
assignee, loss amount, notes, removing tickets and "Export case". Every write runs off the GUI thread
through :class:`~ows_desktop.tasks.store_ops.StoreOps`; the Cases tab re-reads when it lands. The case
export is the evidence export (ExportController: signed, audited, with snapshots) of the case's tickets,
plus an entry in the case's own history, shown in the Cases tab as soon as the export's job has written it.

What a dialog shows (the case, the open cases, the subjects the tickets name, the tickets' names) is read in
a job too, before the dialog opens (ui/case_asking.py): with a team store over a network each click stalled
the window. The answer opens the dialog unless another dialog was asked for meanwhile or the person left the
case (or the tickets) it was about; one late enough to be noticed says "Loading…" in the status bar until it
comes (``loading``).

A change that could not reach the team store's server is named by the window's banner (ui/store_away.py);
what the person typed for it (a note, a new case, an assignee, a loss, a close) is asked again, filled,
under a line saying it was not saved.

Signals:
    statusMessage(str, int): a transient status-bar text and its timeout in ms.
    storeError(str): a write failed; the text says what could not be saved (also ``readFailed``'s).
    readFailed(str): what a dialog shows could not be read (the dialog did not open); the text says why.
    caseChanged(str): a write to this case landed (the case number).
    loading(bool): what a dialog shows takes long enough to be read to say so (True), or came (False).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from ows_desktop.export.audit import case_export, record_case_export
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.store.case_subjects import KnownSubjects
from ows_desktop.store.cases import CLOSED, STATUSES, Case, CaseFilter
from ows_desktop.store.scope import check_case_store
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.case_asking import ReadThenAsk, ask_text
from ows_desktop.ui.case_dialogs import AddToCaseDialog, CaseChoice, NewCase, NewCaseDialog, subject_of
from ows_desktop.ui.case_history import ticket_label
from ows_desktop.ui.case_loss import LossAnswer, ask_loss
from ows_desktop.ui.case_questions import (
    CloseAnswer,
    CloseCaseDialog,
    confirm_remove,
    loss_amount,
    not_a_loss_amount,
)
from ows_desktop.ui.case_receipt_menu import add_to_case_action
from ows_desktop.ui.case_reopen import reopen_reason
from ows_desktop.ui.case_writes import CaseWrites
from ows_desktop.ui.cases_page import CasesPage
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.export_controller import ExportController
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.shown_tickets import ShownTickets
from ows_desktop.ui.store_away import away_reason, not_saved_line

OPEN = CaseFilter(statuses=tuple(s for s in STATUSES if s != CLOSED))  # the cases Add to case… offers


class CaseActions(QObject):
    statusMessage = Signal(str, int)
    storeError = Signal(str)
    readFailed = Signal(str)
    caseChanged = Signal(str)
    loading = Signal(bool)

    def __init__(
        self,
        store: Any,
        page: CasesPage,
        ops: StoreOps,
        export: ExportController,
        receipts: ReceiptsPage,
        shown: ShownTickets,
        dialog_parent: QWidget,
        jobs: JobRunner,
    ):
        """``jobs``: the window's JobRunner, where what a dialog shows is read (never on the GUI thread)."""
        super().__init__(dialog_parent)
        self._store = store
        self._asking = ReadThenAsk(store, jobs, self)  # what a dialog shows: read in a job, then asked
        self._read_then = self._asking.ask
        self._asking.loading.connect(self.loading)
        self._asking.failed.connect(self.readFailed)
        self.readFailed.connect(self.storeError)
        self._page = page
        writes = CaseWrites(ops, page, self)  # off the GUI thread; what was not saved: asked again
        self._write, self._not_changed = writes.write, writes.not_changed
        for signal in ("statusMessage", "storeError", "caseChanged"):
            getattr(writes, signal).connect(getattr(self, signal))
        self._export = export
        self._shown = shown  # what Add to case… takes: the selected tickets on screen
        self._dialog_parent = dialog_parent
        self.add_action, self.receipt_menu = add_to_case_action(dialog_parent, receipts, self.ask_add_to_case)
        page.newRequested.connect(self.ask_new_case)
        page.exportRequested.connect(self.ask_export_case)
        page.noteRequested.connect(self.ask_note)
        page.lossRequested.connect(self.ask_loss)
        page.assigneeRequested.connect(self.ask_assignee)
        page.statusRequested.connect(self.ask_status)
        page.removeRequested.connect(self.ask_remove)
        page.storeError.connect(self.storeError)
        export.recorded.connect(self._on_export_recorded)

    # -- add to case --------------------------------------------------------------------------------------

    @Slot()
    def ask_add_to_case(self) -> None:
        """ "Add to case…" for the selected receipts (or the one shown) of the tab on screen."""
        rows = self._shown.selected_rows()
        if not rows:
            self.statusMessage.emit(self.tr("Select one or more receipts to add to a case."), 4000)
            return
        keys = [r.key for r in rows]

        def ask(read: tuple[list[Case], KnownSubjects]) -> None:  # the subject's pickers: a value not among
            dialog = AddToCaseDialog(len(rows), read[0], subject_of(rows), self._dialog_parent, read[1])
            if dialog.exec() == QDialog.DialogCode.Accepted:  # them is asked about
                self.add_to_case(keys, dialog.choice(), read[1])

        still = lambda: [r.key for r in self._shown.selected_rows()] == keys  # noqa: E731
        self._read_then(lambda reader: (reader.cases.cases(OPEN), KnownSubjects.read(reader)), ask, still)

    def add_to_case(
        self, keys: Sequence[str], choice: CaseChoice, known: KnownSubjects | None = None
    ) -> None:
        """``known``: what the dialog offered (offered again, filled, when the server could not be reached)."""
        store, keys, again = self._store, list(keys), None
        what = self.tr("the tickets added to case {number}").format(number=choice.number)
        about = f"case-add:{choice.number}:{sorted(keys)}"  # the banner's key: which change, not its words
        if choice.new is not None:
            new = choice.new
            what, about = (
                self.tr("the new case “{title}”").format(title=new.title),
                f"case-new:{new}:{sorted(keys)}",
            )
            again = lambda missed: QTimer.singleShot(  # noqa: E731
                0, self, lambda: self._new_case_dialog(keys, new, known, not_saved_line(missed))
            )

            def write() -> Any:
                check_case_store(store.scope(), new.location)  # his stores only, said in plain words
                return store.cases.new_case(
                    new.title,
                    operator=new.operator,
                    location=new.location,
                    terminal=new.terminal,
                    assignee=new.assignee,
                    tickets=keys,
                )
        else:
            number = str(choice.number)

            def write() -> Any:
                return store.cases.add_tickets(number, keys)

        self._write(
            write,
            lambda case: (  # what the case holds now, hidden tickets too (one selected may have been in it)
                self.tr(
                    "New case {number}: it holds %Ln ticket(s).", "", case.ticket_count + case.unseen_count
                )
                if choice.new is not None
                else self.tr(
                    "Added to case {number}: it holds %Ln ticket(s) now.",
                    "",
                    case.ticket_count + case.unseen_count,
                )
            ).format(number=case.number),
            what=what,
            again=again,
            about=about,
        )

    # -- the case view's requests ---------------------------------------------------------------------------

    @Slot()
    def ask_new_case(self) -> None:
        self._read_then(KnownSubjects.read, lambda known: self._new_case_dialog([], NewCase(""), known))

    def _new_case_dialog(self, keys: list[str], typed: NewCase, known: Any, why: str = "") -> None:
        dialog = NewCaseDialog(typed, self._dialog_parent, known, refused=why)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_to_case(keys, CaseChoice(new=dialog.value()), known)

    @Slot(str, str)
    def ask_status(self, number: str, status: str) -> None:
        """The Status picker's choice; "Closed" first asks the outcome and shows the loss the case will claim
        (Cancel: the picker shows the case's status again)."""
        if status == CLOSED:
            self.ask_close(number)
        elif (why := reopen_reason(self._ask, self._page.current_case(), status)) is not None:
            self.set_status(number, status, why)  # a closed case reopened: why, kept in its history
        else:
            self._page.show_status()

    def ask_close(
        self, number: str, typed: CloseAnswer | None = None, refused: str = "", held: Case | None = None
    ) -> None:
        """The close dialog for the case as read now; ``typed``, refused by the store (``refused``: why): offered
        again, even if the case, read again, has left the list (Cancel: the picker shows the case's status);
        ``held``: as the first dialog read it (the server not reached: a read would fail, the dialog not come)."""

        def ask(case: Case) -> None:
            dialog = CloseCaseDialog(case, self._dialog_parent, typed, refused)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.close_case(number, dialog.answer(), case)
            else:
                self._page.show_status()

        if held is not None:
            ask(held)
        else:  # refused: asked again, listed or not
            still = self._on_case(number) if typed is None else None
            self._read_then(lambda r: r.cases.case(number), ask, still, failed=self._page.show_status)

    def close_case(self, number: str, answer: CloseAnswer, case: Case | None = None) -> None:
        """Conclude (a loss given with its reason, then the outcome) and close: each step an audited change,
        as ``ows-desktop case close --outcome`` does. Refused, or not reached: the dialog again, filled."""
        store = self._store

        def write() -> Any:  # the loss first: the history never shows "no loss" with the old loss claimed
            if answer.loss is not None:
                store.cases.set_loss(number, answer.loss, answer.reason)
            if answer.outcome:
                store.cases.update_case(number, status=answer.outcome)  # unchanged: nothing recorded
            return store.cases.update_case(number, status=CLOSED)

        again = lambda why: QTimer.singleShot(0, self, lambda: self.ask_close(number, answer, why))  # noqa: E731
        away = lambda missed: QTimer.singleShot(  # noqa: E731
            0, self, lambda: self.ask_close(number, answer, away_reason(missed), case)
        )
        self._write(
            write,
            self._status_done,
            refused=again,
            what=self.tr("closing case {number}").format(number=number),
            again=away,
        )

    @Slot(str, str)
    def set_status(self, number: str, status: str, why: str = "") -> None:
        store = self._store  # ``why``: a reopened case's reason, its note after the change (one transaction)
        write = lambda: store.cases.update_case(number, status=status, note=why or None)  # noqa: E731
        what = self.tr("the status of case {number}").format(number=number)
        self._write(write, self._status_done, refused=self._not_changed(number), what=what)

    def _status_done(self, case: Any) -> str:
        return self.tr("Case {number} is now {status_label}").format(
            number=case.number, status_label=core_label(case.status_label)
        )

    def _ask(
        self, title: str, label: str, *, choices: Sequence[str] = (), multiline: bool = False, value: str = ""
    ) -> str | None:
        """What the person typed, None when cancelled (ui/case_asking.py)."""
        return ask_text(self._dialog_parent, title, label, choices=choices, multiline=multiline, value=value)

    @Slot(str, str)
    def ask_assignee(self, number: str, _current: str = "", typed: str = "", why: str = "") -> None:
        """The current assignee first, then everyone already assigned a case (typing another name works too):
        a name typed a little differently would file the case under a second person in the Assignee filter.
        ``typed``, not saved (``why``): offered again."""
        case = self._page.current_case()
        current = (case.assignee or "") if case else ""
        known = [name for name in self._page.known_assignees() if name != current]
        asked = self.tr("Who works case {number}?").format(number=number)
        name = self._ask(
            self.tr("Assign case"),
            f"{why}\n\n{asked}" if why else asked,
            choices=[current, *known],
            value=typed,
        )
        if name is not None:
            name = name.strip()
            store = self._store
            self._write(
                lambda: store.cases.update_case(number, assignee=name),
                lambda case: self.tr("Case {number} assigned to {value}").format(
                    number=case.number, value=case.assignee or self.tr("nobody")
                ),
                refused=self._not_changed(number),
                what=self.tr("the assignee of case {number}").format(number=number),
                again=lambda missed: QTimer.singleShot(
                    0, self, lambda: self.ask_assignee(number, "", name, not_saved_line(missed))
                ),
            )

    @Slot(str)
    def ask_loss(self, number: str, typed: LossAnswer | None = None, refused: str = "") -> None:
        """The amount, then the reason (ui/case_loss.py), under the loss the case claims as the tab shows it;
        ``typed``, refused by the store: offered again."""
        case = self._page.current_case()
        case = case if case is not None and case.number == number else None
        answer = ask_loss(self._ask, **vars(typed or LossAnswer("", "")), refused=refused, case=case)
        if answer is not None:
            self.set_loss(number, answer.amount, answer.reason)

    def set_loss(self, number: str, amount_text: str, reason: str) -> None:
        amount = loss_amount(amount_text)
        if amount is False:
            self.storeError.emit(not_a_loss_amount(amount_text))
            return
        store = self._store
        typed = LossAnswer(amount_text, reason)  # refused (closed meanwhile): asked again, nothing lost
        self._write(
            lambda: store.cases.set_loss(number, amount, reason),
            lambda case: self.tr("Case {number}: loss {loss_amount}").format(
                number=case.number, loss_amount=money_text(case.loss_amount)
            ),
            refused=lambda why: QTimer.singleShot(0, self, lambda: self.ask_loss(number, typed, why)),
            what=self.tr("the loss amount of case {number}").format(number=number),
        )

    @Slot(str)
    def ask_note(self, number: str, typed: str = "", why: str = "") -> None:
        """``typed``, not saved (``why``): offered again."""
        asked = self.tr("Note for case {number}:").format(number=number)
        text = self._ask(
            self.tr("Add note"), f"{why}\n\n{asked}" if why else asked, multiline=True, value=typed
        )
        if text is not None and text.strip():
            self.add_note(number, text)

    def add_note(self, number: str, text: str) -> None:
        store = self._store
        again = lambda missed: QTimer.singleShot(  # noqa: E731
            0, self, lambda: self.ask_note(number, text, not_saved_line(missed))
        )
        start = " ".join(text.split())
        start = start if len(start) <= 40 else f"{start[:39]}…"
        what = self.tr("the note “{start}” on case {number}").format(start=start, number=number)
        self._write(
            lambda: store.cases.add_case_note(number, text),
            lambda _e: self.tr("Note added"),
            number,
            what=what,
            again=again,
            about=f"case-note:{number}:{text}",  # another note landing is not this one made again
        )

    @Slot(str, list)
    def ask_remove(self, number: str, keys: list) -> None:
        """Remove the selected tickets once the person confirms (named as the receipt names them)."""
        if not keys:
            self.statusMessage.emit(self.tr("Select the tickets to remove from the case first."), 4000)
            return

        def ask(names: list[str]) -> None:
            if confirm_remove(self._dialog_parent, number, names):
                self.remove_tickets(number, keys)

        on_case = self._on_case(number)
        self._read_then(lambda reader: [ticket_label(reader, key) for key in keys], ask,
                        lambda: on_case() and self._page.selected_ticket_keys() == keys)  # fmt: skip

    def remove_tickets(self, number: str, keys: list) -> None:
        store = self._store
        self._write(
            lambda: store.cases.remove_tickets(number, keys),
            lambda case: self.tr("Removed %Ln ticket(s) from case {number}", "", len(keys)).format(
                number=case.number
            ),
            what=self.tr("the tickets removed from case {number}").format(number=number),
            about=f"case-remove:{number}:{sorted(keys)}",
        )

    # -- export ---------------------------------------------------------------------------------------------

    @Slot(str)
    def ask_export_case(self, number: str) -> None:
        """The export dialog with the case's tickets as its one choice ("Case C-… — N tickets"), the format
        and a new folder proposed beside the other exports; nothing is exported before the person sees it."""

        def ask(case: Case) -> None:
            dialog = self._export.case_dialog(
                number, self.tr("Case {number}").format(number=number), case.ticket_count
            )
            dialog.setWindowTitle(self.tr("Export case {number}").format(number=number))
            fit_title(dialog, 520)
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.folder() is not None:
                self.export_case(number, dialog.fmt(), dialog.folder(), case)  # type: ignore[arg-type]

        self._read_then(lambda reader: reader.cases.case(number), ask, self._on_case(number))

    def export_case(self, number: str, fmt: str, folder: Path, case: Case | None = None) -> None:
        """The case's tickets as a signed evidence folder; the case's history records the export. ``case``:
        as read for the dialog (None: read first, in a job)."""
        if case is None:
            self._read_then(lambda reader: reader.cases.case(number),
                            lambda read: self.export_case(number, fmt, folder, read))  # fmt: skip
            return
        selection, title = case_export(number, case)  # the report's words, as the command line's
        audit = self._store.audit

        def then(result: Any) -> str | None:  # in the export job, off the GUI thread
            problem = record_case_export(audit, number, result)  # a failure is logged; the evidence stands
            return (
                number if problem is None else None
            )  # the history has its entry (ExportController.recorded)

        self._export.start(fmt, folder, selection=selection, title=title, then=then)

    @Slot(object)
    def _on_export_recorded(self, number: object) -> None:
        """A case's history has its export: the case on screen shows it now, not after a change of tab."""
        case = self._page.current_case()
        if case is not None and case.number == number:
            self._page.refresh()

    # -- state ------------------------------------------------------------------------------------------------

    def _on_case(self, number: str) -> Callable[[], bool]:
        """Whether the Cases tab still shows case ``number`` (its dialog is about it)."""

        def on() -> bool:
            case = self._page.current_case()
            return case is not None and case.number == number

        return on

    def reading(self) -> bool:
        """What a dialog shows is being read (the dialog has not opened yet)."""
        return self._asking.waiting

    def drop_reads(self) -> None:
        """No dialog opens for what was asked before (the window closes)."""
        self._asking.drop()
