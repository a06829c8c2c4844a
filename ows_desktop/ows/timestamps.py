"""The one place timestamps are parsed and formatted, for users and tickets alike.

OWS is inconsistent about time: the API document says "microseconds from epoch" while its own example
(``createdDate: 1571863236000``) is milliseconds, and POS tickets arrive as ISO 8601 strings or .NET-style
``{"DateTime": ..., "OffsetMinutes": ...}`` objects. :func:`parse_timestamp` accepts all of them and always
returns a UTC-aware ``datetime`` (or None); nothing in here raises on server data.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from ows_desktop.ows.errors import InvalidInputError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)

# Epoch magnitude bands. Dates between 1973 and 5138 fall cleanly into one band each:
# seconds < 1e11 <= milliseconds < 1e14 <= microseconds < 1e17 <= nanoseconds.
_MAX_SECONDS = 10**11
_MAX_MILLIS = 10**14
_MAX_MICROS = 10**17

# Up to 2**32 s (year 2106) the float quotient ``value / per_second`` is within half a microsecond of
# the exact one, so datetime.fromtimestamp (which rounds to the nearest microsecond) is exact there,
# and twice as fast as the integer timedelta arithmetic used everywhere else.
_FAST_LIMIT_SECONDS = 2**32
_INFINITY = math.inf
_fromtimestamp = datetime.fromtimestamp

# Sentinels: OWS-style "no date" values are 0, negatives, and max-dates (9999-12-31) in any epoch unit.
# A number that reads as a year from 9000 on in *some* unit is such a max-date, whichever unit its magnitude
# suggests (a year-9999 value in milliseconds is in the microsecond band and would otherwise read as 1978).
SENTINEL_YEAR = 9000
_SENTINEL_SECONDS = (
    int((datetime(SENTINEL_YEAR, 1, 1, tzinfo=UTC) - EPOCH).total_seconds()),
    int((datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC) - EPOCH).total_seconds()) + 1,
)
_SENTINEL_BANDS = tuple(
    (_SENTINEL_SECONDS[0] * per_second, _SENTINEL_SECONDS[1] * per_second)
    for per_second in (1, 1_000, 1_000_000, 1_000_000_000)
)
# The same bands unpacked: tested with chained comparisons, not a generator (every ticket time passes here).
(_S_LO, _S_HI), (_MS_LO, _MS_HI), (_US_LO, _US_HI), (_NS_LO, _NS_HI) = _SENTINEL_BANDS

# Integer epochs in these ranges are plain milliseconds / microseconds (1978-2106): no sentinel band of any
# unit overlaps them and they are below the fast limit, so parse_timestamp converts them at once (every
# ticket carries several; the general path below gives the same datetime).
_MS_FAST_LO, _MS_FAST_HI = max(_MAX_SECONDS, _S_HI), min(_MAX_MILLIS, _FAST_LIMIT_SECONDS * 1_000, _MS_LO)
_US_FAST_LO, _US_FAST_HI = max(_MAX_MILLIS, _MS_HI), min(_MAX_MICROS, _FAST_LIMIT_SECONDS * 1_000_000, _US_LO)
# The same ranges for the normaliser's planned readers (ows/key_plans.py), which inline this conversion.
FAST_EPOCH_MS = (_MS_FAST_LO, _MS_FAST_HI)
FAST_EPOCH_US = (_US_FAST_LO, _US_FAST_HI)

_NUMERIC_CHARS = frozenset("0123456789+-.eE")
_DOTNET_DATE_PREFIX = "/Date("

CLI_TIME_FORMS = (
    "ISO 8601 with a UTC offset or Z (e.g. 2024-05-01T09:00:00Z or 2024-05-01T09:00:00+02:00), "
    "or epoch microseconds (digits only, e.g. 1714554000000000)"
)


def parse_timestamp(value: Any) -> datetime | None:
    """Parse any timestamp shape OWS sends into a UTC-aware datetime; None for missing or garbage.

    Accepts epoch numbers (int, float or numeric string) in seconds, milliseconds, microseconds or
    nanoseconds, chosen by magnitude; ISO 8601 strings (``Z``, an offset, or naive meaning UTC); .NET
    ``/Date(ms)/`` strings; and ``{"DateTime": iso, "OffsetMinutes": n}`` objects, where a naive DateTime
    is local time at that offset. Never raises.
    """
    kind = type(value)
    if kind is int:
        if _MS_FAST_LO <= value < _MS_FAST_HI:
            return _fromtimestamp(value / 1_000, UTC)
        if _US_FAST_LO <= value < _US_FAST_HI:
            return _fromtimestamp(value / 1_000_000, UTC)
        return _from_epoch_number(value)
    if kind is str:
        return _parse_string(value)
    if kind is float:
        return _from_epoch_number(value)
    if kind is dict:
        return _parse_offset_object(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch_number(value)
    if isinstance(value, str):
        return _parse_string(str(value))
    if isinstance(value, dict):
        return _parse_offset_object(value)
    return None


def to_epoch_us(dt: datetime) -> int:
    """Microseconds since the Unix epoch (exact integer arithmetic). A naive datetime is taken as UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return (dt - EPOCH) // _ONE_US


