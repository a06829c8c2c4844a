"""The headless sync service: ``ows-desktop sync --store URL --every 5m`` keeps a store current without a window.

Every cycle syncs "to now" exactly as ``ows-desktop sync`` does (:func:`ows_desktop.sync.compose.compose_sync`,
the one composition): from the end of what is complete minus the safety overlap, resuming any unfinished
window from its saved cursor. Each run is logged (one line: range, tickets, new, pages, seconds). When OWS or
the database cannot be reached (exit-4 failures) the next try waits twice as long, up to ``max_backoff_s``,
and the schedule returns to ``every`` after the first good run. A refused key or role (exit 3) or bad
settings (exit 2) stop the service with that code: waiting does not fix them.

SIGTERM (or SIGINT) sets ``stop``: a cycle in flight stops at its next page; every page already stored stays
stored with its window's cursor, so the next run resumes exactly there. Between cycles the wait ends at once.

One sync per tenant: on a shared (team) store the composition takes the store's sync claim (pgb's
advisory lock, :mod:`ows_desktop.sync.shared`); while another workstation or service syncs, this one
watches it and then syncs only what is left. No Qt here."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ows_desktop.ows.errors import InvalidInputError
from ows_desktop.ows.timestamps import format_iso_utc
from ows_desktop.sync.engine import SyncCancelled, SyncResult

log = logging.getLogger(__name__)

EXIT_OK = 0
DEFAULT_MAX_BACKOFF_S = 3600.0
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# The longest --every: a week, the longest sync window Preferences ▸ Sync allows (168 h). Past it a service
# hardly keeps a store current, and a wait too long for the clock (99999999999h) failed after the first run.
MAX_EVERY_S = 7 * 86400.0
# The shortest --every. Each run reads the safety overlap again (Preferences ▸ Sync, 60 min by default), so a
# run every few seconds asks OWS for the same hour of tickets over and over: at 10 s that is 360 reads of the
# hour an hour, for tickets that OWS may only show once their persist hour is complete anyway. The API
# documents no rate of its own; 30 s is the README's shortest interval and still "current" for a review.
MIN_EVERY_S = 30.0


def parse_every(text: str) -> float:
    """``5m`` → 300.0 seconds (s, m, h, d; a bare number is seconds), from 30 s to a week. InvalidInputError
    (exit 2) otherwise."""
    match = _EVERY.match(text or "")
    seconds = float(match.group(1)) * _UNITS[match.group(2)] if match else 0.0
    if seconds <= 0:
        raise InvalidInputError(f"--every {text!r} is not an interval; use e.g. 30s, 5m, 1h.")
    if seconds < MIN_EVERY_S:
        raise InvalidInputError(
            f"--every {text!r} is shorter than 30 s: each run reads the safety overlap again (the last 60 "
            "min by default), so OWS would be asked for it over and over; use 30s or more (e.g. 1m, 5m)."
        )
    if seconds > MAX_EVERY_S:
        raise InvalidInputError(f"--every {text!r} is longer than a week; use at most 7d (or 168h).")
    return seconds


@dataclass(frozen=True)
class Cycle:
    """One scheduled run: what the service needs to sync once (the CLI builds it)."""

    run: Callable[[datetime], SyncResult]  # sync up to the given end; raises on failure


class SyncService:
    """The schedule around :class:`Cycle`; see the module docstring."""

    def __init__(
        self,
        cycle: Cycle,
        every_s: float,
        stop: threading.Event,
        *,
        now: Callable[[], datetime],
        report: Callable[[str], None],
        max_backoff_s: float = DEFAULT_MAX_BACKOFF_S,
        max_cycles: int | None = None,
        wait: Callable[[float], object] | None = None,
    ) -> None:
        self._cycle = cycle
        self._every = every_s
        self._stop = stop
        self._now = now
        self._report = report
        self._max_backoff = max(every_s, max_backoff_s)
        self._max_cycles = max_cycles
        self._wait = wait or stop.wait  # returns early when stopped

    def serve(self) -> int:
        """Run cycles until stopped; the exit code (0 after SIGTERM, 2/3 for errors waiting cannot fix)."""
        cycles, failures, delay = 0, 0, self._every
        self._say(f"Sync service started: every {self._every:g} s.")
        while not self._stop.is_set():
            cycles += 1
            try:
                result = self._cycle.run(self._now())
            except SyncCancelled:
                self._say(
                    "Sync service stopping: the run in flight stopped at a page boundary; it resumes there."
                )
                break
            except Exception as exc:
                code = getattr(exc, "exit_code", None)
                if code in (2, 3):
                    self._say(f"Sync service stopped: {exc}", level=logging.ERROR)
                    return int(code)
                failures += 1
                delay = backoff_after(failures, self._every, self._max_backoff).total_seconds()
                if code != 4:
                    log.exception("Sync run %d failed unexpectedly", cycles)
                self._say(f"Run {cycles} failed: {exc} Trying again in {delay:g} s.", level=logging.WARNING)
            else:
                failures, delay = 0, self._every
                p = result.progress
                self._say(
                    f"Run {cycles}: {format_iso_utc(result.start)} → {format_iso_utc(result.end)}, "
                    f"{p.tickets} tickets ({p.new_tickets} new) in {p.pages} pages, "
                    f"{result.resumed_windows} windows resumed, {p.elapsed:.1f} s."
                )
            if self._max_cycles is not None and cycles >= self._max_cycles:
                break
            self._wait(delay)
        self._say("Sync service stopped.")
        return EXIT_OK

    def _say(self, line: str, *, level: int = logging.INFO) -> None:
        log.log(level, "%s", line)
        self._report(line)


def backoff_after(failures: int, every_s: float, max_backoff_s: float = DEFAULT_MAX_BACKOFF_S) -> timedelta:
    """The wait after ``failures`` failed runs in a row (doubling from ``every_s``, capped)."""
    seconds = every_s * (2 ** max(0, failures - 1)) if failures else every_s
    return timedelta(seconds=min(seconds, max(every_s, max_backoff_s)))
