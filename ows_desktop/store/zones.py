"""Time zone settings of the exception rules: parsing a zone setting, and the UTC offset of a zone at an
instant (the ``ows_zone_offset`` SQL function of :mod:`.rule_sql`). Plain Python, no database."""

from __future__ import annotations

import time
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP


def parse_zone(text: str) -> str:
    """Validate a zone setting and return it normalised: '' (this workstation), 'UTC', '+HH:MM', or an IANA
    name. Raises ValueError with the accepted forms."""
    value = (text or "").strip()
    if not value:
        return ""
    if value.upper() in ("UTC", "Z", "GMT"):
        return "UTC"
    if value[0] in "+-":
        return _format_offset(_parse_offset(value))
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "zones",
                "Unknown time zone {value}: use an IANA name (America/New_York), an offset (+05:30, -0800), UTC, or leave it empty for this workstation's zone.",
            ).format(value=repr(value))
        ) from None
    return value


def zone_offset_minutes(zone: str | None, epoch_us: int | None) -> int | None:
    """SQL function ``ows_zone_offset(zone, epoch_us)``: the zone's UTC offset in minutes at that instant
    (NULL zone → NULL). Cached per quarter hour: zones change offset on quarter-hour boundaries."""
    if zone is None or epoch_us is None:
        return None
    return _offset_at(zone, int(epoch_us) // 900_000_000)


@lru_cache(maxsize=1 << 16)
def _offset_at(zone: str, quarter: int) -> int | None:
    seconds = quarter * 900
    if zone == "":
        return time.localtime(seconds).tm_gmtoff // 60
    if zone == "UTC":
        return 0
    if zone[0] in "+-":
        return _parse_offset(zone)
    try:
        offset = datetime.fromtimestamp(seconds, ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, OverflowError, OSError):
        return None
    return None if offset is None else int(offset.total_seconds() // 60)


def _parse_offset(text: str) -> int:
    sign = -1 if text[0] == "-" else 1
    body = text[1:].replace(":", "")
    if not body.isdigit() or len(body) not in (1, 2, 4):
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "zones", "Cannot read the UTC offset {text}; write it like +05:30 or -0800."
            ).format(text=repr(text))
        )
    hours, minutes = (int(body), 0) if len(body) <= 2 else (int(body[:2]), int(body[2:]))
    if hours > 18 or minutes >= 60:
        raise ValueError(
            QT_TRANSLATE_NOOP("zones", "The UTC offset {text} is out of range.").format(text=repr(text))
        )
    return sign * (hours * 60 + minutes)


def _format_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
