"""Review on the team store: ``flags`` and the append-only ``review_audit`` trail, shared by every
workstation. The flow and the SQL are the store's shared ones (:mod:`ows_desktop.store.review_flow`,
:mod:`ows_desktop.store.review_rows`), so the same calls write the same audit entries and a trail written
here verifies exactly as the SQLite store's does. What is PostgreSQL's own is here:

* Review writes take one transaction-level advisory lock first, so the writes of two workstations at once
  run one after the other (the second waits for the first to commit): the chain stays linear (each entry
  reads the last hash and the next id, then inserts), the flag row is read ``FOR UPDATE``, and no flag
  update is lost. Triggers refuse UPDATE, DELETE and TRUNCATE of ``review_audit`` (schema v2).
* Each entry records the database role that wrote it (``current_user``) and the workstation's OS user,
  both covered by its hash.
* PostgreSQL text cannot hold NUL: it becomes U+FFFD in reasons and names (the one difference from the
  SQLite store; notes are unaffected, their JSON escapes NUL)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from ows_desktop.store.dialect import Sql
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.nul_text import pg_text
from ows_desktop.store.postgres.portable import PgSql
from ows_desktop.store.review import GENESIS, AuditEntry
from ows_desktop.store.review_flow import ReviewBackend, ReviewWriterFlow
from ows_desktop.store.review_rows import ReviewReaderRows, append_chained

if TYPE_CHECKING:
    from psycopg import Connection

AUDIT_LOCK_KEY = 0x4F575346

Transaction = Callable[[], AbstractContextManager["Connection[Any]"]]


def _chain_head(conn: Sql) -> tuple[int, str, str | None]:
    conn.execute("SELECT pg_advisory_xact_lock(?)", (AUDIT_LOCK_KEY,))
    (role,) = conn.execute("SELECT current_user").fetchone()
    # ows_audit_tail() reads past row-level security: a manager chains to entries she may not read (#16)
    row = conn.execute("SELECT id, hash FROM ows_audit_tail()").fetchone()
    next_id, previous = (1, GENESIS) if row is None else (int(row[0]) + 1, str(row[1]))
    return next_id, previous, str(role)


def append_entry(
    conn: Connection[Any], key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    """Append one audit entry chained to the last one, in the caller's transaction (see module doc)."""
    return append_chained(PgSql(conn), _chain_head, key, at, who, host, action, changes)


def _append(
    conn: Sql, key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    return append_chained(conn, _chain_head, key, at, who, host, action, changes)


def review_backend(transaction: Transaction, where: object) -> ReviewBackend:
    """How the shared review flows write on the team store (each write under the review lock)."""

    @contextmanager
    def locked() -> Iterator[Sql]:
        with transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK_KEY,))
            yield PgSql(conn)

    @contextmanager
    def reading() -> Iterator[Sql]:
        with transaction() as conn:
            yield PgSql(conn)

    return ReviewBackend(
        transaction=locked,
        reading=reading,
        append=_append,
        where=f"the team store at {where}",
        lock_rows=" FOR UPDATE",
        clean=pg_text,
        next_case_seq="SELECT ows_next_case_seq(?)",
    )


class PgReviewWriter(ReviewWriterFlow):
    """``store.review`` on the team store: each call one transaction with its audit entries."""

    def __init__(self, transaction: Transaction, where: object) -> None:
        super().__init__(review_backend(transaction, where))


class PgReviewReader(ReviewReaderRows):
    """``reader.review`` on the team store (the reader's own connection)."""

    def __init__(self, conn: Connection[Any], where: object = "the team store") -> None:
        super().__init__(PgSql(conn), lambda: translated(where))
        self._pg = conn
        self._where = where

    def verify_audit_entries(self, entries: Iterable[AuditEntry]) -> list[int]:
        """As the shared check, but whether each entry (and the one after it) hashes from its predecessor is
        asked of the server (``ows_audit_links``, schema rls_schema): under row-level security the
        neighbours may be entries of stores this role may not read."""
        wanted = {entry.id: entry for entry in entries}
        if not wanted:
            return []
        ids = sorted({i for ident in wanted for i in (ident, ident + 1)})
        with translated(self._where):
            stored = {e.id: e for e in self._audit("WHERE id = ANY(?)", (sorted(wanted),))}
            rows = self._pg.execute("SELECT id, ok FROM ows_audit_links(%s)", (ids,)).fetchall()
        links = {int(ident): ok is True for ident, ok in rows}
        return [
            ident
            for ident in sorted(wanted)
            if not (
                (entry := stored.get(ident)) is not None
                and entry == wanted[ident]
                and entry.changes_text == wanted[ident].changes_text
                and links.get(ident)
                and links.get(ident + 1, True)
            )
        ]
