"""Store days (``TicketQuery.store_days``): a day is the calendar day each ticket's *store* reads, the day its
row shows (basics.store_time), however far apart the stores' zones are; both backends give the same answer.

Three stores: S058 at UTC−05:00 (two tickets written at −04:00, daylight time), S101 at UTC+10:00, and S777
whose tickets carry no offset (shown in UTC: its UTC day). The day asked for is 2026-12-06; tickets sit a
minute or a millisecond either side of each store's midnights."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.day_plan import DST_SHIFT_MIN, plan_days, shown_offsets, utc_ms
from ows_desktop.store.query import StoreDays, StoreDaysAgo
from ows_desktop.store.timekeys import bound_rowid, first_rowid

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

DAY = StoreDays(date(2026, 12, 6), date(2026, 12, 6))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# key → (store, start as the POS wrote it; a naive time is written without an offset, in UTC)
TICKETS = {
    "A": ("S058", "2026-12-05T19:51:35-05:00"),  # the tester's: 00:51 UTC on the 6th, the 5th at the store
    "B": ("S058", "2026-12-06T21:58:00-05:00"),  # the tester's: 02:58 UTC on the 7th, the 6th at the store
    "C": ("S058", "2026-12-06T00:00:00.000-05:00"),  # the day's first millisecond
    "D": ("S058", "2026-12-05T23:59:59.999-05:00"),  # the day before's last
    "E": ("S058", "2026-12-07T00:30:00-04:00"),  # its own offset (daylight time): the 7th
    "F": ("S058", "2026-12-07T04:30:00"),  # same instant, no offset of its own: −05:00 learned, the 6th
    "M": ("S058", "2026-12-06T00:30:00-04:00"),  # daylight time: the 6th (at −05:00 it would be the 5th)
    "G": ("S101", "2026-12-06T00:10:00+10:00"),  # 14:10 UTC on the 5th
    "H": ("S101", "2026-12-05T23:50:00+10:00"),
    "I": ("S101", "2026-12-06T23:59:00+10:00"),
    "J": ("S101", "2026-12-07T00:01:00+10:00"),  # 14:01 UTC on the 6th: the 7th at the store
    "K": ("S777", "2026-12-06T00:30:00"),  # no offset known for its store: its UTC day
    "L": ("S777", "2026-12-05T23:30:00"),
}
ON_THE_DAY = {"B", "C", "F", "M", "G", "I", "K"}


def ticket(key: str, location: str, written: str) -> Ticket:
    start = at(written)
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    return Ticket(
        key=key,
        id=key,
        location=location,
        terminal="POS 1",
        start=start,
        persisted=start + timedelta(seconds=5),
        total=10.0,
        status="sale",
        lines=(LineItem(description="Chocolate bar" if key in "ABFGJK" else "Bananas", sku="SKU1"),),
        raw={"id": key, "startDate": written},
    )


@pytest.fixture
def store(store):
    store.upsert_tickets([ticket(key, *where) for key, where in TICKETS.items()])
    return store


def keys(rows) -> set[str]:
    return {row.key for row in rows}


def shown_day(row) -> str:
    """The day the row's time reads in the store's time (the receipt table's Time column)."""
    return store_time_text(row.start or row.time, row.utc_offset_min)[:10]


def test_a_store_day_is_the_day_each_tickets_row_shows_in_every_zone(store):
    with store.reader() as reader:
        everything = reader.page(TicketQuery(), 100)[0]
        assert {row.key: shown_day(row) for row in everything} == {
            "A": "2026-12-05", "B": "2026-12-06", "C": "2026-12-06", "D": "2026-12-05", "E": "2026-12-07",
            "F": "2026-12-06", "G": "2026-12-06", "H": "2026-12-05", "I": "2026-12-06", "J": "2026-12-07",
            "K": "2026-12-06", "L": "2026-12-05", "M": "2026-12-06",
        }  # fmt: skip
        query = TicketQuery(store_days=DAY)
        rows, more = reader.page(query, 100)
        assert keys(rows) == ON_THE_DAY and more is None
        assert [row.rowid for row in rows] == sorted(
            (row.rowid for row in rows), reverse=True
        )  # newest first
        assert reader.count(query) == len(ON_THE_DAY) == reader.count(query, cap=100)
        assert set(reader.ids(query)) == {row.rowid for row in rows}
        # page by page (keyset paging keeps the filter), oldest first
        ascending = TicketQuery(store_days=DAY, descending=False)
        paged, after = [], None
        while True:
            page, after = reader.page(ascending, 2, after)
            paged += page
            if after is None:
                break
        assert [row.key for row in paged] == [row.key for row in reversed(rows)]


def test_a_store_day_narrows_with_the_other_filters(store):
    with store.reader() as reader:
        for locations, expected in (
            (("S058",), {"B", "C", "F", "M"}),
            (("S101",), {"G", "I"}),
            (("S777",), {"K"}),
            (("S058", "S777"), {"B", "C", "F", "M", "K"}),
            (("nowhere",), set()),
        ):
            query = TicketQuery(store_days=DAY, locations=locations)
            assert keys(reader.page(query, 100)[0]) == expected, locations
            assert reader.count(query) == len(expected)
        # the text search (SQLite: the FTS index drives, counted without the ticket rows otherwise)
        chocolate = TicketQuery(text="chocolate", store_days=DAY)
        assert keys(reader.page(chocolate, 100)[0]) == {"B", "F", "G", "K"}
        assert reader.count(chocolate) == 4 and len(reader.ids(chocolate)) == 4
        # two days, and a time range AND-ed with them
        two = TicketQuery(store_days=StoreDays(date(2026, 12, 5), date(2026, 12, 6)))
        assert keys(reader.page(two, 100)[0]) == set(TICKETS) - {"E", "J"}
        after_noon = TicketQuery(store_days=DAY, start=at("2026-12-06T12:00:00+00:00"))
        assert keys(reader.page(after_noon, 100)[0]) == {"B", "F", "I"}
        for row in reader.page(TicketQuery(store_days=DAY), 100)[0]:
            assert shown_day(row) == "2026-12-06"


def test_the_days_range_is_each_stores_own_span_of_utc_time():
    """Fast: the rows tested are those of one rowid range, the chosen stores' days at their offsets (and
    the daylight-time hour or two above them) — not every row, not every zone's."""
    offsets = {"S058": -300, "S101": 600}
    s058 = plan_days(DAY, offsets, ("S058",))
    start, end = at("2026-12-06T05:00:00+00:00"), at("2026-12-07T05:00:00+00:00")
    assert s058.span == (bound_rowid(start - timedelta(minutes=DST_SHIFT_MIN)), bound_rowid(end))
    s101 = plan_days(DAY, offsets, ("S101",))
    start, end = at("2026-12-05T14:00:00+00:00"), at("2026-12-06T14:00:00+00:00")
    assert s101.span == (bound_rowid(start - timedelta(minutes=DST_SHIFT_MIN)), bound_rowid(end))
    # every store: from S101's midnight (and its daylight hours) to S058's; a store of unknown zone: UTC's
    every = plan_days(DAY, offsets)
    assert every.span == (s101.span[0], s058.span[1])
    assert plan_days(DAY, offsets, ("S777",)).span == (
        bound_rowid(datetime(2026, 12, 6, tzinfo=UTC)),
        bound_rowid(datetime(2026, 12, 7, tzinfo=UTC)),
    )
    assert plan_days(DAY, offsets).local == plan_days(DAY, {}).local  # the test itself: store time
    # S058's tickets between its midnights at −05:00 and −03:00 are on the day whatever their offset: only
    # those in the two hours either side have theirs read
    (band,) = s058.bands
    start, end = at("2026-12-06T05:00:00+00:00"), at("2026-12-07T05:00:00+00:00")
    assert (band.offset, band.locations) == (-300, ("S058",)) and band.span == s058.span
    assert band.sure == (bound_rowid(start), bound_rowid(end - timedelta(minutes=DST_SHIFT_MIN)))
    assert [b.locations for b in every.bands] == [("S058",), ("S101",)] and s058.utc == (0, 0)


def test_the_sqlite_cache_reads_one_rowid_range_through_its_indexes(tmp_path):
    """No function over every row: the exact test runs on the rows of the range the rowid (or the store
    index, which ends in the rowid) finds; a count reads the store index a range a store."""
    import sqlite3

    from ows_desktop.store import open_store
    from ows_desktop.store.query_sql import compile_query

    path = tmp_path / "plan.sqlite3"
    open_store(path).close()
    offsets = {"S058": -300, "S101": 600}
    with sqlite3.connect(path) as conn:
        for locations, used in (
            ((), "SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"),
            (
                ("S058",),
                "SEARCH t USING COVERING INDEX tickets_location (location=? AND rowid>? AND rowid<?)",
            ),
        ):
            query = TicketQuery(store_days=DAY, locations=locations)
            compiled = compile_query(query, days=plan_days(DAY, offsets, locations))
            sql = (
                f"EXPLAIN QUERY PLAN SELECT 1 {compiled.source} WHERE {' AND '.join(compiled.where)} "
                f"ORDER BY {compiled.order_by(query.sort, query.descending)} LIMIT 10"
            )
            assert conn.execute(sql, compiled.params).fetchall()[0][3] == used
        # a count: each band's stores over its ranges, from the store index alone (a range a store)
        plan = plan_days(DAY, offsets, (), stores=("S058", "S101", "S777"))
        compiled = compile_query(TicketQuery(store_days=DAY), rows=False, counting=True, days=plan)
        sql = f"EXPLAIN QUERY PLAN SELECT count(*) FROM (SELECT 1 {compiled.source} WHERE {' AND '.join(compiled.where)})"
        steps = [row[3] for row in conn.execute(sql, compiled.params)]
        assert steps[0] == "MULTI-INDEX OR" and "SCAN t" not in steps, steps
        assert (
            steps.count("SEARCH t USING COVERING INDEX tickets_location (location=? AND rowid>? AND rowid<?)")
            == 7
        )
    conn.close()


def test_store_days_are_checked():
    with pytest.raises(ValueError, match="before it starts"):
        StoreDays(date(2026, 12, 6), date(2026, 12, 5))
    with pytest.raises(TypeError):
        StoreDays(datetime(2026, 12, 6), date(2026, 12, 6))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        TicketQuery(store_days=(date(2026, 12, 6), date(2026, 12, 6)))  # type: ignore[arg-type]


# -- days counted back from each store's today (the filter's Today, Yesterday, Last 7 days in store time) ------

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 21:00 on the 6th at S058 (−05:00), 12:00 on the 7th at S101
AGO = {  # days back from each store's today → the tickets on them
    (0, 0): {"B", "C", "F", "M", "J"},  # S058's 6th, S101's 7th, S777's (UTC) 7th: none
    (1, 1): {"A", "D", "G", "I", "K"},
    (6, 0): set(TICKETS) - {"E"},  # E: the 7th at −04:00, a day after its store's today (the 6th there)
}


def test_today_is_each_stores_own_today_whatever_this_workstations_date(store):
    """At 02:00 UTC on the 7th a store at UTC−05:00 is still on the 6th: its Today is the 6th, while a store
    at UTC+10:00 is on the 7th. Every row listed reads its store's today (minus the days back)."""
    with store.reader() as reader:
        for (first, last), expected in AGO.items():
            query = TicketQuery(store_days=StoreDaysAgo(NOW, first, last))
            rows, more = reader.page(query, 100)
            assert keys(rows) == expected and more is None, (first, last)
            assert (
                reader.count(query) == len(expected) == reader.count(query, cap=100) == len(reader.ids(query))
            )
            for row in rows:
                today = (NOW + timedelta(minutes=row.utc_offset_min or 0)).date()
                back = (today - date.fromisoformat(shown_day(row))).days
                assert last <= back <= first, (row.key, shown_day(row))
        today = StoreDaysAgo(NOW, 0, 0)
        assert keys(reader.page(TicketQuery(store_days=today, locations=("S058",)), 100)[0]) == {
            "B",
            "C",
            "F",
            "M",
        }
        assert keys(reader.page(TicketQuery(store_days=today, locations=("S101",)), 100)[0]) == {"J"}
        assert keys(reader.page(TicketQuery(text="chocolate", store_days=today), 100)[0]) == {"B", "F", "J"}
        assert reader.count(TicketQuery(text="chocolate", store_days=today)) == 3
        # oldest first, page by page
        ascending, paged, after = TicketQuery(store_days=StoreDaysAgo(NOW, 6, 0), descending=False), [], None
        while True:
            page, after = reader.page(ascending, 3, after)
            paged += page
            if after is None:
                break
        assert keys(paged) == AGO[(6, 0)] and [r.rowid for r in paged] == sorted(r.rowid for r in paged)


@pytest.mark.parametrize("hour", [2, 4.5, 5, 14.25, 23.99])
def test_the_span_of_days_counted_from_today_holds_every_offset_a_ticket_can_show(hour):
    """The rowid range read is exactly the union of the days at every offset the stores' tickets can be
    read in (a store's learned offset and the daylight hours above it), and each band's sure range the rows
    on the days at every one of them."""
    offsets = {"S058": -300, "S101": 600}
    now = datetime(2026, 12, 7, tzinfo=UTC) + timedelta(hours=hour)
    for back in ((0, 0), (1, 1), (6, 0)):
        days = StoreDaysAgo(now, *back)
        for locations in ((), ("S058",), ("S101", "S777")):
            plan = plan_days(days, offsets, locations)
            every = [
                utc_ms(days, offset)
                for low, high in shown_offsets(offsets, locations)
                for offset in range(low, high + 1)
            ]
            low_ms, high_ms = min(low for low, _ in every), max(high for _, high in every)
            assert plan.span == (first_rowid(low_ms), first_rowid(high_ms))
            for band in plan.bands:
                ranges = [
                    utc_ms(days, offset) for offset in range(band.offset, band.offset + DST_SHIFT_MIN + 1)
                ]
                assert band.span == (
                    first_rowid(min(low for low, _ in ranges)),
                    first_rowid(max(high for _, high in ranges)),
                )
                assert band.sure == (
                    first_rowid(max(low for low, _ in ranges)),
                    first_rowid(min(high for _, high in ranges)),
                )


def test_a_count_reads_every_store_as_the_list_does(store):
    """A count (SQLite: a range a store through the store index) counts what the list lists, a ticket with
    no store and those of a store never given an offset too (their UTC day)."""
    store.upsert_tickets(
        [ticket("X", None, "2026-12-06T23:00:00"), ticket("Y", "S900", "2026-12-06T01:00:00")]
    )
    with store.reader() as reader:
        for days in (DAY, StoreDaysAgo(NOW, 0, 0), StoreDaysAgo(NOW, 1, 1), StoreDaysAgo(NOW, 6, 0)):
            for locations in ((), ("S058",), ("S900", "S101"), ("",)):
                query = TicketQuery(store_days=days, locations=locations)
                listed = keys(reader.page(query, 100)[0])
                assert reader.count(query) == len(listed) == reader.count(query, cap=100), (days, locations)
        for days in (DAY, StoreDaysAgo(NOW, 1, 1)):  # the 6th in UTC, as their rows show
            assert {"X", "Y"} <= keys(reader.page(TicketQuery(store_days=days), 100)[0])
            assert keys(reader.page(TicketQuery(store_days=days, locations=("",)), 100)[0]) == {"X"}


def test_an_offset_wilder_than_daylight_time_is_read_as_its_stores(store):
    """A POS at S058 (UTC−05:00) that wrote +03:00: its ticket's day is read at S058's daylight time at most
    (−03:00), in list and count alike; its row shows the offset written."""
    store.upsert_tickets([ticket("W", "S058", "2026-12-07T01:00:00+03:00")])  # 22:00 UTC on the 6th
    with store.reader() as reader:
        (row,) = [r for r in reader.page(TicketQuery(locations=("S058",)), 100)[0] if r.key == "W"]
        assert shown_day(row) == "2026-12-07"
        query = TicketQuery(store_days=DAY)
        assert (
            keys(reader.page(query, 100)[0]) == ON_THE_DAY | {"W"}
            and reader.count(query) == len(ON_THE_DAY) + 1
        )


def test_a_stores_clock_is_the_offset_its_newest_ticket_shows(store):
    """What the window names each store's today by (the line above the list): in daylight time its newest
    ticket's offset, not the standard one learned for it; a store of unknown zone is not listed."""
    store.upsert_tickets(
        [ticket("N", "S058", "2026-12-08T10:00:00-04:00"), ticket("P", "S101", "2026-12-08T10:00:00")]
    )
    with store.reader() as reader:  # S101's newest has no offset of its own: the one learned for S101
        assert reader.store_offsets() == {"S058": -240, "S101": 600}


def test_days_ago_are_checked():
    with pytest.raises(ValueError, match="first >= last"):
        StoreDaysAgo(NOW, 0, 1)
    with pytest.raises(TypeError, match="aware"):
        StoreDaysAgo(datetime(2026, 12, 7), 0, 0)
