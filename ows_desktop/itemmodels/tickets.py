"""The receipt table: a lazy ``QAbstractTableModel`` over the store's query API. It never loads the whole
result: it holds the rowids of the pages fetched so far (an ``array('q')``) and the keyset to continue from;
``canFetchMore``/``fetchMore`` pull the next keyset page when the view scrolls near the end, and ``data()``
builds rows from a small LRU cache, refilled a block at a time. Filtering and sorting are the store's query (no
proxy model). :meth:`refresh` re-reads the loaded prefix after a sync and announces new rows as insertions."""

from __future__ import annotations

import logging
import time
from array import array
from dataclasses import replace
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from ows_desktop.basics.messages import message_of
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.insertions import position
from ows_desktop.itemmodels.listing import Listing, read_listing
from ows_desktop.itemmodels.pyside_guards import MULTIDATA_OVERRIDE, ClosedReader
from ows_desktop.itemmodels.row_cache import RowCache
from ows_desktop.itemmodels.shown_text import shown_cell, shown_text
from ows_desktop.itemmodels.ticket_cells import ALIGNMENTS as _ALIGNMENTS
from ows_desktop.itemmodels.ticket_cells import ROLES as _ROLES
from ows_desktop.itemmodels.ticket_cells import cell_text, cell_tooltip
from ows_desktop.itemmodels.ticket_columns import (
    COL_STATUS,
    COLUMN_COUNT,
    COLUMN_SORTS,
    HEADER_TIPS,
    HEADERS,
    ExceptionsRole,
    RowIdRole,
    StatusKindRole,
    TicketKeyRole,
    TicketRowRole,
    status_kind,
    ticket_exceptions,
)
from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.interface import Keyset, TicketQueries, TicketQuery, TicketRow

log = logging.getLogger(__name__)

MAX_INSERT_RUNS = 32  # more scattered than that: one reset is cheaper for the view than many inserts
REORDER_BUDGET_S = 0.4  # how long a new order of the same rows reads pages to find the person's receipt
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)


