"""The writer connection and its lock: the only way this package's SQLite code reaches the writer connection.

A :class:`WriterGate` is created by :func:`~ows_desktop.store.writer.open_store` and handed to the SQLite role
objects of the store (review, rules, camera mapping); nothing outside ``ows_desktop.store`` ever sees it or
the connection. Threading rule: the connection may be used from any thread, one call at a time; every
method holds the gate's lock for as long as it hands the connection out."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ows_desktop.store.errors import StoreError
from ows_desktop.store.sqlite_errors import translated

log = logging.getLogger(__name__)


class WriterGate:
    """Hands out the writer connection: for one write transaction, one durable write, or a quick read."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    # Only a hint to the planner: when a sync holds the lock, skip it rather than fail a
                    # command that has done its work (an export already published).
                    self._conn.execute("PRAGMA busy_timeout = 50")
                    self._conn.execute("PRAGMA optimize")
                except sqlite3.Error as exc:
                    log.debug("PRAGMA optimize skipped at close: %s", exc)
                finally:
                    self._conn.close()
                    self._conn = None

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"The ticket cache at {self.path} is closed.")
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on any exception."""
        with self._lock, translated(self.path):
            conn = self._open()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def durable(self) -> Iterator[sqlite3.Connection]:
        """One write transaction whose commit is fsynced (``synchronous = FULL`` just for it)."""
        with self._lock, translated(self.path):
            conn = self._open()
            conn.execute("PRAGMA synchronous = FULL")
            try:
                with self.transaction() as tx:
                    yield tx
            finally:
                conn.execute("PRAGMA synchronous = NORMAL")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The writer connection for a quick read (no write lock taken in SQLite)."""
        with self._lock, translated(self.path):
            yield self._open()