def from_epoch_us(us: int) -> datetime:
    """The UTC-aware datetime ``us`` microseconds after the epoch. Raises OverflowError out of range."""
    return EPOCH + timedelta(microseconds=us)


def format_iso_utc(dt: datetime) -> str:
    """``2019-10-23T20:40:36Z``; fractional seconds only when nonzero (trailing zeros dropped).

    A naive datetime is taken as UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    utc = dt.astimezone(UTC).replace(tzinfo=None)
    if utc.microsecond:
        return utc.isoformat(timespec="microseconds").rstrip("0") + "Z"
    return utc.isoformat(timespec="seconds") + "Z"


def parse_cli_time(text: str) -> datetime:
    """Parse a time typed by a user: ISO 8601 with an offset or Z, or epoch microseconds (digits only).

    Unlike :func:`parse_timestamp` this is strict, because guessing a user's time zone or epoch unit
    silently shifts the sync window. Raises InvalidInputError naming the accepted forms."""
    if not isinstance(text, str):
        raise InvalidInputError(f"Expected a time as text; accepted forms: {CLI_TIME_FORMS}.")
    stripped = text.strip()
    shown = stripped if len(stripped) <= 40 else stripped[:40] + "…"
    if stripped.isascii() and stripped.isdigit():
        try:
            return from_epoch_us(int(stripped))
        except (OverflowError, ValueError):
            raise InvalidInputError(
                f"Time {shown!r} is out of range; accepted forms: {CLI_TIME_FORMS}."
            ) from None
    try:
        parsed = datetime.fromisoformat(stripped)
    except ValueError:
        raise InvalidInputError(f"Cannot read time {shown!r}; accepted forms: {CLI_TIME_FORMS}.") from None
    if parsed.tzinfo is None:
        raise InvalidInputError(
            f"Time {shown!r} has no UTC offset, so it is ambiguous; accepted forms: {CLI_TIME_FORMS}."
        )
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise InvalidInputError(
            f"Time {shown!r} is out of range; accepted forms: {CLI_TIME_FORMS}."
        ) from None


def is_sentinel_epoch(value: int | float) -> bool:
    """True for a "no date" epoch number: <= 0, or a year from 9000 on in seconds, ms, µs or ns."""
    return (
        value <= 0
        or _S_LO <= value < _S_HI
        or _MS_LO <= value < _MS_HI
        or _US_LO <= value < _US_HI
        or _NS_LO <= value < _NS_HI
    )


def is_sentinel_date(moment: datetime | None) -> bool:
    """True for a parsed date that stands for "none": at or before the epoch, or from year 9000 on."""
    if moment is None:
        return True
    return moment.year >= SENTINEL_YEAR or moment <= EPOCH


def local_wall_time(moment: datetime | None, offset_min: int | float | None) -> datetime | None:
    """The naive wall-clock time at a fixed UTC offset, or None when unknown or out of range (a ticket
    dated year 1 or 9999 at a store behind or ahead of UTC). Never raises."""
    if moment is None or offset_min is None:
        return None
    try:
        utc = moment.astimezone(UTC) if moment.tzinfo is not None else moment
        return (utc + timedelta(minutes=offset_min)).replace(tzinfo=None)
    except (OverflowError, ValueError, TypeError):
        return None


def in_zone(moment: datetime, tz: Any) -> datetime | None:
    """``moment`` in zone ``tz`` (None: the system's zone), or None when that leaves the calendar (a ticket
    dated year 1 seen west of UTC, or 9999 east of it). Never raises."""
    try:
        return moment.astimezone(tz)
    except (OverflowError, ValueError, OSError):
        return None


def shifted(moment: datetime, delta: timedelta) -> datetime | None:
    """``moment + delta``, or None when that leaves the representable range (years 1..9999)."""
    try:
        return moment + delta
    except OverflowError:
        return None


def _from_epoch_number(value: int | float) -> datetime | None:
    if not -_INFINITY < value < _INFINITY:  # NaN and infinities
        return None
    if is_sentinel_epoch(value):
        return None
    magnitude = value
    if magnitude < _MAX_SECONDS:
        per_second = 1
    elif magnitude < _MAX_MILLIS:
        per_second = 1_000
    elif magnitude < _MAX_MICROS:
        per_second = 1_000_000
    else:
        per_second = 1_000_000_000
    if 0 <= value < _FAST_LIMIT_SECONDS * per_second and per_second <= 1_000_000:
        return _fromtimestamp(value / per_second, UTC)
    # Integers exactly (nanoseconds truncated); floats to the nearest microsecond.
    us = value * 1_000_000 // per_second if type(value) is int else round(value * (1_000_000 / per_second))
    try:
        return from_epoch_us(us)
    except OverflowError:
        return None


def _parse_string(text: str) -> datetime | None:
    if len(text) > 10 and text[4] == "-":  # fast path for the common "YYYY-MM-DDThh:mm:ss..." form
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return _as_utc(parsed)
    text = text.strip()
    if not text:
        return None
    number = _numeric_string(text)
    if number is not None:
        return _from_epoch_number(number)
    if text.startswith(_DOTNET_DATE_PREFIX):
        return _parse_dotnet_date(text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _as_utc(parsed)


def _numeric_string(text: str) -> int | float | None:
    """An epoch number written as text, or None. No regex: this runs for every ticket time."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not _NUMERIC_CHARS.issuperset(text):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _parse_dotnet_date(text: str) -> datetime | None:
    """``/Date(1571863236000)/`` or ``/Date(1571863236000+0200)/``: ms; the offset is display-only."""
    body = text[len(_DOTNET_DATE_PREFIX) :].removesuffix(")/")
    sign, digits = body[:1], body[1:]
    for offset_sign in "+-":
        cut = digits.find(offset_sign)
        if cut >= 0:
            digits = digits[:cut]
    millis_text = sign + digits
    if not millis_text.lstrip("-").isascii() or not millis_text.lstrip("-").isdigit():
        return None
    try:
        return from_epoch_us(int(millis_text) * 1_000)
    except OverflowError:
        return None


