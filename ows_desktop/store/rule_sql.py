"""The exception rules' SQL (SQLite): one ``SELECT rid, detail`` per rule, and how a run scopes and stores them.

Each rule is one ``SELECT rid, detail`` over the normalised columns and the facts of :mod:`.facts`, run as
``INSERT INTO ticket_exceptions ... SELECT`` for a *scope*: a rowid range (the whole-store run goes through
the store in chunks) or the rowids in ``temp.rules_scope`` (the incremental run after a sync page). What a
rule means and its parameters are defined in :mod:`ows_desktop.rules`; this module only knows the SQL and
takes the parameters as a plain mapping. The runs themselves (transactions, queue, progress) are
:mod:`.rule_runs`.

Cross-ticket rules look at neighbours in the store: "void then no-sale" looks *back* from a no-sale for a
void on the same register (index ``tickets_void_time``) and "refund without a matching sale" looks back
from a refunded item for a sale of the same SKU at the same store (index ``ticket_items_match``). Tickets
arrive out of order during a sync, so the incremental run also *expands* its scope forward: a void pulls in
the no-sales after it, a sale pulls in the refunds of its items after it that are currently "unmatched"
(:func:`expand_scope`), which are then evaluated again with the new neighbour in place. (A sale whose items
*change* after a refund was matched to it does not re-open that refund until the next whole-store run.)"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ows_desktop.store.timekeys import SLOT_BITS
from ows_desktop.store.zones import zone_offset_minutes

_MS_TO_RID = 1 << SLOT_BITS
DAY_MS = 86_400_000

_TICKET_TIME = f"coalesce(t.start_us, (t.rid >> {SLOT_BITS}) * 1000)"
_NO_SALE_TIME_T = f"coalesce(t.start_us, t.end_us, (t.rid >> {SLOT_BITS}) * 1000)"
_NO_SALE_TIME_N = f"coalesce(n.start_us, n.end_us, (n.rid >> {SLOT_BITS}) * 1000)"
_VOID_TIME_V = f"coalesce(v.end_us, v.start_us, (v.rid >> {SLOT_BITS}) * 1000)"
_FROM_FACTS = "FROM tickets AS t JOIN ticket_facts AS f ON f.rid = t.rid"
_NOT_VOID = "f.kind NOT IN ('void', 'post_void')"


class Scope:
    """Which tickets a run evaluates: ``Scope.range(lo, hi)`` (rowids, inclusive) or ``Scope.temp()``."""

    __slots__ = ("hi", "lo")

    def __init__(self, lo: int | None = None, hi: int | None = None) -> None:
        self.lo, self.hi = lo, hi

    @classmethod
    def range(cls, lo: int, hi: int) -> Scope:
        return cls(lo, hi)

    @classmethod
    def temp(cls) -> Scope:
        return cls()

    @property
    def is_temp(self) -> bool:
        return self.lo is None

    def condition(self, column: str) -> str:
        if self.is_temp:
            return f"{column} IN (SELECT rid FROM temp.rules_scope)"
        return f"{column} BETWEEN :scope_lo AND :scope_hi"

    def params(self) -> dict[str, Any]:
        return {} if self.is_temp else {"scope_lo": self.lo, "scope_hi": self.hi}


# -- the rules' SQL: rule id -> (params -> (SELECT rid, detail ... with {scope}, bound parameters)) ---------------

SqlBuilder = Callable[[Mapping[str, Any], "Context"], tuple[str, dict[str, Any]]]


class Context:
    """Per-run lookups some rules need (computed once per run, on the connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._locations: str | None = None

    def locations_json(self) -> str:
        """Every location that has a sold line (for "any store" refund matching)."""
        if self._locations is None:
            rows = self._conn.execute(
                "WITH RECURSIVE v(x) AS ("
                " SELECT (SELECT min(location) FROM ticket_items)"
                " UNION ALL SELECT (SELECT min(location) FROM ticket_items WHERE location > v.x)"
                " FROM v WHERE v.x IS NOT NULL"
                ") SELECT x FROM v WHERE x IS NOT NULL"
            ).fetchall()
            self._locations = json.dumps([x for (x,) in rows])
        return self._locations


def _line_void(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, printf('%d of %d lines voided', f.voided_lines, f.voided_lines + f.live_lines) "
        f"{_FROM_FACTS} WHERE {{scope}} AND {_NOT_VOID} AND f.live_lines > 0 AND f.voided_lines >= :min_lines",
        {"min_lines": max(1, int(p["min_lines"]))},
    )


def _ticket_void(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, CASE WHEN f.kind = 'void' THEN printf('Ticket voided before tender (%d line%s)', "
        "t.line_count, CASE WHEN t.line_count = 1 THEN '' ELSE 's' END) ELSE printf('Every line voided (%d)', f.voided_lines) END "
        f"{_FROM_FACTS} WHERE {{scope}} AND ((f.kind = 'void' AND f.tenders = 0) OR "
        f"({_NOT_VOID} AND f.live_lines = 0 AND f.voided_lines > 0))",
        {},
    )


def _post_void(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, printf('Voided after tender (%d tender%s, total %.2f)', f.tenders, "
        "CASE WHEN f.tenders = 1 THEN '' ELSE 's' END, coalesce(t.total, 0)) "
        f"{_FROM_FACTS} WHERE {{scope}} AND (f.kind = 'post_void' OR (f.kind = 'void' AND f.tenders > 0))",
        {},
    )


def _refund(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, CASE WHEN f.kind = 'refund' THEN printf('Refund/return, total %.2f', "
        "coalesce(t.total, 0)) ELSE printf('%d refunded line%s on a %s ticket', f.refund_lines, "
        "CASE WHEN f.refund_lines = 1 THEN '' ELSE 's' END, f.kind) END "
        f"{_FROM_FACTS} WHERE {{scope}} AND (f.kind = 'refund' OR f.refund_lines > 0)",
        {},
    )


def _sold_here(p: Mapping[str, Any], ctx: Context, sold: str, returned: str) -> tuple[str, dict[str, Any]]:
    """The condition "``sold`` line is at the same store as ``returned`` (or at any store)"."""
    if p["same_location"]:
        return f"{sold}.location = {returned}.location", {}
    return f"{sold}.location IN (SELECT value FROM json_each(:locations))", {
        "locations": ctx.locations_json()
    }


def _refund_unmatched(p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    where_store, extra = _sold_here(p, ctx, "s", "r")
    days = max(0.0, float(p["days"]))
    place = "at this store" if p["same_location"] else "at any store"
    sql = (
        "SELECT rid, printf('Returned %s: not sold ' || :place || ' in the %g days before', "
        "group_concat(DISTINCT sku), :days) FROM ("
        "SELECT r.rid AS rid, r.sku AS sku FROM ticket_items AS r "
        "WHERE r.role = -1 AND {scope} AND NOT EXISTS ("
        f"SELECT 1 FROM ticket_items AS s WHERE {where_store} AND s.sku = r.sku AND s.role = 1 "
        "AND s.rid >= r.rid - :span AND s.rid < r.rid)"
        ") GROUP BY rid"
    )
    return sql, {"days": days, "span": int(days * DAY_MS) * _MS_TO_RID, "place": place, **extra}


def _no_sale(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, 'Cash drawer opened without a sale' FROM tickets AS t WHERE {scope} AND t.is_no_sale",
        {},
    )


def _void_then_no_sale(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    nearest = (
        f"FROM tickets AS v WHERE v.has_void AND v.location = t.location AND v.terminal = t.terminal "
        f"AND {_VOID_TIME_V} BETWEEN {_NO_SALE_TIME_T} - :span_us AND {_NO_SALE_TIME_T} AND v.rid <> t.rid "
        f"ORDER BY {_VOID_TIME_V} DESC LIMIT 1"
    )
    sql = (
        "SELECT rid, printf('No sale %d s after void %s on this register', (ns - vt) / 1000000, vid) FROM ("
        f"SELECT t.rid AS rid, {_NO_SALE_TIME_T} AS ns, (SELECT {_VOID_TIME_V} {nearest}) AS vt, "
        f"(SELECT coalesce(v.id, v.key) {nearest}) AS vid "
        "FROM tickets AS t WHERE {scope} AND t.is_no_sale AND t.terminal <> ''"
        ") WHERE vt IS NOT NULL"
    )
    return sql, {"span_us": int(float(p["seconds"]) * 1_000_000)}


def _discount_percent(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    sql = (
        "SELECT rid, printf('Discount %.2f is %.1f %% of %.2f', disc, disc * 100.0 / base, base) FROM ("
        "SELECT t.rid AS rid, t.discount_total AS disc, CASE WHEN f.gross > 0 THEN f.gross "
        "ELSE coalesce(t.subtotal, 0) + t.discount_total END AS base "
        f"{_FROM_FACTS} WHERE {{scope}} AND t.discount_total > 0"
        ") WHERE base > 0 AND disc * 100.0 > :percent * base"
    )
    return sql, {"percent": float(p["percent"])}


def _discount_self_approved(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, printf('%d discount%s approved by the operator who applied %s', f.self_approved, "
        "CASE WHEN f.self_approved = 1 THEN '' ELSE 's' END, "
        "CASE WHEN f.self_approved = 1 THEN 'it' ELSE 'them' END) "
        f"{_FROM_FACTS} WHERE {{scope}} AND f.self_approved > 0",
        {},
    )


def _whole_dollar_cash(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, printf('Cash sale of exactly %.2f', t.total) "
        f"{_FROM_FACTS} WHERE {{scope}} AND f.kind = 'sale' AND f.cash_only AND t.total >= :min_total "
        "AND abs(t.total * 100 - round(t.total) * 100) < 0.5",
        {"min_total": max(0.01, float(p["min_total"]))},
    )


def _price_override(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, printf('%d price override%s, up to %.0f %% below the original price', f.overrides, "
        "CASE WHEN f.overrides = 1 THEN '' ELSE 's' END, f.override_pct) "
        f"{_FROM_FACTS} WHERE {{scope}} AND f.overrides > 0 AND f.override_pct >= :min_pct",
        {"min_pct": float(p["min_reduction_percent"])},
    )


def _outside_hours(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    # The local minute of the day: the ticket's own UTC offset, else the store's configured zone, else the
    # offset last seen on that store's tickets, else the default zone ('' = this workstation's).
    sql = (
        "SELECT rid, printf('Rung up at %02d:%02d local time, outside opening hours %02d:%02d–%02d:%02d', "
        "m / 60, m % 60, o / 60, o % 60, c / 60, c % 60) FROM ("
        "SELECT t.rid AS rid, coalesce(h.open_min, :open_min) AS o, coalesce(h.close_min, :close_min) AS c, "
        f"((({_TICKET_TIME} / 60000000) + coalesce(f.utc_offset_min, ows_zone_offset(h.zone, {_TICKET_TIME}), "
        f"lo.offset_min, ows_zone_offset(:zone, {_TICKET_TIME}))) % 1440 + 1440) % 1440 AS m "
        f"{_FROM_FACTS} LEFT JOIN temp.rules_hours AS h ON h.location = t.location "
        "LEFT JOIN location_offsets AS lo ON lo.location = t.location "
        "WHERE {scope}"
        ") WHERE (o < c AND (m < o OR m >= c)) OR (o > c AND m < o AND m >= c)"
    )
    return sql, {"open_min": int(p["open_min"]), "close_min": int(p["close_min"]), "zone": p["zone"]}


RULE_SQL: dict[str, SqlBuilder] = {
    "line_void": _line_void,
    "ticket_void": _ticket_void,
    "post_void": _post_void,
    "refund": _refund,
    "refund_unmatched": _refund_unmatched,
    "no_sale": _no_sale,
    "void_then_no_sale": _void_then_no_sale,
    "discount_percent": _discount_percent,
    "discount_self_approved": _discount_self_approved,
    "whole_dollar_cash": _whole_dollar_cash,
    "price_override": _price_override,
    "outside_hours": _outside_hours,
}
# The column each rule's {scope} condition is on.
_SCOPE_COLUMN = {"refund_unmatched": "r.rid"}


# -- running --------------------------------------------------------------------------------------------------


def prepare(conn: sqlite3.Connection, rules: Mapping[str, Mapping[str, Any]]) -> None:
    """Per-connection setup for a run: the zone function, the scope and opening-hours temp tables."""
    conn.create_function("ows_zone_offset", 2, zone_offset_minutes, deterministic=True)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rules_scope (rid INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS rules_hours (location TEXT PRIMARY KEY, open_min INTEGER, "
        "close_min INTEGER, zone TEXT)"
    )
    conn.execute("DELETE FROM temp.rules_hours")
    hours = rules.get("outside_hours")
    if hours:
        rows: dict[str, list[Any]] = {}
        for location, (open_min, close_min) in hours.get("location_hours", {}).items():
            rows.setdefault(location, [None, None, None])[:2] = [open_min, close_min]
        for location, zone in hours.get("location_zones", {}).items():
            rows.setdefault(location, [None, None, None])[2] = zone
        conn.executemany(
            "INSERT INTO temp.rules_hours (location, open_min, close_min, zone) VALUES (?, ?, ?, ?)",
            [(location, *values) for location, values in rows.items()],
        )


def set_scope(conn: sqlite3.Connection, rids: Iterable[int]) -> int:
    conn.execute("DELETE FROM temp.rules_scope")
    conn.execute(
        "INSERT OR IGNORE INTO temp.rules_scope (rid) SELECT value FROM json_each(?)",
        (json.dumps([int(r) for r in rids]),),
    )
    return int(conn.execute("SELECT count(*) FROM temp.rules_scope").fetchone()[0])


def scope_from_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> int:
    conn.execute("DELETE FROM temp.rules_scope")
    conn.execute(
        "INSERT OR IGNORE INTO temp.rules_scope (rid) SELECT rid FROM tickets "
        "WHERE key IN (SELECT value FROM json_each(?))",
        (json.dumps(list(keys)),),
    )
    return int(conn.execute("SELECT count(*) FROM temp.rules_scope").fetchone()[0])


def expand_scope(conn: sqlite3.Connection, rules: Mapping[str, Mapping[str, Any]], ctx: Context) -> int:
    """Add the tickets whose cross-ticket verdict may change because of the scope's tickets (see the module
    docstring). Returns how many were added."""
    (before,) = conn.execute("SELECT count(*) FROM temp.rules_scope").fetchone()
    params = rules.get("void_then_no_sale")
    if params is not None:
        conn.execute(
            "INSERT OR IGNORE INTO temp.rules_scope (rid) SELECT n.rid FROM tickets AS v JOIN tickets AS n "
            "ON n.is_no_sale AND n.location = v.location AND n.terminal = v.terminal "
            f"AND {_NO_SALE_TIME_N} BETWEEN {_VOID_TIME_V} AND {_VOID_TIME_V} + :span_us "
            "WHERE v.rid IN (SELECT rid FROM temp.rules_scope) AND v.has_void",
            {"span_us": int(float(params["seconds"]) * 1_000_000)},
        )
    params = rules.get("refund_unmatched")
    if params is not None:
        where_store, extra = _sold_here(params, ctx, "r", "s")
        conn.execute(
            "INSERT OR IGNORE INTO temp.rules_scope (rid) SELECT DISTINCT r.rid FROM ticket_items AS s "
            f"JOIN ticket_items AS r ON {where_store} AND r.sku = s.sku AND r.role = -1 "
            "AND r.rid > s.rid AND r.rid <= s.rid + :span "
            "WHERE s.rid IN (SELECT rid FROM temp.rules_scope) AND s.role = 1 "
            # A new sale can only turn "unmatched" into "matched": only refunds flagged unmatched can change.
            "AND EXISTS (SELECT 1 FROM ticket_exceptions AS e WHERE e.rid = r.rid AND e.rule = 'refund_unmatched')",
            {"span": int(max(0.0, float(params["days"])) * DAY_MS) * _MS_TO_RID, **extra},
        )
    (after,) = conn.execute("SELECT count(*) FROM temp.rules_scope").fetchone()
    return int(after - before)


def evaluate(
    conn: sqlite3.Connection, rules: Mapping[str, Mapping[str, Any]], scope: Scope, ctx: Context | None = None
) -> int:
    """Replace the results of the tickets in ``scope`` with what ``rules`` (rule id → parameters; only
    these run) find now. Returns the number of exceptions stored."""
    ctx = ctx or Context(conn)
    conn.execute(f"DELETE FROM ticket_exceptions WHERE {scope.condition('rid')}", scope.params())
    stored = 0
    for rule_id, params in rules.items():
        build = RULE_SQL.get(rule_id)
        if build is None:
            raise KeyError(f"No SQL for exception rule {rule_id!r}")
        select, bound = build(params, ctx)
        select = select.replace("{scope}", scope.condition(_SCOPE_COLUMN.get(rule_id, "t.rid")))
        cursor = conn.execute(
            f"INSERT OR REPLACE INTO ticket_exceptions (rid, detail, rule) SELECT *, :rule_id FROM ({select})",
            {**bound, **scope.params(), "rule_id": rule_id},
        )
        stored += max(0, cursor.rowcount)
    if scope.is_temp:
        conn.execute("DELETE FROM rules_pending WHERE rid IN (SELECT rid FROM temp.rules_scope)")
    else:
        conn.execute("DELETE FROM rules_pending WHERE rid BETWEEN :scope_lo AND :scope_hi", scope.params())
    return stored


def pending_rids(conn: sqlite3.Connection, limit: int) -> list[int]:
    return [rid for (rid,) in conn.execute("SELECT rid FROM rules_pending ORDER BY rid LIMIT ?", (limit,))]


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM rules_pending").fetchone()[0])


def chunk_bounds(conn: sqlite3.Connection, size: int) -> list[tuple[int, int]]:
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


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM review_meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO review_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
