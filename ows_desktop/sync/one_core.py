"""A sync's threads on one CPU while it runs: the cursors, their HTTP helpers and the writer share one core.

Why: they take turns on one interpreter lock anyway, and handing it between cores is what made a sync
expensive. Spread over 2 cores, every hand-over woke a thread on the other core, and a page's Python
objects moved between the two cores' caches with it. Measured with tests/bench/bench_sync.py (24 k tickets,
4 cursors, the simulator beside it on the same 2 cores, runs alternated, 2026-12-05):
- client CPU: 163-178 µs a ticket spread over both cores, 147-161 µs on one;
- full sync: 4.1-4.7 s spread, 3.6-4.0 s on one.
The SQLite work that runs without the interpreter lock loses nothing measurable. Moving only the writer, or
only its commit, to the other core was tried: slower, or no faster. The other core stays free for the
window's process (its stall during a sync: no difference measured either way, tests/bench/RESULTS.md).

Linux only (``os.sched_setaffinity``); elsewhere nothing changes. A thread's CPUs are its own: the threads
started inside the block inherit them, and the calling thread gets its own back at the end. No Qt here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


@contextmanager
def one_core(cpu: int | None = None) -> Iterator[None]:
    """Run the calling thread, and every thread it starts in the block, on one CPU of those it may use:
    ``cpu``, or by default the one it runs on now (the scheduler's choice, so two syncs at once tend to get
    two cores), else the highest. Its CPUs are put back at the end. A thread already on one CPU is left
    alone (a sync inside another), and CPUs changed meanwhile by someone else are kept. Where the OS refuses
    (a container's CPU set changed under it), the block runs as it is."""
    allowed = _allowed()
    if allowed is None or len(allowed) < 2:
        yield
        return
    if cpu is None:
        cpu = _current_cpu()
    chosen = {cpu if cpu in allowed else max(allowed)}
    try:
        os.sched_setaffinity(0, chosen)
    except OSError:
        yield
        return
    try:
        yield
    finally:
        if _allowed() == chosen:
            with suppress(OSError):  # the CPUs it had are gone: it keeps the one it runs on
                os.sched_setaffinity(0, allowed)


def _current_cpu() -> int | None:
    """The CPU the calling thread runs on now (Linux: field 39 of /proc/thread-self/stat); None where that
    cannot be read."""
    try:
        return int(Path("/proc/thread-self/stat").read_text().rsplit(")", 1)[1].split()[36])
    except (OSError, IndexError, ValueError):
        return None


def _allowed() -> set[int] | None:
    """The CPUs the calling thread may run on; None where the OS does not say (macOS, Windows)."""
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "sched_setaffinity"):
        return None
    return set(os.sched_getaffinity(0))
