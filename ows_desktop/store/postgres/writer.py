"""The team store's writer side: one PostgreSQL connection used by one thread at a time (a lock, as the
SQLite store's gate), the ticket and checkpoint roles, and a reading connection per thread.

Every write is one transaction; :meth:`PgTicketStore.save_page` stores a page and advances its window in
the same one, so after a crash a window resumes exactly at the first page not stored."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ows_desktop.ows.model import Ticket
from ows_desktop.store import checkpoints, commits
from ows_desktop.store.errors import StoreConflictError, StoreError
from ows_desktop.store.postgres import sync_claim
from ows_desktop.store.postgres.audit import PgAuditLog
from ows_desktop.store.postgres.cases import PgCaseWriter
from ows_desktop.store.postgres.connect import (
    KeyringPasswords,
    PasswordLookup,
    PgLocation,
    StoreConnectError,
    Work,
    borrow,
    connect,
    open_pool,
    password_from,
    translated,
    unreachable,
)
from ows_desktop.store.postgres.copy_in import PgCopyIn, TenantMismatch
from ows_desktop.store.postgres.live import PgChangeFeed
from ows_desktop.store.postgres.mapping import PgMappingRows
from ows_desktop.store.postgres.outage import Outage
from ows_desktop.store.postgres.partitions import month_missing
from ows_desktop.store.postgres.read_deadline import INTERACTIVE_READ_S, READ_S
from ows_desktop.store.postgres.reader import PgTicketReader
from ows_desktop.store.postgres.review import PgReviewWriter
from ows_desktop.store.postgres.revive import RevivingConnection
from ows_desktop.store.postgres.roles import read_scope
from ows_desktop.store.postgres.rules import PgRuleRuns
from ows_desktop.store.postgres.schema import check_current, upgrade
from ows_desktop.store.postgres.search_words import KeptWords
from ows_desktop.store.postgres.tickets import ReceivedText, TextCodec, upsert_records
from ows_desktop.store.scope import Scope
from ows_desktop.store.shared_sync import SharedSyncStore, SyncWatch
from ows_desktop.store.ticket_rows import ticket_record
from ows_desktop.store.timekeys import now_us
from ows_desktop.store.values import PageToSave, SyncWindow, UpsertResult

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg_pool import ConnectionPool

    from ows_desktop.store.interface import Reader, Store
    from ows_desktop.store.live import LiveStore

DEFAULT_BULK_BATCH = 5_000
RECONNECT_WAIT_S = 60.0  # how long a sync waits for the server to come back (a restart takes seconds)
RECONNECT_PAUSE_S = 0.5
T = TypeVar("T")
log = logging.getLogger(__name__)


class _QmarkConnection:
    """Runs the SQLite store's checkpoint SQL (``?`` placeholders, portable otherwise) on psycopg."""

    def __init__(self, conn: Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()):
        return self._conn.execute(sql.replace("?", "%s"), params)


_qmark: Callable[[Connection[Any]], Any] = _QmarkConnection  # checkpoints' SQL is typed for sqlite3

# What checkpoints.advance_window does page by page, for a batch's pages in one statement: a window's count
# of pages, tickets and empty pages grows by its pages', its cursor and done flag are its last page's.
_ADVANCE_SQL = (
    "UPDATE sync_windows AS w SET cursor = a.cursor, pages = w.pages + a.pages, tickets = w.tickets + a.tickets, "
    "empty_pages = w.empty_pages + a.empty, done = a.done, updated_us = %s "
    "FROM unnest(%s::bigint[], %s::integer[], %s::integer[], %s::integer[], %s::text[], %s::integer[]) "
    "AS a (id, pages, tickets, empty, cursor, done) WHERE w.id = a.id"
)


def _advance(conn: Connection[Any], pages: Sequence[PageToSave], now_us: int) -> Callable[[], None]:
    """Queue the advance of the pages' windows; the returned check raises KeyError (as
    checkpoints.advance_window) for a window that does not exist, once the statement's result is in."""
    windows: dict[int, list[Any]] = {}
    for page in pages:
        window = windows.setdefault(page.window_id, [0, 0, 0, None, 0])
        window[0] += 1
        window[1] += len(page.tickets)
        window[2] += int(page.empty)
        window[3:] = [page.cursor, int(page.done)]
    columns = list(zip(*windows.values(), strict=True)) if windows else [(), (), (), (), ()]
    cur = conn.execute(_ADVANCE_SQL, (now_us, list(windows), *(list(c) for c in columns)))

    def check() -> None:
        if cur.rowcount != len(windows):
            raise KeyError(f"No sync window among {sorted(windows)}")

    return check


