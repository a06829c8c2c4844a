"""A tiny misbehaving HTTP server on loopback for the hostile-server tests: each connection is handed to a
``behave(sock, request_bytes)`` function that writes whatever raw bytes it likes, as slowly as it likes."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable

Behaviour = Callable[[socket.socket, bytes], None]


class HostileServer:
    def __init__(self, behave: Behaviour | None = None, host: str = "127.0.0.1") -> None:
        self.behave = behave
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        self.finished = threading.Event()  # set when a dripping answer was sent to its end
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._accept = threading.Thread(target=self._serve, name="hostile-accept", daemon=True)
        self._accept.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._conns.append(conn)
            thread = threading.Thread(target=self._handle, args=(conn,), name="hostile-conn", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            data = b""
            conn.settimeout(2.0)
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            self.requests.append(data)
            if self.behave is not None:
                self.behave(conn, data)
        except OSError:
            pass
        finally:
            conn.close()

    def pause(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False when it is."""
        return not self.stop.wait(seconds)

    def close(self) -> None:
        self.stop.set()
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._accept.join()
        for thread in self._threads:
            thread.join()
        self._listener.close()


def json_headers(length: int | None = None, extra: str = "") -> bytes:
    """The head of a 200 JSON answer. It says ``Connection: close`` because the server closes every connection
    after one answer: a client left to keep it alive may send its next request on it before the close arrives,
    lose that request to the close and spend a retry on it (seen once on a busy CI machine)."""
    size = f"Content-Length: {length}\r\n" if length is not None else ""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n{size}{extra}\r\n"
    return head.encode()


def drip(server: HostileServer, total_s: float, every_s: float = 0.05) -> Behaviour:
    """Headers at once, then a JSON body one byte every ``every_s`` for ``total_s`` (then the rest)."""
    body = b'{"content": {"posTicketsEndpoint": "http://127.0.0.1:1/t"}}'

    def behave(conn: socket.socket, _request: bytes) -> None:
        conn.sendall(json_headers(len(body)))
        ends = time.monotonic() + total_s
        sent = 0
        while time.monotonic() < ends and sent < len(body) - 1:
            conn.sendall(body[sent : sent + 1])
            sent += 1
            if not server.pause(every_s):
                return
        while time.monotonic() < ends:  # keep the answer incomplete until total_s has passed
            if not server.pause(every_s):
                return
        conn.sendall(body[sent:])
        server.finished.set()

    return behave
