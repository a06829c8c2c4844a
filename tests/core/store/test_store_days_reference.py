"""Store days against a straightforward reference: each ticket's day read in Python from its own offset (kept
within the daylight hours above its store's learned offset, the smallest seen there; a store of unknown zone
in UTC), at many moments around each zone's midnight — where a band's stores' today depends on each
ticket's own offset (day_plan.py: the band split at that midnight) — for the list, the count and the capped
count, on both backends (the team store sums one count a store term: postgres/day_counts.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.day_plan import DST_SHIFT_MIN
from ows_desktop.store.query import DaySpan, StoreDays, StoreDaysAgo

pytestmark = pytest.mark.both_backends

# store → the offsets its POS writes, in turn (None: none written); a store whose POS writes none has no zone
STORES = {
    "P": (-480, None, -420, -480, -360, 60),  # UTC−08:00, daylight −07:00, −06:00 (two hours), a wild +01:00
    "E": (-300, -240, None),  # UTC−05:00
    "T": (600, 660, None),  # UTC+10:00
    "U": (None,),  # zone not known: UTC
}
FIRST = datetime(2026, 12, 4, 0, 7, tzinfo=UTC)
STEP = timedelta(minutes=23)  # a ticket at each store every 23 minutes for 5 days
COUNT = 5 * 24 * 60 // 23


def written(moment: datetime, offset: int | None) -> str:
    if offset is None:
        return moment.replace(tzinfo=None).isoformat(timespec="milliseconds")
    return moment.astimezone(UTC).astimezone(_zone(offset)).isoformat(timespec="milliseconds")


def _zone(offset: int):  # type: ignore[no-untyped-def]
    from datetime import timezone

    return timezone(timedelta(minutes=offset))


def tickets() -> dict[str, tuple[str, datetime, int | None]]:
    """key → (store, UTC time, the offset its POS wrote)."""
    found = {}
    for location, offsets in STORES.items():
        for i in range(COUNT):
            moment = FIRST + STEP * i + timedelta(minutes=len(found) % 7)
            found[f"{location}{i}"] = (location, moment, offsets[i % len(offsets)])
    return found


TICKETS = tickets()
LEARNED = {
    location: min(o for o in offsets if o is not None)
    for location, offsets in STORES.items()
    if any(o is not None for o in offsets)
}


def reference(days: DaySpan, locations: tuple[str, ...]) -> set[str]:
    """The tickets on ``days``, read the plain way: each one's day on its own clock."""
    kept = set()
    for key, (location, moment, own) in TICKETS.items():
        if locations and location not in locations:
            continue
        if location in LEARNED:
            low = LEARNED[location]
            offset = min(max(low if own is None else own, low), low + DST_SHIFT_MIN)
        else:
            offset = 0
        day = (moment + timedelta(minutes=offset)).date()
        if isinstance(days, StoreDays):
            kept |= {key} if days.first <= day <= days.last else set()
        else:
            back = ((days.now + timedelta(minutes=offset)).date() - day).days
            kept |= {key} if days.last <= back <= days.first else set()
    return kept


@pytest.fixture
def store(store):
    store.upsert_tickets(
        [
            Ticket(
                key=key, id=key, location=location, terminal="POS 1", start=moment,
                persisted=moment + timedelta(seconds=5), total=10.0, status="sale",
                lines=(LineItem(description="Bananas", sku="SKU1"),),
                raw={"id": key, "startDate": written(moment, own)},
            )
            for key, (location, moment, own) in TICKETS.items()
        ]
    )  # fmt: skip
    return store


DAY = datetime(2026, 12, 6, tzinfo=UTC)
# moments around each zone's midnight (its standard 22:00 to 00:00, when its daylight clocks are past it,
# the band's today then depends on each ticket's offset), just after it, and at midday
MOMENTS = [
    DAY + timedelta(hours=h, minutes=m)
    for h, m in ((6, 0), (6, 1), (7, 0), (7, 30), (7, 59), (8, 0), (8, 30), (3, 30), (4, 59), (12, 30), (13, 59),
                 (18, 0), (23, 0), (0, 0))
]  # fmt: skip
BACK = ((0, 0), (1, 1), (2, 1), (6, 0))
CHOSEN = ((), ("P",), ("P", "U"), ("E", "T"))


def test_days_counted_back_from_each_stores_today_match_the_reference(store):
    with store.reader() as reader:
        for now in MOMENTS:
            for back in BACK:
                days = StoreDaysAgo(now, *back)
                for locations in CHOSEN:
                    expected = reference(days, locations)
                    query = TicketQuery(store_days=days, locations=locations)
                    rows, more = reader.page(query, 2000)
                    where = (now.isoformat(), back, locations)
                    assert {row.key for row in rows} == expected and more is None, where
                    assert reader.count(query) == len(expected), where
                    assert reader.count(query, cap=40) == min(len(expected), 40), where


def test_chosen_days_match_the_reference(store):
    with store.reader() as reader:
        for first, last in ((date(2026, 12, 6), date(2026, 12, 6)), (date(2026, 12, 5), date(2026, 12, 7))):
            for locations in CHOSEN:
                expected = reference(StoreDays(first, last), locations)
                query = TicketQuery(store_days=StoreDays(first, last), locations=locations)
                assert {row.key for row in reader.page(query, 2000)[0]} == expected, (first, locations)
                assert reader.count(query) == len(expected) == reader.count(query, cap=5000)
                assert reader.count(query, cap=40) == min(len(expected), 40)


def test_near_a_stores_midnight_a_rows_side_of_it_decides_and_its_day_is_computed_only_at_the_ends():
    """At 07:30 UTC the UTC−08:00 band's clocks read 23:30 (−08:00) to 01:30 (−06:00): below the turn (−07:30)
    today is the 5th, from it the 6th. Where a row is on its side's day at every offset of that side and off
    the other side's days, one comparison of its offset decides it; its day is computed (TEST) only within
    the daylight hours at the ends of each side's day — not over the band's whole two-day span."""
    from ows_desktop.store.day_plan import ABOVE, BELOW, TEST, plan_days
    from ows_desktop.store.timekeys import first_rowid

    hour = first_rowid(3_600_000)
    (band,) = plan_days(StoreDaysAgo(DAY + timedelta(hours=7, minutes=30), 0, 0), {"P": -480}).bands
    assert band.turn == -450
    assert band.span == (
        first_rowid(_ms(DAY - timedelta(hours=16, minutes=29))),
        first_rowid(_ms(DAY + timedelta(hours=31, minutes=30))),
    )
    tested = sum(high - low for low, high, how in band.pieces if how == TEST)
    assert tested <= 4 * hour  # each side's daylight hours at each end of its day: 29 + 90 + 29 + 90 min
    sides = {how: (low, high) for low, high, how in band.pieces if how in (BELOW, ABOVE)}
    assert sides == {
        BELOW: (first_rowid(_ms(DAY - timedelta(hours=16))), first_rowid(_ms(DAY + timedelta(hours=6)))),
        ABOVE: (first_rowid(_ms(DAY + timedelta(hours=8))), first_rowid(_ms(DAY + timedelta(hours=30)))),
    }
    # at 18:00 every clock of the band is on the 6th: its sure day, tested only in the daylight hours at its ends
    (band,) = plan_days(StoreDaysAgo(DAY + timedelta(hours=18), 0, 0), {"P": -480}).bands
    assert band.turn is None and {how for *_, how in band.pieces} == {"in", TEST}


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)