def init_store(location: PgLocation, password: PasswordLookup | None = None) -> tuple[int, int]:
    """Create the team store's schema, or upgrade it; (version before, version after). Idempotent."""
    import psycopg

    from ows_desktop.store.scope import RoleRefusedError

    with connect(location, password) as conn:
        try:
            return upgrade(conn, location)
        except psycopg.errors.InsufficientPrivilege as exc:  # e.g. no CREATE on the schema (PostgreSQL 15)
            raise RoleRefusedError(
                f"{location.user or 'This login'} may not create or upgrade the team store's tables in {location} "
                f"({exc.diag.message_primary}): run it as the login that owns the database."
            ) from None


def open_postgres_store(location: PgLocation, password: PasswordLookup | None = None) -> PgTicketStore:
    """Open the team store at ``location``; refuses a missing, older or newer schema (StoreError)."""
    conn = connect(location, password)
    try:
        with translated(location):  # a role without privileges on the store: plain words, exit 2
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
        self._closed = False
        self._claim: sync_claim.SyncClaim | None = None
        self._pool: ConnectionPool[Any] | None = None  # reading connections, opened with the first reader
        self._outage = Outage()  # the server is known to be away: reads and writes fail at once (.outage)
        self._lock = threading.Lock()
        self._pool_lock = threading.Lock()  # the readers' pool's own: a reader never waits behind a write
        self._codec = TextCodec()
        self._months: set[tuple[int, int]] = set()  # months whose partitions exist (saves a catalog query)
        self._words = KeptWords()  # the vocabulary's words this writer saw committed (search_words)
        self.review = PgReviewWriter(self._transaction, location)
        self.rules = PgRuleRuns(self._transaction)
        self.mapping = PgMappingRows(self._transaction, location, self._lend)  # reads: a reader's connection
        self.audit = PgAuditLog(self._transaction, location)  # export and case entries, in the review chain
        self.cases = PgCaseWriter(self._transaction, location)
        self.copy_in = PgCopyIn(self._transaction, location)  # store copy: tenant, resumable steps

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()
        with self._pool_lock:  # after _closed is set: _readers opens none from now on
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()  # its readers' connections too; its threads end

    def __enter__(self) -> PgTicketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self, *, interactive: bool = False) -> PgTicketReader:
        """A reader on a pooled connection (given back on close, renewed after a restart), answers bounded."""
        if self._closed:
            raise StoreError(f"The team store at {self.location} is closed.")
        bound = INTERACTIVE_READ_S if interactive else READ_S  # interactive: a person waits on its reads
        conn = RevivingConnection(self._lend, self._check_reachable, bound)
        return PgTicketReader(cast("Connection[Any]", conn), self.location, release=lambda _c: conn.release())

    def _lend(self) -> tuple[Connection[Any], Callable[[Connection[Any]], None]]:  # a reader's, its give-back
        return borrow(self._readers, self.location, lambda: self._outage.down)

    def _readers(self) -> ConnectionPool[Any]:
        with self._pool_lock:
            if self._closed:  # asked while the store closed: a pool opened now would never be closed
                raise StoreError(f"The team store at {self.location} is closed.")
            if self._pool is None:
                self._pool = open_pool(self.location, self._password)
            return self._pool

    def _check_reachable(self) -> None:
        if self._outage.down:
            raise unreachable(self.location)

    def _renew_readers(self) -> None:
        """A new pool for the readers after an outage: the old one retries with a backoff of its own (1, 2, 4 s…
        for minutes) readers would wait for. Its connections out on loan are closed when given back."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def scope(self) -> Scope:
        """The signed-in role's scope (the database enforces it; this is for showing it)."""
        with self._transaction() as conn:
            return read_scope(conn)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        import psycopg

        with self._lock:
            if self._closed:
                raise StoreError(f"The team store at {self.location} is closed.")
            self._check_reachable()  # no wait for a connection attempt while the server is known to be away
            if self._conn.broken or self._conn.closed:
                self._revive_locked()  # the server came back after an outage (or StoreConnectError: not yet)
            work = Work()  # lost: StoreConnectError; lost as it commits: StoreCommitLostError
            with translated(self.location, work), ExitStack() as stack:
                try:
                    stack.enter_context(self._conn.transaction())
                except psycopg.OperationalError:
                    if not self._conn.broken:
                        raise
                    self._revive_locked()  # BEGIN found the connection dead: nothing ran yet, so a fresh one
                    stack.enter_context(self._conn.transaction())
                work.conn = self._conn  # (a failure on it once broken: lost, whatever it said)
                self._words.begin()
                yield self._conn
                work.commit()  # leaving the block commits
            self._words.committed()  # reached only once the transaction committed
            commits.committed(work.wrote)  # a write of the window's that fails later was partly saved

    def _revive_locked(self) -> None:
        """One attempt at a new connection in place of the dead one (the window's flags, mapping and rule
        runs write through it: they work again once the server answers, without a restart of the app)."""
        fresh = connect(self.location, self._password)
        self._conn.close()
        self._conn = fresh
        log.info("Reconnected to the team store at %s", self.location)
        if self._claim is not None:
            self._claim.renew()

    def _retrying(self, work: Callable[[Connection[Any]], T]) -> T:
        """``work(conn)`` in one transaction; when the connection is lost (the server restarted, the network
        dropped) it reconnects, for up to RECONNECT_WAIT_S, and runs ``work`` again. Only for the sync's
        calls, which are safe to repeat: an upsert by ticket key and a checkpoint set to a cursor (a page
        whose commit was confirmed is not stored twice; one whose commit was lost is stored again)."""
        deadline: float | None = None
        while True:
            try:
                with self._transaction() as conn:
                    return work(conn)
            except (StoreConnectError, StoreConflictError):  # (a deadlock: on a fresh connection, harmless)
                deadline = deadline or time.monotonic() + RECONNECT_WAIT_S
                if self._closed or not self._reconnect(deadline):
                    raise
                log.warning(
                    "Reconnected to the team store at %s; repeating the interrupted write", self.location
                )

    def _reconnect(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            try:
                conn = connect(self.location, self._password)
            except StoreConnectError:
                time.sleep(RECONNECT_PAUSE_S)
                continue
            with self._lock:
                if self._closed:
                    conn.close()
                    return False
                self._conn.close()
                self._conn = conn
            if self._claim is not None:
                self._claim.renew()
            return True
        return False

    # -- tickets -----------------------------------------------------------------------------------

    def upsert_tickets(self, tickets: Sequence[Ticket]) -> UpsertResult:
        now = now_us()
        records = [ticket_record(t, now, self._codec) for t in tickets]

        def work() -> UpsertResult:
            with self._transaction() as conn:
                return upsert_records(conn, records, now, self._months, words=self._words)

        return self._upserting(work)

    def _upserting(self, run: Callable[[], T]) -> T:
        """``run()``, once more after forgetting the known months if one of them was dropped meanwhile
        (retention): the second run creates it again."""
        try:
            return run()
        except Exception as error:
            if not month_missing(error):
                raise
            self._months.clear()
            return run()

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
        return self._retrying(lambda conn: checkpoints.create_windows(_qmark(conn), spans, now_us()))

    def windows_overlapping(self, start_us: int, end_us: int) -> list[SyncWindow]:
        return self._retrying(lambda conn: checkpoints.windows_overlapping(_qmark(conn), start_us, end_us))

    def window(self, window_id: int) -> SyncWindow | None:
        return self._retrying(lambda conn: checkpoints.get_window(_qmark(conn), window_id))

    def save_page(
        self, window_id: int, tickets: Sequence[Ticket], *, cursor: str | None, empty: bool, done: bool
    ) -> UpsertResult:
        now = now_us()
        records = [ticket_record(t, now, self._codec) for t in tickets]

        def work(conn: Connection[Any]) -> UpsertResult:
            result = upsert_records(conn, records, now, self._months, words=self._words)
            checkpoints.advance_window(
                _qmark(conn),
                window_id,
                cursor=cursor,
                tickets=len(tickets),
                empty=empty,
                done=done,
                now_us=now,
            )
            return result

        return self._upserting(lambda: self._retrying(work))

    def save_pages(self, pages: Sequence[PageToSave]) -> UpsertResult:
        now = now_us()
        codec = ReceivedText(pages)  # each ticket's JSON as received, not encoded again
        records = [ticket_record(t, now, codec) for p in pages for t in p.tickets]

        def work(conn: Connection[Any]) -> UpsertResult:
            # the windows' cursors go in the batch's last pipeline: no round trip of their own
            return upsert_records(
                conn, records, now, self._months, then=lambda c: _advance(c, pages, now), words=self._words
            )

        return self._upserting(lambda: self._retrying(work))

    def split_window(self, window_id: int, at_us: int) -> SyncWindow | None:
        return self._retrying(lambda conn: checkpoints.split_window(_qmark(conn), window_id, at_us, now_us()))

    def completed_until_us(self) -> int | None:
        return self._retrying(lambda conn: checkpoints.completed_until_us(_qmark(conn)))

    def delete_windows(self, ids: Sequence[int]) -> int:
        return self._retrying(lambda conn: checkpoints.delete_windows(_qmark(conn), ids))

    def record_sync_started(self) -> None:
        self._retrying(lambda conn: checkpoints.record_sync_started(_qmark(conn)))

    def record_sync_finished(self, at_us: int) -> None:
        claim = self._claim  # the sync finishing holds it (store.shared_sync): who ran it, with the moment

        def work(conn: Connection[Any]) -> None:
            checkpoints.record_sync_finished(_qmark(conn), at_us)
            sync_claim.record_finished_by(conn, at_us, claim)

        self._retrying(work)

    # -- one sync per tenant (store.shared_sync) --------------------------------------------------------

    def try_claim_sync(
        self, who: str, range_start_us: int, range_end_us: int
    ) -> AbstractContextManager[None] | None:
        claim = sync_claim.SyncClaim(
            lambda: connect(self.location, self._password), self.location, who, range_start_us, range_end_us
        )
        return self._holding(claim) if claim.take() else None

    @contextmanager
    def _holding(self, claim: sync_claim.SyncClaim) -> Iterator[None]:
        self._claim = claim  # renewed when the connection comes back after a server restart
        try:
            yield
        finally:
            self._claim = None
            claim.release()

    def change_feed(self) -> PgChangeFeed:
        """Live updates (store.live): a feed on its own connection. Its listener is also the store's probe
        (:mod:`.outage`): a feed that cannot be opened, or whose connection breaks, says the server is away;
        one opened again says it is back (the readers' pool is renewed first)."""
        self._outage.probing()
        try:
            feed = PgChangeFeed(connect(self.location, self._password), self.location, self._outage.lost)
        except StoreConnectError:
            self._outage.lost()
            raise
        if self._outage.back():  # the server is back: reads find a connection from now on
            self._renew_readers()
        return feed

    def watch_sync(self) -> SyncWatch | None:
        with self._transaction() as conn:
            return sync_claim.watch(conn)

    @property
    def url(self) -> str:
        return self.location.url

    def password(self) -> str | None:
        """The password a sync hands its process: asked of the keyring anew (a person pressed Sync; one saved
        since the window opened is used)."""
        lookup = self._password or password_from()
        return lookup.fresh(self.location) if isinstance(lookup, KeyringPasswords) else lookup(self.location)

    def bind_sync_tenant(self, api_access_url: str, tickets_endpoint: str) -> tuple[str, str] | None:
        try:
            self.copy_in.bind_tenant(api_access_url, tickets_endpoint, label="", source="")
        except TenantMismatch:
            return self.copy_in.tenant() or ("?", "?")
        return None


if TYPE_CHECKING:  # the type checker proves the team store implements the store's interface
    _IMPLEMENTS_STORE: type[Store] = PgTicketStore
    _IMPLEMENTS_READER: type[Reader] = PgTicketReader
    _SHARES_SYNC: type[SharedSyncStore] = PgTicketStore
    _IS_LIVE: type[LiveStore] = PgTicketStore
