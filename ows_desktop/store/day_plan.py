"""Store days (:class:`~.query.StoreDays`, :class:`~.query.StoreDaysAgo`) as SQL, the same for both
backends: which tickets fall on a calendar day *at their own store*.

A ticket's store time is its time plus the offset it is shown in: its own (the POS wrote it), else the one
learned for its store (``location_offsets``: the smallest seen there, its standard time), else none (shown
in UTC: offset 0). The test on that offset is exact, so a ticket listed is always on one of the days; but
it is only made on the rows of one rowid range, the chosen days at every offset the chosen stores can have,
which the time-ordered rowid answers (the table's b-tree, the FTS index's rowids, the team store's month
partitions) — never on every row. An OR of one range per store would read the same rows through the store
index, but a text search's FTS walk and a newest-first page can only use a single rowid range.

Days counted back from each store's today (:class:`~.query.StoreDaysAgo`) test the ticket's day against
the day of the query's ``now``, both in the ticket's offset: ``(now + offset) / day − (rowid + offset) /
day`` in rowid units (integer division: whole days since 1970 in that offset) between ``last`` and
``first``.

The reader reads the learned offsets (a row per store) before it plans: :func:`plan_days`. Without them the
range spans every offset a ticket can carry (a day each side): as exact, only slower."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store.query import DaySpan, StoreDays
from ows_desktop.store.timekeys import SLOT_BITS, first_rowid

OFFSETS_SQL = "SELECT location, offset_min FROM location_offsets"
# How far a ticket's own offset can be above its store's learned (smallest) one: a daylight-saving shift,
# one hour nearly everywhere, two at most (Troll, Antarctica). A ticket whose POS wrote a wilder offset is
# left out of a day its time falls outside this range of.
DST_SHIFT_MIN = 120
_ANY_OFFSET_MIN = 24 * 60  # the widest offset a ticket's facts keep (store/facts.py)
_MINUTE_MS = 60_000
_DAY_MS = 86_400_000
_ROWID_MINUTE = _MINUTE_MS << SLOT_BITS  # one minute, in rowid units
_ROWID_DAY = _DAY_MS << SLOT_BITS


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The rowid bounds of one store-days filter, ``[low, high)``: ``span`` holds every ticket it can match.
    The exact test: ``local``, the days themselves in rowids of store time (rowid + offset), for fixed
    dates; ``ago``, ``(now's rowid, first, last)`` for days counted back from each store's today."""

    span: tuple[int, int]
    local: tuple[int, int] | None = None
    ago: tuple[int, int, int] | None = None


def shown_offsets(offsets: Mapping[str, int] | None, locations: Sequence[str] = ()) -> list[tuple[int, int]]:
    """The ranges ``[low, high]`` of the offsets (minutes) a ticket of the stores ``locations`` (every store
    when empty) can be shown in: each learned offset and the daylight hours above it; 0 for a store of unknown
    zone (shown in UTC); any offset at all when the offsets were not read (``offsets`` None)."""
    if offsets is None:
        return [(-_ANY_OFFSET_MIN, _ANY_OFFSET_MIN)]
    chosen = {offsets[name] for name in locations if name in offsets} if locations else set(offsets.values())
    unknown = not locations or any(name not in offsets for name in locations)  # shown in UTC
    return [(offset, offset + DST_SHIFT_MIN) for offset in sorted(chosen)] + ([(0, 0)] if unknown else [])


def plan_days(days: DaySpan, offsets: Mapping[str, int] | None, locations: Sequence[str] = ()) -> DayPlan:
    """The plan of ``days`` for the stores ``locations`` (every store when empty), from each store's learned
    offset (``offsets``: location → minutes, as :data:`OFFSETS_SQL` reads them; None: not read)."""
    ranges = [utc_ms(days, offset) for offset in _turning_offsets(days, shown_offsets(offsets, locations))]
    span = (first_rowid(min(low for low, _ in ranges)), first_rowid(max(high for _, high in ranges)))
    if isinstance(days, StoreDays):
        local = (first_rowid(_ms(days.first)), first_rowid(_ms(days.last + timedelta(days=1))))
        return DayPlan(span=span, local=local)
    return DayPlan(span=span, ago=(first_rowid(_now_ms(days.now)), days.first, days.last))


def local_days(days: DaySpan, offset: int) -> tuple[date, date]:
    """The first and last day ``days`` keeps for a ticket shown in ``offset`` (minutes)."""
    if isinstance(days, StoreDays):
        return days.first, days.last
    today = (days.now.astimezone(UTC) + timedelta(minutes=offset)).date()
    return today - timedelta(days=days.first), today - timedelta(days=days.last)


def utc_ms(days: DaySpan, offset: int) -> tuple[int, int]:
    """``[start, end)``, UTC epoch milliseconds, of the days ``days`` keeps for a ticket shown in ``offset``."""
    first, last = local_days(days, offset)
    shift = offset * _MINUTE_MS
    return _ms(first) - shift, _ms(last + timedelta(days=1)) - shift


def _turning_offsets(days: DaySpan, ranges: Iterable[tuple[int, int]]) -> set[int]:
    """The offsets of ``ranges`` at which the UTC bounds of ``days`` are extreme: each range's ends, and for
    days counted from today the offsets either side of each change of today's date (between two, the bounds
    only move with the offset)."""
    found: set[int] = set()
    for low, high in ranges:
        found |= {low, high}
        if isinstance(days, StoreDays):
            continue
        now = _now_ms(days.now)
        for day in range((now + low * _MINUTE_MS) // _DAY_MS + 1, (now + high * _MINUTE_MS) // _DAY_MS + 1):
            turn = -((now - day * _DAY_MS) // _MINUTE_MS)  # the first offset on that day
            found |= {offset for offset in (turn - 1, turn) if low <= offset <= high}
    return found


def day_clauses(plan: DayPlan, rid: str, shown_offset: str) -> tuple[list[str], list[object]]:
    """The WHERE clauses (AND-ed) of ``plan``: the rowid range, and the exact test of the rows in it.
    ``shown_offset`` is the backend's expression of the offset a ticket's store time is shown in (NULL:
    unknown, shown in UTC); ``rid`` the rowid expression the range filters use."""
    low, high = plan.span
    shift = f"CAST(coalesce({shown_offset}, 0) AS bigint) * {_ROWID_MINUTE}"
    if plan.ago is not None:
        now, first, last = plan.ago
        now_day, day = f"(CAST(? AS bigint) + {shift}) / {_ROWID_DAY}", f"({rid} + {shift}) / {_ROWID_DAY}"
        test = f"{now_day} - {day} BETWEEN ? AND ?"
        return [f"{rid} >= ?", f"{rid} < ?", test], [low, high, now, last, first]
    assert plan.local is not None
    local_low, local_high = plan.local
    return (
        [f"{rid} >= ?", f"{rid} < ?", f"({rid} + {shift}) BETWEEN ? AND ?"],
        [low, high, local_low, local_high - 1],
    )


def _ms(day: date) -> int:
    return to_epoch_us(datetime.combine(day, time(0), tzinfo=UTC)) // 1000


def _now_ms(now: datetime) -> int:
    return to_epoch_us(now) // 1000
