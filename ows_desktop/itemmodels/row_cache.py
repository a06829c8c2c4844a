"""The receipt table model's cache of rows: rowid → [TicketRow, display texts or None], least recently used
first, bounded. No Qt: the model (:mod:`.tickets`) reads rows through it and announces what changed."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ows_desktop.store.interface import TicketRow

RECHECKED_ROWS = 96  # after a change, this many recently shown rows are read again (more than fit a view)


class RowCache(OrderedDict[int, list[Any]]):
    """An LRU of table rows; each entry is ``[TicketRow, tuple of display texts or None]``."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def add(self, rows: Sequence[TicketRow]) -> None:
        """Cache ``rows`` (the last ``size`` of them), as most recently used, without display texts."""
        for row in rows[-self.size :]:
            self[row.rowid] = [row, None]
        self.trim()

    def touch(self, rowid: int) -> list[Any] | None:
        """The entry of ``rowid`` (now the most recently used), or None."""
        entry = self.get(rowid)
        if entry is not None:
            self.move_to_end(rowid)
        return entry

    def trim(self) -> None:
        while len(self) > self.size:
            self.popitem(last=False)

    def recheck(self, listed: Iterable[int], read: Callable[[list[int]], list[TicketRow]]) -> set[int]:
        """After a sync saved tickets: read the most recently used rows still ``listed`` again (the rows in
        view are among them) through ``read``; those that did not change keep their entry and display texts,
        so the next paint neither re-reads nor re-formats them. Every other entry is dropped (read again when
        next shown). Returns the rowids whose row changed. ``read`` raising leaves the cache empty.

        ``listed`` may be the whole listing (an array of 150 k rowids deep in a sync): only the cached rowids
        are looked up in it, not a set of it built (12-17 ms on the GUI thread at 150 k)."""
        still = set(self).intersection(listed)
        recent = [rowid for rowid in reversed(self) if rowid in still][:RECHECKED_ROWS]
        entries = dict(self)
        self.clear()
        fresh = read(recent) if recent else []
        changed: set[int] = set()
        for row in reversed(fresh):  # least recently used first, as the LRU keeps them
            entry = entries[row.rowid]
            if entry[0] != row:
                entry = [row, None]
                changed.add(row.rowid)
            self[row.rowid] = entry
        return changed
