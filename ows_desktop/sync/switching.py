"""Shorter GIL time slices while a sync runs: the interpreter's switch interval is 1 ms instead of 5 ms.

Why: the sync's one writer thread is its bottleneck (it is in ``save_pages`` ~80-87 % of a sync's wall time,
tests/bench/bench_sync.py) and releases the GIL around every SQLite step, thousands of times per commit.
Each time a cursor thread takes it to decode and normalise a page (a few milliseconds of Python), the
writer waits until that thread blocks or the switch interval forces it to hand the GIL back. Measured per
thread from /proc (schedstat) at 8 k tickets: the writer's time blocked (not on a core, not waiting for
one) inside ``save_pages`` went 0.28-0.64 s -> 0.20-0.30 s with 1 ms or 0.5 ms (of a 2.4-3.7 s sync, load
2-5). The cost, more forced switches, is a few microseconds each. No Qt here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

SYNC_SWITCH_INTERVAL_S = 0.001


@contextmanager
def shorter_switches(interval: float = SYNC_SWITCH_INTERVAL_S) -> Iterator[None]:
    """Set the switch interval to ``interval`` for the block, then put it back. An interval already that
    short is left alone (a sync inside another), and one changed meanwhile by someone else is kept."""
    before = sys.getswitchinterval()
    if before <= interval:
        yield
        return
    sys.setswitchinterval(interval)
    try:
        yield
    finally:
        if sys.getswitchinterval() == interval:
            sys.setswitchinterval(before)
