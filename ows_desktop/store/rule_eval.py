"""Scoping, evaluating and queueing exception-rule runs: the statements around the rules' SQL
(:mod:`.rule_sql`), written once for both backends (see that module's docstring). A run is set up by
:func:`prepare` with the backend's own ``setup``; its scope is a rowid range or the temporary ``rules_scope``
table; :func:`evaluate` replaces the scope's results and takes its tickets off the ``rules_pending`` queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ows_desktop.store.rule_details import detail_message
from ows_desktop.store.rule_sql import (
    DAY_MS,
    MS_TO_RID,
    NO_SALE_TIME_N,
    RULE_SQL,
    SCOPE_COLUMN,
    VOID_TIME_V,
    Context,
    Scope,
    Sql,
    sold_here,
)

Setup = Callable[[Sql, Mapping[str, Mapping[str, Any]]], None]


def prepare(conn: Sql, rules: Mapping[str, Mapping[str, Any]], setup: Setup) -> None:
    """Set a run up: the backend's ``setup`` (temporary ``rules_scope`` and ``rules_hours`` tables, the zone
    function), then this run's opening hours and zones per store."""
    setup(conn, rules)
    temp = conn.dialect.temp
    conn.execute(f"DELETE FROM {temp}rules_hours")
    hours = rules.get("outside_hours")
    if hours:
        rows: dict[str, list[Any]] = {}
        for location, (open_min, close_min) in hours.get("location_hours", {}).items():
            rows.setdefault(location, [None, None, None])[:2] = [open_min, close_min]
        for location, zone in hours.get("location_zones", {}).items():
            rows.setdefault(location, [None, None, None])[2] = zone
        conn.executemany(
            f"INSERT INTO {temp}rules_hours (location, open_min, close_min, zone) VALUES (?, ?, ?, ?)",
            [(location, *values) for location, values in rows.items()],
        )


def _scope_size(conn: Sql) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {conn.dialect.temp}rules_scope").fetchone()[0])


def set_scope(conn: Sql, rids: Iterable[int]) -> int:
    temp, d = conn.dialect.temp, conn.dialect
    conn.execute(f"DELETE FROM {temp}rules_scope")
    conn.execute(
        f"INSERT INTO {temp}rules_scope (rid) SELECT DISTINCT value FROM ({d.list_values('?', 'bigint')}) AS v "
        "WHERE true ON CONFLICT DO NOTHING",
        (d.list_param(int(r) for r in rids),),
    )
    return _scope_size(conn)


def scope_from_keys(conn: Sql, keys: Iterable[str]) -> int:
    temp, d = conn.dialect.temp, conn.dialect
    conn.execute(f"DELETE FROM {temp}rules_scope")
    conn.execute(
        f"INSERT INTO {temp}rules_scope (rid) SELECT rid FROM tickets WHERE {d.in_list('key', '?')} "
        "ON CONFLICT DO NOTHING",
        (d.list_param(keys),),
    )
    return _scope_size(conn)


def expand_scope(conn: Sql, rules: Mapping[str, Mapping[str, Any]], ctx: Context) -> int:
    """Add the tickets whose cross-ticket verdict may change because of the scope's tickets (see the module
    docstring). Returns how many were added."""
    temp = conn.dialect.temp
    before = _scope_size(conn)
    params = rules.get("void_then_no_sale")
    if params is not None:
        conn.execute(
            f"INSERT INTO {temp}rules_scope (rid) SELECT DISTINCT n.rid FROM tickets AS v JOIN tickets AS n "
            "ON n.is_no_sale <> 0 AND n.location = v.location AND n.terminal = v.terminal "
            f"AND {NO_SALE_TIME_N} BETWEEN {VOID_TIME_V} AND {VOID_TIME_V} + :span_us "
            f"WHERE v.rid IN (SELECT rid FROM {temp}rules_scope) AND v.has_void <> 0 ON CONFLICT DO NOTHING",
            {"span_us": int(float(params["seconds"]) * 1_000_000)},
        )
    params = rules.get("refund_unmatched")
    if params is not None:
        where_store, extra = sold_here(params, ctx, "r", "s")
        conn.execute(
            f"INSERT INTO {temp}rules_scope (rid) SELECT DISTINCT r.rid FROM ticket_items AS s "
            f"JOIN ticket_items AS r ON {where_store} AND r.sku = s.sku AND r.role = -1 "
            "AND r.rid > s.rid AND r.rid <= s.rid + :span "
            f"WHERE s.rid IN (SELECT rid FROM {temp}rules_scope) AND s.role = 1 "
            # A new sale can only turn "unmatched" into "matched": only refunds flagged unmatched can change.
            "AND EXISTS (SELECT 1 FROM ticket_exceptions AS e WHERE e.rid = r.rid AND e.rule = 'refund_unmatched') "
            "ON CONFLICT DO NOTHING",
            {"span": int(max(0.0, float(params["days"])) * DAY_MS) * MS_TO_RID, **extra},
        )
    return _scope_size(conn) - before


