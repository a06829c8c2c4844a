"""The one rule for showing a ticket's time, everywhere (table, receipt, exports): the *store's* local time
with its zone label — ``2026-11-20 09:03:12 UTC−05:00`` — because a manager compares it with the paper
receipt. When the store's offset is unknown the time is shown in UTC, labelled ``UTC``. The workstation's
own time appears only where a person asks for it (a tooltip). No Qt here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

DEFAULT_FORMAT = "%Y-%m-%d %H:%M:%S"


def zone_label(offset_min: int | None) -> str:
    """``UTC−05:00``, ``UTC+10:00``; ``UTC`` when the offset is unknown."""
    if offset_min is None:
        return "UTC"
    sign = "+" if offset_min >= 0 else "−"
    return f"UTC{sign}{abs(offset_min) // 60:02d}:{abs(offset_min) % 60:02d}"


def zone_offset(offset_min: int | None) -> str:
    """The compact zone label of a list cell: ``−05:00``, ``+10:00`` (ISO 8601); ``UTC`` when unknown."""
    return zone_label(offset_min)[3:] or "UTC"


def store_local(moment: datetime, offset_min: int | None) -> datetime | None:
    """The wall-clock time at the store (naive); None where it falls outside the calendar (year 1/9999)."""
    try:
        return moment.astimezone(UTC).replace(tzinfo=None) + timedelta(minutes=offset_min or 0)
    except (OverflowError, ValueError):
        return None


def store_time_text(
    moment: datetime | None, offset_min: int | None, fmt: str = DEFAULT_FORMAT, *, label: bool = True
) -> str:
    """``2026-11-20 09:03:12 UTC−05:00`` (``fmt`` is a strftime format for the time part); '' for None."""
    if moment is None:
        return ""
    local = store_local(moment, offset_min)
    if local is None:
        local = moment.replace(tzinfo=None)
        offset_min = None
    if local.year < 1000 or fmt == DEFAULT_FORMAT:  # the same text; isoformat keeps a year's leading zeros
        text = local.isoformat(sep=" ", timespec="seconds")
    else:
        text = local.strftime(fmt)
    return f"{text} {zone_label(offset_min)}" if label else text


def compact_time_text(moment: datetime | None, offset_min: int | None) -> str:
    """``2026-11-20 09:03:12 −05:00``, a list's cell (the window's ticket table, ``search``, ``case show``):
    :func:`store_time_text` with the compact zone (:func:`zone_offset`; ``UTC`` when unknown); '' for None."""
    if moment is None:
        return ""
    if store_local(moment, offset_min) is None:  # outside the calendar: the UTC time, labelled so
        offset_min = None
    return f"{store_time_text(moment, offset_min, label=False)} {zone_offset(offset_min)}"


def shown_offset(
    moment: datetime | None, store_offset_min: int | None, workstation: bool, tz: tzinfo | None = None
) -> int | None:
    """The offset a time is shown in: the store's (the default), or, when Preferences ▸ Display asks for the
    workstation's time, this workstation's offset at that moment (``tz``, else the system's local zone)."""
    if not workstation or moment is None:
        return store_offset_min
    try:
        offset = moment.astimezone(tz).utcoffset() if tz is not None else moment.astimezone().utcoffset()
    except (OverflowError, ValueError):
        return store_offset_min
    return store_offset_min if offset is None else int(offset.total_seconds() // 60)


__all__ = [
    "DEFAULT_FORMAT",
    "compact_time_text",
    "shown_offset",
    "store_local",
    "store_time_text",
    "zone_label",
    "zone_offset",
]
