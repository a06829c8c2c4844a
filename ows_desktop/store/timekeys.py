"""Rowids that sort by ticket time.

A ticket's rowid is ``(epoch milliseconds << 12) | slot``: the table's b-tree is then in ticket-time order,
a date filter is a rowid range and "newest first" is a rowid DESC scan, with no index at all. The slot
(0..4095) tells apart tickets of the same millisecond. The time is the ticket's start, else its persist
time, else its end, else the time it was first stored (see :func:`ticket_time_us`)."""

from __future__ import annotations

import time
from datetime import datetime

from ows_desktop.ows.model import Ticket
from ows_desktop.ows.timestamps import from_epoch_us, to_epoch_us

SLOT_BITS = 12
SLOTS = 1 << SLOT_BITS
MAX_MS = (1 << (63 - SLOT_BITS)) - 1  # keeps every rowid a positive signed 64-bit integer


def clamp_ms(ms: int) -> int:
    """Milliseconds clamped into the range a rowid can hold (before 1970 counts as 1970)."""
    return 0 if ms < 0 else min(ms, MAX_MS)


def first_rowid(ms: int) -> int:
    """The smallest rowid of millisecond ``ms``."""
    return clamp_ms(ms) << SLOT_BITS


def rowid_ms(rowid: int) -> int:
    return rowid >> SLOT_BITS


def rowid_time(rowid: int) -> datetime:
    """The ticket time a rowid encodes, to the millisecond (UTC)."""
    return from_epoch_us(rowid_ms(rowid) * 1000)


def bound_rowid(moment: datetime) -> int:
    """The first rowid at or after the millisecond holding ``moment``: ``rowid >= bound_rowid(t)`` means
    "ticket time >= t" at millisecond precision. A naive datetime is taken as UTC."""
    return first_rowid(to_epoch_us(moment) // 1000)


def ticket_time_us(ticket: Ticket, fallback_us: int) -> int:
    """The time a ticket sorts by: start, else persisted, else end, else ``fallback_us``."""
    start, persisted, end = (
        None if m is None else to_epoch_us(m) for m in (ticket.start, ticket.persisted, ticket.end)
    )
    return sort_time_us(start, persisted, end, fallback_us)


def sort_time_us(start_us: int | None, persisted_us: int | None, end_us: int | None, fallback_us: int) -> int:
    """:func:`ticket_time_us` from times already in epoch microseconds (the writer has them)."""
    if start_us is not None:
        return start_us
    if persisted_us is not None:
        return persisted_us
    return end_us if end_us is not None else fallback_us


def now_us() -> int:
    """The current time in epoch microseconds (when a row was stored or changed)."""
    return time.time_ns() // 1000
