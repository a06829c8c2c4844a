"""Review in the SQLite cache: the ``flags`` table (from v1) and the append-only ``review_audit`` trail (v3;
who made each entry since v7). The flow and the SQL are shared with the team store (:mod:`.review_flow`,
:mod:`.review_rows`); what is SQLite's own is here.

:class:`SqliteReviewWriter` is ``store.review`` (its writes run on the writer connection through the
:class:`~ows_desktop.store.gate.WriterGate`, serialised with the sync, each one durable: ``synchronous=FULL``
so it survives a killed process *and* a power cut); :class:`SqliteReviewReader` is ``reader.review`` (on
the reader's own connection). Triggers make ``review_audit`` append-only (UPDATE and DELETE raise) and its
ids are AUTOINCREMENT (never reused): the next id comes from ``sqlite_sequence``. The cache has no database
role: its entries record none."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ows_desktop.store.dialect import Sql
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.portable_sqlite import SqliteSql, plain, wrapped
from ows_desktop.store.review import GENESIS, AuditEntry
from ows_desktop.store.review_flow import ReviewBackend, ReviewWriterFlow
from ows_desktop.store.review_rows import ReviewReaderRows, append_chained
from ows_desktop.store.sqlite_errors import translated


def _chain_head(conn: Sql) -> tuple[int, str, str | None]:
    row = conn.execute("SELECT hash FROM review_audit ORDER BY id DESC LIMIT 1").fetchone()
    (next_id,) = conn.execute(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'review_audit'), 0) + 1"
    ).fetchone()
    return int(next_id), row[0] if row else GENESIS, None


def append_entry(
    conn: sqlite3.Connection,
    key: str,
    at: int,
    who: str,
    host: str,
    action: str,
    changes: dict[str, Any],
    *,
    record_user: bool = True,
) -> AuditEntry:
    """Append one audit entry, chained to the last one (in the caller's write transaction)."""
    return append_chained(
        SqliteSql(conn), _chain_head, key, at, who, host, action, changes, record_user=record_user
    )


def _append(
    conn: Sql, key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    return append_entry(plain(conn), key, at, who, host, action, changes)


def review_backend(gate: WriterGate) -> ReviewBackend:
    """How the shared review flows write on the SQLite cache (durable transactions through its gate)."""
    return ReviewBackend(
        transaction=lambda: wrapped(gate.durable()),
        reading=lambda: wrapped(gate.reading()),
        append=_append,
        where=f"the cache at {gate.path}",
    )


class SqliteReviewWriter(ReviewWriterFlow):
    """``store.review`` of the SQLite cache: each call one durable transaction with its audit entries."""

    def __init__(self, gate: WriterGate) -> None:
        super().__init__(review_backend(gate))


class SqliteReviewReader(ReviewReaderRows):
    """``reader.review`` of the SQLite cache, on one reader connection."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(SqliteSql(conn), lambda: translated(path))
