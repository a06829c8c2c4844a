"""Store days (:class:`~.query.StoreDays`) as SQL, the same for both backends: which tickets fall on a
calendar day *at their own store*.

A ticket's store time is its time plus the offset it is shown in: its own (the POS wrote it), else the one
learned for its store (``location_offsets``: the smallest seen there, its standard time), else none (shown
in UTC: offset 0). The test on that offset is exact, so a ticket listed is always on one of the days; but
it is only made on the rows of one rowid range, the chosen days at every offset the chosen stores can have,
which the time-ordered rowid answers (the table's b-tree, the FTS index's rowids, the team store's month
partitions) — never on every row. An OR of one range per store would read the same rows through the store
index, but a text search's FTS walk and a newest-first page can only use a single rowid range.

The reader reads the learned offsets (a row per store) before it plans: :func:`plan_days`. Without them the
range spans every offset a ticket can carry (a day each side): as exact, only slower."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store.query import StoreDays
from ows_desktop.store.timekeys import SLOT_BITS, first_rowid

OFFSETS_SQL = "SELECT location, offset_min FROM location_offsets"
# How far a ticket's own offset can be above its store's learned (smallest) one: a daylight-saving shift,
# one hour nearly everywhere, two at most (Troll, Antarctica). A ticket whose POS wrote a wilder offset is
# left out of a day its time falls outside this range of.
DST_SHIFT_MIN = 120
_ANY_OFFSET_MIN = 24 * 60  # the widest offset a ticket's facts keep (store/facts.py)
_MINUTE_MS = 60_000
_ROWID_MINUTE = _MINUTE_MS << SLOT_BITS  # one minute, in rowid units


@dataclass(frozen=True, slots=True)
class DayPlan:
    """The rowid bounds of one :class:`StoreDays` filter, both ``[low, high)``: ``span`` holds every ticket it
    can match; ``local`` is the days themselves in rowids of store time (the exact test: rowid + offset)."""

    span: tuple[int, int]
    local: tuple[int, int]


def plan_days(days: StoreDays, offsets: Mapping[str, int] | None, locations: Sequence[str] = ()) -> DayPlan:
    """The plan of ``days`` for the stores ``locations`` (every store when empty), from each store's learned
    offset (``offsets``: location → minutes, as :data:`OFFSETS_SQL` reads them; None: not read)."""
    first_ms, end_ms = _ms(days.first), _ms(days.last + timedelta(days=1))
    if offsets is None:
        lowest, highest = -_ANY_OFFSET_MIN, _ANY_OFFSET_MIN
    else:
        chosen = (
            [offsets[name] for name in locations if name in offsets] if locations else [*offsets.values()]
        )
        unknown = not locations or any(name not in offsets for name in locations)  # shown in UTC
        lowest = min([*chosen, *([0] if unknown else [])])
        highest = max([*(offset + DST_SHIFT_MIN for offset in chosen), *([0] if unknown else [])])
    return DayPlan(
        span=(first_rowid(first_ms - highest * _MINUTE_MS), first_rowid(end_ms - lowest * _MINUTE_MS)),
        local=(first_rowid(first_ms), first_rowid(end_ms)),
    )


def day_clauses(plan: DayPlan, rid: str, shown_offset: str) -> tuple[list[str], list[object]]:
    """The WHERE clauses (AND-ed) of ``plan``: the rowid range, and the exact test of the rows in it.
    ``shown_offset`` is the backend's expression of the offset a ticket's store time is shown in (NULL:
    unknown, shown in UTC); ``rid`` the rowid expression the range filters use."""
    (low, high), (local_low, local_high) = plan.span, plan.local
    local = f"({rid} + CAST(coalesce({shown_offset}, 0) AS bigint) * {_ROWID_MINUTE})"
    return (
        [f"{rid} >= ?", f"{rid} < ?", f"{local} BETWEEN ? AND ?"],
        [low, high, local_low, local_high - 1],
    )


def _ms(day: date) -> int:
    return to_epoch_us(datetime.combine(day, time(0), tzinfo=UTC)) // 1000
