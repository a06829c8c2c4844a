"""Planning a :class:`~ows_desktop.store.query.TicketQuery`, the part both backends share: the sort order
(NULLs lowest, then the time-ordered rowid), the keyset predicate that continues a page, and every filter
but the text (rowid range, picker values, amounts, flags, exceptions, review, case), in the store's shared
SQL style (``?`` placeholders; :mod:`.dialect` for value lists). The text match is each backend's own
(SQLite: the FTS5 index, :mod:`.query_sql`; PostgreSQL: the folded ``search`` column,
:mod:`ows_desktop.store.postgres.search`), planned from the same terms (:func:`.fulltext.search_terms`)."""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Callable, Iterator

from ows_desktop.store.day_plan import DayPlan, OwnOffset, day_clauses
from ows_desktop.store.dialect import Dialect
from ows_desktop.store.operators import parse_operator_key
from ows_desktop.store.query import Keyset, TicketQuery, TicketRow
from ows_desktop.store.timekeys import bound_rowid

# Sort key column per sort (None: the time-ordered rowid itself). Only `total` can be NULL.
SORT_COLUMN: dict[str, str | None] = {
    "start": None,
    "location": "t.location",
    "terminal": "t.terminal",
    "operator": "t.operator",
    "status": "t.status",
    "items": "t.line_count",
    "total": "t.total",
}
_NULLABLE_SORTS = frozenset({"total"})
# Review states as stored; "to_review" also matches v1's "open" (store/review.py).
_STATE_ALIASES = {"to_review": ("to_review", "open")}
# A search that is one amount (``23.67``, ``$23.67``, ``-5``): it also finds the tickets with that total.
_AMOUNT = re.compile(r"^[-−]?[$€£]?[-−]?(\d{1,12}(?:[.,]\d{1,2})?)$")


def amount_of(text: str) -> float | None:
    """The amount a search text is, if it is one (``$23.67`` → 23.67, ``-5`` → -5.0)."""
    found = _AMOUNT.match(text.strip())
    if found is None:
        return None
    value = float(found.group(1).replace(",", "."))
    return -value if text.strip()[:2].count("-") + text.strip()[:2].count("−") else value


def amount_match(text: str) -> tuple[str, tuple[float, ...]] | None:
    """The SQL (``t.total`` to the cent) of the tickets whose total a search text is, if it is an amount: one
    typed without a sign is a sale's or a refund's (``70.17`` finds the refund of 70.17, total −70.17, as a
    person reads it off the receipt); with its minus, only that total."""
    amount = amount_of(text)
    if amount is None:
        return None
    if amount <= 0 or text.strip()[0] in "-−":
        return "t.total BETWEEN ? AND ?", (amount - 0.005, amount + 0.005)
    sql = "(t.total BETWEEN ? AND ? OR t.total BETWEEN ? AND ?)"
    return sql, (amount - 0.005, amount + 0.005, -amount - 0.005, -amount + 0.005)


def order_by(sort: str, descending: bool, rid: str, d: Dialect) -> str:
    direction = "DESC" if descending else "ASC"
    column = SORT_COLUMN[sort]
    if column is None:
        return f"{rid} {direction}"
    nulls = d.nulls_lowest(descending) if sort in _NULLABLE_SORTS else ""
    return f"{column} {direction}{nulls}, {rid} {direction}"


def after(keyset: Keyset, rid: str) -> tuple[str, tuple[object, ...]]:
    """The predicate for "rows after ``keyset``" in its sort order (NULLs sort lowest)."""
    op = "<" if keyset.descending else ">"
    column = SORT_COLUMN[keyset.sort]
    if column is None:
        return f"{rid} {op} ?", (keyset.rowid,)
    if keyset.sort not in _NULLABLE_SORTS:
        return f"({column}, {rid}) {op} (?, ?)", (keyset.value, keyset.rowid)
    if keyset.value is None:
        if keyset.descending:  # NULLs come last: only NULLs with a smaller rowid remain
            return f"({column} IS NULL AND {rid} < ?)", (keyset.rowid,)
        return f"({column} IS NOT NULL OR {rid} > ?)", (keyset.rowid,)
    if keyset.descending:
        return f"(({column}, {rid}) < (?, ?) OR {column} IS NULL)", (keyset.value, keyset.rowid)
    return f"({column}, {rid}) > (?, ?)", (keyset.value, keyset.rowid)


