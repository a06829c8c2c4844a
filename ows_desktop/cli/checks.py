"""Checks of option values that argparse's ``type=`` lets through: a number out of its range (``nan``,
``inf``, ``-5``), a reversed or empty ``--from``/``--to``, a negative ``--limit``. Each refuses with one
:class:`UsageError` line (exit 2) that says what to give instead; the commands call them before they open
anything, so bad input changes nothing."""

from __future__ import annotations

import math
from datetime import datetime

from ows_desktop.cli.context import UsageError


def number_within(option: str, value: float | None, low: float, high: float, unit: str = "") -> float | None:
    """``value`` (None: not given) when it is a number from ``low`` to ``high``; else UsageError naming the
    allowed range ("--pre-roll must be from 0 to 600 seconds; got inf.")."""
    if value is None or (math.isfinite(value) and low <= value <= high):
        return value
    raise UsageError(f"{option} must be from {low:g} to {high:g}{unit}; got {value:g}.")


def finite_number(option: str, value: float | None) -> float | None:
    """``value`` (None: not given) unless it is ``nan`` or ``inf`` (UsageError)."""
    if value is None or math.isfinite(value):
        return value
    raise UsageError(f"{option} must be a number; got {value:g}.")


def time_range(what: str, start: datetime | None, end: datetime | None) -> None:
    """Refuse a ``--from``/``--to`` range that holds no time, worded as ``sync`` words its own empty range."""
    if start is not None and end is not None and end <= start:
        raise UsageError(
            f"The {what} range is empty: --to ({end.isoformat()}) must be after --from ({start.isoformat()})."
        )


def total_range(low: float | None, high: float | None) -> None:
    """``--min-total``/``--max-total``: numbers, and not reversed (equal: tickets of exactly that total)."""
    finite_number("--min-total", low)
    finite_number("--max-total", high)
    if low is not None and high is not None and high < low:
        raise UsageError(
            f"The total range is empty: --max-total ({high:g}) must be at least --min-total ({low:g})."
        )


def limit(value: int) -> int:
    """``--limit``: 0 (all) or a positive number of rows."""
    if value < 0:
        raise UsageError("--limit must be 0 (all) or a positive number.")
    return value


def one_line(option: str, value: str | None) -> str | None:
    """``value`` (None: not given) when it is one line of text: a name or title printed on a report, where a
    line break or a control character would split it (the cover read "Bob Eve", the PDF's Author "Bob")."""
    if value is None or value.isprintable():
        return value
    raise UsageError(f"{option} must be one line of text, without line breaks or control characters.")
