"""The few SQL spellings the two backends disagree on, for the store code both run (rules, cases, review
reads, the query filters).

Shared store SQL is written once in SQLite's parameter style (``?`` and ``:name``); the PostgreSQL adapter
(:class:`ows_desktop.store.postgres.portable.PgSql`) rewrites the placeholders. What cannot be written the
same way in both goes through a :class:`Dialect`: a list parameter (SQLite has no arrays: a JSON text read
with ``json_each``; PostgreSQL: an array), fixed-point text of a number (SQLite ``printf``, PostgreSQL
``round(numeric)``), string aggregation and the temporary schema's name. Everything else is plain SQL both
engines accept (``CAST(x AS TEXT)``, ``INSERT ... ON CONFLICT DO NOTHING`` with a WHERE clause, CASE)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol


class Dialect(Protocol):
    name: str
    temp: str  # the temporary tables' schema, with its dot

    def in_list(self, expr: str, placeholder: str, sqltype: str = "text") -> str:
        """``expr`` is one of the list parameter's values (the parameter built by :meth:`list_param`)."""
        ...

    def list_values(self, placeholder: str, sqltype: str = "text") -> str:
        """A ``SELECT`` of the list parameter's values, one row each (column ``value``)."""
        ...

    def list_param(self, values: Iterable[object]) -> object: ...

    def in_values(self, expr: str, values: Sequence[object]) -> tuple[str, list[object]]:
        """``expr`` is one of a few given values: the clause and its parameters (SQLite: one placeholder
        each, which its planner reads best; PostgreSQL: one array)."""
        ...

    def nulls_lowest(self, descending: bool) -> str:
        """What an ORDER BY term needs for NULLs to sort lowest (SQLite's own rule)."""
        ...

    def fixed(self, expr: str, digits: int) -> str:
        """The number ``expr`` as text with ``digits`` decimals (``12.50``)."""
        ...

    def string_agg(self, expr: str, *, distinct: bool = False) -> str:
        """The values joined with ``,`` (distinct ones in sorted order when ``distinct``)."""
        ...

    def zone_offset(self, zone: str, epoch_us: str) -> str:
        """The UTC offset in minutes of the rules' zone setting ``zone`` at ``epoch_us`` (NULL: unknown).
        SQLite: the Python function of :mod:`.zones`; PostgreSQL: the zones a run set up (its
        ``rules_zones`` table), computed by the server's time zone data."""
        ...


class _Sqlite:
    name = "sqlite"
    temp = "temp."

    def in_list(self, expr: str, placeholder: str, sqltype: str = "text") -> str:
        return f"{expr} IN (SELECT value FROM json_each({placeholder}))"

    def list_values(self, placeholder: str, sqltype: str = "text") -> str:
        return f"SELECT value FROM json_each({placeholder})"

    def list_param(self, values: Iterable[object]) -> object:
        return json.dumps(list(values))

    def in_values(self, expr: str, values: Sequence[object]) -> tuple[str, list[object]]:
        return f"{expr} IN ({', '.join('?' * len(values))})", list(values)

    def nulls_lowest(self, descending: bool) -> str:
        return ""

    def fixed(self, expr: str, digits: int) -> str:
        return f"printf('%.{int(digits)}f', {expr})"

    def string_agg(self, expr: str, *, distinct: bool = False) -> str:
        return f"group_concat({'DISTINCT ' if distinct else ''}{expr})"

    def zone_offset(self, zone: str, epoch_us: str) -> str:
        return f"ows_zone_offset({zone}, {epoch_us})"


class _Postgres:
    name = "postgresql"
    temp = "pg_temp."

    def in_list(self, expr: str, placeholder: str, sqltype: str = "text") -> str:
        return f"{expr} = ANY(CAST({placeholder} AS {sqltype}[]))"

    def list_values(self, placeholder: str, sqltype: str = "text") -> str:
        return f"SELECT unnest(CAST({placeholder} AS {sqltype}[])) AS value"

    def list_param(self, values: Iterable[object]) -> object:
        return list(values)

    def in_values(self, expr: str, values: Sequence[object]) -> tuple[str, list[object]]:
        return f"{expr} = ANY(?)", [list(values)]

    def nulls_lowest(self, descending: bool) -> str:
        return " NULLS LAST" if descending else " NULLS FIRST"

    def fixed(self, expr: str, digits: int) -> str:
        return f"CAST(round(CAST({expr} AS numeric), {int(digits)}) AS text)"

    def string_agg(self, expr: str, *, distinct: bool = False) -> str:
        return f"string_agg({'DISTINCT ' if distinct else ''}{expr}, ',')"

    def zone_offset(self, zone: str, epoch_us: str) -> str:
        # At the quarter hour's start, as the SQLite function (zones change offset on quarter hours).
        quarter = f"CAST(floor(({epoch_us}) / 900000000.0) AS bigint) * 900"
        local = "extract(epoch FROM to_timestamp(q.s) AT TIME ZONE z.iana)"
        return (
            f"(SELECT CASE WHEN z.iana IS NULL THEN z.fixed_min ELSE CAST(floor(({local} - q.s) / 60) AS integer) "
            f"END FROM pg_temp.rules_zones AS z, (SELECT {quarter} AS s) AS q "
            f"WHERE z.zone = {zone} AND q.s IS NOT NULL)"
        )


SQLITE: Dialect = _Sqlite()
POSTGRES: Dialect = _Postgres()


class Sql(Protocol):
    """A connection that runs the shared SQL: a ``sqlite3.Connection`` wrapped (:mod:`.portable_sqlite`), or
    :class:`ows_desktop.store.postgres.portable.PgSql`."""

    dialect: Dialect

    def execute(self, sql: str, params: Any = ...) -> Any: ...

    def executemany(self, sql: str, rows: Any) -> Any: ...
