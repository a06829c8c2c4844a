"""A case's tickets as the Cases tab lists them (ui/case_tickets.py): the receipt table's model, except that it
never reads a page of tickets itself. Its pages after the first, and the tickets in another order, are read in
jobs by its owner: with a team store over a network each reading on the GUI thread stalled the window (the
Receipts table still reads its next pages there).

The view asks as it does any lazy model — ``fetchMore`` at the end of what is loaded, ``fetch_until`` for End,
``sort`` from a header click — and the model says what it wants instead of reading it: ``moreWanted`` (the row
the view wants to reach) and ``reordered`` (the order the person chose: :attr:`order`). The rows stay as they
are until the answer comes: :meth:`append_rows` adds the pages read, :meth:`show_page` shows the tickets in
the new order. A ticket is found among the rows loaded only (:meth:`row_of_key`), never read for.

Signals:
    moreWanted(int): the view wants rows up to this one (a scroll to the end, J at the last row, End).
    reordered(): the person chose another order (:attr:`order`); the rows shown are still in the old one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from ows_desktop.itemmodels.ticket_columns import COLUMN_COUNT, COLUMN_SORTS
from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.store.interface import Keyset, TicketQuery, TicketRow


class CaseTicketModel(TicketTableModel):
    """A :class:`TicketTableModel` whose further pages and new orders its owner reads in jobs."""

    moreWanted = Signal(int)
    reordered = Signal()

    def __init__(self, reader: Any, *, tz: Any = None, parent: Any = None) -> None:
        super().__init__(reader, tz=tz, parent=parent)
        self._order: tuple[str, bool] | None = None  # chosen, not shown yet: (sort, descending)
        self._keys: dict[str, int] = {}  # the rowid of each ticket loaded, by key
        self._asked = -1  # the furthest row asked for (moreWanted) since the rows last changed

    @property
    def order(self) -> tuple[str, bool]:
        """The order the person chose (sort, descending): the next reading's, shown or not yet."""
        query = self.query
        return self._order or (query.sort, query.descending)

    @property
    def after(self) -> Keyset | None:
        """The keyset the next page starts after (None: every ticket is loaded)."""
        return self._next

    @property
    def asked(self) -> int:
        """The furthest row asked for and not loaded yet (-1: none)."""
        return self._asked

    def show_page(self, query: TicketQuery, rows: list[TicketRow], after: Keyset | None) -> None:
        self._keys, self._asked = {}, -1
        if self._order == (query.sort, query.descending):
            self._order = None  # the order chosen is shown
        super().show_page(query, rows, after)

    def append_rows(self, version: int, rows: list[TicketRow], after: Keyset | None) -> bool:
        """Add ``rows``, read after the last row loaded while :attr:`version` was ``version``; ``after``: the
        keyset to go on from (None: no more). False, and nothing added, when the rows changed meanwhile."""
        if version != self.version:
            return False
        self._next, self._asked = after, -1
        if rows:
            first = len(self._rowids)
            self._version += 1
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._add_rows(rows)
            self.endInsertRows()
        return True

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if not parent.isValid():
            self.fetch_until(self.rowCount() + self.page_size - 1)

    def fetch_until(self, row: int) -> None:
        """Ask for the rows up to ``row`` (``moreWanted``), unless loaded, at the end, or asked for already."""
        if row < self.rowCount() or self._next is None or row <= self._asked:
            return
        self._asked = row
        self.moreWanted.emit(row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = COLUMN_SORTS[column] if 0 <= column < COLUMN_COUNT else None
        if sort is None:
            return
        wanted = (sort, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.order:
            self._order, self._asked = wanted, -1
            self.reordered.emit()

    def forget_asked(self) -> None:
        """The rows asked for were not read (the reading failed): asking for them again asks."""
        self._asked = -1

    def forget_order(self) -> None:
        """The order chosen could not be read: the rows' own order stands (the header's arrow says it)."""
        if self._order is not None:
            self._order = None
            self.queryChanged.emit()

    def row_of_key(self, key: str) -> int:
        """The row of ticket ``key`` among the rows loaded, -1 if it is not one of them (nothing is read)."""
        rowid = self._keys.get(key)
        return -1 if rowid is None else self.row_of_rowid(rowid)

    def held_texts(self, column: int) -> set[str]:
        """What ``column`` shows in the rows held (those read: the case's tickets loaded), none read for."""
        return {self._texts(entry)[column] for entry in self._cache.values()}

    def _add_rows(self, rows: list[TicketRow]) -> None:
        super()._add_rows(rows)
        self._keys.update((row.key, row.rowid) for row in rows)


__all__ = ["CaseTicketModel"]
