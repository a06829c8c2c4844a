"""One read connection per thread, kept between reads, for a store role's short reads (the camera mapping the
video pane reads for every receipt shown). Opening a SQLite connection (file, WAL index, pragmas) costs more
than such a read; a kept connection in autocommit mode holds no snapshot between statements, so each read sees
everything committed before it, and it never waits for the writer (WAL). Closed with the store; a thread's
connection is also released when the thread ends."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ows_desktop.store.database import open_reader
from ows_desktop.store.sqlite_errors import translated


class _Held:
    """A thread's connection (a holder, because a sqlite3.Connection cannot be weakly referenced)."""

    __slots__ = ("__weakref__", "conn")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn: sqlite3.Connection | None = conn


class ThreadReaders:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._held: weakref.WeakSet[_Held] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The calling thread's read connection (opened on its first read)."""
        held: _Held | None = getattr(self._local, "held", None)
        if held is None or held.conn is None:
            with self._lock:
                closed = self._closed
            if closed:  # the store was closed: a connection for this read only, as a new reader would be
                conn = open_reader(self.path)
                try:
                    with translated(self.path):
                        yield conn
                finally:
                    conn.close()
                return
            # used by this thread only; not bound to it so that close() can close it from another thread
            held = _Held(open_reader(self.path, check_same_thread=False))
            self._local.held = held
            with self._lock:
                self._held.add(held)
        assert held.conn is not None
        with translated(self.path):
            yield held.conn

    def close(self) -> None:
        """Close every thread's connection (a later read opens a connection for that read only)."""
        with self._lock:
            self._closed = True
            held, self._held = list(self._held), weakref.WeakSet()
        for h in held:
            conn, h.conn = h.conn, None
            if conn is not None:
                conn.close()
