"""Picking a free time-ordered rowid for each new ticket (see :mod:`.timekeys`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ows_desktop.store.timekeys import MAX_MS, SLOT_BITS, SLOTS, first_rowid

# One row holding every millisecond's answer as JSON: a row per millisecond cost a step each, and Python's
# sqlite3 lets go of the interpreter lock around every step (the sync's cursor threads then take it).
_MAX_IN_RANGE_SQL = (
    "SELECT json_group_array(json_array(j.value, "
    "(SELECT max(rid) FROM tickets WHERE rid BETWEEN (j.value << ?) AND (j.value << ?) + ?))) "
    "FROM json_each(?) AS j"
)


class SlotAllocator:
    """Hands out unused rowids within one write transaction.

    Normally the next slot after the millisecond's highest used one (one indexed lookup per distinct
    millisecond of a batch); if a millisecond's 4096 slots run out at the top, its gaps are reused (listed
    once per millisecond), and only when it is completely full does a ticket spill into the following
    millisecond. A full millisecond is remembered with where its spill ended, so the next ticket of the same
    millisecond jumps there: n tickets sharing one millisecond cost O(n), not O(n²)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._next: dict[int, int] = {}
        self._gaps: dict[int, list[int]] = {}  # free slots below _next, once the top is used up
        self._spill: dict[int, int] = {}  # full millisecond -> a later one to try instead
        self._taken: set[int] = set()

    def prepare(self, ms_values: Iterable[int]) -> None:
        """Look up the highest used rowid of every millisecond in one statement."""
        wanted = sorted({ms for ms in ms_values if ms not in self._next})
        if not wanted:
            return
        (found,) = self._conn.execute(
            _MAX_IN_RANGE_SQL, (SLOT_BITS, SLOT_BITS, SLOTS - 1, json.dumps(wanted))
        ).fetchone()
        for ms, highest in json.loads(found):
            self._next[ms] = first_rowid(ms) if highest is None else highest + 1

    def allocate(self, ms: int) -> int:
        # The usual ticket first: a millisecond in range, not full, whose next slot is known and free is
        # what the loop below hands out first (three calls fewer for every ticket a sync stores).
        if 0 <= ms <= MAX_MS and ms not in self._spill:
            candidate = self._next.get(ms)
            if candidate is not None and candidate < (ms << SLOT_BITS) + SLOTS:
                self._next[ms] = candidate + 1
                self._taken.add(candidate)
                return candidate
        asked = ms
        ms = self._follow(ms)
        while True:
            if ms not in self._next:
                self.prepare((ms,))
            candidate = self._next[ms]
            if candidate < first_rowid(ms) + SLOTS:
                self._next[ms] = candidate + 1
                return self._take(candidate, asked, ms)
            gaps = self._gaps.get(ms)
            if gaps is None:
                gaps = self._gaps[ms] = self._free_slots(ms)
            if gaps:
                return self._take(gaps.pop(), asked, ms)
            if ms >= MAX_MS:
                raise OverflowError("no free rowid left at the end of time")
            self._spill[ms] = ms + 1
            ms = self._follow(ms + 1)

    def _take(self, rid: int, asked: int, ms: int) -> int:
        if ms != asked:
            self._spill[asked] = ms  # the next ticket of ``asked`` starts where this one landed
        self._taken.add(rid)
        return rid

    def _follow(self, ms: int) -> int:
        """The first millisecond from ``ms`` on not known to be full (with path compression)."""
        path = []
        while ms in self._spill:
            path.append(ms)
            ms = self._spill[ms]
        for full in path:
            self._spill[full] = ms
        return ms

    def _free_slots(self, ms: int) -> list[int]:
        """The unused slots of ``ms``, highest first (so ``pop()`` hands out the lowest)."""
        low = first_rowid(ms)
        used = {
            row[0]
            for row in self._conn.execute(
                "SELECT rid FROM tickets WHERE rid BETWEEN ? AND ?", (low, low + SLOTS - 1)
            )
        }
        return [c for c in range(low + SLOTS - 1, low - 1, -1) if c not in used and c not in self._taken]