def filter_clauses(
    query: TicketQuery,
    d: Dialect,
    rid: str,
    *,
    own_offset: OwnOffset | None = None,
    days: DayPlan | None = None,
    by_store: bool = False,
) -> tuple[list[str], list[object]]:
    """The WHERE clauses (AND-ed) and parameters of every filter of ``query`` but its text; ``rid`` is the
    rowid expression the range filters use. Store days: ``days`` is the reader's plan of them, from the
    stores' offsets (:mod:`.day_plan`), ``own_offset`` where the backend keeps the offset a ticket's POS
    wrote, ``by_store`` a count's form (:func:`.day_plan.day_clauses`)."""
    where: list[str] = []
    params: list[object] = []

    def one_of(expr: str, values: tuple[str, ...] | list[str]) -> None:
        clause, bound = d.in_values(expr, values)
        where.append(clause)
        params.extend(bound)

    if query.start is not None:
        where.append(f"{rid} >= ?")
        params.append(bound_rowid(query.start))
    if query.end is not None:
        where.append(f"{rid} < ?")
        params.append(bound_rowid(query.end))
    if query.store_days is not None:
        if days is None or own_offset is None:
            raise ValueError("Store days are planned from the stores' offsets (day_plan.plan_days).")
        clauses, bound = day_clauses(days, rid, "t.location", own_offset, d, by_store=by_store)
        where.extend(clauses)
        params.extend(bound)
    for column, values in (
        ("t.location", query.locations),
        ("t.terminal", query.terminals),
        ("t.operator", query.operators),
        ("t.status", query.statuses),
    ):
        if values:
            one_of(column, values)
    if query.operator_keys:
        clause, bound = operator_clause(query.operator_keys, d)
        where.append(clause)
        params.extend(bound)
    if query.min_total is not None:
        where.append("t.total >= ?")
        params.append(float(query.min_total))
    if query.max_total is not None:
        where.append("t.total <= ?")
        params.append(float(query.max_total))
    if query.flagged is not None:
        where.append(f"t.key {'' if query.flagged else 'NOT '}IN (SELECT ticket_key FROM flags)")
    if query.exceptions:
        clause, bound = d.in_values("rule", query.exceptions)
        where.append(f"{rid} IN (SELECT rid FROM ticket_exceptions WHERE {clause})")
        params.extend(bound)
    if query.flag_reasons:
        clause, bound = d.in_values("reason", query.flag_reasons)
        where.append(f"t.key IN (SELECT ticket_key FROM flags WHERE {clause})")
        params.extend(bound)
    if query.review_states:
        states = [s for state in query.review_states for s in _STATE_ALIASES.get(state, (state,))]
        clause, bound = d.in_values("state", states)
        where.append(f"t.key IN (SELECT ticket_key FROM flags WHERE {clause})")
        params.extend(bound)
    if query.case is not None:
        where.append(
            "t.key IN (SELECT k.ticket_key FROM case_tickets AS k JOIN cases AS c ON c.id = k.case_id "
            "WHERE c.number = ?)"
        )
        params.append(query.case)
    return where, params


def operator_clause(keys: tuple[str, ...], d: Dialect) -> tuple[str, list[object]]:
    """Tickets of any of these operators (:mod:`.operators`): their employee ID, or for an operator without
    one, no ID and that name at that store."""
    ids: list[str] = []
    parts: list[str] = []
    params: list[object] = []
    for key in keys:
        found = parse_operator_key(key)
        if found is None:
            raise ValueError(f"Not an operator key: {key!r}")
        if found.operator_id:
            ids.append(found.operator_id)
        else:
            parts.append("(t.operator_id = '' AND t.location = ? AND t.operator = ?)")
            params.extend((found.location, found.name))
    if ids:
        clause, bound = d.in_values("t.operator_id", ids)
        parts.insert(0, clause)
        params[:0] = bound
    return f"({' OR '.join(parts)})", params


def check_keyset(query: TicketQuery, keyset: Keyset | None) -> None:
    if keyset is not None and (keyset.sort != query.sort or keyset.descending != query.descending):
        raise ValueError("This keyset belongs to another sort order; start again from the first page.")


def page_of(rows: list[TicketRow], limit: int, query: TicketQuery) -> tuple[list[TicketRow], Keyset | None]:
    """A page from up to ``limit + 1`` rows read: the first ``limit`` and the keyset to continue from
    (None when there was no row more)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, Keyset(query.sort, query.descending, last.sort_value(query.sort), last.rowid)


Pager = Callable[[TicketQuery, int, Keyset | None], tuple[list[TicketRow], Keyset | None]]


def iter_pages(page: Pager, query: TicketQuery, batch: int) -> Iterator[TicketRow]:
    """Every row of ``query`` in order, read ``batch`` at a time through ``page``."""
    keyset: Keyset | None = None
    while True:
        rows, keyset = page(query, batch, keyset)
        yield from rows
        if keyset is None:
            return


def rowids_from_hex(text: str) -> array[int]:
    """Rowids from 16 hex digits each (two's complement, most significant first), as the readers' ``ids``
    read them: decoded in C, so a long listing holds the interpreter lock for ~2 ms, not per rowid."""
    rowids: array[int] = array("q", bytes.fromhex(text))
    if sys.byteorder == "little":
        rowids.byteswap()
    return rowids
