"""The Cases tab's list of a case's tickets, with the receipt (and video) of the one shown.

What the pane shows is what the actions take, as on the Receipts tab: the receipt of the current ticket while
it is selected; when Ctrl+click takes it off the selection, how many stay selected (:class:`ChosenRow`). A
new reading of the same case's tickets (a sort, a flag or note that landed) keeps the selection and the ticket
shown: a sort left the receipt and video on screen with nothing selected (F then said "select a receipt"),
and a refresh brought back, as the only selection, a ticket the person had taken off it. The rows in view
stay where they are too (a change made elsewhere reads the case again while the person looks at it).

The case's tickets are read in jobs (ui/latest_read.py), never on the GUI thread: with a team store over a
network each reading stalled the window. The first page, and a new reading of the case (a sort, a change
landed) as far as the rows loaded and the tickets selected; the pages after the first, as the view asks for
them (a scroll to the end, J at the last row, End: itemmodels/case_ticket_model.py). An answer for a case
the person has left, or for rows that changed meanwhile, is dropped. The receipt shown is read as on the
Receipts tab (ui/receipt_ahead.py)."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import replace
from datetime import tzinfo
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from ows_desktop.itemmodels.case_ticket_model import CaseTicketModel
from ows_desktop.itemmodels.ticket_columns import COL_TIME
from ows_desktop.store.interface import Keyset, TicketQuery, TicketRow
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.case_ticket_fit import CaseTicketFit
from ows_desktop.ui.chosen_row import ChosenRow
from ows_desktop.ui.latest_read import LatestRead
from ows_desktop.ui.receipt_ahead import read_receipt
from ows_desktop.ui.receipt_view import ReceiptPanel
from ows_desktop.ui.rows_in_view import kept_in_view
from ows_desktop.ui.ticket_table import TicketTable

log = logging.getLogger(__name__)
_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
KEPT_REACH = 10_000  # how far a new reading looks for the tickets selected (in a new order, anywhere)
Rows = tuple[list[TicketRow], Keyset | None]  # tickets read, and the keyset to go on from (None: the end)


def read_case_rows(
    store: Any, query: TicketQuery, size: int, want: int = 0, keep: frozenset = frozenset()
) -> Rows:
    """Runs in a job: the case's tickets from the first, whole pages of ``size``, at least ``want`` of them (the
    rows loaded before) and as far as every ticket of ``keep`` (those selected: a sort puts them anywhere), up
    to :data:`KEPT_REACH`; through a read connection of its own."""
    with store.reader() as reader:
        first, after = reader.page(query, size)
        rows, missing = list(first), set(keep).difference(row.key for row in first)
        while after is not None and (len(rows) < want or (missing and len(rows) < KEPT_REACH)):
            more, after = reader.page(query, size, after)
            rows.extend(more)
            missing.difference_update(row.key for row in more)
            after = after if more else None
        return rows, after


def read_further(store: Any, query: TicketQuery, size: int, after: Keyset | None, count: int) -> Rows:
    """Runs in a job: at least ``count`` more of the case's tickets after ``after`` (whole pages), or as many
    as are left; through a read connection of its own."""
    rows: list[TicketRow] = []
    with store.reader() as reader:
        while after is not None and len(rows) < count:
            more, after = reader.page(query, size, after)
            rows.extend(more)
            after = after if more else None
    return rows, after


class CaseTickets(QObject):
    failed = Signal(str)  # reading the case's tickets failed; the text says what to do

    def __init__(
        self, reader: Any, store: Any, jobs: JobRunner, tz: tzinfo | None, video: Any, parent: QWidget
    ):
        """``reader``: the GUI thread's (the receipt shown, a loaded row its model's cache let go); ``store``
        opens the jobs' own readers (every page of the case's tickets)."""
        super().__init__(parent)
        self._reader = reader
        self._store = store
        self._latest = LatestRead(jobs, "a case's tickets", self)  # an answer for a case left is dropped
        self.slow = self._latest.slow  # the answer is late: the page says "Loading…"
        self.further = LatestRead(jobs, "a case's further tickets", self)  # its pages after those loaded
        self.video = video
        self.model = CaseTicketModel(reader, tz=tz, parent=self)
        self.model.moreWanted.connect(self._on_more_wanted)
        self.model.reordered.connect(self._on_reordered)
        self.model.set_order("start", descending=False)  # a case reads oldest first until the person sorts
        self.table = TicketTable(parent)
        self.table.setObjectName("caseTicketTable")
        self.table.setAccessibleName(self.tr("The case's tickets"))
        self.table.attach(self.model, CaseTicketFit)  # store, register and operator never cut for room
        self.receipt = ReceiptPanel(tz, parent)
        # across a reset: the case, its selected tickets, the one shown
        self._kept: tuple[str, list[str], str | None] | None = None
        self._listed = ""  # the case whose tickets were read and shown (a new reading keeps its selection)
        self._playing: str | None = None  # the ticket whose video plays (a new reading does not restart it)
        self._wanted = -1  # the furthest row asked for while the case listed was being read again
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        chosen = ChosenRow(self.table)  # the receipt shown leaves with the row Ctrl+click deselects
        chosen.left.connect(lambda selected: self.show_ticket(None, selected=selected))
        chosen.back.connect(lambda index: self._on_current(index, index))
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)  # after the view's own (attach): it clears first

    def show_case(self, number: str, ticket: str | None = None) -> None:
        """List case ``number``'s tickets ("": none), read in a job, in the order the person chose. A new
        reading of the case listed reads as far as the rows loaded and the tickets selected, and keeps what was
        selected and shown; another case shows ``ticket`` (a key) when it has it, else its first."""
        model = self.model
        sort, descending = model.order
        query = replace(model.query, case=number, sort=sort, descending=descending)
        again = bool(number) and number == self._listed
        self.further.drop()  # a new reading reads as far as the rows loaded or asked for
        if not again:  # another case's tickets leave at once
            self._latest.drop()
            self._listed = ""
            model.show_page(query, [], None)
            self.show_ticket(None)
        if number:
            keep = frozenset((self.selected_keys() if again else []) + ([ticket] if ticket else []))
            want = max(model.rowCount(), model.asked + 1) if again else 0
            read = partial(read_case_rows, self._store, query, model.page_size, want, keep)
            self._latest.ask(read, lambda page: self._on_page(query, ticket, *page), self._on_failed)

    def _on_page(self, query: TicketQuery, ticket: str | None, rows: list[TicketRow], after: Any) -> None:
        if self.model.order != (query.sort, query.descending):  # the person sorted meanwhile
            self.show_case(query.case or "", ticket)
            return
        reread, self._listed = self._listed == query.case, query.case or ""
        wanted, self._wanted = self._wanted, -1
        with kept_in_view(self.table, self.model) if reread else nullcontext():  # its rows in view stay
            self.model.show_page(query, rows, after)  # the same case: its selection kept (_after_reset)
        if reread and wanted >= 0:
            self.model.fetch_until(wanted)  # asked for while it was read again (End, a scroll): read now
        if reread:
            return  # its selection was kept, or none stays none
        keys = [row.key for row in rows]  # the page read: never a read on the GUI thread to find ``ticket``
        row = keys.index(ticket) if ticket in keys else (0 if rows else -1)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, COL_TIME))
        else:
            self.show_ticket(None)

    def _on_failed(self, message: str) -> None:
        self._wanted = -1  # the rows asked for meanwhile: asked for again (End, a scroll), they are read
        self.model.forget_asked()
        self.model.forget_order()  # a sort that could not be read: the arrow shows the rows' order again
        self.failed.emit(message)

    @Slot()
    def _on_reordered(self) -> None:
        """The person sorted: the case listed is read again in that order (one being read notices it)."""
        if self._listed:
            self.show_case(self._listed)

    @Slot(int)
    def _on_more_wanted(self, row: int) -> None:
        """The view wants rows up to ``row``: the pages after those loaded, read in a job."""
        model = self.model
        query, version = model.query, model.version
        if self._latest.waiting and self._listed:  # read again as far as asked when it began: after it lands
            self._wanted = max(self._wanted, row)  # (a change made elsewhere had the tab read it again)
            return
        if not self._listed or model.order != (query.sort, query.descending):
            return  # the case is being read (as far as asked), or in another order
        read = partial(
            read_further, self._store, query, model.page_size, model.after, row + 1 - model.rowCount()
        )

        def failed(message: str) -> None:
            model.append_rows(version, [], None)  # no further page for these rows, as on the Receipts tab
            self.failed.emit(message)

        self.further.ask(read, lambda more: model.append_rows(version, *more), failed)

    @property
    def waiting(self) -> bool:
        """The case's tickets are being read (the answer has not landed yet)."""
        return self._latest.waiting or self.further.waiting

    def drop(self) -> None:
        """Stop reading (the page closes): an answer still to come is not shown."""
        self._latest.drop()
        self.further.drop()

    def selected_keys(self) -> list[str]:
        """The selected tickets: never one only current, whose receipt is not shown."""
        return [row.key for row in self.table.selected_rows()]

    @Slot()
    def _before_reset(self) -> None:
        shown = self.table.current_selected_row()
        case = self.model.query.case or ""
        self._kept = (case, self.selected_keys(), shown.key if shown else None)

    @Slot()
    def _after_reset(self) -> None:
        kept, self._kept = self._kept, None
        if kept is None or not kept[0] or kept[0] != (self.model.query.case or "") or not kept[1]:
            return  # another case, or nothing was selected
        _case, keys, shown = kept  # the reading went as far as the rows loaded before and those selected
        rows = [row for row in map(self.model.row_of_key, keys) if row >= 0]
        if not rows:
            self.show_ticket(None)
            return
        current = self.model.row_of_key(shown) if shown else -1
        selection = self.table.selectionModel()
        chosen = QItemSelection()
        for row in rows:
            chosen.select(self.model.index(row, 0), self.model.index(row, 0))
        selection.select(chosen, _ROWS)
        # the ticket shown stays current; shown none (taken off the selection): the first selected one is
        selection.setCurrentIndex(self.model.index(current if current >= 0 else rows[0], COL_TIME), _ROWS)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_ticket(self.model.ticket_row(current.row()) if current.isValid() else None)

    def show_ticket(self, row: Any, *, selected: int = 0) -> None:
        """``row``'s receipt and video; None: the pane says what to do (``selected``: the tickets still selected
        when the one shown was taken off)."""
        if row is None:
            self.receipt.show_placeholder(
                self.tr("%Ln ticket(s) selected: click one to see its receipt and video here.", "", selected)
                if selected
                else self.tr("Select one of the case's tickets to see its receipt and video.")
            )
            if self.video is not None:
                self.video.show_ticket(None)
            self._playing = None
            return
        try:
            read = read_receipt(self._reader, row.rowid)  # the store's time (time rule), the rules' findings
        except Exception as exc:
            log.warning("Reading ticket %s failed: %s", row.rowid, exc)
            self.receipt.show_placeholder(self.tr("This receipt could not be read: {exc}").format(exc=exc))
            return
        # Without the flag panel: its edit link acts on the Receipts tab's selection, not on this case's ticket.
        self.receipt.show_ticket(
            read.ticket, flagged=row.flagged, utc_offset_min=read.offset, exceptions=read.exceptions
        )
        if self.video is not None and row.key != self._playing:
            self.video.show_ticket(read.ticket, read.offset)
        self._playing = row.key
