"""Cases in the SQLite cache (schema v5): the shared case flow (:mod:`.case_flow`) on the cache's
connections. :class:`SqliteCaseWriter` is ``store.cases`` (each change one durable transaction on the writer
connection, through the :class:`~ows_desktop.store.gate.WriterGate`, as every review write);
:class:`SqliteCaseReader` is ``reader.cases`` (on the reader's own connection)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ows_desktop.store.case_flow import CaseReaderRows, CaseWriterFlow
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.portable_sqlite import SqliteSql
from ows_desktop.store.review_sql import review_backend
from ows_desktop.store.sqlite_errors import translated


class SqliteCaseWriter(CaseWriterFlow):
    def __init__(self, gate: WriterGate) -> None:
        super().__init__(review_backend(gate))


class SqliteCaseReader(CaseReaderRows):
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(SqliteSql(conn), "this cache", lambda: translated(path))
