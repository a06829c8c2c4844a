"""``--from``/``--to`` of the commands that read ticket times (``search``, ``exceptions``, ``export``), as a
person types them, and the span they were read as, said back.

A plain date (``2026-12-10``) is this workstation's day: as ``--from`` its midnight, as ``--to`` the day
included (up to the next midnight, as the window's custom range keeps whole days). A date and time without
an offset (``2026-12-10T09:00``, ``2026-12-10 09:00``) is this workstation's time; with an offset or ``Z``, or
as epoch microseconds, it is exactly that moment. The commands say the span read (the text output in a
line of its own; with ``--json`` on stderr, so that the JSON stays what scripts read, and only when a bound
was read in this workstation's time). ``sync --start/--end`` (the time OWS received tickets) stay strict:
there a guessed zone would shift what is fetched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TextIO

from ows_desktop.basics.store_time import zone_label
from ows_desktop.cli import checks
from ows_desktop.cli.context import UsageError
from ows_desktop.ows.errors import InvalidInputError
from ows_desktop.ows.timestamps import parse_cli_time

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
FORMS = (
    "a date (2026-12-10: this workstation's day; as --to, the day included), a date and time "
    "(2026-12-10T09:00: this workstation's time), ISO 8601 with a UTC offset or Z (2026-12-10T09:00:00Z), "
    "or epoch microseconds"
)


@dataclass(frozen=True)
class TicketSpan:
    start: datetime | None
    end: datetime | None  # excluded
    local: bool  # a bound was typed without an offset: read in this workstation's time

    def text(self) -> str:
        """``2026-12-10 00:00 UTC−05:00 to 2026-12-11 00:00 UTC−05:00 (this workstation's time)``."""
        if self.end is None:
            shown = f"{_here(self.start)} onwards"
        elif self.start is None:
            shown = f"up to {_here(self.end)}"
        else:
            shown = f"{_here(self.start)} to {_here(self.end)}"
        return f"{shown} (this workstation's time)"

    def given(self) -> bool:
        return self.start is not None or self.end is not None

    def say(self, out: TextIO, err: TextIO, *, as_json: bool) -> None:
        """The span read: a line of the text output; with ``--json`` a line on stderr, when read locally."""
        if not as_json and self.given():
            out.write(f"Ticket times: {self.text()}.\n")
        elif as_json and self.local:
            err.write(f"Ticket times read: {self.text()}.\n")


def ticket_span(what: str, start: str | None, end: str | None) -> TicketSpan:
    """``--from``/``--to`` read (UsageError for a form not listed in :data:`FORMS` or an empty range)."""
    first, local_first = _read(start, end=False) if start else (None, False)
    last, local_last = _read(end, end=True) if end else (None, False)
    checks.time_range(what, first, last)
    return TicketSpan(first, last, local_first or local_last)


def _read(text: str, *, end: bool) -> tuple[datetime, bool]:
    stripped = text.strip()
    shown = stripped if len(stripped) <= 40 else stripped[:40] + "…"
    try:
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


__all__ = ["FORMS", "TicketSpan", "ticket_span"]
