"""Cameras and the terminal mapping on the team store: ``store.mapping``, shared by the whole team.

The mapping's rules and SQL are :mod:`ows_desktop.store.camera_sql`'s (plain SQL that PostgreSQL runs as
well, but for ``?`` placeholders and SQLite's two-argument ``max``, rewritten by :class:`PortableSql`); only
where a read and a write transaction come from differs. (Next step: move that shared flow out of the SQLite
module into a backend-neutral one.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from ows_desktop.store.camera_sql import SqliteMappingRows

if TYPE_CHECKING:
    from psycopg import Connection


class PortableSql:
    """The SQLite store's portable SQL on a psycopg connection: ``?`` → ``%s``, ``max(a, b)`` → GREATEST."""

    def __init__(self, conn: Connection[Any]) -> None:
        self._conn = conn

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s").replace("max(", "GREATEST(")

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return self._conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(self._sql(sql), rows)


class _Transactions:
    """What :class:`SqliteMappingRows` asks of its gate: a write transaction (and a label)."""

    def __init__(
        self, transaction: Callable[[], AbstractContextManager[Connection[Any]]], where: object
    ) -> None:
        self._transaction = transaction
        self.path = where

    @contextmanager
    def transaction(self) -> Iterator[PortableSql]:
        with self._transaction() as conn:
            yield PortableSql(conn)


class PgMappingRows(SqliteMappingRows):
    """The mapping rows on the team store (reads and writes on the store's connection, one at a time)."""

    def __init__(
        self, transaction: Callable[[], AbstractContextManager[Connection[Any]]], where: object
    ) -> None:
        super().__init__(_Transactions(transaction, where))  # type: ignore[arg-type]
        self._transactions = _Transactions(transaction, where)

    @contextmanager
    def _reading(self) -> Iterator[PortableSql]:  # type: ignore[override]
        with self._transactions.transaction() as conn:
            yield conn
