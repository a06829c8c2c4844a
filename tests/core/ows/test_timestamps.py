"""Timestamp parsing and formatting shared by users and tickets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows.errors import InvalidInputError
from ows_desktop.ows.timestamps import (
    format_iso_utc,
    from_epoch_us,
    is_sentinel_epoch,
    parse_cli_time,
    parse_timestamp,
    to_epoch_us,
)

DOC_EXAMPLE = datetime(2019, 10, 23, 20, 40, 36, tzinfo=UTC)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(["", " ", "Z", "1e999", "-", "/Date(", "/Date(12+0100)/", "2019-13-45T99:99:99Z"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
offset_objects = st.fixed_dictionaries(
    {},
    optional={
        "DateTime": json_values | st.datetimes().map(datetime.isoformat),
        "OffsetMinutes": json_values | st.integers(-2000, 2000),
    },
)
datetimes_1990_2100 = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda dt: dt.replace(tzinfo=UTC)
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1571863236, DOC_EXAMPLE),
        (1571863236000, DOC_EXAMPLE),  # the API document's "microseconds" example is really milliseconds
        (1571863236000000, DOC_EXAMPLE),
        (1571863236000000000, DOC_EXAMPLE),
        ("1571863236000", DOC_EXAMPLE),
        (" 1571863236000000 ", DOC_EXAMPLE),
        (1571863236.25, DOC_EXAMPLE.replace(microsecond=250000)),
        ("1571863236.25", DOC_EXAMPLE.replace(microsecond=250000)),
        ("2019-10-23T20:40:36Z", DOC_EXAMPLE),
        ("2019-10-23T22:40:36+02:00", DOC_EXAMPLE),
        ("2019-10-23T20:40:36", DOC_EXAMPLE),  # naive = UTC
        ("2019-10-23 20:40:36.1234567Z", DOC_EXAMPLE.replace(microsecond=123456)),
        ({"DateTime": "2019-10-23T16:40:36", "OffsetMinutes": -240}, DOC_EXAMPLE),
        ({"DateTime": "2019-10-23T22:10:36", "OffsetMinutes": "90"}, DOC_EXAMPLE),
        ({"DateTime": "2019-10-23T20:40:36Z", "OffsetMinutes": 300}, DOC_EXAMPLE),  # aware wins
        ({"DateTime": "2019-10-23T20:40:36"}, DOC_EXAMPLE),
        ("/Date(1571863236000)/", DOC_EXAMPLE),
        ("/Date(1571863236000+0200)/", DOC_EXAMPLE),
    ],
)
def test_parse_timestamp_known_shapes(value: object, expected: datetime) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        "",
        "   ",
        "yesterday",
        "2019-13-45",
        float("nan"),
        float("inf"),
        10**40,
        "9" * 40,
        [1571863236000],
        {"DateTime": None},
        {"DateTime": "2019-10-23T16:40:36", "OffsetMinutes": 99999},
        {"DateTime": {"DateTime": "2019-10-23"}},
        "/Date(abc)/",
    ],
)
def test_parse_timestamp_garbage_is_none(value: object) -> None:
    assert parse_timestamp(value) is None


@settings(deadline=None)
@given(json_values | offset_objects)
def test_parse_timestamp_never_raises(value: object) -> None:
    parsed = parse_timestamp(value)
    assert parsed is None or parsed.tzinfo is UTC


@settings(deadline=None)
@given(datetimes_1990_2100)
def test_epoch_units_are_told_apart_by_magnitude(dt: datetime) -> None:
    us = to_epoch_us(dt)
    whole_seconds = dt.replace(microsecond=0)
    whole_millis = dt.replace(microsecond=dt.microsecond // 1000 * 1000)
    assert parse_timestamp(us // 1_000_000) == whole_seconds
    assert parse_timestamp(us // 1_000) == whole_millis
    assert parse_timestamp(us) == dt
    assert parse_timestamp(us * 1_000) == dt
    assert parse_timestamp(str(us)) == dt
    assert parse_timestamp(str(us * 1_000 + 999)) == dt  # sub-microsecond nanoseconds are dropped


@settings(deadline=None)
@given(
    st.integers(min_value=-(10**11) + 1, max_value=10**11 - 1).map(lambda s: (s, s * 1_000_000))
    | st.integers(min_value=10**11, max_value=10**14 - 1).map(lambda ms: (ms, ms * 1_000))
    | st.integers(min_value=10**14, max_value=10**17 - 1).map(lambda us: (us, us))
)
def test_epoch_fast_path_agrees_with_exact_arithmetic(case: tuple[int, int]) -> None:
    """Both sides of the 2**32 s boundary (year 2106), where parsing switches from fromtimestamp to
    integer arithmetic, give the exact instant."""
    value, us = case
    try:
        expected = from_epoch_us(us)
    except OverflowError:
        expected = None
    if is_sentinel_epoch(value):  # 0, negatives and max-dates mean "no date" (issue #11)
        expected = None
    assert parse_timestamp(value) == expected


@settings(deadline=None)
@given(st.datetimes(timezones=st.just(UTC)))
def test_epoch_microseconds_round_trip(dt: datetime) -> None:
    assert from_epoch_us(to_epoch_us(dt)) == dt


@settings(deadline=None)
@given(datetimes_1990_2100)
def test_iso_format_round_trips(dt: datetime) -> None:
    text = format_iso_utc(dt)
    assert text.endswith("Z")
    assert parse_timestamp(text) == dt
    assert parse_cli_time(text) == dt


def test_to_epoch_us_examples() -> None:
    assert to_epoch_us(DOC_EXAMPLE) == 1571863236000000
    assert to_epoch_us(DOC_EXAMPLE.astimezone(timezone(timedelta(hours=-5)))) == 1571863236000000
    assert to_epoch_us(datetime(2019, 10, 23, 20, 40, 36)) == 1571863236000000  # naive = UTC
    assert from_epoch_us(1571863236000001) == DOC_EXAMPLE.replace(microsecond=1)


@pytest.mark.parametrize(
    ("dt", "text"),
    [
        (DOC_EXAMPLE, "2019-10-23T20:40:36Z"),
        (DOC_EXAMPLE.replace(microsecond=500000), "2019-10-23T20:40:36.5Z"),
        (DOC_EXAMPLE.replace(microsecond=1), "2019-10-23T20:40:36.000001Z"),
        (datetime(2019, 10, 23, 16, 40, 36, tzinfo=timezone(timedelta(hours=-4))), "2019-10-23T20:40:36Z"),
    ],
)
def test_format_iso_utc(dt: datetime, text: str) -> None:
    assert format_iso_utc(dt) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-10-23T20:40:36Z", DOC_EXAMPLE),
        ("2019-10-23T22:40:36+02:00", DOC_EXAMPLE),
        (" 2019-10-23T20:40:36.000+00:00 ", DOC_EXAMPLE),
        ("1571863236000000", DOC_EXAMPLE),  # epoch microseconds, digits only
    ],
)
def test_parse_cli_time_accepts(text: str, expected: datetime) -> None:
    assert parse_cli_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2019-10-23T20:40:36",  # no offset: ambiguous
        "2019-10-23",
        "yesterday",
        "",
        "-1571863236000000",
        "1571863236.5",
        "9" * 30,  # out of range
    ],
)
def test_parse_cli_time_rejects_with_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_cli_time(text)
    message = str(caught.value)
    assert "ISO 8601" in message
    assert "epoch microseconds" in message
    assert caught.value.exit_code == 2
