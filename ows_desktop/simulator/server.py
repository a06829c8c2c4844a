"""A fake OpenEye Web Services tenant over real HTTP on loopback.

Two listeners mirror the real deployment: the *API host* (``/apip/users``, ``/apip/cpos``) and the
tenant-scoped *tickets host* (``/apip/tickets``) that ``/apip/cpos`` points to. Both speak HTTP/1.1 with
keep-alive and always send ``Content-Length`` on complete responses.

Paging is stateless: a cursor is the base64url of a packed ``(window, last (persist, index) returned,
page size, page number)`` record plus an HMAC keyed by the dataset, so the same cursor always yields the
same page, a restarted server (same :class:`SimConfig`) accepts old cursors, and a tampered one gives 400.
Windows are half-open: ``startDate <= persist < endDate``.

Typical use::

    with FakeOws(SimConfig(days=1), faults=FaultPlan(rate=0.1)) as ows:
        httpx.get(f"{ows.api_url}/apip/cpos", headers={"Authentication": ows.auth_header})

To run it until interrupted (the CLI does this), call :meth:`FakeOws.serve_forever_blocking`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import re
import socket
import socketserver
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from .generator import SimConfig, TicketGenerator

_log = logging.getLogger(__name__)

FAULT_KINDS: tuple[str, ...] = ("429", "500", "503", "drop", "truncate")
MAX_PAGE_SIZE = 50
USERS_PAGE_SIZE = 100
EndMarker = Literal["null", "empty", "alternate"]

_AUTH_HEADERS = ("Authentication", "AuthorizationHeader")
_SECRET_PATTERN = re.compile(r"(AKS=)[^;\s]*")
_FAULTED_PATHS = frozenset({"/apip/tickets", "/apip/users"})
_POLL_INTERVAL = 0.05  # seconds; bounds how long stop() waits for each listener loop


@dataclass(frozen=True)
class FaultPlan:
    """Injected failures: each request to a faultable endpoint fails with probability ``rate``, with a
    kind drawn from ``kinds``. Decisions are a deterministic function of ``seed`` and the request's arrival
    number. Faults never change the data: the retried request gets the same page."""

    rate: float
    kinds: tuple[str, ...] = FAULT_KINDS
    retry_after: float = 0.2  # seconds, sent in the Retry-After header of 429 responses
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        unknown = set(self.kinds) - set(FAULT_KINDS)
        if unknown or not self.kinds:
            raise ValueError(f"kinds must be a non-empty subset of {FAULT_KINDS}")
        if self.retry_after < 0:
            raise ValueError("retry_after must not be negative")


class CursorError(ValueError):
    """A cursor that was not issued by this dataset (malformed or tampered)."""


@dataclass(frozen=True, slots=True)
class _CursorState:
    start_us: int
    end_us: int
    after_persist_us: int
    after_index: int
    page_size: int
    page_no: int


class _CursorCodec:
    """Opaque, stateless, tamper-evident cursors: ``base64url(packed state ‖ HMAC-SHA256[:12])``."""

    _VERSION = 1
    _LAYOUT = struct.Struct(">BqqqqBI")
    _MAC_LEN = 12

    def __init__(self, config: SimConfig):
        self._key = hashlib.sha256(b"ows-sim-cursor\0" + repr(config).encode()).digest()

    def encode(self, state: _CursorState) -> str:
        payload = self._LAYOUT.pack(
            self._VERSION,
            state.start_us,
            state.end_us,
            state.after_persist_us,
            state.after_index,
            state.page_size,
            state.page_no,
        )
        mac = hmac.new(self._key, payload, hashlib.sha256).digest()[: self._MAC_LEN]
        return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode("ascii")

    def decode(self, token: str) -> _CursorState:
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CursorError("cursor is not valid base64url") from exc
        if len(raw) != self._LAYOUT.size + self._MAC_LEN:
            raise CursorError("cursor has the wrong length")
        payload, mac = raw[: self._LAYOUT.size], raw[self._LAYOUT.size :]
        expected = hmac.new(self._key, payload, hashlib.sha256).digest()[: self._MAC_LEN]
        if not hmac.compare_digest(mac, expected):
            raise CursorError("cursor signature does not match")
        version, *fields = self._LAYOUT.unpack(payload)
        if version != self._VERSION:
            raise CursorError("unsupported cursor version")
        return _CursorState(*fields)


def _unit_hash(*parts: object) -> float:
    """A uniform float in [0, 1) that depends only on ``parts``."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True, slots=True)
