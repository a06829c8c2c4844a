"""The cursor's and the writer's bookkeeping take a page's oldest and newest persist time in epoch µs
(sync/scheduler.py ``persisted_span_us``): by comparing the datetimes and converting two, the same as
converting every one, also across time zones and for naive datetimes (taken as UTC), which do not compare
with aware ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from ows_desktop.ows.model import Ticket
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.sync.scheduler import persisted_span_us

MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), None]),
)


@given(st.lists(st.one_of(st.none(), MOMENTS), max_size=8))
def test_the_span_is_the_span_of_every_time_converted(times: list[datetime | None]) -> None:
    tickets = [Ticket(key=f"T{n}", persisted=moment) for n, moment in enumerate(times)]
    each = [to_epoch_us(moment) for moment in times if moment is not None]
    assert persisted_span_us(tickets) == ((min(each), max(each)) if each else None)


def test_naive_and_aware_times_together() -> None:
    aware = datetime(2026, 12, 5, 12, 0, tzinfo=timezone(timedelta(hours=2)))  # 10:00 UTC
    naive = datetime(2026, 12, 5, 11, 0)  # taken as UTC
    tickets = [Ticket(key="a", persisted=aware), Ticket(key="b"), Ticket(key="n", persisted=naive)]
    assert persisted_span_us(tickets) == (to_epoch_us(aware), to_epoch_us(naive))
