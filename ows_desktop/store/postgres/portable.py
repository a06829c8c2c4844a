"""The store's shared SQL (SQLite parameter style: ``?`` and ``:name``) on a psycopg connection.

Shared modules (:mod:`ows_desktop.store.rule_sql`, :mod:`ows_desktop.store.case_flow`,
:mod:`ows_desktop.store.review_rows`...) write their SQL once; :class:`PgSql` rewrites the placeholders to
psycopg's (``%s`` and ``%(name)s``, a literal ``%`` doubled) and runs it. What the engines spell differently
goes through :data:`ows_desktop.store.dialect.POSTGRES` (``PgSql.dialect``)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ows_desktop.store.dialect import POSTGRES, Dialect

if TYPE_CHECKING:
    from psycopg import Connection

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=512)
def pg_sql(sql: str) -> str:
    """SQLite-style placeholders → psycopg's (outside string literals; ``::casts`` are left alone)."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    out = []
    for i, part in enumerate(parts):
        part = part.replace("%", "%%")
        if i % 2 == 0:  # not inside a string literal
            part = _NAMED.sub(r"%(\1)s", part.replace("?", "%s"))
        out.append(part)
    return "".join(out)


class PgSql:
    """A psycopg connection that takes the shared SQL (see the module docstring)."""

    dialect: Dialect = POSTGRES

    def __init__(self, conn: Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> Any:
        return self.conn.execute(pg_sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(pg_sql(sql), rows)
