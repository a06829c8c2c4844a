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
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.read_deadline import INTERACTIVE_READ_S

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
    """The mapping rows on the team store: writes on the store's connection (one at a time), reads on a
    connection of the readers' pool (``lend``: one and how to give it back), each answer bounded by
    INTERACTIVE_READ_S. The video pane reads a terminal's mapping for every receipt shown, on the GUI thread:
    through the writer's connection it waited for whatever held its lock (a rules run, a big flag) and, on a
    server that stopped answering, for ever (a tester: the window frozen for minutes)."""

    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[Connection[Any]]],
        where: object,
        lend: Callable[[], tuple[Connection[Any], Callable[[Connection[Any]], None]]],
    ) -> None:
        super().__init__(_Transactions(transaction, where))  # type: ignore[arg-type]
        self._lend, self._where = lend, where

    @contextmanager
    def _reading(self) -> Iterator[PortableSql]:  # type: ignore[override]
        conn, give_back = self._lend()  # StoreConnectError (plain words) when none can be had
        try:
            if hasattr(conn, "answer_within"):  # the readers' pool's connection class (.read_deadline)
                conn.answer_within = INTERACTIVE_READ_S
            with translated(self._where), conn.transaction():
                yield PortableSql(conn)
        finally:
            give_back(conn)
