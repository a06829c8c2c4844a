"""The exception rules' SQL, one text for both backends: one ``SELECT rid, detail`` per rule, and how a run
scopes and stores them.

Each rule is one ``SELECT rid, detail`` over the normalised columns and the facts of :mod:`.facts`, run as
``INSERT INTO ticket_exceptions ... SELECT`` for a *scope*: a rowid range (the whole-store run goes through
the store in chunks) or the rowids in the temporary table ``rules_scope`` (the incremental run after a sync
page). What a rule means and its parameters are defined in :mod:`ows_desktop.rules`; this module only knows
the SQL and takes the parameters as a plain mapping. Scoping and storing a run is :mod:`.rule_eval`; the runs themselves
(transactions, queue, progress) are :mod:`.rule_runs`.

The SQL is written once, in SQLite's parameter style, for both engines (the PostgreSQL store runs it through
:class:`~ows_desktop.store.postgres.portable.PgSql`): the detail texts are built with ``||`` and ``CAST``
rather than ``printf``, flags compare with ``<> 0``, and what the engines spell differently (lists, fixed
decimals, string aggregation, the temp schema) comes from the connection's :class:`~.dialect.Dialect`. Each
backend sets a run up itself (``rule_eval.prepare`` takes its ``setup``): the temporary tables and what
the zone offsets need (a Python SQL function in SQLite, a table of the run's zones in PostgreSQL).

Cross-ticket rules look at neighbours in the store: "void then no-sale" looks *back* from a no-sale for a
void on the same register (index ``tickets_void_time``) and "refund without a matching sale" looks back
from a refunded item for a sale of the same SKU at the same store (index ``ticket_items_match``). Tickets
arrive out of order during a sync, so the incremental run also *expands* its scope forward: a void pulls in
the no-sales after it, a sale pulls in the refunds of its items after it that are currently "unmatched"
(:func:`expand_scope`), which are then evaluated again with the new neighbour in place. (A sale whose items
*change* after a refund was matched to it does not re-open that refund until the next whole-store run.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ows_desktop.store.dialect import Dialect, Sql
from ows_desktop.store.timekeys import SLOT_BITS

MS_TO_RID = 1 << SLOT_BITS
DAY_MS = 86_400_000

# When a ticket was rung up; neither known: no claim. A ticket without times was dated by the time it was
# stored (a sync at 01:11): "Rung up at 01:11", "No sale 3 s after void" for two stored in one sync.
_TICKET_TIME = "coalesce(t.start_us, t.end_us)"
_NO_SALE_TIME_T = "coalesce(t.start_us, t.end_us)"
NO_SALE_TIME_N = "coalesce(n.start_us, n.end_us)"
VOID_TIME_V = "coalesce(v.end_us, v.start_us)"
_FROM_FACTS = "FROM tickets AS t JOIN ticket_facts AS f ON f.rid = t.rid"
_NOT_VOID = "f.kind NOT IN ('void', 'post_void')"


def _text(expr: str) -> str:
    return f"CAST({expr} AS TEXT)"


def _plural(count: str, one: str = "", many: str = "s") -> str:
    return f"CASE WHEN {count} = 1 THEN '{one}' ELSE '{many}' END"


def _two_digits(expr: str) -> str:
    """A non-negative integer as two digits (``07``)."""
    return f"CASE WHEN {expr} < 10 THEN '0' ELSE '' END || {_text(expr)}"


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

    def condition(self, column: str, d: Dialect) -> str:
        if self.is_temp:
            return f"{column} IN (SELECT rid FROM {d.temp}rules_scope)"
        return f"{column} BETWEEN :scope_lo AND :scope_hi"

    def params(self) -> dict[str, Any]:
        return {} if self.is_temp else {"scope_lo": self.lo, "scope_hi": self.hi}


# -- the rules' SQL: rule id -> (params, context -> (SELECT rid, detail ... with {scope}, bound parameters)) -----

SqlBuilder = Callable[[Mapping[str, Any], "Context"], tuple[str, dict[str, Any]]]


class Context:
    """Per-run lookups some rules need (computed once per run, on the connection), and its dialect."""

    def __init__(self, conn: Sql) -> None:
        self._conn = conn
        self.d = conn.dialect
        self._locations: object | None = None

    def locations(self) -> object:
        """Every location that has a sold line (for "any store" refund matching), as a list parameter."""
        if self._locations is None:
            rows = self._conn.execute(
                "WITH RECURSIVE v(x) AS ("
                " SELECT (SELECT min(location) FROM ticket_items)"
                " UNION ALL SELECT (SELECT min(location) FROM ticket_items WHERE location > v.x)"
                " FROM v WHERE v.x IS NOT NULL"
                ") SELECT x FROM v WHERE x IS NOT NULL"
            ).fetchall()
            self._locations = self.d.list_param(x for (x,) in rows)
        return self._locations


def _line_void(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    detail = (
        f"{_text('f.voided_lines')} || ' of ' || {_text('f.voided_lines + f.live_lines')} || ' lines voided'"
    )
    return (
        f"SELECT t.rid, {detail} {_FROM_FACTS} "
        f"WHERE {{scope}} AND {_NOT_VOID} AND f.live_lines > 0 AND f.voided_lines >= :min_lines",
        {"min_lines": max(1, int(p["min_lines"]))},
    )


def _ticket_void(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    before_tender = f"'Ticket voided before tender (' || {_text('t.line_count')} || ' line' || {_plural('t.line_count')} || ')'"
    every_line = f"'Every line voided (' || {_text('f.voided_lines')} || ')'"
    return (
        f"SELECT t.rid, CASE WHEN f.kind = 'void' THEN {before_tender} ELSE {every_line} END "
        f"{_FROM_FACTS} WHERE {{scope}} AND ((f.kind = 'void' AND f.tenders = 0) OR "
        f"({_NOT_VOID} AND f.live_lines = 0 AND f.voided_lines > 0))",
        {},
    )


def _post_void(_p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    detail = (
        f"'Voided after tender (' || {_text('f.tenders')} || ' tender' || {_plural('f.tenders')} || ', total ' "
        f"|| {ctx.d.fixed('coalesce(t.total, 0)', 2)} || ')'"
    )
    return (
        f"SELECT t.rid, {detail} {_FROM_FACTS} "
        "WHERE {scope} AND (f.kind = 'post_void' OR (f.kind = 'void' AND f.tenders > 0))",
        {},
    )


def _refund(_p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    whole = f"'Refund/return, total ' || {ctx.d.fixed('coalesce(t.total, 0)', 2)}"
    lines = (
        f"{_text('f.refund_lines')} || ' refunded line' || {_plural('f.refund_lines')} || ' on a ' || f.kind "
        "|| ' ticket'"
    )
    return (
        f"SELECT t.rid, CASE WHEN f.kind = 'refund' THEN {whole} ELSE {lines} END "
        f"{_FROM_FACTS} WHERE {{scope}} AND (f.kind = 'refund' OR f.refund_lines > 0)",
        {},
    )


def sold_here(p: Mapping[str, Any], ctx: Context, sold: str, returned: str) -> tuple[str, dict[str, Any]]:
    """The condition "``sold`` line is at the same store as ``returned`` (or at any store)"."""
    if p["same_location"]:
        return f"{sold}.location = {returned}.location", {}
    return ctx.d.in_list(f"{sold}.location", ":locations"), {"locations": ctx.locations()}


def _refund_unmatched(p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    where_store, extra = sold_here(p, ctx, "s", "r")
    days = max(0.0, float(p["days"]))
    place = "at this store" if p["same_location"] else "at any store"
    detail = (
        f"'Returned ' || {ctx.d.string_agg('sku', distinct=True)} || ': not sold ' || CAST(:place AS TEXT) "
        "|| ' in the ' || CAST(:days AS TEXT) || ' days before'"
    )
    sql = (
        f"SELECT rid, {detail} FROM ("
        "SELECT r.rid AS rid, r.sku AS sku FROM ticket_items AS r "
        "WHERE r.role = -1 AND {scope} AND NOT EXISTS ("
        f"SELECT 1 FROM ticket_items AS s WHERE {where_store} AND s.sku = r.sku AND s.role = 1 "
        "AND s.rid >= r.rid - :span AND s.rid < r.rid) ORDER BY 1, 2"
        ") AS unmatched GROUP BY rid"
    )
    return sql, {"days": f"{days:g}", "span": int(days * DAY_MS) * MS_TO_RID, "place": place, **extra}


def _no_sale(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT t.rid, 'Cash drawer opened without a sale' FROM tickets AS t WHERE {scope} AND t.is_no_sale <> 0",
        {},
    )


def _void_then_no_sale(p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    nearest = (
        f"FROM tickets AS v WHERE v.has_void <> 0 AND v.location = t.location AND v.terminal = t.terminal "
        f"AND {VOID_TIME_V} BETWEEN {_NO_SALE_TIME_T} - :span_us AND {_NO_SALE_TIME_T} AND v.rid <> t.rid "
        f"ORDER BY {VOID_TIME_V} DESC LIMIT 1"
    )
    detail = f"'No sale ' || {_text('(ns - vt) / 1000000')} || ' s after void ' || vid || ' on this register'"
    sql = (
        f"SELECT rid, {detail} FROM ("
        f"SELECT t.rid AS rid, {_NO_SALE_TIME_T} AS ns, (SELECT {VOID_TIME_V} {nearest}) AS vt, "
        f"(SELECT coalesce(v.id, v.key) {nearest}) AS vid "
        "FROM tickets AS t WHERE {scope} AND t.is_no_sale <> 0 AND t.terminal <> ''"
        ") AS near WHERE vt IS NOT NULL"
    )
    return sql, {"span_us": int(float(p["seconds"]) * 1_000_000)}


def _discount_percent(p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    d = ctx.d
    detail = (
        f"'Discount ' || {d.fixed('disc', 2)} || ' is ' || {d.fixed('disc * 100.0 / base', 1)} || ' % of ' "
        f"|| {d.fixed('base', 2)}"
    )
    sql = (
        f"SELECT rid, {detail} FROM ("
        "SELECT t.rid AS rid, t.discount_total AS disc, CASE WHEN f.gross > 0 THEN f.gross "
        "ELSE coalesce(t.subtotal, 0) + t.discount_total END AS base "
        f"{_FROM_FACTS} WHERE {{scope}} AND t.discount_total > 0"
        ") AS discounted WHERE base > 0 AND disc * 100.0 > :percent * base"
    )
    return sql, {"percent": float(p["percent"])}


def _discount_self_approved(_p: Mapping[str, Any], _: Context) -> tuple[str, dict[str, Any]]:
    detail = (
        f"{_text('f.self_approved')} || ' discount' || {_plural('f.self_approved')} "
        f"|| ' approved by the operator who applied ' || {_plural('f.self_approved', 'it', 'them')}"
    )
    return f"SELECT t.rid, {detail} {_FROM_FACTS} WHERE {{scope}} AND f.self_approved > 0", {}


def _whole_dollar_cash(p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    return (
        f"SELECT t.rid, 'Cash sale of exactly ' || {ctx.d.fixed('t.total', 2)} "
        f"{_FROM_FACTS} WHERE {{scope}} AND f.kind = 'sale' AND f.cash_only <> 0 AND t.total >= :min_total "
        "AND abs(t.total * 100 - round(t.total) * 100) < 0.5",
        {"min_total": max(0.01, float(p["min_total"]))},
    )


def _price_override(p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    detail = (
        f"{_text('f.overrides')} || ' price override' || {_plural('f.overrides')} || ', up to ' "
        f"|| {ctx.d.fixed('f.override_pct', 0)} || ' % below the original price'"
    )
    return (
        f"SELECT t.rid, {detail} {_FROM_FACTS} WHERE {{scope}} AND f.overrides > 0 AND f.override_pct >= :min_pct",
        {"min_pct": float(p["min_reduction_percent"])},
    )


def _outside_hours(p: Mapping[str, Any], ctx: Context) -> tuple[str, dict[str, Any]]:
    # The local minute of the day: the ticket's own UTC offset, else the store's configured zone, else the
    # offset last seen on that store's tickets, else the default zone ('' = this workstation's).
    hhmm = [f"{_two_digits(f'{v} / 60')} || ':' || {_two_digits(f'{v} % 60')}" for v in ("m", "o", "c")]
    detail = f"'Rung up at ' || {hhmm[0]} || ' local time, outside opening hours ' || {hhmm[1]} || '–' || {hhmm[2]}"
    sql = (
        f"SELECT rid, {detail} FROM ("
        "SELECT t.rid AS rid, coalesce(h.open_min, :open_min) AS o, coalesce(h.close_min, :close_min) AS c, "
        f"((({_TICKET_TIME} / 60000000) + coalesce(f.utc_offset_min, {ctx.d.zone_offset('h.zone', _TICKET_TIME)}, "
        f"lo.offset_min, {ctx.d.zone_offset(':zone', _TICKET_TIME)})) % 1440 + 1440) % 1440 AS m "
        f"{_FROM_FACTS} LEFT JOIN {ctx.d.temp}rules_hours AS h ON h.location = t.location "
        "LEFT JOIN location_offsets AS lo ON lo.location = t.location "
        "WHERE {scope}"
        ") AS local_time WHERE (o < c AND (m < o OR m >= c)) OR (o > c AND m < o AND m >= c)"
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
SCOPE_COLUMN = {"refund_unmatched": "r.rid"}