class TicketTableModel(QAbstractTableModel):
    """Rows of a :class:`TicketQuery`, fetched lazily through a reader owned by the GUI thread."""

    queryChanged = Signal()  # after set_query reset the rows (the page recounts)
    loadFailed = Signal(str)  # a store error while reading; the message says what to do

    def __init__(
        self,
        reader: TicketQueries,
        *,
        tz: tzinfo | None = None,
        page_size: int = 200,
        cache_size: int = 4096,
        block: int = 96,
        parent: Any = None,
    ):
        super().__init__(parent)
        self._reader: TicketQueries | ClosedReader = reader
        self._tz = tz
        self._workstation_time = False  # Preferences ▸ Display: times in the store's zone (default) or ours
        self._page_size = page_size
        self._block = block
        self._query = TicketQuery()
        self._rowids: array[int] = array("q")
        self._next: Keyset | None = None
        self._cache = RowCache(cache_size)
        self._started = False
        self._version = 0
        self._reordered = False  # while sort() resets the rows (see row_of_key)

    # -- public API -------------------------------------------------------------------------------

    @property
    def query(self) -> TicketQuery:
        return self._query

    def set_query(self, query: TicketQuery) -> None:
        """Run ``query`` from its first page (a model reset). A store that cannot be reached leaves the rows and
        the query as they are (not "No tickets match"): the page runs it again once the store answers."""
        try:
            rows, after = self._reader.page(query, self._page_size)
        except Exception as exc:
            rows, after = self._report(exc), None
            if isinstance(exc, StoreConnectError):
                return
        self.show_page(query, rows, after)

    def show_page(self, query: TicketQuery, rows: list[TicketRow], after: Keyset | None) -> None:
        """Show ``query``'s first page read in a job (``after``: its ``page`` keyset), as a model reset."""
        self.beginResetModel()
        self._version, self._query, self._rowids, self._next = self._version + 1, query, array("q"), after
        self._cache.clear()
        self._started = True
        self._add_rows(rows)
        self.endResetModel()
        self.queryChanged.emit()

    def set_order(self, sort: str, descending: bool) -> None:
        """Choose the order before the first query runs (restored from the settings)."""
        if self._started:
            self.sort(
                COLUMN_SORTS.index(sort),
                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
            )
        else:
            self._query = replace(self._query, sort=sort, descending=descending)

    def close(self) -> None:
        """Stop reading (the reader is about to close): the model keeps its rows but reads nothing more."""
        self._reader = ClosedReader()
        self._cache.clear()

    @property
    def page_size(self) -> int:
        return self._page_size

    def loaded_count(self) -> int:
        return len(self._rowids)

    def has_more(self) -> bool:
        return self._next is not None

    def rowid(self, row: int) -> int | None:
        return self._rowids[row] if 0 <= row < len(self._rowids) else None

    def ticket_row(self, row: int) -> TicketRow | None:
        rowid = self.rowid(row)
        entry = None if rowid is None else self._entry_for(row, rowid)
        return None if entry is None else entry[0]

    def row_of_rowid(self, rowid: int) -> int:
        return position(self._rowids, rowid)

    def row_of_key(self, key: str) -> int:
        """The row of ticket ``key``, -1 if not loaded or gone (read for while :meth:`sort` resets the rows)."""
        for rowid, (cached, _texts) in reversed(self._cache.items()):  # the receipt shown was used last
            if cached.key == key and (row := self.row_of_rowid(rowid)) >= 0:
                return row
        try:
            rowid = self._reader.rowid_of(key)
        except Exception:
            return -1
        until = time.monotonic() + (REORDER_BUDGET_S if self._reordered else 0)  # pages on the GUI thread
        while (row := self.row_of_rowid(rowid)) < 0 and self._next is not None and time.monotonic() < until:
            self.fetchMore(QModelIndex())
        return row

    @Slot(list)
    def review_changed(self, keys: list[str]) -> None:
        """Another workstation changed these tickets' review (live updates): their loaded rows are read
        again when next shown; nothing else is re-read."""
        wanted = set(keys)
        stale = [rowid for rowid, (cached, _texts) in self._cache.items() if cached.key in wanted]
        for rowid in stale:
            del self._cache[rowid]
            row = self.row_of_rowid(rowid)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    @Slot()
    def tickets_landed(self) -> None:
        """Tickets were stored elsewhere (live updates): re-read the loaded rows only."""
        self.refresh()

    def fetch_until(self, row: int) -> None:
        """Load pages until ``row`` exists or the result ends (for jumps like End)."""
        while row >= len(self._rowids) and self._next is not None:
            self.fetchMore(QModelIndex())

    @property
    def version(self) -> int:
        """Changes whenever the loaded rows or the query change (a listing read meanwhile no longer fits)."""
        return self._version

    def listing_request(self, extra: int = 0, keep: int | None = None) -> tuple[TicketQuery, int] | None:
        """The query and how many rowids a refresh reads (see :meth:`refresh`); None before the first query."""
        if not self._started:
            return None
        loaded = len(self._rowids)
        keep = loaded if keep is None else max(0, min(keep, loaded))
        want = max(self._page_size, keep + max(0, extra))
        return self._query, min(want, max(self._page_size, loaded + max(0, extra)))

    def listing_basis(self) -> tuple[array[int], list[int]]:
        """For a listing read in a job (:class:`Listing`): the loaded rowids, the cached ones (recent first)."""
        return array("q", self._rowids), list(reversed(self._cache))

    def refresh(self, extra: int = 0, keep: int | None = None, *, rows_changed: bool = True) -> bool:
        """Re-read the loaded rows after a sync saved tickets (``extra``: how many were new;
        ``rows_changed=False``: no stored ticket changed, only new ones came, so shown rows stay as cached).

        The rows the user can see or has selected (the first ``keep`` rows; all loaded rows when None)
        stay loaded, plus room for ``extra`` new tickets landing above them; loaded rows pushed further
        down are unloaded (scrolling fetches them again), so a long sync does not grow the model without
        bound. Returns False when it reset (see :meth:`apply_listing`)."""
        request = self.listing_request(extra, keep)
        if request is None:
            return True
        try:
            listing = read_listing(self._reader, *request)
        except Exception as exc:
            self._report(exc)
            return True
        return self.apply_listing(listing, rows_changed=rows_changed)

    def apply_listing(self, listing: Listing, *, rows_changed: bool = True) -> bool:
        """Show a refreshed listing (read for :meth:`listing_request` while :attr:`version` was unchanged).
        New rows are announced as insertions, so selections and persistent indexes follow their tickets; any
        other change (a ticket moved or vanished) or a very scattered insertion resets the model instead.
        Returns False when it reset."""
        if listing.query != self._query:
            return True
        old, new = self._rowids, listing.ids
        changed: set[int] = set()
        read = self._reader.rows if listing.fresh is None else listing.fresh_rows  # the job's, if it read
        # the job knows which recently shown rows are still listed (it read them again): looking the cache up in
        # the whole listing (~175 k rowids deep in a sync) took 6-15 ms of the GUI thread a landing (RESULTS.md)
        listed = new if listing.fresh is None else listing.fresh.keys()
        try:  # a saved page may have updated tickets already shown
            if rows_changed:
                changed = self._cache.recheck(listed, read)
        except Exception as exc:
            self._report(exc)
        if new == old:
            self._next = listing.next
            self._announce_changed(changed)
            return True
        self._version += 1
        plan = listing.plan_for(old)
        if plan is None or len(plan[1]) > MAX_INSERT_RUNS:
            self.beginResetModel()
            self._rowids = array("q", new)
            self._next = listing.next
            self.endResetModel()
            return False
        kept, runs = plan
        if kept < len(old):  # old rows now beyond the window: unload them (scrolling fetches them again)
            self.beginRemoveRows(QModelIndex(), kept, len(old) - 1)
            self._rowids = array("q", old[:kept])
            self.endRemoveRows()
        for start, stop in runs:  # ascending: before each run the array is new[:start] + the rest of old
            self.beginInsertRows(QModelIndex(), start, stop - 1)
            current = self._rowids
            current[start:start] = new[start:stop]
            self.endInsertRows()
        self._next = listing.next
        self._announce_changed(changed)
        return True

    # -- Qt model interface ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self._next is None:
            return
        try:
            rows, next_keyset = self._reader.page(self._query, self._page_size, after=self._next)
        except Exception as exc:
            self._report(exc)
            self._next = None
            return
        self._next = next_keyset
        if not rows:
            return
        first = len(self._rowids)
        self._version += 1
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._add_rows(rows)
        self.endInsertRows()

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # One Python call per index instead of QAbstractTableModel's hasIndex() → rowCount() + columnCount().
        if parent.isValid() or not 0 <= row < len(self._rowids) or not 0 <= column < COLUMN_COUNT:
            return QModelIndex()
        return self.createIndex(row, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("ticket_columns", HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("ticket_columns", HEADER_TIPS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGNMENTS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        r, column = index.row(), index.column()
        if role not in _ROLES or not 0 <= r < len(self._rowids) or not 0 <= column < COLUMN_COUNT:
            return None
        return self._value(r, column, role)

    def _multi_data(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: Any) -> None:
        """Every role a delegate asks for, in ONE call from C++ (Qt 6's delegates use this instead of one
        data() call per role). Each call into Python from the GUI thread has to take the GIL, which costs
        up to the interpreter's switch interval while sync threads are busy: fewer calls, shorter paints."""
        r, column = index.row(), index.column()
        valid = 0 <= r < len(self._rowids) and 0 <= column < COLUMN_COUNT
        for role_data in roleDataSpan:
            role = role_data.role()
            value = self._value(r, column, role) if valid and role in _ROLES else None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _value(self, r: int, column: int, role: int) -> Any:
        if role == _ALIGN:
            return _ALIGNMENTS[column]
        rowid = self._rowids[r]
        if role == RowIdRole:
            return rowid
        entry = self._entry_for(r, rowid)
        if entry is None:
            return None
        row = entry[0]
        if role == _DISPLAY:
            return self._texts(entry)[column]
        if role == _TOOLTIP:  # a status from the POS, a name: bidi controls marked as in the cells
            return shown_cell(cell_tooltip(row, column, self._tz), role)
        if role == TicketKeyRole:
            return row.key
        if role == TicketRowRole:
            return row
        if role == ExceptionsRole:
            return ticket_exceptions(row)
        if role == StatusKindRole:
            return status_kind(row.status)
        return cell_tooltip(row, column, self._tz) or cell_text(row, column, self._tz, self._workstation_time)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT or COLUMN_SORTS[column] is None:
            return
        sort = COLUMN_SORTS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if self._started and self._query.sort == sort and self._query.descending == descending:
            return
        self._reordered = True  # the same rows: row_of_key looks further for the current one
        try:
            self.set_query(replace(self._query, sort=sort, descending=descending))
        finally:
            self._reordered = False

    def set_workstation_time(self, on: bool) -> None:
        """Show times in this workstation's zone (True) or the store's (False), with their zone label."""
        if on != self._workstation_time:
            self._workstation_time = on
            for entry in self._cache.values():
                entry[1] = None  # the display texts are made again
            if self._rowids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rowids) - 1, COLUMN_COUNT - 1))

    def paint_key(self, r: int, column: int) -> tuple[str, str | None] | None:
        """What cell (``r``, ``column``) shows, for the view's cell pictures (ui.cell_cache): its display text
        (and the raw status, which picks the status chip); None when the row cannot be read."""
        if not 0 <= r < len(self._rowids):
            return None
        entry = self._entry_for(r, self._rowids[r])
        if entry is None:
            return None
        return self._texts(entry)[column], entry[0].status if column == COL_STATUS else None

    # -- internals ------------------------------------------------------------------------------------

    def _texts(self, entry: list[Any]) -> tuple[str, ...]:
        """The display texts of a cache entry's row, made once and kept in the entry."""
        if entry[1] is None:
            row = entry[0]
            entry[1] = tuple(  # as stored: a bidi control in a name is a mark, never obeyed (shown_text.py)
                shown_text(cell_text(row, c, self._tz, self._workstation_time)) for c in range(COLUMN_COUNT)
            )
        texts: tuple[str, ...] = entry[1]
        return texts

    def _add_rows(self, rows: list[TicketRow]) -> None:
        self._rowids.extend(r.rowid for r in rows)
        self._cache.add(rows)

    def _entry_for(self, row: int, rowid: int) -> list[Any] | None:
        """[TicketRow, display strings or None] from the LRU cache, fetching a block around ``row``."""
        cached = self._cache.touch(rowid)
        if cached is not None:
            return cached
        start = max(0, row - self._block // 4)
        ids = self._rowids[start : start + self._block]
        try:
            fetched = self._reader.rows(ids)
        except Exception as exc:
            self._report(exc)
            return None
        self._cache.add(fetched)
        return self._cache.get(rowid)

    def _announce_changed(self, rowids: set[int]) -> None:
        """dataChanged for the rows of ``rowids`` only (a run of adjacent rows in one signal)."""
        rows = sorted(r for r in map(self.row_of_rowid, rowids) if r >= 0) if rowids else []
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i] != rows[i - 1] + 1:
                self.dataChanged.emit(self.index(rows[start], 0), self.index(rows[i - 1], COLUMN_COUNT - 1))
                start = i

    def _report(self, exc: Exception) -> list[TicketRow]:
        if not isinstance(self._reader, ClosedReader):  # closed: a closing window's paint, nothing failed
            log.warning("Reading the ticket cache failed: %s", exc)
            self.loadFailed.emit(core_text(message_of(exc)))  # in the window's language (a store error)
        return []  # no rows were read


if MULTIDATA_OVERRIDE:
    TicketTableModel.multiData = TicketTableModel._multi_data  # type: ignore[method-assign]