def evaluate(
    conn: Sql, rules: Mapping[str, Mapping[str, Any]], scope: Scope, ctx: Context | None = None
) -> int:
    """Replace the results of the tickets in ``scope`` with what ``rules`` (rule id → parameters; only
    these run) find now. Returns the number of exceptions stored."""
    ctx = ctx or Context(conn)
    d = conn.dialect
    conn.execute(f"DELETE FROM ticket_exceptions WHERE {scope.condition('rid', d)}", scope.params())
    stored = 0
    for rule_id, params in rules.items():
        build = RULE_SQL.get(rule_id)
        if build is None:
            raise KeyError(f"No SQL for exception rule {rule_id!r}")
        select, bound = build(params, ctx)
        select = select.replace("{scope}", scope.condition(SCOPE_COLUMN.get(rule_id, "t.rid"), d))
        cursor = conn.execute(
            "INSERT INTO ticket_exceptions (rid, detail, rule) SELECT found.*, CAST(:rule_id AS TEXT) "
            f"FROM ({select}) AS found WHERE true ON CONFLICT DO NOTHING",
            {**bound, **scope.params(), "rule_id": rule_id},
        )
        stored += max(0, cursor.rowcount)
    if scope.is_temp:
        conn.execute(f"DELETE FROM rules_pending WHERE rid IN (SELECT rid FROM {d.temp}rules_scope)")
    else:
        conn.execute("DELETE FROM rules_pending WHERE rid BETWEEN :scope_lo AND :scope_hi", scope.params())
    return stored


def pending_rids(conn: Sql, limit: int) -> list[int]:
    return [rid for (rid,) in conn.execute("SELECT rid FROM rules_pending ORDER BY rid LIMIT ?", (limit,))]


def pending_count(conn: Sql) -> int:
    return int(conn.execute("SELECT count(*) FROM rules_pending").fetchone()[0])


def chunk_bounds(conn: Sql, size: int) -> list[tuple[int, int]]:
    """Rowid ranges of about ``size`` tickets each that cover every rowid (first from 0, last to the max)."""
    bounds: list[tuple[int, int]] = []
    lo = 0
    while True:
        row = conn.execute(
            "SELECT rid FROM tickets WHERE rid >= ? ORDER BY rid LIMIT 1 OFFSET ?", (lo, size)
        ).fetchone()
        if row is None:
            bounds.append((lo, (1 << 63) - 1))
            return bounds
        bounds.append((lo, row[0] - 1))
        lo = row[0]


def get_meta(conn: Sql, key: str) -> str | None:
    row = conn.execute("SELECT value FROM review_meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: Sql, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO review_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def exceptions_of(conn: Sql, rids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """rid → [(rule id, detail)] for these tickets; each detail as the rule wrote it (a Message the window
    translates, see :mod:`.rule_details`)."""
    found: dict[int, list[tuple[str, str]]] = {int(r): [] for r in rids}
    d = conn.dialect
    for rid, rule, detail in conn.execute(
        f"SELECT rid, rule, detail FROM ticket_exceptions WHERE {d.in_list('rid', '?', 'bigint')} ORDER BY rid, rule",
        (d.list_param(int(r) for r in rids),),
    ):
        found.setdefault(rid, []).append((rule, detail_message(rule, detail)))
    return found
