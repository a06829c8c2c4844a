"""One HTTP exchange under a total deadline, a cancel event and the size limits of :mod:`.limits`.

httpx's timeouts are per read, so a server that drips a byte every 20 s is never abandoned, and a blocked
read cannot be interrupted from the thread that waits on it. Here the exchange (send, read the body) runs on
a short-lived daemon thread while the calling thread waits for it, the deadline and the cancel event. When
the deadline passes or the caller cancels, the caller returns at once; the socket is shut down when the
body is being read (which wakes the blocked read), and the helper thread ends by itself at its next read
or its per-read timeout, holding nothing the caller still needs.
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


def exchange(
    http: httpx.Client,
    request: httpx.Request,
    *,
    limits: ResponseLimits,
    what: str,
    cancel: threading.Event | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Answer:
    """Send ``request`` and read the whole answer within ``limits.deadline_s``.

    Raises RequestCancelled as soon as ``cancel`` is set, TransientError when the deadline passes (or the
    transfer fails the way a retry may fix), ProtocolError when the answer is larger than the limits."""
    job = _Exchange(http, request, limits, what)
    thread = threading.Thread(target=job.run, name="ows-http", daemon=True)
    thread.start()
    deadline = clock() + limits.deadline_s
    while not job.done.wait(_POLL_S if cancel is not None else max(0.0, deadline - clock())):
        if cancel is not None and cancel.is_set():
            job.abandon()
            raise RequestCancelled(f"{what} was cancelled.")
        if clock() >= deadline:
            job.abandon()
            raise TransientError(f"no complete answer within {limits.deadline_s:g} s")
    if job.error is not None:
        raise job.error
    assert job.answer is not None
    return job.answer


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"