class _Response:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


def _error(status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> _Response:
    return _Response(status, {"message": message}, headers)


class _Listener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: FakeOws, name: str):
        self.owner = owner
        self.name = name
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that vanishes mid-request is routine here (fault tests, cancelled syncs): no stderr noise.
        _log.debug("%s: error while serving %s", self.name, client_address, exc_info=True)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn), which can stall on some hosts.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOWS/1.0"
    timeout = 120  # idle keep-alive connections are closed after this many seconds
    server: _Listener

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK add ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.owner._track_connection(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track_connection(self.connection, add=False)

    def do_GET(self) -> None:
        self.server.owner._handle(self, self.server.name)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("%s: " + format, self.server.name, *args)


class FakeOws:
    """The simulated OWS tenant. Start with :meth:`start` (or ``with``), stop with :meth:`stop`.

    ``faults``, ``fault_all``, ``latency``, ``empty_page_rate`` and ``end_marker`` are plain attributes
    and may be changed while the server runs (e.g. a test turning faults off)."""

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
    ):
        if end_marker not in ("null", "empty", "alternate"):
            raise ValueError("end_marker must be 'null', 'empty' or 'alternate'")
        if not 0.0 <= empty_page_rate < 1.0:
            raise ValueError("empty_page_rate must be within [0, 1)")
        self.generator = generator if isinstance(generator, TicketGenerator) else TicketGenerator(generator)
        self.latency = latency
        self.faults = faults
        self.fault_all = fault_all
        self.empty_page_rate = empty_page_rate
        self.end_marker: EndMarker = end_marker
        self._expected_auth = f"X-API-Key AKI={key};AKS={secret}"
        self._host = host
        self._ports = {"api": api_port, "tickets": tickets_port}
        self._codec = _CursorCodec(self.generator.config)
        self._users = self.generator.users()
        self._lock = threading.Lock()
        self._log: deque[tuple[str, str, str, dict[str, str]]] = deque(maxlen=request_log_limit)
        self._counters: Counter[str] = Counter()
        self._fault_sequence = 0
        self._connections: set[socket.socket] = set()
        self._listeners: dict[str, _Listener] = {}
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()
        self._routes: dict[tuple[str, str], Callable[[dict[str, list[str]]], _Response]] = {
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
            listener = _Listener((self._host, port), self, name)
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

    def serve_forever_blocking(self) -> None:
        """Start if needed and block until :meth:`stop` is called from another thread or Ctrl+C."""
        self.start()
        try:
            while not self._stopped.wait(0.5):
                pass
        except KeyboardInterrupt:
            _log.info("fake OWS interrupted")
        finally:
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

    def _handle(self, handler: _Handler, listener: str) -> None:
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
        if self.latency > 0:
            time.sleep(self.latency)

        route = self._routes.get((listener, path))
        if route is None:
            self._send(handler, _error(404, f"No such endpoint: {path}"))
            return
        if handler.command != "GET":
            self._send(handler, _error(405, f"{handler.command} is not allowed", (("Allow", "GET"),)))
            return
        if not self._authorized(handler):
            self._count("auth_failures")
            self._send(handler, _error(401, "Authentication failed: missing or invalid API key"))
            return
        fault = self._draw_fault(path)
        if fault is not None:
            self._count(f"fault:{fault}")
            _log.debug("injecting fault %s for %s", fault, path)
        if fault == "drop":
            handler.close_connection = True
            return
        if fault == "429":
            retry_after = format(self.faults.retry_after if self.faults else 0, "g")
            self._send(handler, _error(429, "Too many requests", (("Retry-After", retry_after),)))
            return
        if fault in ("500", "503"):
            message = "Internal server error" if fault == "500" else "Service unavailable"
            self._send(handler, _error(int(fault), message))
            return
        query = parse_qs(parts.query, keep_blank_values=True)
        self._send(handler, route(query), truncate=fault == "truncate")

    def _authorized(self, handler: _Handler) -> bool:
        expected = self._expected_auth.encode()
        return any(
            hmac.compare_digest(value.encode(), expected)
            for name in _AUTH_HEADERS
            for value in handler.headers.get_all(name) or ()
        )

    def _draw_fault(self, path: str) -> str | None:
        plan = self.faults
        if plan is None or plan.rate <= 0 or not (self.fault_all or path in _FAULTED_PATHS):
            return None
        with self._lock:
            sequence = self._fault_sequence
            self._fault_sequence += 1
        if _unit_hash(plan.seed, sequence, "fault") >= plan.rate:
            return None
        return plan.kinds[int(_unit_hash(plan.seed, sequence, "kind") * len(plan.kinds))]

    def _send(self, handler: _Handler, response: _Response, *, truncate: bool = False) -> None:
        body = json.dumps(response.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._count(f"status:{response.status}")
        handler.send_response(response.status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in response.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if truncate:
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
        else:
            handler.wfile.write(body)

    # ------------------------------------------------------------------ endpoints

    def _cpos(self, query: dict[str, list[str]]) -> _Response:
        return _Response(200, {"content": {"posTicketsEndpoint": self.tickets_url}})

    def _users_page(self, query: dict[str, list[str]]) -> _Response:
        raw = query.get("i", ["0"])[-1]
        try:
            page = int(raw)
        except ValueError:
            page = -1
        if page < 0:
            return _error(400, "Parameter i must be a non-negative integer")
        content = self._users[page * USERS_PAGE_SIZE : (page + 1) * USERS_PAGE_SIZE]
        return _Response(200, {"content": content})

    def _tickets_page(self, query: dict[str, list[str]]) -> _Response:
        token = query.get("cursor", [""])[-1]
        if token:
            try:
                state = self._codec.decode(token)
            except CursorError:
                return _error(400, "Invalid cursor")
            return self._page(state, from_cursor=True)
        if "startDate" not in query or "endDate" not in query:
            return _error(
                400, "startDate and endDate (epoch microseconds) are required unless a cursor is given"
            )
        bounds: dict[str, int] = {}
        for name in ("startDate", "endDate"):
            try:
                bounds[name] = int(query[name][-1])
            except ValueError:
                return _error(400, f"{name} must be an integer number of microseconds since the epoch")
            if bounds[name] < 0:
                return _error(400, f"{name} must not be negative")
        if bounds["endDate"] < bounds["startDate"]:
            return _error(400, "endDate must not be before startDate")
        try:
            page_size = int(query.get("maxPageSize", [str(MAX_PAGE_SIZE)])[-1])
        except ValueError:
            return _error(400, "maxPageSize must be an integer")
        if page_size > MAX_PAGE_SIZE:
            return _error(400, f"maxPageSize cannot be greater than {MAX_PAGE_SIZE}")
        if page_size < 1:
            return _error(400, "maxPageSize must be at least 1")
        start, end = bounds["startDate"], bounds["endDate"]
        return self._page(_CursorState(start, end, start, -1, page_size, 0), from_cursor=False)

    def _page(self, state: _CursorState, *, from_cursor: bool) -> _Response:
        """The page a state designates. Deterministic in ``state`` alone, so retries are idempotent."""
        next_no = state.page_no + 1
        if from_cursor and _unit_hash(state, "empty") < self.empty_page_rate:
            self._count("pages", "empty_pages")
            return self._content(self._codec.encode(replace(state, page_no=next_no)), [])
        after = (state.after_persist_us, state.after_index)
        window = self.generator.iter_window(state.start_us, state.end_us, after)
        found = list(islice(window, state.page_size + 1))
        page = found[: state.page_size]
        results = [self.generator.ticket(index) for _, index in page]
        if len(found) > state.page_size or (
            page and self.empty_page_rate > 0 and _unit_hash(state, "trailing") < 0.5
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
    def _content(cursor: str | None, results: list[dict[str, Any]]) -> _Response:
        return _Response(
            200, {"content": {"cursor": cursor, "resultCount": len(results), "results": results}}
        )
