"""One HTTP exchange under a total deadline, a cancel event and the size limits of :mod:`.limits`.

httpx's timeouts are per read, so a server that drips a byte every 20 s is never abandoned, and a blocked
read cannot be interrupted from the thread that waits on it. Here the exchange (send, read the body) runs on
a daemon helper thread while the calling thread waits for it, the deadline and the cancel event. When the
deadline passes or the caller cancels, the caller returns at once; the socket is shut down when the body is
being read (which wakes the blocked read), and the helper thread ends by itself at its next read or its
per-read timeout, holding nothing the caller still needs.

With a :class:`KeptHelper` (the OWS client makes one for each window's pages) the helper thread is kept from
one request to the next: starting a thread per request cost ~0.15 ms of CPU and up to a millisecond of latency per page of
50 tickets, a few percent of a sync. A helper whose exchange was abandoned is never given another one (the
next request gets a new helper), and an idle helper ends after ``IDLE_S``.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ows_desktop.ows.errors import ProtocolError, RequestCancelled, TransientError
from ows_desktop.ows.limits import ResponseLimits

_POLL_S = 0.05  # how often a waiting caller looks at the cancel event
IDLE_S = 1.0  # a kept helper thread that got no exchange for this long ends (a sync's cursor asks sooner)


@dataclass
class Answer:
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes


class _Exchange:
    def __init__(self, http: httpx.Client, request: httpx.Request, limits: ResponseLimits, what: str):
        self._http = http
        self._request = request
        self._limits = limits
        self._what = what
        self.done = threading.Event()
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self._abandoned = threading.Event()
        self._response: httpx.Response | None = None
        self._lock = threading.Lock()

    def run(self) -> None:
        try:
            self.answer = self._exchange()
        except BaseException as exc:  # handed to the waiting thread
            self.error = exc
        finally:
            self.done.set()

    def _exchange(self) -> Answer:
        response = self._http.send(self._request, stream=True, follow_redirects=False)
        with self._lock:
            self._response = response
        try:
            ok = 200 <= response.status_code < 300
            cap = self._limits.max_body_bytes if ok else self._limits.error_body_bytes
            chunks: list[bytes] = []
            size = 0
            declared = response.headers.get("Content-Length", "")
            if ok and declared.isdigit() and int(declared) > self._limits.max_wire_bytes:
                self._too_much_on_the_wire()
            for chunk in response.iter_bytes():
                if self._abandoned.is_set():
                    raise TransientError("abandoned")
                size += len(chunk)
                if ok and response.num_bytes_downloaded > self._limits.max_wire_bytes:
                    self._too_much_on_the_wire()
                if size > cap:
                    if not ok:  # an error page: its start is enough for the message
                        chunks.append(chunk[: cap - (size - len(chunk))])
                        break
                    raise ProtocolError(
                        f"{self._what} answered more than {_mib(cap)} once decompressed "
                        "(the limit for one answer); the server seems broken."
                    )
                chunks.append(chunk)
            return Answer(response.status_code, response.reason_phrase, response.headers, b"".join(chunks))
        finally:
            response.close()

    def _too_much_on_the_wire(self) -> None:
        raise ProtocolError(
            f"{self._what} sent more than {_mib(self._limits.max_wire_bytes)} "
            "(the limit for one answer); the server seems broken."
        )

    def abandon(self) -> None:
        """Stop the exchange from another thread: the helper thread drops its work at its next read."""
        self._abandoned.set()
        with self._lock:
            response = self._response
        if response is None:
            return
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in the helper thread


class _Helper:
    """One daemon thread that runs the exchanges handed to it one after another (:meth:`take`), and ends
    when retired (after the exchange it is running) or after ``idle_s`` without one."""

    def __init__(self, idle_s: float) -> None:
        self._idle_s = idle_s
        self._cond = threading.Condition()
        self._job: _Exchange | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="ows-http", daemon=True)

    def take(self, job: _Exchange) -> bool:
        """Run ``job`` next; False (not taken) when this helper has ended or is ending."""
        with self._cond:
            if self._closed:
                return False
            self._job = job
            self._cond.notify()
        if self._thread.ident is None:
            self._thread.start()
        return True

    def retire(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._job is None and not self._closed:
                    self._cond.wait(self._idle_s)
                job, self._job = self._job, None
                if job is None:  # retired, or idle for idle_s: no exchange can be handed over any more
                    self._closed = True
                    return
            job.run()
            job = None  # the answer is the caller's: not kept alive until the next exchange


class KeptHelper:
    """The helper thread of one series of exchanges made one after another (the OWS client keeps one for
    each window's pages), for :func:`exchange`. A helper whose exchange was abandoned is never given another
    one: the next exchange gets a new helper. The helper ends at :meth:`close`, or after ``idle_s`` without an
    exchange (a series dropped without being closed)."""

    def __init__(self, idle_s: float = IDLE_S) -> None:
        self._idle_s = idle_s
        self._helper: _Helper | None = None

    def start(self, job: _Exchange) -> None:
        """Run ``job`` on the kept helper (a new one when there is none or it ended)."""
        if self._helper is not None and self._helper.take(job):
            return
        self._helper = _Helper(self._idle_s)
        self._helper.take(job)

    def abandoned(self) -> None:
        """The helper is stuck in an abandoned exchange: it ends after it and is never reused."""
        self.close()

    def close(self) -> None:
        """End the helper (after the exchange it may be running); a later exchange starts a new one."""
        helper, self._helper = self._helper, None
        if helper is not None:
            helper.retire()


def exchange(
    http: httpx.Client,
    request: httpx.Request,
    *,
    limits: ResponseLimits,
    what: str,
    cancel: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
    helper: KeptHelper | None = None,
) -> Answer:
    """Send ``request`` and read the whole answer within ``limits.deadline_s``, on a helper thread of
    ``helper`` (else on a thread started for this exchange).

    Raises RequestCancelled as soon as ``cancel`` is set, TransientError when the deadline passes (or the
    transfer fails the way a retry may fix), ProtocolError when the answer is larger than the limits."""
    job = _Exchange(http, request, limits, what)
    if helper is not None:
        helper.start(job)
    else:
        threading.Thread(target=job.run, name="ows-http", daemon=True).start()
    deadline = clock() + limits.deadline_s
    while not job.done.wait(_POLL_S if cancel is not None else max(0.0, deadline - clock())):
        if cancel is not None and cancel.is_set():
            _abandon(job, helper)
            raise RequestCancelled(f"{what} was cancelled.")
        if clock() >= deadline:
            _abandon(job, helper)
            raise TransientError(f"no complete answer within {limits.deadline_s:g} s")
    if job.error is not None:
        raise job.error
    assert job.answer is not None
    return job.answer


def _abandon(job: _Exchange, helper: KeptHelper | None) -> None:
    job.abandon()
    if helper is not None:
        helper.abandoned()


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"
