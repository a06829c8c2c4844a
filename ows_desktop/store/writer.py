"""The cache object: the one writer connection, and the readers it hands out.

Threading rule: a TicketStore has ONE writer connection. It may be used from any thread (the sync thread
writes, the GUI thread may flag), but one call at a time: every write method holds the store's lock for
its transaction. Readers are separate connections, one per thread (:meth:`TicketStore.reader`); WAL
lets them read committed data while the writer writes."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ows_desktop.ows.model import Ticket
from ows_desktop.store import checkpoints
from ows_desktop.store.checkpoints import SyncWindow
from ows_desktop.store.database import open_reader, open_writer
from ows_desktop.store.errors import StoreError, translated
from ows_desktop.store.rawjson import (
    MIN_TRAINING_SAMPLES,
    RawCodec,
    load_codec,
    store_dictionary,
    train_dictionary,
)
from ows_desktop.store.reader import TicketReader
from ows_desktop.store.tickets import TicketRecord, UpsertResult, ticket_record, upsert_records

log = logging.getLogger(__name__)


def open_store(path: Path) -> TicketStore:
    """Open (creating if needed) the ticket cache at ``path``.

    The folder is made 0700 and the file 0600 (its -wal/-shm inherit that). Raises StoreCorruptError for
    a file that is not a cache or is damaged, StoreVersionError for a newer schema (both leave the file
    untouched) and StoreError for other failures."""
    path = Path(path)
    conn = open_writer(path)
    try:
        with translated(path):
            codec = load_codec(conn)
    except BaseException:
        conn.close()
        raise
    return TicketStore(path, conn, codec)


def now_us() -> int:
    return time.time_ns() // 1000


class TicketStore:
    """The writer side of the cache; see the module docstring for the threading rule."""

    def __init__(self, path: Path, conn: sqlite3.Connection, codec: RawCodec) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self._codec = codec
        self._lock = threading.RLock()

    # -- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the writer (readers stay usable until closed themselves)."""
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

    def __enter__(self) -> TicketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self) -> TicketReader:
        """A new read connection for the calling thread (close it when done)."""
        if self._conn is None:
            raise StoreError(f"The ticket cache at {self.path} is closed.")
        return TicketReader(open_reader(self.path), self.path)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on any exception.

        Package-internal (bulkload uses it): it hands out the raw connection."""
        with self._lock, translated(self.path):
            conn = self._conn
            if conn is None:
                raise StoreError(f"The ticket cache at {self.path} is closed.")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The writer connection for a quick read (no write lock taken)."""
        with self._lock, translated(self.path):
            if self._conn is None:
                raise StoreError(f"The ticket cache at {self.path} is closed.")
            yield self._conn

    # -- tickets -----------------------------------------------------------------------------------

    def upsert_tickets(self, tickets: Sequence[Ticket]) -> UpsertResult:
        """Store tickets in one transaction: new keys are inserted, known keys updated in place."""
        now = now_us()
        records = self._records(tickets, now)
        with self._transaction() as conn:
            return upsert_records(conn, records, now)

    def _records(self, tickets: Sequence[Ticket], now: int) -> list[TicketRecord]:
        """The stored form of ``tickets`` (CPU only; the first big batch also builds the raw-JSON
        compression dictionary)."""
        if not self._codec.has_dictionary and len(tickets) >= MIN_TRAINING_SAMPLES:
            self._train_dictionary(tickets, now)
        return [ticket_record(ticket, now, self._codec) for ticket in tickets]

    def _train_dictionary(self, tickets: Sequence[Ticket], now: int) -> None:
        zdict = train_dictionary(ticket.raw for ticket in tickets[: MIN_TRAINING_SAMPLES * 2])
        if zdict is None:
            return
        with self._transaction() as conn:
            ident = store_dictionary(conn, zdict, now)
            (stored,) = conn.execute("SELECT data FROM raw_dicts WHERE id = ?", (ident,)).fetchone()
        if stored == zdict:  # else: an Adler-32 clash with an older dictionary; keep that one
            self._codec.add_dictionary(zdict, current=True)

    # -- sync checkpoints --------------------------------------------------------------------------

    def create_windows(self, spans: Sequence[tuple[int, int]]) -> list[SyncWindow]:
        with self._transaction() as conn:
            return checkpoints.create_windows(conn, spans, now_us())

    def windows_overlapping(self, start_us: int, end_us: int) -> list[SyncWindow]:
        with self._reading() as conn:
            return checkpoints.windows_overlapping(conn, start_us, end_us)

    def window(self, window_id: int) -> SyncWindow | None:
        with self._reading() as conn:
            return checkpoints.get_window(conn, window_id)

    def save_page(
        self, window_id: int, tickets: Sequence[Ticket], *, cursor: str | None, empty: bool, done: bool
    ) -> UpsertResult:
        """Store one fetched page AND advance its window, atomically: after a crash either both or
        neither happened. Raises KeyError (nothing stored) for an unknown window."""
        now = now_us()
        records = self._records(tickets, now)
        with self._transaction() as conn:
            result = upsert_records(conn, records, now)
            checkpoints.advance_window(
                conn, window_id, cursor=cursor, tickets=len(tickets), empty=empty, done=done, now_us=now
            )
            return result

    def completed_until_us(self) -> int | None:
        with self._reading() as conn:
            return checkpoints.completed_until_us(conn)

    def delete_windows(self, ids: Sequence[int]) -> int:
        with self._transaction() as conn:
            return checkpoints.delete_windows(conn, ids)
