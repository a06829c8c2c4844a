"""Integer epochs take a short path in parse_timestamp (ms and µs from 1978 to 2106): it must give exactly
what the general rules give, sentinel dates included, at and around every edge of that path."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows import timestamps
from ows_desktop.ows.timestamps import parse_timestamp


def general(value: int) -> datetime | None:
    """The rules without the short path: by magnitude, sentinels (year >= 9000 in any unit, <= 0) None."""
    return timestamps._from_epoch_number(value)


EDGES = [
    edge + delta
    for edge in (
        *timestamps._SENTINEL_BANDS[0],
        *timestamps._SENTINEL_BANDS[1],
        *timestamps._SENTINEL_BANDS[2],
        10**11,
        10**14,
        10**17,
        2**32 * 1_000,
        2**32 * 1_000_000,
        0,
    )
    for delta in (-1, 0, 1)
]


def test_the_edges_of_the_short_path_read_as_the_general_rules_say() -> None:
    for value in EDGES:
        assert parse_timestamp(value) == general(value), value


def test_a_sentinel_in_seconds_is_no_date_even_where_milliseconds_would_be_a_1970s_date() -> None:
    year_9999_in_seconds = 253_402_300_000  # in the millisecond band by magnitude: would read as 1978
    assert parse_timestamp(year_9999_in_seconds) is None
    assert parse_timestamp(1_795_176_814_126) == datetime(2026, 11, 20, 12, 13, 34, 126_000, tzinfo=UTC)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.integers(-(2**64), 2**64), st.integers(10**11, 10**16), st.sampled_from(EDGES)))
def test_any_integer_epoch_reads_as_the_general_rules_say(value: int) -> None:
    assert parse_timestamp(value) == general(value)
