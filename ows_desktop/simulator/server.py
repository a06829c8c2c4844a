"""A fake OpenEye Web Services tenant over real HTTP on loopback.

Two listeners mirror the real deployment: the *API host* (``/apip/users``, ``/apip/cpos``) and the
tenant-scoped *tickets host* (``/apip/tickets``) that ``/apip/cpos`` points to. Both speak HTTP/1.1 with
keep-alive and always send ``Content-Length`` on complete responses.

Paging is stateless (see :mod:`.cursors`). Windows are half-open: ``startDate <= persist < endDate``.

Which request header carries the key is configurable (``auth_header``): a real tenant may read only the
standard ``Authorization`` header or only the ``Authentication`` header the API article names, and the client
must work against both. ``withhold`` simulates OWS persisting tickets late: they are invisible until
:meth:`FakeOws.release_withheld`, although their persist time lies in a range a client may already have read.

Typical use::

    with FakeOws(SimConfig(days=1), faults=FaultPlan(rate=0.1)) as ows:
        httpx.get(f"{ows.api_url}/apip/cpos", headers={"Authorization": ows.auth_header})

To run it until interrupted (the CLI does this), call :meth:`FakeOws.serve_forever_blocking`.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import logging
import re
import signal
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import replace
from itertools import islice, takewhile
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from .cursors import CursorCodec, CursorError, CursorState, unit_hash
from .faults import FaultPlan
from .generator import SimConfig, TicketGenerator
from .transport import Handler, Listener, Response, error_response, send_response, wait_until

_log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 50
USERS_PAGE_SIZE = 100
EndMarker = Literal["null", "empty", "alternate"]
AuthHeaderMode = Literal["any", "authorization", "authentication"]
AUTH_HEADER_MODES: dict[str, tuple[str, ...]] = {
    "any": ("Authorization", "Authentication"),
    "authorization": ("Authorization",),
    "authentication": ("Authentication",),
}

_SECRET_PATTERN = re.compile(r"(AKS=)[^;\s]*")
_FAULTED_PATHS = frozenset({"/apip/tickets", "/apip/users"})
_POLL_INTERVAL = 0.05  # seconds; bounds how long stop() waits for each listener loop


class ListenError(OSError):
    """A listener could not open its port (in use, privileged, not a port): which one, and why."""

    def __init__(self, name: str, host: str, port: int, cause: OSError | OverflowError):
        self.name, self.host, self.port = name, host, port
        self.in_use = getattr(cause, "errno", None) == errno.EADDRINUSE
        self.reason = getattr(cause, "strerror", None) or str(cause)
        super().__init__(getattr(cause, "errno", None), f"{name} host on {host}:{port}: {self.reason}")


class FakeOws:
    """The simulated OWS tenant. Start with :meth:`start` (or ``with``), stop with :meth:`stop`.

    ``faults``, ``fault_all``, ``latency``, ``empty_page_rate``, ``end_marker``, ``auth_header_mode`` and
    ``token_disabled`` are plain attributes and may be changed while the server runs (e.g. a test turning
    faults off). ``auth_header`` names the request header(s) the key is accepted in: ``"any"``
    (``Authorization`` or ``Authentication``), ``"authorization"`` or ``"authentication"`` only."""

    def __init__(
        self,
        generator: TicketGenerator | SimConfig | None = None,
        *,
        key: str = "demo-key",
        secret: str = "demo-secret",  # noqa: S107 - the simulator's well-known demo credential
        latency: float = 0.0,
        faults: FaultPlan | None = None,
        fault_all: bool = False,
        empty_page_rate: float = 0.15,
        end_marker: EndMarker = "null",
        host: str = "127.0.0.1",
        api_port: int = 0,
        tickets_port: int = 0,
        request_log_limit: int = 100_000,
        auth_header: AuthHeaderMode = "any",
    ):
        if end_marker not in ("null", "empty", "alternate"):
            raise ValueError("end_marker must be 'null', 'empty' or 'alternate'")
        if auth_header not in AUTH_HEADER_MODES:
            raise ValueError(f"auth_header must be one of {sorted(AUTH_HEADER_MODES)}")
        if not 0.0 <= empty_page_rate < 1.0:
            raise ValueError("empty_page_rate must be within [0, 1)")
        self.generator = generator if isinstance(generator, TicketGenerator) else TicketGenerator(generator)
        self.latency = latency
        self.faults = faults
        self.fault_all = fault_all
        self.empty_page_rate = empty_page_rate
        self.end_marker: EndMarker = end_marker
        self.auth_header_mode: AuthHeaderMode = auth_header
        self.token_disabled = False  # True: a valid key is answered 403 "token is disabled"
        # Simulated "now" of OWS: tickets persisted at or after it do not exist yet (None: all exist). Moving
        # it forward adds the tickets persisted meanwhile, as a live tenant does between two syncs.
        self.persisted_until_us: int | None = None
        self._withheld: frozenset[int] = frozenset()
        self._expected_auth = f"X-API-Key AKI={key};AKS={secret}"
        self._host = host
        self._ports = {"api": api_port, "tickets": tickets_port}
        self._codec = CursorCodec(self.generator.config)
        self._users = self.generator.users()
        self._lock = threading.Lock()
        self._log: deque[tuple[str, str, str, dict[str, str]]] = deque(maxlen=request_log_limit)
        self._counters: Counter[str] = Counter()
        self._fault_sequence = 0
        self._connections: set[socket.socket] = set()
        self._listeners: dict[str, Listener] = {}
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()
        self._routes: dict[tuple[str, str], Callable[[dict[str, list[str]]], Response]] = {
            ("api", "/apip/users"): self._users_page,
            ("api", "/apip/cpos"): self._cpos,
            ("tickets", "/apip/tickets"): self._tickets_page,
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeOws:
        if self._listeners:
            return self
        self._stopped.clear()
        for name, port in self._ports.items():
            try:
                listener = Listener((self._host, port), self, name)
            except (OSError, OverflowError) as exc:  # OverflowError: a port past 65535
                self.stop()  # the other listener, when it had started
                raise ListenError(name, self._host, port, exc) from exc
            self._listeners[name] = listener
            thread = threading.Thread(
                target=listener.serve_forever, args=(_POLL_INTERVAL,), name=f"fake-ows-{name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        _log.info("fake OWS listening: api %s, tickets %s", self.api_url, self.tickets_url)
        return self

    def stop(self) -> None:
        """Stop both listeners and close every open (keep-alive) connection."""
        listeners, self._listeners = self._listeners, {}
        for listener in listeners.values():
            listener.shutdown()
            listener.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                connection.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self._stopped.set()

    def serve_forever_blocking(self, ready: Callable[[], None] | None = None) -> None:
        """Start if needed and block until :meth:`stop` is called from another thread, Ctrl+C or SIGTERM;
        ``ready`` is called once the signals are heard (the command line says "Press Ctrl+C" there).

        The signals only note that they came (a KeyboardInterrupt, or an Event set by a handler, could land
        while this thread held the Event's lock: a fake-server ignored Ctrl+C for a minute in the tests)."""
        self.start()
        asked: list[int] = []
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                previous[number] = signal.signal(number, lambda n, _frame: asked.append(n))
        try:
            if ready is not None:
                ready()
            while not asked and not self._stopped.is_set():
                time.sleep(0.2)
            if asked:
                _log.info("fake OWS interrupted")
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            self.stop()

    def __enter__(self) -> FakeOws:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ inspection

    @property
    def api_url(self) -> str:
        """Base URL of the API host, e.g. ``http://127.0.0.1:41234`` (no trailing slash)."""
        return self._url("api")

    @property
    def tickets_url(self) -> str:
        """The tenant tickets endpoint that ``/apip/cpos`` returns."""
        return f"{self._url('tickets')}/apip/tickets"

    @property
    def auth_header(self) -> str:
        """The exact header value the server accepts (handy for raw-HTTP tests)."""
        return self._expected_auth

    @property
    def request_log(self) -> list[tuple[str, str, str, dict[str, str]]]:
        """Snapshot of ``(listener, method, path_with_query, headers)`` per request, oldest first.
        The ``AKS=`` secret in auth headers is redacted."""
        with self._lock:
            return list(self._log)

    @property
    def counters(self) -> dict[str, int]:
        """Snapshot of counters: ``requests``, ``requests:<path>``, ``status:<code>``, ``fault:<kind>``,
        ``auth_failures``, ``pages``, ``empty_pages``, ``tickets_served``."""
        with self._lock:
            return dict(self._counters)

    def reset_stats(self) -> None:
        """Clear the request log and the counters."""
        with self._lock:
            self._log.clear()
            self._counters.clear()

    def withhold(self, start_us: int, end_us: int, share: float = 0.5) -> set[str]:
        """Hide a deterministic ``share`` of the tickets persisted in ``[start_us, end_us)`` until
        :meth:`release_withheld`: OWS persisting tickets late. Returns the hidden ticket ids."""
        indices = [
            index
            for index in self.generator.indices_in_persist_window(start_us, end_us)
            if unit_hash(index, "late") < share
        ]
        with self._lock:
            self._withheld = self._withheld | frozenset(indices)
        return {self.generator.ticket_id(index) for index in indices}

    def release_withheld(self) -> None:
        """Make every withheld ticket visible (it arrives in a range a client may already have read)."""
        with self._lock:
            self._withheld = frozenset()

    def expire_cursors(self) -> None:
        """Refuse every cursor handed out so far with 400 "Invalid cursor" (as a tampered one), as a tenant
        may once a cursor is left unused too long; a window asked for by its dates gets working cursors."""
        with self._lock:
            self._codec = CursorCodec(self.generator.config, self._codec.generation + 1)

    # ------------------------------------------------------------------ request handling

    def _url(self, name: str) -> str:
        listener = self._listeners.get(name)
        if listener is None:
            raise RuntimeError("the fake OWS server is not running")
        host, port = listener.server_address[:2]
        return f"http://{host}:{port}"

    def _track_connection(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def _count(self, *keys: str, amount: int = 1) -> None:
        with self._lock:
            for key in keys:
                self._counters[key] += amount

    def _handle(self, handler: Handler, listener: str) -> None:
        # The answer leaves ``latency`` seconds after the request came in, the server's own work (the page's
        # tickets generated and encoded) done within that time, as a distant server's is: its CPU is not
        # added on top of the network's delay (several cursors' pages would otherwise queue on this one
        # process's interpreter lock and look like the client's delay).
        not_before = time.monotonic() + self.latency if self.latency > 0 else 0.0

        def send(response: Response, *, truncate: bool = False) -> None:
            self._send(handler, response, truncate=truncate, not_before=not_before)

        length = handler.headers.get("Content-Length", "0")
        if length.isdigit() and int(length):
            handler.rfile.read(int(length))  # keep the connection usable
        parts = urlsplit(handler.path)
        path = parts.path.rstrip("/") or "/"
        headers = {
            name: _SECRET_PATTERN.sub(r"\1<redacted>", value) for name, value in handler.headers.items()
        }
        with self._lock:
            self._log.append((listener, handler.command, handler.path, headers))
            self._counters["requests"] += 1
            self._counters[f"requests:{path}"] += 1

        route = self._routes.get((listener, path))
        if route is None:
            send(error_response(404, f"No such endpoint: {path}"))
            return
        if handler.command != "GET":
            send(error_response(405, f"{handler.command} is not allowed", (("Allow", "GET"),)))
            return
        if not self._authorized(handler):
            self._count("auth_failures")
            send(error_response(401, "Authentication failed: missing or invalid API key"))
            return
        if self.token_disabled:
            self._count("auth_failures")
            send(error_response(403, "The API Access Token is disabled"))
            return
        fault = self._draw_fault(path)
        if fault is not None:
            self._count(f"fault:{fault}")
            _log.debug("injecting fault %s for %s", fault, path)
        if fault == "drop":
            wait_until(not_before)
            handler.close_connection = True
            return
        if fault == "429":
            retry_after = format(self.faults.retry_after if self.faults else 0, "g")
            send(error_response(429, "Too many requests", (("Retry-After", retry_after),)))
            return
        if fault in ("500", "503"):
            message = "Internal server error" if fault == "500" else "Service unavailable"
            send(error_response(int(fault), message))
            return
        query = parse_qs(parts.query, keep_blank_values=True)
        send(route(query), truncate=fault == "truncate")

    def _authorized(self, handler: Handler) -> bool:
        expected = self._expected_auth.encode()
        return any(
            hmac.compare_digest(value.encode(), expected)
            for name in AUTH_HEADER_MODES[self.auth_header_mode]
            for value in handler.headers.get_all(name) or ()
        )

    def _draw_fault(self, path: str) -> str | None:
        plan = self.faults
        if plan is None or plan.rate <= 0 or not (self.fault_all or path in _FAULTED_PATHS):
            return None
        with self._lock:
            sequence = self._fault_sequence
            self._fault_sequence += 1
        return plan.draw(sequence)

    def _send(
        self, handler: Handler, response: Response, *, truncate: bool = False, not_before: float = 0.0
    ) -> None:
        self._count(f"status:{response.status}")
        send_response(handler, response, truncate=truncate, not_before=not_before)

    # ------------------------------------------------------------------ endpoints

    def _cpos(self, query: dict[str, list[str]]) -> Response:
        return Response(200, {"content": {"posTicketsEndpoint": self.tickets_url}})

    def _users_page(self, query: dict[str, list[str]]) -> Response:
        raw = query.get("i", ["0"])[-1]
        try:
            page = int(raw)
        except ValueError:
            page = -1
        if page < 0:
            return error_response(400, "Parameter i must be a non-negative integer")
        content = self._users[page * USERS_PAGE_SIZE : (page + 1) * USERS_PAGE_SIZE]
        return Response(200, {"content": content})

    def _tickets_page(self, query: dict[str, list[str]]) -> Response:
        token = query.get("cursor", [""])[-1]
        if token:
            try:
                state = self._codec.decode(token)
            except CursorError:
                return error_response(400, "Invalid cursor")
            return self._page(state, from_cursor=True)
        if "startDate" not in query or "endDate" not in query:
            return error_response(
                400, "startDate and endDate (epoch microseconds) are required unless a cursor is given"
            )
        bounds: dict[str, int] = {}
        for name in ("startDate", "endDate"):
            try:
                bounds[name] = int(query[name][-1])
            except ValueError:
                return error_response(
                    400, f"{name} must be an integer number of microseconds since the epoch"
                )
            if bounds[name] < 0:
                return error_response(400, f"{name} must not be negative")
        if bounds["endDate"] < bounds["startDate"]:
            return error_response(400, "endDate must not be before startDate")
        try:
            page_size = int(query.get("maxPageSize", [str(MAX_PAGE_SIZE)])[-1])
        except ValueError:
            return error_response(400, "maxPageSize must be an integer")
        if page_size > MAX_PAGE_SIZE:
            return error_response(400, f"maxPageSize cannot be greater than {MAX_PAGE_SIZE}")
        if page_size < 1:
            return error_response(400, "maxPageSize must be at least 1")
        start, end = bounds["startDate"], bounds["endDate"]
        return self._page(CursorState(start, end, start, -1, page_size, 0), from_cursor=False)

    def _page(self, state: CursorState, *, from_cursor: bool) -> Response:
        """The page a state designates. Deterministic in ``state`` alone, so retries are idempotent."""
        next_no = state.page_no + 1
        if from_cursor and unit_hash(state, "empty") < self.empty_page_rate:
            self._count("pages", "empty_pages")
            return self._content(self._codec.encode(replace(state, page_no=next_no)), [])
        after = (state.after_persist_us, state.after_index)
        window = self.generator.iter_window(state.start_us, state.end_us, after)
        until = self.persisted_until_us
        if until is not None:
            window = takewhile(lambda item: item[0] < until, window)  # persist-time order
        withheld = self._withheld
        if withheld:
            window = (item for item in window if item[1] not in withheld)
        found = list(islice(window, state.page_size + 1))
        page = found[: state.page_size]
        results = [self.generator.ticket(index) for _, index in page]
        if len(found) > state.page_size or (
            page and self.empty_page_rate > 0 and unit_hash(state, "trailing") < 0.5
        ):  # more data, or (sometimes) one trailing empty page before the end
            last_persist, last_index = page[-1]
            cursor: str | None = self._codec.encode(
                replace(state, after_persist_us=last_persist, after_index=last_index, page_no=next_no)
            )
        else:
            cursor = self._end_cursor(state.page_no)
        self._count("pages", *(() if results else ("empty_pages",)))
        self._count("tickets_served", amount=len(results))
        return self._content(cursor, results)

    def _end_cursor(self, page_no: int) -> str | None:
        if self.end_marker == "null" or (self.end_marker == "alternate" and page_no % 2 == 0):
            return None
        return ""

    @staticmethod
    def _content(cursor: str | None, results: list[dict[str, Any]]) -> Response:
        return Response(200, {"content": {"cursor": cursor, "resultCount": len(results), "results": results}})
