"""A ``sqlite3.Connection`` as a :class:`~ows_desktop.store.rule_sql.Sql`: the store's shared SQL (rules,
cases, review reads) runs on it unchanged; ``dialect`` says how SQLite spells what the engines disagree on
(see :mod:`.dialect`). The PostgreSQL counterpart is :class:`ows_desktop.store.postgres.portable.PgSql`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from ows_desktop.store.dialect import SQLITE, Dialect


class SqliteSql:
    dialect: Dialect = SQLITE

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)


@contextmanager
def wrapped(block: AbstractContextManager[sqlite3.Connection]) -> Iterator[SqliteSql]:
    """``with wrapped(gate.transaction()) as conn``: the gate's block, its connection as a SqliteSql."""
    with block as conn:
        yield SqliteSql(conn)


def plain(conn: Any) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn`` (a SqliteSql or the connection itself)."""
    return conn.conn if isinstance(conn, SqliteSql) else conn
