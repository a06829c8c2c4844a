"""Fewer garbage collections while a sync runs: the young generation is collected every 100,000 container
allocations instead of CPython's 700.

Why: a sync turns every ticket into some fifteen containers (the decoded JSON, the Ticket, its lines, the
row tuples), and the pages waiting for the writer (up to 8 per cursor) keep a few tens of thousands of them
alive. At the default threshold every young collection scanned those and promoted them, so the older
generations filled with pages in flight and full collections followed: ~25-30 µs of CPU per ticket, a tenth
of the client's share of a sync (tests/bench/bench_sync.py, 12 k tickets). With the higher threshold the
pages die by reference counting before any collection sees them; memory does not grow (only reference
cycles wait longer to be freed, and a sync makes almost none). The window's collector (tasks/idle_collector.py:
automatic collection off, collections from a timer) reads the thresholds at every check, so it obeys this
too. No Qt here."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

SYNC_YOUNG_THRESHOLD = 100_000


@contextmanager
def fewer_collections(young: int = SYNC_YOUNG_THRESHOLD) -> Iterator[None]:
    """Raise the young generation's threshold to ``young`` for the block, then put the thresholds back. A
    threshold already that high is left alone (a sync inside another), and one changed meanwhile by someone
    else is not overwritten: nothing is left raised, nothing set by others is lost."""
    before = gc.get_threshold()
    if before[0] >= young or before[0] == 0:  # already high enough, or automatic collection is off
        yield
        return
    gc.set_threshold(young, *before[1:])
    try:
        yield
    finally:
        if gc.get_threshold()[0] == young:
            gc.set_threshold(*before)
