"""The team store's writer side: one PostgreSQL connection used by one thread at a time (a lock, as the
SQLite store's gate), the ticket and checkpoint roles, and a reading connection per thread.

Every write is one transaction; :meth:`PgTicketStore.save_page` stores a page and advances its window in
the same one, so after a crash a window resumes exactly at the first page not stored."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ows_desktop.ows.model import Ticket
from ows_desktop.store import checkpoints
from ows_desktop.store.errors import StoreError
from ows_desktop.store.postgres import sync_claim
from ows_desktop.store.postgres.audit import PgAuditLog
from ows_desktop.store.postgres.connect import PasswordLookup, PgLocation, connect, translated
from ows_desktop.store.postgres.mapping import PgMappingRows
from ows_desktop.store.postgres.reader import PgTicketReader
from ows_desktop.store.postgres.review import PgReviewWriter
from ows_desktop.store.postgres.roles import read_scope
from ows_desktop.store.postgres.schema import check_current, upgrade
from ows_desktop.store.postgres.tickets import TextCodec, upsert_records
from ows_desktop.store.postgres.unavailable import NotYetCases, NotYetRuleRuns
from ows_desktop.store.scope import Scope
from ows_desktop.store.shared_sync import SharedSyncStore, SyncWatch
from ows_desktop.store.ticket_rows import ticket_record
from ows_desktop.store.timekeys import now_us
from ows_desktop.store.values import SyncWindow, UpsertResult

if TYPE_CHECKING:
    from psycopg import Connection

    from ows_desktop.store.interface import Reader, Store

DEFAULT_BULK_BATCH = 5_000


class _QmarkConnection:
    """Runs the SQLite store's checkpoint SQL (``?`` placeholders, portable otherwise) on psycopg."""

    def __init__(self, conn: Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()):
        return self._conn.execute(sql.replace("?", "%s"), params)


def init_store(location: PgLocation, password: PasswordLookup | None = None) -> tuple[int, int]:
    """Create the team store's schema, or upgrade it; (version before, version after). Idempotent."""
    with connect(location, password) as conn:
        return upgrade(conn, location)


def open_postgres_store(location: PgLocation, password: PasswordLookup | None = None) -> PgTicketStore:
    """Open the team store at ``location``; refuses a missing, older or newer schema (StoreError)."""
    conn = connect(location, password)
    try:
        check_current(conn, location)
    except BaseException:
        conn.close()
        raise
    return PgTicketStore(location, conn, password)


class PgTicketStore:
    """The writer side of the team store; see the module docstring."""

    def __init__(self, location: PgLocation, conn: Connection[Any], password: PasswordLookup | None) -> None:
        self.location = location
        self.path = Path(str(location))  # the interface's label of the store; a URL, not a file
        self._conn = conn
        self._password = password
        self._lock = threading.Lock()
        self._codec = TextCodec()
        self.review = PgReviewWriter(self._transaction, location)
        self.rules = NotYetRuleRuns(location)
        self.mapping = PgMappingRows(self._transaction, location)
        self.audit = PgAuditLog(self._transaction)  # export and case entries, in the review chain
        self.cases = NotYetCases(location)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> PgTicketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self) -> PgTicketReader:
        if self._conn.closed:
            raise StoreError(f"The team store at {self.location} is closed.")
        return PgTicketReader(connect(self.location, self._password), self.location)

    def scope(self) -> Scope:
        """The signed-in role's scope (the database enforces it; this is for showing it)."""
        with self._transaction() as conn:
            return read_scope(conn)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            if self._conn.closed:
                raise StoreError(f"The team store at {self.location} is closed.")
            with translated(self.location), self._conn.transaction():
                yield self._conn

    # -- tickets -----------------------------------------------------------------------------------

    def upsert_tickets(self, tickets: Sequence[Ticket]) -> UpsertResult:
        now = now_us()
        records = [ticket_record(t, now, self._codec) for t in tickets]  # type: ignore[arg-type]
        with self._transaction() as conn:
            return upsert_records(conn, records, now)

    def bulk_upsert(
        self, tickets: Iterable[Ticket], *, batch_size: int = DEFAULT_BULK_BATCH, optimize: bool = True
    ) -> UpsertResult:
        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        total = UpsertResult()
        iterator = iter(tickets)
        while batch := list(islice(iterator, batch_size)):
            total += self.upsert_tickets(batch)
        if optimize:
            with self._lock:
                self._conn.execute("ANALYZE tickets")
        return total

    # -- sync checkpoints (the SQLite store's checkpoint SQL, run here) -------------------------------

    def create_windows(self, spans: Sequence[tuple[int, int]]) -> list[SyncWindow]:
        with self._transaction() as conn:
            return checkpoints.create_windows(_QmarkConnection(conn), spans, now_us())  # type: ignore[arg-type]

    def windows_overlapping(self, start_us: int, end_us: int) -> list[SyncWindow]:
        with self._transaction() as conn:
            return checkpoints.windows_overlapping(_QmarkConnection(conn), start_us, end_us)  # type: ignore[arg-type]

    def window(self, window_id: int) -> SyncWindow | None:
        with self._transaction() as conn:
            return checkpoints.get_window(_QmarkConnection(conn), window_id)  # type: ignore[arg-type]

    def save_page(
        self, window_id: int, tickets: Sequence[Ticket], *, cursor: str | None, empty: bool, done: bool
    ) -> UpsertResult:
        now = now_us()
        records = [ticket_record(t, now, self._codec) for t in tickets]  # type: ignore[arg-type]
        with self._transaction() as conn:
            result = upsert_records(conn, records, now)
            checkpoints.advance_window(
                _QmarkConnection(conn),  # type: ignore[arg-type]
                window_id,
                cursor=cursor,
                tickets=len(tickets),
                empty=empty,
                done=done,
                now_us=now,
            )
            return result

    def completed_until_us(self) -> int | None:
        with self._transaction() as conn:
            return checkpoints.completed_until_us(_QmarkConnection(conn))  # type: ignore[arg-type]

    def delete_windows(self, ids: Sequence[int]) -> int:
        with self._transaction() as conn:
            return checkpoints.delete_windows(_QmarkConnection(conn), ids)  # type: ignore[arg-type]

    # -- one sync per tenant (store.shared_sync) --------------------------------------------------------

    def try_claim_sync(
        self, who: str, range_start_us: int, range_end_us: int
    ) -> AbstractContextManager[None] | None:
        return sync_claim.try_claim(
            lambda: connect(self.location, self._password), self.location, who, range_start_us, range_end_us
        )

    def watch_sync(self) -> SyncWatch | None:
        with self._transaction() as conn:
            return sync_claim.watch(conn)


if TYPE_CHECKING:  # the type checker proves the team store implements the store's interface
    _IMPLEMENTS_STORE: type[Store] = PgTicketStore
    _IMPLEMENTS_READER: type[Reader] = PgTicketReader
    _SHARES_SYNC: type[SharedSyncStore] = PgTicketStore
