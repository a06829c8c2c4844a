"""The Cases tab: the list of cases (filtered by status, assignee and store), and the selected case: its
facts, its history, its tickets, and the selected ticket's receipt and video — the same ReceiptPanel and
VideoPane the Receipts page uses. The page only reads; every change is asked for with a signal and written
by :class:`~ows_desktop.ui.case_actions.CaseActions` off the GUI thread.

The case list with its filters' choices, the case's tickets (every page, in the order the person chose) and
its history are read in jobs, each through a :class:`~ows_desktop.ui.latest_read.LatestRead`: with a team
store over a network a reading on the GUI thread stalled the window. An answer that comes after the person chose another case or filter is dropped;
one late enough to be noticed shows "Loading…" beside the filters until it comes. The receipt shown is read
on the GUI thread's reader, as on the Receipts tab.

Signals:
    newRequested(), exportRequested(str), noteRequested(str), lossRequested(str),
    removeRequested(str, list): the case number (and the selected ticket keys) the user acts on.
    statusRequested(str, str), assigneeRequested(str, str): case number and the new value.
    storeError(str): reading failed; the text says what to do.
    listed(): a reading of the case list landed and is on screen (the selection kept or chosen).
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ows_desktop.itemmodels.cases import (
    CaseListModel,
    loss_figure,
    loss_words,
    subject_text,
    tickets_words,
)
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.store.cases import (
    CLOSED,
    NO_LOSS,
    STATUS_LABELS,
    STATUSES,
    Case,
    CaseFilter,
)
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.case_columns import CaseColumns
from ows_desktop.ui.case_header import CaseHeader
from ows_desktop.ui.case_history import CaseHistory
from ows_desktop.ui.case_live import held_in_view
from ows_desktop.ui.case_status_picker import offer_moves
from ows_desktop.ui.case_tickets import CaseTickets
from ows_desktop.ui.cases_layout import lay_out
from ows_desktop.ui.header_style import elide_titles
from ows_desktop.ui.latest_read import LatestRead
from ows_desktop.ui.placeholder_table import PlaceholderTable
from ows_desktop.ui.wheel_guard import no_wheel, wheel_only_when_focused

log = logging.getLogger(__name__)
ANY = QT_TRANSLATE_NOOP("cases_page", "Any")


@dataclass(frozen=True)
class CaseList:
    """What the case list shows: the cases that match, and everyone and every store the filters offer."""

    cases: list[Case]
    assignees: list[str]
    locations: list[str]


def read_case_list(store: Any, where: CaseFilter) -> CaseList:
    """Runs in a job: the cases matching ``where`` and the filters' choices, through a read connection of
    its own, opened and closed in the job's thread."""
    with store.reader() as reader:
        cases = reader.cases
        return CaseList(cases.cases(where), cases.assignees(), cases.locations())


