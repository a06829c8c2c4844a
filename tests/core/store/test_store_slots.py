"""The rowid slot allocator: many tickets sharing one millisecond cost linear work (issue #12: 100,000 tickets
of one start millisecond in one page took > 300 s because every ticket re-scanned the full milliseconds)."""

from __future__ import annotations

import sqlite3

from ows_desktop.store.slots import SlotAllocator
from ows_desktop.store.timekeys import SLOTS, first_rowid, rowid_ms

MS = 1_700_000_000_000


def tickets_table(used: list[int] = ()) -> sqlite3.Connection:  # type: ignore[assignment]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE tickets (rid INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO tickets (rid) VALUES (?)", [(rid,) for rid in used])
    return conn


def test_tickets_of_one_millisecond_take_a_bounded_number_of_queries() -> None:
    conn = tickets_table()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    allocator = SlotAllocator(conn)
    count = 5 * SLOTS + 100  # spills over six milliseconds
    rids = [allocator.allocate(MS) for _ in range(count)]
    assert len(set(rids)) == count
    assert sorted(rids) == list(range(first_rowid(MS), first_rowid(MS) + count))  # packed, in order
    # One lookup and one gap listing per millisecond touched, not per ticket (was thousands).
    assert len(statements) <= 2 * 6 + 1


def test_each_ticket_costs_a_constant_number_of_steps_however_many_share_its_millisecond(monkeypatch) -> None:
    from ows_desktop.store import slots

    steps = 0
    real = slots.first_rowid

    def counted(ms: int) -> int:  # called once per millisecond the allocator looks at
        nonlocal steps
        steps += 1
        return real(ms)

    monkeypatch.setattr(slots, "first_rowid", counted)
    allocator = SlotAllocator(tickets_table())
    count = 20 * SLOTS
    rids = {allocator.allocate(MS) for _ in range(count)}
    assert len(rids) == count
    assert steps <= 3 * count  # re-walking the full milliseconds for every ticket took ~10x as many


def test_gaps_are_reused_before_spilling_and_stored_rows_are_never_reused() -> None:
    low = first_rowid(MS)
    used = [low + 5, low + SLOTS - 1]  # the top slot is used, so only the gaps below are left
    conn = tickets_table(used)
    allocator = SlotAllocator(conn)
    rids = [allocator.allocate(MS) for _ in range(SLOTS)]
    assert len(set(rids)) == SLOTS and not set(rids) & set(used)
    in_ms = sorted(r for r in rids if rowid_ms(r) == MS)
    assert in_ms == [r for r in range(low, low + SLOTS) if r not in used]  # every gap used first
    assert [rowid_ms(r) for r in rids if rowid_ms(r) != MS] == [MS + 1, MS + 1]  # then the next ms


def test_a_later_millisecond_already_partly_used_is_respected_when_spilling() -> None:
    nxt = first_rowid(MS + 1)
    conn = tickets_table([*range(first_rowid(MS), first_rowid(MS) + SLOTS), nxt, nxt + 1])
    allocator = SlotAllocator(conn)
    assert [allocator.allocate(MS) for _ in range(3)] == [nxt + 2, nxt + 3, nxt + 4]
    assert allocator.allocate(MS + 1) == nxt + 5


def test_milliseconds_out_of_range_are_clamped_as_before() -> None:
    """The common case is handed out before the general loop, for milliseconds in range only: one past the
    last millisecond a rowid holds takes its 4096 slots (then there is no room left), one before 1970 takes
    1970's first millisecond's."""
    import pytest

    from ows_desktop.store.timekeys import MAX_MS

    allocator = SlotAllocator(tickets_table())
    past = [allocator.allocate(MAX_MS + 1) for _ in range(SLOTS)]
    assert past == list(range(first_rowid(MAX_MS), first_rowid(MAX_MS) + SLOTS))
    with pytest.raises(OverflowError):
        allocator.allocate(MAX_MS + 1)
    allocator = SlotAllocator(tickets_table())
    assert [allocator.allocate(-5) for _ in range(3)] == [0, 1, 2]
