"""Team-store schema step: the store index holds each ticket's own offset (``tickets_location (location, rid)
INCLUDE (utc_offset_min)``), so a count of store days reads the index alone, the rows between a band's sure
range and its span too (postgres/day_counts.py). Near a band's midnight (day_plan.py: the band split at its
turn) a row's answer hangs on its own offset over two days: read from the table, a count at 1 M tickets took
17 ms, read from this index 6 ms (tests/bench/RESULTS.md). It replaces the index of the same key, so a write
keeps one index entry per ticket."""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    "DROP INDEX tickets_location",
    "CREATE INDEX tickets_location ON tickets (location, rid) INCLUDE (utc_offset_min)",
)
