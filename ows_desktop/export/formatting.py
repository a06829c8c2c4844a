"""Shared value formatting for the export writers (no Qt): money, quantities, times, tenders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ows_desktop.basics.store_time import store_local, store_time_text, zone_label
from ows_desktop.ows.model import Ticket


def money(value: float | None) -> str:
    if value is None:
        return ""
    return f"{0.0 if abs(value) < 0.005 else value:.2f}"


@dataclass(frozen=True)
class NumberStyle:
    """How a report for people writes amounts and counts: the PDF passes the window's locale (``1 234,50`` in fr_FR, see
    export/pdf.py); the data files (CSV, JSON) keep :func:`money`'s machine form whatever the locale."""

    decimal: str = "."
    group: str = ","

    def money(self, value: float | None) -> str:
        if value is None:
            return ""
        text = f"{0.0 if abs(value) < 0.005 else value:,.2f}"
        return "".join(self.group if c == "," else self.decimal if c == "." else c for c in text)

    def count(self, value: int) -> str:
        """A count with its digits grouped as the amounts are (``1 234`` in fr_FR, ``1,234`` in English)."""
        return f"{value:,}".replace(",", self.group)


def report_money(writer: object, value: float | None) -> str:
    """An amount as ``writer`` (the PDF's PdfText, with its ``numbers`` style) writes it; plain otherwise."""
    style = getattr(writer, "numbers", None)
    return style.money(value) if isinstance(style, NumberStyle) else money(value)


def report_count(writer: object, value: int) -> str:
    """A count as ``writer`` (the PDF's PdfText) writes it (``1 234`` in a French report); ``1,234`` otherwise."""
    style = getattr(writer, "numbers", None)
    return (style if isinstance(style, NumberStyle) else NumberStyle()).count(value)


def quantity(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")


def iso_utc(moment: datetime | None) -> str:
    """An exported time: ``2026-11-20T17:37:48.130Z``, UTC, always to the millisecond (cut, never rounded
    into the next second), so the CSV's and JSON's times sort as text (``…12.13Z``, ``…12.4Z`` and ``…12Z``
    did not). The window and the command line keep ``ows.timestamps.format_iso_utc``. A naive time is UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is not UTC:
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"  # without "+00:00"


def human_utc(moment: datetime | None, *, ms: bool = False) -> str:
    """``2026-11-20 14:03:12 UTC`` (``ms``: ``2026-11-20 14:03:12.040 UTC``)."""
    if moment is None:
        return "—"
    try:
        return _stamp(moment.astimezone(UTC), ms) + " UTC"
    except (OverflowError, ValueError):  # a naive year-1 time cannot be converted
        return _stamp(moment, ms) + " UTC"


def _stamp(moment: datetime, ms: bool = False) -> str:
    """``0001-01-01 00:00:00`` (strftime would drop the year's leading zeros)."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="milliseconds" if ms else "seconds")


def offset_text(minutes: int) -> str:
    return zone_label(minutes)


def human_local(moment: datetime | None, offset_min: int | None) -> str:
    """``2026-11-20 09:03:12 UTC−05:00`` (the store's time: basics.store_time), or '' when the store's offset
    is unknown."""
    if moment is None or offset_min is None:
        return ""
    if store_local(moment, offset_min) is None:  # year 1 or 9999 at the edge of the calendar
        return f"local time outside the calendar ({offset_text(offset_min)})"
    return store_time_text(moment, offset_min)


def tenders_text(ticket: Ticket) -> str:
    """``cash 20.00; card 5.50``."""
    return "; ".join(f"{t.kind or 'tender'} {money(t.amount)}".strip() for t in ticket.tenders)


def seconds(value: object) -> float | None:
    """A clock offset given as timedelta or number of seconds."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None