def _parse_offset_object(obj: dict[Any, Any]) -> datetime | None:
    local = obj.get("DateTime")
    if local is None:
        local = obj.get("dateTime")
        if local is None:
            return None
    if type(local) is not str:
        if isinstance(local, dict):
            return None  # no nesting: a DateTime that is itself an object is garbage
        return parse_timestamp(local)  # an epoch number is absolute; the offset is display-only
    try:
        parsed = datetime.fromisoformat(local.strip())
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        return _as_utc(parsed)
    offset = obj.get("OffsetMinutes")
    if offset is None:
        offset = obj.get("offsetMinutes")
        if offset is None:
            return parsed.replace(tzinfo=UTC)
    shift = _offset(offset)
    if shift is None:
        return None
    try:
        return parsed.replace(tzinfo=UTC) - shift  # local time minus its offset = UTC
    except OverflowError:
        return None


def _offset(minutes: Any) -> timedelta | None:
    """A UTC offset given in minutes (number or numeric string), strictly within ±24 h; else None."""
    if type(minutes) is int and -24 * 60 < minutes < 24 * 60:
        return _minutes(minutes)
    if isinstance(minutes, bool):
        return None
    if isinstance(minutes, str):
        minutes = _numeric_string(minutes.strip())
    if not isinstance(minutes, int | float) or not -24 * 60 < minutes < 24 * 60:
        return None
    return _minutes(minutes)


@lru_cache(maxsize=256)
def _minutes(minutes: float) -> timedelta:
    return timedelta(minutes=minutes)


def _as_utc(parsed: datetime) -> datetime | None:
    zone = parsed.tzinfo
    if zone is UTC:
        return parsed
    if zone is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        return None
