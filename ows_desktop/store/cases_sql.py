"""Cases in the SQLite cache (schema v5): the shared case flow (:mod:`.case_flow`) on the cache's
connections. :class:`SqliteCaseWriter` is ``store.cases`` (each change one durable transaction on the writer
connection, through the :class:`~ows_desktop.store.gate.WriterGate`); :class:`SqliteCaseReader` is
``reader.cases`` (on the reader's own connection)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ows_desktop.store.case_flow import CaseBackend, CaseReaderRows, CaseWriterFlow
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.portable_sqlite import SqliteSql, plain, wrapped
from ows_desktop.store.review import AuditEntry
from ows_desktop.store.review_sql import append_entry
from ows_desktop.store.rule_sql import Sql
from ows_desktop.store.sqlite_errors import translated


def _append(
    conn: Sql, key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    return append_entry(plain(conn), key, at, who, host, action, changes)


class SqliteCaseWriter(CaseWriterFlow):
    def __init__(self, gate: WriterGate) -> None:
        super().__init__(CaseBackend(lambda: wrapped(gate.durable()), _append, f"the cache at {gate.path}"))


class SqliteCaseReader(CaseReaderRows):
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(SqliteSql(conn), "this cache", lambda: translated(path))
