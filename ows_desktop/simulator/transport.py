"""The HTTP side of the simulated OWS: loopback listeners (HTTP/1.1, keep-alive) and JSON responses.

Requests are handed to the owning server's ``_handle(handler, listener_name)``."""

from __future__ import annotations

import json
import logging
import socket
import socketserver
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_log = logging.getLogger("ows_desktop.simulator.server")


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


def error_response(status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    return Response(status, {"message": message}, headers)


class Listener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: Any, name: str):
        self.owner = owner
        self.name = name
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that vanishes mid-request is routine here (fault tests, cancelled syncs): no stderr noise.
        _log.debug("%s: error while serving %s", self.name, client_address, exc_info=True)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn), which can stall on some hosts.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOWS/1.0"
    timeout = 120  # idle keep-alive connections are closed after this many seconds
    server: Listener

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


def wait_until(moment: float) -> None:
    """Sleep until ``time.monotonic()`` reaches ``moment`` (at once if it has)."""
    delay = moment - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def send_response(
    handler: Handler, response: Response, *, truncate: bool = False, not_before: float = 0.0
) -> None:
    """Write ``response`` as JSON, not before the monotonic time ``not_before`` (the body is encoded first);
    with ``truncate`` only half the body, then close the connection."""
    try:
        body = json.dumps(response.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # unpaired surrogates: sent as JSON escapes ("\ud800"), as a real server would
        body = json.dumps(response.body, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    wait_until(not_before)
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
