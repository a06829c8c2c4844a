"""``--from``/``--to`` of the commands that read ticket times (``search``, ``exceptions``, ``export``), as a
person types them, and the span they were read as, said back.

A plain date (``2026-12-10``) is a day as the window's time filter reads one: each store's own calendar day
while the window shows ticket times in store time (the default; ``TicketQuery.store_days``: a store at
UTC−05:00 has its own span of UTC time, a store of unknown zone its UTC day), this workstation's day while
it shows this workstation's time — ``--days store|workstation`` chooses otherwise. As ``--from`` the day is
the first, as ``--to`` the last, included (as the window's custom range keeps whole days). A date and time
without an offset (``2026-12-10T09:00``, ``2026-12-10 09:00``) is this workstation's time; with an offset or
``Z``, or as epoch microseconds, it is exactly that moment. The commands say the span read (the text output
in a line of its own; with ``--json`` on stderr, so that the JSON stays what scripts read, and only when a
bound was read as a day or in this workstation's time). ``sync --start/--end`` (the time OWS received tickets) stay strict:
there a guessed zone would shift what is fetched."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TextIO

from ows_desktop.basics.store_time import zone_label
from ows_desktop.cli import checks
from ows_desktop.cli.context import CliContext, UsageError
from ows_desktop.ows.errors import InvalidInputError
from ows_desktop.ows.timestamps import parse_cli_time
from ows_desktop.store.query import StoreDays

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
FORMS = (
    "a date (2026-12-10: each store's own day, or this workstation's, see --days; as --to, the day "
    "included), a date and time (2026-12-10T09:00: this workstation's time), ISO 8601 with a UTC offset or Z "
    "(2026-12-10T09:00:00Z), or epoch microseconds"
)
DAYS = (
    "a date given to --from/--to is each store's own calendar day ('store') or this workstation's "
    "('workstation'); default: as the window, Preferences > Display > Show ticket times in"
)
_OPEN_FIRST, _OPEN_LAST = date(1, 1, 1), date(9999, 12, 30)  # a side without a date: no bound


def add_days_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", choices=("store", "workstation"), help=DAYS)


def store_days(ctx: CliContext, chosen: str | None) -> bool:
    """Whether a date typed is each store's own day: ``--days``, else the window's setting."""
    if chosen is not None:
        return chosen == "store"
    return ctx.settings().get("display/time_zone") != "workstation"


@dataclass(frozen=True)
class TicketSpan:
    start: datetime | None
    end: datetime | None  # excluded
    local: bool  # a bound was typed without an offset: read in this workstation's time, or as store days
    days: StoreDays | None = None  # the dates typed, as each store's own calendar days

    def text(self) -> str:
        """``2026-12-10 00:00 UTC−05:00 to 2026-12-11 00:00 UTC−05:00 (this workstation's time)``, or
        ``2026-12-10 to 2026-12-11, each store's own days (…)``."""
        parts = []
        if self.days is not None:
            first, last = self.days.first, self.days.last
            if last == _OPEN_LAST:
                shown = f"{first} onwards"
            elif first == _OPEN_FIRST:
                shown = f"up to {last} included"
            else:
                shown = f"{first}" if first == last else f"{first} to {last}"
            parts.append(f"{shown}, each store's own days (a store of unknown zone: its UTC days)")
        if self.start is not None or self.end is not None:
            if self.end is None:
                shown = f"{_here(self.start)} onwards"
            elif self.start is None:
                shown = f"up to {_here(self.end)}"
            else:
                shown = f"{_here(self.start)} to {_here(self.end)}"
            parts.append(f"{shown} (this workstation's time)")
        return "; ".join(parts)

    def given(self) -> bool:
        return self.start is not None or self.end is not None or self.days is not None

    def say(self, out: TextIO, err: TextIO, *, as_json: bool) -> None:
        """The span read: a line of the text output; with ``--json`` a line on stderr, when read locally."""
        if not as_json and self.given():
            out.write(f"Ticket times: {self.text()}.\n")
        elif as_json and self.local:
            err.write(f"Ticket times read: {self.text()}.\n")


def ticket_span(what: str, start: str | None, end: str | None, *, by_store: bool = False) -> TicketSpan:
    """``--from``/``--to`` read (UsageError for a form not listed in :data:`FORMS` or an empty range); a date
    is each store's own day when ``by_store`` (:func:`store_days`)."""
    first, local_first = _read(start, end=False, by_store=by_store) if start else (None, False)
    last, local_last = _read(end, end=True, by_store=by_store) if end else (None, False)
    first_day = None if first is None or isinstance(first, datetime) else first
    last_day = None if last is None or isinstance(last, datetime) else last
    if first_day is not None and last_day is not None and last_day < first_day:
        raise UsageError(
            f"The {what} range is empty: --to ({last_day}) is a day before --from ({first_day})."
        )
    days = None
    if first_day is not None or last_day is not None:
        days = StoreDays(first_day or _OPEN_FIRST, last_day or _OPEN_LAST)
    first_at = first if isinstance(first, datetime) else None
    last_at = last if isinstance(last, datetime) else None
    checks.time_range(what, first_at, last_at)
    return TicketSpan(first_at, last_at, local_first or local_last, days)


def _read(text: str, *, end: bool, by_store: bool = False) -> tuple[datetime | date, bool]:
    stripped = text.strip()
    shown = stripped if len(stripped) <= 40 else stripped[:40] + "…"
    try:
        if _DATE.fullmatch(stripped) and by_store:
            return date.fromisoformat(stripped), True
        if _DATE.fullmatch(stripped):
            day = date.fromisoformat(stripped) + timedelta(days=1 if end else 0)
            return datetime.combine(day, time(0)).astimezone(), True
        if not stripped.isdigit():
            moment = datetime.fromisoformat(stripped)
            if moment.tzinfo is None:
                return moment.astimezone(), True
    except ValueError:
        raise UsageError(f"Cannot read time {shown!r}; accepted forms: {FORMS}.") from None
    except OverflowError:
        raise UsageError(f"Time {shown!r} is out of range; accepted forms: {FORMS}.") from None
    try:
        return parse_cli_time(stripped), False
    except InvalidInputError as exc:
        raise UsageError(str(exc)) from None


def _here(moment: datetime | None) -> str:
    local = moment.astimezone() if moment is not None else None
    if local is None:
        return "…"
    offset = local.utcoffset()
    return (
        f"{local:%Y-%m-%d %H:%M} {zone_label(None if offset is None else int(offset.total_seconds() // 60))}"
    )


__all__ = ["DAYS", "FORMS", "TicketSpan", "add_days_option", "store_days", "ticket_span"]