class CasesPage(QWidget):
    newRequested = Signal()
    exportRequested = Signal(str)
    noteRequested = Signal(str)
    lossRequested = Signal(str)
    removeRequested = Signal(str, list)
    statusRequested = Signal(str, str)
    assigneeRequested = Signal(str, str)
    storeError = Signal(str)
    listed = Signal()

    def __init__(
        self,
        *,
        reader: Any,
        store: Any,
        tz: tzinfo | None,
        login: str | None = None,
        video: Any = None,
        export_folders: Path | None = None,
        jobs: JobRunner | None = None,
        parent: QWidget | None = None,
    ):
        """``reader``: the GUI thread's (the receipt shown); ``store`` opens the jobs their own readers, in
        ``jobs`` (the window's JobRunner; without one the page runs its own). ``login``: the team store's
        (None: a single seat); ``export_folders``: where this workstation notes its exports' whole paths."""
        super().__init__(parent)
        self.setObjectName("casesPage")
        self._store = store
        self._own_jobs = jobs is None  # a page built alone (tests) runs its own pool, shut down with it
        self._jobs = jobs if jobs is not None else JobRunner(max_threads=2, parent=self)
        self._list = LatestRead(self._jobs, "the case list", self)  # a filter changed meanwhile: dropped
        self._select: str | None = None  # the case to select when the list read comes (a new case)
        self._case: Case | None = None
        self._refusals: dict[str, str | None] = {}  # what the signed-in role may not do here (refuse)
        self.video = video

        self.status_filter = self._combo(
            "caseStatusFilter",
            [(QCoreApplication.translate("cases_page", ANY), None)]
            + [(core_label(STATUS_LABELS[s]), s) for s in STATUSES],
            self.tr("Case status filter"),
        )
        self.assignee_filter = self._combo(
            "caseAssigneeFilter",
            [(QCoreApplication.translate("cases_page", ANY), None)],
            self.tr("Case assignee filter"),
        )
        self.store_filter = self._combo(
            "caseStoreFilter",
            [(QCoreApplication.translate("cases_page", ANY), None)],
            self.tr("Case store filter"),
        )
        self.new_button = QPushButton(self.tr("New case…"), self)
        self.new_button.clicked.connect(self.newRequested)
        self.export_button = QPushButton(self.tr("Export case…"), self)
        self.export_button.setObjectName("exportCase")
        self.export_button.clicked.connect(lambda: self._emit_for_case(self.exportRequested))
        top = QHBoxLayout()
        for label, combo in ((self.tr("Status"), self.status_filter), (self.tr("Assignee"), self.assignee_filter),
                             (self.tr("Store"), self.store_filter)):  # fmt: skip
            top.addWidget(plain_label(label, self))
            top.addWidget(combo)
        self.loading = plain_label(self.tr("Loading…"), self)  # an answer late enough to be noticed
        self.loading.setObjectName("casesLoading")
        self.loading.hide()
        self._slow: set[QObject] = set()  # the readings late enough to say "Loading…"
        top.addWidget(self.loading)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.export_button)

        self.model = CaseListModel(tz, self)
        self.case_table = PlaceholderTable(self)
        self.case_table.setObjectName("caseTable")
        self.case_table.setAccessibleName(self.tr("Cases"))
        self.case_table.setModel(self.model)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.verticalHeader().hide()
        self.columns = CaseColumns(self.case_table)  # fitted to its width, in its order (case_columns.py)
        elide_titles(self.case_table.horizontalHeader())  # a cut title ends with "…" (ui/header_style.py)
        self.case_table.selectionModel().currentRowChanged.connect(self._on_case_row)

        self.header = CaseHeader(  # plain text in four lines' height: the buttons under it never move
            self.tr("Select a case, or add tickets to one from the Receipts tab (Add to case…)."), self
        )
        self.status_combo = self._combo(
            "caseStatus", [(core_label(STATUS_LABELS[s]), s) for s in STATUSES], self.tr("Case status")
        )
        self.status_combo.activated.connect(self._on_status_chosen)
        self.assign_button = QPushButton(self.tr("Assign…"), self)
        self.loss_button = QPushButton(self.tr("Loss amount…"), self)
        self.note_button = QPushButton(self.tr("Add note…"), self)
        self.remove_button = QPushButton(self.tr("Remove ticket from case"), self)
        self._closed_tip = self.tr("The case is closed: reopen it (Status: In progress) to change this.")
        no_wheel(self.status_combo)  # each turn over it, focused, was an audited change without a question
        self.assign_button.clicked.connect(lambda: self._emit_for_case(self.assigneeRequested, ""))
        self.loss_button.clicked.connect(lambda: self._emit_for_case(self.lossRequested))
        self.note_button.clicked.connect(lambda: self._emit_for_case(self.noteRequested))
        self.remove_button.clicked.connect(self._on_remove)
        actions = QHBoxLayout()
        actions.addWidget(plain_label(self.tr("Status"), self))
        actions.addWidget(self.status_combo)
        for button in (self.assign_button, self.loss_button, self.note_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.case_tickets = CaseTickets(reader, store, self._jobs, tz, video, self)  # the receipt shown too
        self.tickets, self.ticket_table = self.case_tickets.model, self.case_tickets.table
        self.receipt = self.case_tickets.receipt
        self.tickets.loadFailed.connect(self.storeError)
        self.case_tickets.failed.connect(self.storeError)
        self.case_history = CaseHistory(  # read in a job
            store, self._jobs, lambda: self.model.tz, login, self, folders=export_folders
        )
        self.case_history.failed.connect(self.storeError)
        for reading in (self._list, self.case_tickets, self.case_tickets.further, self.case_history):
            reading.slow.connect(partial(self._on_slow, reading))
        self.history = self.case_history.view  # plain text: notes are shown as typed

        if video is not None:
            self.receipt.lineActivated.connect(video.seek_to_line)
            video.currentLineChanged.connect(self.receipt.highlight_line)
        self.history.setPlaceholderText(self.tr("The selected case's history shows here."))
        self.splitter = lay_out(self, top, self.case_table, self.history, self.header, actions,
                                self.ticket_table, self.receipt, video)  # fmt: skip
        for combo in (self.status_filter, self.assignee_filter, self.store_filter):
            combo.activated.connect(lambda _i: self.refresh())
        self._show_case(None)

    def _combo(self, name: str, items: list[tuple[str, Any]], accessible: str) -> QComboBox:
        combo = QComboBox(self, objectName=name, accessibleName=accessible)
        wheel_only_when_focused(combo)  # a wheel turned past the case's status changed it (audited)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    # -- reading ----------------------------------------------------------------------------------------

    def current_case(self) -> Case | None:
        return self._case

    def filter(self) -> CaseFilter:
        status = self.status_filter.currentData()
        return CaseFilter(
            statuses=(status,) if status else (),
            assignee=self.assignee_filter.currentData(),
            location=self.store_filter.currentData(),
        )

    @Slot()
    def refresh(self, select: str | None = None) -> None:
        """Re-read the cases in a job (after a write landed, or a filter changed); the answer keeps the case
        selected, or selects ``select``. An answer for filters changed meanwhile is dropped."""
        self._select = select or self._select
        read = partial(read_case_list, self._store, self.filter())
        self._list.ask(read, self._on_listed, self._on_list_failed)
        self._say_why_empty()

    def reading(self) -> bool:
        """The case list, the case's tickets or its history are being read (an answer has not landed yet)."""
        return self._list.waiting or self.case_tickets.waiting or self.case_history.waiting

    def _on_list_failed(self, message: str) -> None:  # a damaged or locked cache: say so, keep what is shown
        self._say_why_empty()
        self.storeError.emit(message)

    def _on_listed(self, listed: CaseList) -> None:
        select, self._select = self._select, None
        wanted = select or (self._case.number if self._case else None)
        shown = self.ticket_table.current_selected_row() if self._case else None  # before the list resets
        ticket = shown.key if shown else None
        self._reload_choices(listed)
        number_at = lambda row: case.number if (case := self.model.case(row)) else None  # noqa: E731
        # the list read again: its rows in view stay (a case chosen to select is scrolled to)
        with nullcontext() if select else held_in_view(self.case_table, number_at, self.model.row_of):
            self.model.set_cases(listed.cases)
            row = self.model.row_of(wanted) if wanted else -1
            if row >= 0:
                self.case_table.setCurrentIndex(self.model.index(row, 0))
        self._say_why_empty()
        self._show_case(self.model.case(row) if row >= 0 else None, ticket=ticket)
        self.listed.emit()

    def _on_slow(self, reading: QObject, slow: bool) -> None:
        """ "Loading…" while one of the page's readings is late enough to be noticed."""
        (self._slow.add if slow else self._slow.discard)(reading)
        self.loading.setVisible(bool(self._slow))
        self._say_why_empty()

    def known_assignees(self) -> list[str]:
        """Everyone assigned a case so far (the Assignee filter's names)."""
        combo = self.assignee_filter
        return [str(combo.itemData(i)) for i in range(combo.count()) if combo.itemData(i) is not None]

    def _reload_choices(self, listed: CaseList) -> None:
        for combo, values in (
            (self.assignee_filter, listed.assignees),
            (self.store_filter, listed.locations),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(QCoreApplication.translate("cases_page", ANY), None)
            for value in values:
                combo.addItem(shown_text(value), value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)

    def select_case(self, number: str) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            return False
        self.case_table.setCurrentIndex(self.model.index(row, 0))
        return True

    @Slot(QModelIndex, QModelIndex)
    def _on_case_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_case(self.model.case(current.row()) if current.isValid() else None)

    def refuse(self, changes: str | None, export: str | None) -> None:
        """What the signed-in role may not do here (a team store's manager reads cases): the controls stay
        greyed whichever case is shown, each saying why (None: allowed)."""
        self._refusals = {"changes": changes, "export": export}
        for widget, reason in ((self.new_button, changes), *((w, changes) for w in self._editing()),
                               (self.export_button, export)):  # fmt: skip
            if reason is not None:
                widget.setEnabled(False)
                widget.setToolTip(reason)
        self._say_why_empty()

    def _say_why_empty(self) -> None:
        """The case list's note while it has no row: its filters hide every case, or there is none yet (none
        while the list is being read: "Loading…" once that takes long enough to be noticed)."""
        chosen = self.filter()
        if self._list.waiting:
            note = self.tr("Loading…") if self._list in self._slow else ""
        elif chosen.statuses or chosen.assignee or chosen.location:
            note = self.tr("No case matches these filters.")
        elif self._refusals.get("changes") is not None:
            note = self.tr("No cases yet.")
        else:
            note = self.tr(
                "No cases yet.\n\nStart one with New case…, or select receipts on the Receipts tab and "
                "choose Add to case."
            )
        self.case_table.set_placeholder(note)

    def _editing(self) -> tuple[QWidget, ...]:
        return (self.status_combo, self.assign_button, self.loss_button, self.note_button, self.remove_button)

    def _show_case(self, case: Case | None, *, ticket: str | None = None) -> None:
        """Show ``case``, with ``ticket`` (a key) as the receipt when the case has it, else its first."""
        self._case = case
        refused, closed = self._refusals, case is not None and case.status == CLOSED
        empty = case is not None and not case.ticket_count + case.unseen_count  # nothing to remove
        no_loss = case is not None and case.status == NO_LOSS  # it claims 0.00, and takes no other loss
        for widget in self._editing():  # a closed case keeps its tickets and loss (the store refuses too)
            frozen = closed and widget in (self.loss_button, self.remove_button)
            bare = (
                (empty and widget is self.remove_button) or (no_loss and widget is self.loss_button)
            ) and not frozen
            widget.setEnabled(case is not None and refused.get("changes") is None and not frozen and not bare)
            if refused.get("changes") is None:
                widget.setToolTip(self._closed_tip if frozen else self._bare_tip(widget) if bare else "")
        hidden = case.unseen_count if case is not None else 0  # its evidence is all of it, or none
        self.export_button.setEnabled(case is not None and refused.get("export") is None and not hidden)
        if refused.get("export") is None:
            self.export_button.setToolTip(self._hidden_tip(hidden) if hidden else "")
        if case is None:
            self.header.setText(
                self.tr("Select a case, or add tickets to one from the Receipts tab (Add to case…).")
            )
            self.case_history.show_case("")
            self.case_tickets.show_case("")
            return
        # what the figure is (set by hand, no loss, or the ticket amounts nobody has replaced yet), and says so
        loss = f"{loss_figure(case, starred=False)} ({loss_words(case).replace(chr(10), '; ')})"
        text = self.tr(
            "{number} · {title}\nSubject: {subject} · Status: {status_label} · Assignee: {value} · Tickets: {ticket_count} · Loss: {loss}"
        ).format(
            number=case.number,
            title=case.title,
            subject=subject_text(case),
            status_label=core_label(case.status_label),
            value=case.assignee or "—",
            ticket_count=tickets_words(case),  # "1 of 2 tickets visible to you" when some are hidden
            loss=loss,
        )
        self.header.setText(shown_text(text))  # a title, names from the server or typed: as stored
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(case.status)))
        offer_moves(self.status_combo, case)  # greyed: what the case cannot go to, saying why
        self.case_history.show_case(case.number)  # off the GUI thread; shown when read
        self.case_tickets.show_case(case.number, ticket)  # in the order the person chose

    def show_status(self) -> None:
        """The Status picker says the case's status again (the person cancelled closing it)."""
        if self._case is not None:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(self._case.status)))

    def _bare_tip(self, widget: QWidget) -> str:
        if widget is self.loss_button:
            return self.tr(
                "Concluded with no loss, the case claims 0.00: choose Loss confirmed or In progress in Status to set a loss."
            )
        return self.tr("The case holds no tickets.")

    def _hidden_tip(self, hidden: int) -> str:
        return self.tr(
            "Its evidence would leave out {unseen}: a director, or an investigator of those stores, can export it whole."
        ).format(unseen=counted().tickets_unseen(hidden))

    def selected_ticket_keys(self) -> list[str]:
        return self.case_tickets.selected_keys()

    # -- asking for changes -----------------------------------------------------------------------------

    def _emit_for_case(self, signal: Any, *extra: Any) -> None:
        if self._case is not None:
            signal.emit(self._case.number, *extra)

    @Slot(int)
    def _on_status_chosen(self, index: int) -> None:
        status = self.status_combo.itemData(index)
        if self._case is not None and status and status != self._case.status:
            self.statusRequested.emit(self._case.number, status)

    @Slot()
    def _on_remove(self) -> None:
        keys = self.selected_ticket_keys()
        if self._case is not None:
            self.removeRequested.emit(self._case.number, keys)

    def showEvent(self, event: Any) -> None:  # the tab comes into view: show the cases as they are now
        super().showEvent(event)
        self.refresh()

    def shutdown(self) -> None:
        """Stop reading, stop the case's video (before the media backend closes) and close the ticket model."""
        self._list.drop()
        self.case_tickets.drop()
        self.case_history.shutdown()
        if self._own_jobs:
            self._jobs.shutdown()
        if self.video is not None:
            self.video.shutdown()
        self.tickets.close()


def plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
