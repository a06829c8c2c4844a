"""Rowid slots for many tickets sharing one start millisecond (issue #12): time per batch size.

.venv/bin/python tests/bench/bench_slots.py
"""

from __future__ import annotations

import sqlite3
import time

from ows_desktop.store.slots import SlotAllocator

MS = 1_700_000_000_000


def run(count: int) -> float:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE tickets (rid INTEGER PRIMARY KEY)")
    started = time.perf_counter()
    allocator = SlotAllocator(conn)
    for _ in range(count):
        allocator.allocate(MS)
    return time.perf_counter() - started


if __name__ == "__main__":
    for n in (8_000, 32_000, 100_000):
        print(f"{n:>7} tickets in one millisecond: {run(n):.3f} s")
