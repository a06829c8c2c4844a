"""Picking a free time-ordered rowid for each new ticket (see :mod:`.timekeys`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ows_desktop.store.timekeys import MAX_MS, SLOT_BITS, SLOTS, first_rowid

_MAX_IN_RANGE_SQL = (
    "SELECT j.value, (SELECT max(rid) FROM tickets WHERE rid BETWEEN (j.value << ?) AND (j.value << ?) + ?) "
    "FROM json_each(?) AS j"
)


class SlotAllocator:
    """Hands out unused rowids within one write transaction.

    Normally the next slot after the millisecond's highest used one (one indexed lookup per distinct
    millisecond of a batch); if a millisecond's 4096 slots run out at the top, its gaps are reused, and
    only when it is completely full does a ticket spill into the following millisecond."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._next: dict[int, int] = {}
        self._taken: set[int] = set()

    def prepare(self, ms_values: Iterable[int]) -> None:
        """Look up the highest used rowid of every millisecond in one statement."""
        wanted = sorted({ms for ms in ms_values if ms not in self._next})
        if not wanted:
            return
        rows = self._conn.execute(_MAX_IN_RANGE_SQL, (SLOT_BITS, SLOT_BITS, SLOTS - 1, json.dumps(wanted)))
        for ms, highest in rows:
            self._next[ms] = first_rowid(ms) if highest is None else highest + 1

    def allocate(self, ms: int) -> int:
        while True:
            if ms not in self._next:
                self.prepare((ms,))
            candidate = self._next[ms]
            if candidate < first_rowid(ms) + SLOTS:
                self._next[ms] = candidate + 1
                self._taken.add(candidate)
                return candidate
            gap = self._find_gap(ms)
            if gap is not None:
                self._taken.add(gap)
                return gap
            if ms >= MAX_MS:
                raise OverflowError("no free rowid left at the end of time")
            ms += 1

    def _find_gap(self, ms: int) -> int | None:
        low = first_rowid(ms)
        used = {
            row[0]
            for row in self._conn.execute(
                "SELECT rid FROM tickets WHERE rid BETWEEN ? AND ?", (low, low + SLOTS - 1)
            )
        }
        used |= self._taken
        for candidate in range(low, low + SLOTS):
            if candidate not in used:
                return candidate
        return None
