"""Retrying a request+decode step: exponential backoff with full jitter, Retry-After on 429, a time budget.

Full jitter (a wait drawn from 0 to a doubling ceiling) spreads the retries of a sync's cursors, and of the
workstations sharing one OWS, so a recovering server is not hit by all of them at once; its waits are short
(at most 0.5 + 1 + 2 + 4 + 8 s over six attempts) because a failed sync keeps its cursors and the next one
resumes. The budget bounds what a person or a script waits for a server that stopped answering: no attempt
starts more than ``max_total_s`` (150 s) after the first, and each is bounded by the answer's deadline
(:mod:`ows_desktop.ows.limits`, 120 s), so a request gives up at most 4 min 30 s after it began (six attempts
of a dripping server took 12 min). 150 s leaves an attempt that ran into the deadline one more try.

httpx's own ``retries=`` only covers connection errors, and a retrying transport cannot retry a body that
breaks while being read (or decodes to truncated JSON), so the client wraps "send, read, decode" in
:meth:`RetryPolicy.call` and raises :class:`~ows_desktop.ows.errors.TransientError` for anything worth
another try.
"""

from __future__ import annotations

import random as _random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from ows_desktop.ows.errors import NetworkError, RequestCancelled, TransientError

T = TypeVar("T")

# Our own policy, not tenacity (dropped): tenacity cannot end a backoff wait on the cancel event or honour
# Retry-After without custom hooks, and this frozen object is shared by threads and injected into tests.


@dataclass(frozen=True, slots=True)
class RetryEvent:
    """Reported before each retry: ``attempt`` is the 1-based attempt that just failed."""

    attempt: int
    reason: str
    delay: float


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a :class:`TransientError`.

    The wait before retry *n* is uniform in ``[0, min(max_delay, base_delay * 2**(n-1))]`` ("full jitter"),
    unless the server sent Retry-After (429), which is honoured up to ``max_retry_after`` seconds. No attempt
    starts later than ``max_total_s`` after the first one started (see the module docstring)."""

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0
    max_total_s: float = 150.0
    # None: really wait (on the cancel event, so a cancel ends the wait at once); tests inject a recorder.
    sleep: Callable[[float], None] | None = field(default=None, repr=False)
    random: Callable[[], float] = field(default=_random.random, repr=False)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)  # seconds, for the budget

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def backoff(self, attempt: int) -> float:
        """The jittered wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** min(attempt - 1, 62))
        return self.random() * ceiling

    def delay_for(self, error: TransientError, attempt: int) -> float:
        if error.retry_after is not None:
            return max(0.0, min(error.retry_after, self.max_retry_after))
        return self.backoff(attempt)

    def call(
        self,
        operation: Callable[[], T],
        *,
        what: str,
        on_retry: Callable[[RetryEvent], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> T:
        """Run ``operation`` until it returns, retrying on TransientError.

        Other errors propagate at once; a set ``cancel`` ends the wait before a retry at once
        (RequestCancelled), and no further attempt is made. After the last attempt (``max_attempts``, or the
        last to start within ``max_total_s``) raises NetworkError, whose message names ``what`` (e.g. "GET
        /apip/users on ows.example.com") and the last failure."""
        started = self.clock()
        for attempt in range(1, self.max_attempts + 1):
            try:
                return operation()
            except TransientError as error:
                delay = self.delay_for(error, attempt)
                if attempt == self.max_attempts or self.clock() - started + delay > self.max_total_s:
                    raise NetworkError(
                        f"{what} failed {attempt} time(s), last with: {error}. "
                        "The server could not be reached or kept failing; try again later."
                    ) from error
                if on_retry is not None:
                    on_retry(RetryEvent(attempt=attempt, reason=str(error), delay=delay))
                self._pause(delay, cancel, what)
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, delay: float, cancel: threading.Event | None, what: str) -> None:
        if self.sleep is not None:
            self.sleep(delay)
        elif cancel is not None:
            cancel.wait(delay)
        else:
            threading.Event().wait(delay)
        if cancel is not None and cancel.is_set():
            raise RequestCancelled(f"{what} was cancelled.")

    def parse_retry_after(self, value: str | None) -> float | None:
        """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. None if unusable."""
        return parse_retry_after(value, now=self.now())


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header value (delta-seconds or HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.replace(".", "", 1).isdigit():
        return float(value)  # delta-seconds; some servers send fractions ("0.5"), accept them too
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
