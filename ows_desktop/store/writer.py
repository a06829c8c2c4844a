"""The SQLite cache object: the one writer connection, its role objects, and the readers it hands out.

Threading rule: a TicketStore has ONE writer connection (behind its :class:`~.gate.WriterGate`). It may be
used from any thread (the sync thread writes, the GUI thread may flag), but one call at a time: every write
holds the gate's lock for its transaction. Readers are separate connections, one per thread
(:meth:`TicketStore.reader`); WAL lets them read committed data while the writer writes.

Roles (see :mod:`.interface`): the store itself is the ticket writer (upserts and sync checkpoints);
``store.review`` writes flags, states and notes; ``store.rules`` runs the exception rules;
``store.mapping`` holds the camera rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from ows_desktop.ows.model import Ticket
from ows_desktop.store import checkpoints
from ows_desktop.store.audit_sql import SqliteAuditLog
from ows_desktop.store.camera_sql import SqliteMappingRows
from ows_desktop.store.cases_sql import SqliteCaseWriter
from ows_desktop.store.database import open_reader, open_writer
from ows_desktop.store.errors import StoreError
from ows_desktop.store.fulltext import optimize_index
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.sqlite_errors import translated
from ows_desktop.store.sqlite_live import SqliteChangeFeed

if TYPE_CHECKING:
    from ows_desktop.store.interface import Reader, Store
    from ows_desktop.store.live import LiveStore
from ows_desktop.store.raw_pages import JsonBytes, received_json
from ows_desktop.store.rawjson import (
    MIN_TRAINING_SAMPLES,
    RawCodec,
    load_codec,
    store_dictionary,
    train_dictionary,
)
from ows_desktop.store.reader import TicketReader
from ows_desktop.store.review_sql import SqliteReviewWriter
from ows_desktop.store.rule_runs import SqliteRuleRuns
from ows_desktop.store.ticket_rows import TicketRecord, ticket_record, upsert_records
from ows_desktop.store.timekeys import now_us
from ows_desktop.store.values import PageToSave, SyncWindow, UpsertResult

DEFAULT_BULK_BATCH = 20_000
_JSON = JsonBytes()  # records carry their JSON bytes; upsert_records compresses them a page at a time


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


class TicketStore:
    """The writer side of the cache; see the module docstring for the threading rule."""

    def __init__(self, path: Path, conn: sqlite3.Connection, codec: RawCodec) -> None:
        self.path = path
        self._gate = WriterGate(path, conn)
        self._codec = codec
        self.review = SqliteReviewWriter(self._gate)
        self.rules = SqliteRuleRuns(self._gate)
        self.mapping = SqliteMappingRows(self._gate)
        self.audit = SqliteAuditLog(self._gate)
        self.cases = SqliteCaseWriter(self._gate)

    # -- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the writer (readers stay usable until closed themselves)."""
        self.mapping.close()
        self._gate.close()

    def __enter__(self) -> TicketStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reader(self, *, interactive: bool = False) -> TicketReader:
        """A new read connection for the calling thread (close it when done). ``interactive`` (a person waits
        on its reads) bounds a team store's answers; a local file's reads have no server to wait for."""
        if self._gate.closed:
            raise StoreError(f"The ticket cache at {self.path} is closed.")
        return TicketReader(open_reader(self.path), self.path)

    def change_feed(self) -> SqliteChangeFeed:
        """What other programs on this computer change in the cache, on a connection of its own
        (store/sqlite_live.py): the window shows a flag set from the command line as a colleague's."""
        if self._gate.closed:
            raise StoreError(f"The ticket cache at {self.path} is closed.")
        return SqliteChangeFeed(self.path)

    def scope(self) -> None:
        """A single seat has no roles: everything is the user's (see store.scope)."""
        return

    # -- tickets -----------------------------------------------------------------------------------

    def upsert_tickets(self, tickets: Sequence[Ticket]) -> UpsertResult:
        """Store tickets in one transaction: new keys are inserted, known keys updated in place."""
        now = now_us()
        records = self._records(tickets, now)
        with self._gate.transaction() as conn:
            return upsert_records(conn, records, now, self._codec)

    def bulk_upsert(
        self, tickets: Iterable[Ticket], *, batch_size: int = DEFAULT_BULK_BATCH, optimize: bool = True
    ) -> UpsertResult:
        """Store every ticket of ``tickets`` (any iterable, consumed ``batch_size`` at a time): the same
        stored result as :meth:`upsert_tickets` (keys already stored are updated, never duplicated), only in
        big transactions and with the full-text index merged into one segment at the end (a first import,
        the search benchmark's 5M-ticket cache)."""
        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        total = UpsertResult()
        iterator = iter(tickets)
        while batch := list(islice(iterator, batch_size)):
            now = now_us()
            records = self._records(batch, now)
            with self._gate.transaction() as conn:
                total += upsert_records(conn, records, now, self._codec)
        if optimize:
            with self._gate.transaction() as conn:
                optimize_index(conn)
                conn.execute("PRAGMA optimize")
        return total

    def _records(
        self, tickets: Sequence[Ticket], now: int, encoder: JsonBytes | None = None
    ) -> list[TicketRecord]:
        """The stored form of ``tickets`` (CPU only; the first big batch also builds the raw-JSON
        compression dictionary)."""
        if not self._codec.has_dictionary and len(tickets) >= MIN_TRAINING_SAMPLES:
            self._train_dictionary(tickets, now)
        return [ticket_record(ticket, now, encoder or _JSON) for ticket in tickets]

    def _train_dictionary(self, tickets: Sequence[Ticket], now: int) -> None:
        zdict = train_dictionary(ticket.raw for ticket in tickets[: MIN_TRAINING_SAMPLES * 2])
        if zdict is None:
            return
        with self._gate.transaction() as conn:
            ident = store_dictionary(conn, zdict, now)
            (stored,) = conn.execute("SELECT data FROM raw_dicts WHERE id = ?", (ident,)).fetchone()
        if stored == zdict:  # else: an Adler-32 clash with an older dictionary; keep that one
            self._codec.add_dictionary(zdict, current=True)

    # -- sync checkpoints --------------------------------------------------------------------------

    def create_windows(self, spans: Sequence[tuple[int, int]]) -> list[SyncWindow]:
        with self._gate.transaction() as conn:
            return checkpoints.create_windows(conn, spans, now_us())

    def windows_overlapping(self, start_us: int, end_us: int) -> list[SyncWindow]:
        with self._gate.reading() as conn:
            return checkpoints.windows_overlapping(conn, start_us, end_us)

    def window(self, window_id: int) -> SyncWindow | None:
        with self._gate.reading() as conn:
            return checkpoints.get_window(conn, window_id)

    def save_page(
        self, window_id: int, tickets: Sequence[Ticket], *, cursor: str | None, empty: bool, done: bool
    ) -> UpsertResult:
        """Store one fetched page AND advance its window, atomically: after a crash either both or
        neither happened. Raises KeyError (nothing stored) for an unknown window."""
        now = now_us()
        records = self._records(tickets, now)
        with self._gate.transaction() as conn:
            result = upsert_records(conn, records, now, self._codec)
            checkpoints.advance_window(
                conn, window_id, cursor=cursor, tickets=len(tickets), empty=empty, done=done, now_us=now
            )
            return result

    def save_pages(self, pages: Sequence[PageToSave]) -> UpsertResult:
        """Store several fetched pages AND advance their windows, in ONE transaction (a sync's writer
        commits what its cursors fetched meanwhile together). Each window's pages come in fetch order, so
        its cursor ends at the last one. KeyError (nothing stored) for an unknown window."""
        now = now_us()
        received: dict[int, bytes] = {}
        for page in pages:  # each ticket's JSON as received, instead of re-encoding it
            if page.tickets and len(page.received) == len(page.tickets):  # cut by the client already
                received.update(
                    (id(t.raw), text)
                    for t, text in zip(page.tickets, page.received, strict=True)
                    if text is not None
                )
            else:
                received.update(received_json(page.body, [t.raw for t in page.tickets]))
        records = self._records([t for page in pages for t in page.tickets], now, JsonBytes(received))
        groups = [number for number, page in enumerate(pages) for _ in page.tickets]  # a raw page per page
        with self._gate.transaction() as conn:
            result = upsert_records(conn, records, now, self._codec, groups)
            for page in pages:
                checkpoints.advance_window(
                    conn,
                    page.window_id,
                    cursor=page.cursor,
                    tickets=len(page.tickets),
                    empty=page.empty,
                    done=page.done,
                    now_us=now,
                )
            return result

    def split_window(self, window_id: int, at_us: int) -> SyncWindow | None:
        with self._gate.transaction() as conn:
            return checkpoints.split_window(conn, window_id, at_us, now_us())

    def completed_until_us(self) -> int | None:
        with self._gate.reading() as conn:
            return checkpoints.completed_until_us(conn)

    def delete_windows(self, ids: Sequence[int]) -> int:
        with self._gate.transaction() as conn:
            return checkpoints.delete_windows(conn, ids)

    def record_sync_started(self) -> None:
        with self._gate.transaction() as conn:
            checkpoints.record_sync_started(conn)

    def record_sync_finished(self, at_us: int) -> None:
        with self._gate.transaction() as conn:
            checkpoints.record_sync_finished(conn, at_us)


if TYPE_CHECKING:  # the type checker proves that the SQLite classes implement the store's interface
    _IMPLEMENTS_STORE: type[Store] = TicketStore
    _IMPLEMENTS_READER: type[Reader] = TicketReader
    _IS_LIVE: type[LiveStore] = TicketStore
