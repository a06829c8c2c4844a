"""The Receipts tab: search and filters, the receipt table (or the empty state), and the receipt itself.

The table model reads through the GUI thread's own store reader; the total number of matches is counted
by a background job (:class:`~ows_desktop.ui.match_count.MatchCounter`). While a sync saves tickets the page
refreshes the model at most every ``REFRESH_INTERVAL_MS``, keeping the current ticket selected and the
rows in view where they were."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ows_desktop.itemmodels.ticket_columns import COL_TIME
from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.store.query import TicketQuery, TicketRow
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.chosen_row import ChosenRow
from ows_desktop.ui.column_fit import TableRoom
from ows_desktop.ui.empty_state import EmptyState
from ows_desktop.ui.filter_state import FilterState, operator_choices
from ows_desktop.ui.filters import FilterBar
from ows_desktop.ui.flag_dialog import FlaggedFilterBar
from ows_desktop.ui.list_lines import ListLines
from ows_desktop.ui.live_refresh import LiveRefresher
from ows_desktop.ui.match_count import MatchCounter, count_text
from ows_desktop.ui.receipt_ahead import ReceiptLookahead, read_receipt, reread
from ows_desktop.ui.receipt_view import ReceiptPanel
from ows_desktop.ui.rows_in_view import refresh_in_place
from ows_desktop.ui.ticket_table import TicketTable, select_current
from ows_desktop.ui.time_span import range_text, sort_text, time_filter_tip

log = logging.getLogger(__name__)

REFRESH_INTERVAL_MS = 1000


class ReceiptsPage(QWidget):
    countChanged = Signal(int)
    storeError = Signal(str)
    syncRequested = Signal()
    currentTicketChanged = Signal(object)  # ticket key or None

    def __init__(
        self,
        *,
        store: Any,
        reader: Any,
        jobs: JobRunner,
        tz: tzinfo | None,
        now: Any,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("receiptsPage")
        self._store = store
        self._reader = reader
        self._jobs = jobs
        self._tz = tz
        self._now = now
        self._filters = FilterState()
        self._current_key: str | None = None
        self._counted = False  # the pane counts the selected receipts instead of showing one (_on_unchosen)
        self._refreshing = False
        self._workstation_time = False  # Preferences ▸ Display: the rows show the store's time (default)
        self.stores: dict[str, int | None] = {}  # each store → its clock's offset now (the span's line says)

        self.model = TicketTableModel(reader, tz=tz, parent=self)
        self._counter = MatchCounter(store, jobs, lambda: self.model.query, parent=self)
        self._counter.counted.connect(self._on_counted)
        self._counter.failed.connect(self.storeError)
        self.model.loadFailed.connect(self.storeError)
        self.model.queryChanged.connect(self._on_query_changed)

        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(self._on_filters)
        self.filter_bar.focusResults.connect(self.focus_table)

        self.lines = ListLines(self)  # the count, order, span and what the search does with its syntax
        self.count_label, self.sort_label = self.lines.count_label, self.lines.sort_label
        self.range_label, self.search_hint = self.lines.range_label, self.lines.search_hint

        self.table = TicketTable(self)
        self._showing_table = False  # the table is being shown in place of the empty state
        self._receipt_next = QTimer(self, singleShot=True, interval=0)
        self._receipt_next.timeout.connect(
            lambda: self._on_current_row(self.table.currentIndex(), QModelIndex())
        )
        self.table.attach(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        chosen = ChosenRow(self.table)  # Ctrl+click took the receipt shown off the selection, or put it back
        chosen.left.connect(self._on_unchosen)
        chosen.back.connect(lambda index: self._on_current_row(index, index))
        # after the view's own reset handler (connected by attach()), or it would clear what we select
        self.model.modelReset.connect(self._after_reset)

        self.empty = EmptyState(self)
        self.empty.clearRequested.connect(self.filter_bar.clear_to_search)
        self.empty.syncRequested.connect(self.syncRequested)
        self.empty.filtersRequested.connect(self.filter_bar.set_state)  # refunds by their size
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty)

        table_frame = QFrame(self)
        table_frame.setObjectName("tableFrame")
        table_frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(table_frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.addWidget(self.table_stack)

        self.receipt = ReceiptPanel(tz, self)
        self.receipt.descriptionChanged.connect(self.table.setAccessibleDescription)  # the selected receipt
        self.ahead = ReceiptLookahead(self.table, reader, self.receipt, parent=self)  # J/K's next receipt
        receipt_frame = QFrame(self)
        receipt_frame.setObjectName("receiptFrame")
        receipt_frame.setFrameShape(QFrame.Shape.StyledPanel)
        receipt_layout = QVBoxLayout(receipt_frame)
        receipt_layout.setContentsMargins(1, 1, 1, 1)
        receipt_layout.addWidget(self.receipt)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("receiptsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(10)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.lines)
        left_layout.addWidget(table_frame, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(receipt_frame)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes(self.split_sizes(880, 1400))
        self.split_fitted = False
        self.room = TableRoom(self, self.splitter, self.table, self.table.fit)  # lent at a narrow window

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addWidget(self.filter_bar)
        # The Flagged view: with "Flagged only" on, filter further by flag reason and review state.
        self.flagged_bar = FlaggedFilterBar(parent=self, reasons_of=reader.review.reasons_in_use)
        self.flagged_bar.setObjectName("flaggedFilterBar")
        self.flagged_bar.setVisible(False)
        self.flagged_bar.filterChanged.connect(self._on_flag_filter)
        layout.addWidget(self.flagged_bar)
        layout.addWidget(self.splitter, 1)

        self.live = LiveRefresher(self.table, self.model, store, jobs, REFRESH_INTERVAL_MS, self)
        self.live.refreshed.connect(self._after_refresh)
        self.live.failed.connect(self.storeError)

    @property
    def tz(self) -> tzinfo | None:
        """The workstation's zone the page shows times in (None: the system's)."""
        return self._tz

    # -- starting -------------------------------------------------------------------------------------------

    def start(self, filters: FilterState | None = None) -> None:
        """Fill the pickers and run the first query (after the saved state was restored)."""
        self.reload_choices()
        if filters is not None:
            self.filter_bar.set_state(filters, emit=False)
        self._apply(self.filter_bar.state(), force=True)

    def reload_choices(self) -> None:
        """Fill the pickers; the registers and operators with their stores (their pickers list the chosen
        store's)."""
        for name in ("location", "status", "terminal", "operator"):
            try:
                values = self._reader.distinct_values(name)
            except Exception as exc:
                log.warning("Reading the %s values failed: %s", name, exc)
                continue
            if name not in ("terminal", "operator"):
                self.filter_bar.set_choices(name, values)
                try:  # each store's clock now: its today, for a quick range in store time
                    if name == "location":
                        self.stores = {value: None for value in values} | self._reader.store_offsets()
                        self._say_query()  # the lines above the list name the stores' clocks
                except Exception as exc:  # the span's line then reads every store in UTC
                    log.warning("Reading the stores' offsets failed: %s", exc)
                continue
            try:
                if name == "terminal":
                    self.filter_bar.set_by_store(name, values, self._reader.terminals())
                else:  # by employee ID (names repeat across stores), each with its name and stores
                    self.filter_bar.set_by_store(name, *operator_choices(values, self._reader.operators()))
            except Exception as exc:  # registers: every value offered, not narrowed by store; operators: none
                log.warning("Reading the stores of the %s values failed: %s", name, exc)
                if name == "terminal":
                    self.filter_bar.set_by_store(name, values, [])

    # -- filters and sorting --------------------------------------------------------------------------------

    def filters(self) -> FilterState:
        return self._filters

    @Slot(object)
    def _on_filters(self, state: FilterState) -> None:
        self._apply(state)

    @Slot(object)
    def _on_flag_filter(self, _wanted: Any) -> None:
        self._apply(self._filters, force=True)

    def _apply(self, state: FilterState, *, force: bool = False) -> bool:
        """Run the query of ``state`` (``force``: even if it is the query shown); False when it is shown."""
        query = state.to_query(
            sort=self.model.query.sort,
            descending=self.model.query.descending,
            now_utc=self._now(),
            tz=self._tz,
            store_time=not self._workstation_time,
        )
        self.flagged_bar.setVisible(state.flagged_only)
        if state.flagged_only:
            query = replace(query, **self.flagged_bar.query_filter())
        if not force and state == self._filters and query == self.model.query:
            return False
        self._filters = state
        self.model.set_query(query)  # the store away: the rows shown stay, and read_again runs it later
        return True

    def read_again(self) -> None:
        """The store answers again: a search run while it was away runs now, else the rows are read again."""
        if not self._apply(self._filters):
            self.tickets_saved(0)

    def set_workstation_time(self, on: bool) -> None:
        """Preferences ▸ Display ▸ Show ticket times in: the time filter is the days the rows read (time_span)."""
        if on != self._workstation_time:
            self._workstation_time = on
            if self._filters.time_preset != "any":
                self._apply(self._filters, force=True)
            self._say_query()  # the order's line: one clock or each store's

    @Slot()
    def _on_query_changed(self) -> None:
        self._say_query()
        self._counter.clear()
        self._show_count()
        self._counter.recount()
        self._update_empty()

    def _say_query(self) -> None:
        """The lines above the list (its order, its span: what it keeps) and the time filter's tip."""
        query, zones = self.model.query, None if self._workstation_time else self.stores  # each store's clock
        span = range_text(self._filters, query, self._tz, self.stores)
        self.lines.set_lines(sort_text(query, zones), span, self._filters.text)
        self.filter_bar.time_combo.setToolTip(time_filter_tip(self._filters, query, self._tz, self.stores))

    # -- counting -------------------------------------------------------------------------------------------

    def split_sizes(self, table: int, whole: int) -> list[int]:
        """At least ``table`` px for the table, and its columns' room in this language; 480 px left of ``whole``."""
        left = max(table, min(self.table.width_for_columns() + 24, whole - 480))
        return [left, whole - left]

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.split_fitted:  # once, at the window's real width (unless the person's split was restored)
            self.split_fitted = True
            QTimer.singleShot(0, self, self._fit_split)

    def _fit_split(self) -> None:
        sizes = self.splitter.sizes()
        self.splitter.setSizes(self.split_sizes(sizes[0], sum(sizes)))

    def total(self) -> int | None:
        return self._counter.total

    @Slot(int)
    def _on_counted(self, count: int) -> None:
        self._show_count()
        self.countChanged.emit(count)

    def _show_count(self) -> None:
        query = self.model.query
        filtered = query != TicketQuery(sort=query.sort, descending=query.descending)
        text = count_text(self.model.loaded_count(), self._counter.total, self.model.has_more(), filtered)
        self.count_label.setText(text)

    def _update_empty(self) -> None:
        if self.model.rowCount() > 0:
            if self.table_stack.currentWidget() is not self.table:
                self._showing_table = True  # a row the focus makes current on the way shows after it
                try:
                    self.table_stack.setCurrentWidget(self.table)
                finally:
                    self._showing_table = False
            return
        self.empty.explain(self._filters)  # what the table shows, not what the fields hold before Enter
        self.table_stack.setCurrentWidget(self.empty)
        self.receipt.show_placeholder(self.tr("No receipt selected."))

    # -- live refresh while syncing -------------------------------------------------------------------------

    def tickets_saved(self, inserted: int, updated: int | None = None) -> None:
        """A sync page was committed (``updated``: how many stored tickets it saved again; None: unknown):
        refresh soon, coalesced, reading the listing in the background (:class:`LiveRefresher`)."""
        self.live.saved(inserted, updated)

    @Slot()
    def refresh_now(self) -> None:
        """Show what the store holds now (rows added, changed or gone), read on this thread."""
        extra, _changed = self.live.take_pending()
        self._refreshing = True
        try:
            refresh_in_place(self.table, self.model, extra)
        finally:
            self._refreshing = False
        self._after_refresh()

    @Slot()
    def _after_refresh(self) -> None:
        self._show_count()
        self._counter.recount()
        self._update_empty()

    @Slot()
    def _after_reset(self) -> None:
        """After a reset (new query, or a refresh) the receipt follows the list: the same ticket stays
        selected while it is listed; otherwise the first row is selected, or the pane is emptied. The
        receipt shown and the row selected never disagree (an action acts on what is seen)."""
        self._update_empty()
        if self._current_key is None:
            if self._counted and self.model.rowCount():  # "2 receipts selected": the reset dropped them
                self.receipt.show_placeholder(self.tr("No receipt selected."))
            self._counted = False
            return
        row = self.model.row_of_key(self._current_key)
        if row >= 0:
            self._select_row(row, scroll=not (self._refreshing or self.live.applying))
        elif self.model.rowCount() > 0:
            self._select_row(0, scroll=True)
        else:
            self._current_key = None
            self.receipt.show_placeholder(self.tr("No receipt selected: no ticket matches the filters."))
            self.currentTicketChanged.emit(None)

    # -- selection and navigation ---------------------------------------------------------------------------

    def current_key(self) -> str | None:
        return self._current_key

    def acting_key(self) -> str | None:
        """The ticket an action on "this receipt" (F) applies to: the current row, only while it is listed
        and selected (and so the receipt the pane shows); None otherwise."""
        row = self.table.current_selected_row()
        return row.key if row is not None and row.key == self._current_key else None

    def selected_rows(self) -> list[TicketRow]:
        """The selected tickets (a multi-selection for bulk flagging), in table order."""
        return self.table.selected_rows()

    def selected_count(self) -> int:
        return self.table.selected_count()

    def apply_query_filter(self, wanted: dict) -> None:
        """Show exactly the tickets a TicketQuery-style filter names (a cell of the Exceptions view); other
        filters are cleared (:meth:`FilterState.for_query_filter`)."""
        self.filter_bar.set_state(FilterState.for_query_filter(wanted, self._tz))

    def show_named(self, text: str, key: str) -> bool:
        """Show one ticket the person named by its id (``text``), keyed ``key``: the search holds its id and
        every other filter is cleared, as for a cell of the Exceptions view, so the table lists it; it is
        selected. False when that search does not list it."""
        self.filter_bar.set_state(FilterState(text=text))
        return self.select_key(key)

    def select_row(self, row: int) -> None:
        self._select_row(row, scroll=True)

    def _select_row(self, row: int, *, scroll: bool) -> None:
        self.model.fetch_until(row)
        if not 0 <= row < self.model.rowCount():
            return
        select_current(self.table, self.model.index(row, COL_TIME), scroll=scroll)

    def select_key(self, key: str) -> bool:
        if (row := self.model.row_of_key(key)) >= 0:
            self._select_row(row, scroll=True)
        return row >= 0

    def move(self, step: int) -> None:
        """J/K and the menu's next/previous receipt."""
        self.table.move(step)

    @Slot()
    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        current = self.table.currentIndex()
        if not current.isValid():
            if self.model.rowCount():
                self._select_row(0, scroll=True)
        elif not self.table.selectionModel().isRowSelected(current.row(), QModelIndex()):
            self._select_row(current.row(), scroll=True)  # the current row is always visibly selected

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if self._showing_table:  # the table laid out first, the receipt on the next turn: two short pauses
            self._receipt_next.start()  # a timer, not a posted call: input and timers due go first
            return
        row = self.model.ticket_row(current.row())
        if row is None or (row.key == self._current_key and self.receipt.ticket() is not None):
            return
        self._current_key, self._counted = row.key, False
        self.show_ticket(row.rowid, flagged=row.flagged)
        self.currentTicketChanged.emit(row.key)

    @Slot(int)
    def _on_unchosen(self, selected: int) -> None:
        """The current row left the selection: no receipt is shown that an action on the selection skips."""
        self._current_key, self._counted = None, bool(selected)
        self.receipt.show_placeholder(
            self.tr("%Ln receipt(s) selected: click one to see it here.", "", selected)
            if selected
            else self.tr("No receipt selected.")
        )
        self.currentTicketChanged.emit(None)

    def show_ticket(self, rowid: int, *, flagged: bool = False) -> None:
        try:
            read = read_receipt(self._reader, rowid)
        except Exception as exc:
            log.warning("Reading ticket %s failed: %s", rowid, exc)
            self.receipt.show_placeholder(self.tr("This receipt could not be read: {exc}").format(exc=exc))
            return
        read.show(self.receipt, flagged=flagged)

    def reread_receipt(self) -> None:
        """Tickets were stored elsewhere: show the open receipt again if it changed (:func:`reread`)."""
        reread(self._reader, self.model, self.receipt, self._current_key)

    def shutdown(self) -> None:
        self.live.close()
        self.model.close()
