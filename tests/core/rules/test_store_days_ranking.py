"""The Exceptions view's days in each store's own time (times shown in store time): the ranking counts the
tickets of those calendar days at their own store, and a click on a count lists exactly those tickets — a
custom range meant this workstation's days, so a store at UTC+10:00 had a third of another day counted.

S1 is at UTC−05:00 and S2 at UTC+10:00 (the POS writes the offset); the day is 2026-03-02."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from review_helpers import tk

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.rules import RuleConfig, RuleRunner, rank_exceptions
from ows_desktop.store import TicketQuery, TicketStore
from ows_desktop.store.query import StoreDays

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

DAY = StoreDays(date(2026, 3, 2), date(2026, 3, 2))
# key → (store, operator, UTC time, its offset); "in": on the 2nd at its store
TICKETS = {
    "w1": ("S1", "Ana", "2026-03-03T02:00", -300, True),  # 21:00 on the 2nd at S1
    "w2": ("S1", "Ana", "2026-03-02T03:00", -300, False),  # 22:00 on the 1st
    "w3": ("S1", "Ana", "2026-03-02T15:00", -300, True),
    "e1": ("S2", "Ben", "2026-03-01T15:00", 600, True),  # 01:00 on the 2nd at S2
    "e2": ("S2", "Ben", "2026-03-02T15:00", 600, False),  # 01:00 on the 3rd
    "e3": ("S2", "Ben", "2026-03-02T05:00", 600, True),
}


@pytest.fixture
def store(store):
    tickets = []
    for key, (location, operator, at, offset, _on_day) in TICKETS.items():
        start = datetime.fromisoformat(at).replace(tzinfo=UTC)
        for status, suffix in (("no_sale", ""), ("sale", "-sale")):  # a no-sale's exception, and a clean sale
            tickets.append(
                tk(key + suffix, start=start, location=location, operator=operator, status=status,
                   lines=() if status == "no_sale" else None, offset_minutes=offset)
            )  # fmt: skip
    store.upsert_tickets(tickets)
    RuleRunner.from_settings({"rules/outside_hours/enabled": False}).run_all(store)  # the no-sales only
    return store


def test_a_ranking_over_store_days_counts_what_its_click_lists(store: TicketStore) -> None:
    on_day = {key for key, (*_, in_day) in TICKETS.items() if in_day}
    with store.reader() as reader:
        ranking = rank_exceptions(reader, None, None, config=RuleConfig(), min_tickets=0, days=DAY)
        assert ranking.days == DAY
        rows = {row.name: row for row in ranking.rows}
        assert set(rows) == {"Ana", "Ben"}
        for row in rows.values():
            flagged = list(reader.iter_rows(TicketQuery(**ranking.flagged_filter(row))))
            every = list(reader.iter_rows(TicketQuery(**ranking.filter(row))))
            assert row.flagged_tickets == len(flagged) == 2 and row.tickets == len(every) == 4, row.name
            assert {r.key for r in flagged} == {key for key in on_day if TICKETS[key][1] == row.name}
            assert {r.key.removesuffix("-sale") for r in every} == {r.key for r in flagged}
            for r in every:  # every row counted reads the 2nd in its store's time
                assert store_time_text(r.start, r.utc_offset_min).startswith("2026-03-02 "), r.key
        assert ranking.flagged_filter(rows["Ana"])["store_days"] == DAY
        # the same dates in UTC days count other tickets: w2 and e2, not w1 and e1
        utc = rank_exceptions(
            reader, datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 3, tzinfo=UTC), min_tickets=0
        )
        flagged = {
            r.key for row in utc.rows for r in reader.iter_rows(TicketQuery(**utc.flagged_filter(row)))
        }
        assert flagged == {"w2", "w3", "e2", "e3"} and "store_days" not in utc.filter(utc.rows[0])
