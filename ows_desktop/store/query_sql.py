"""The SQL of a :class:`~ows_desktop.store.query.TicketQuery` in the SQLite store, and the row it reads back.

All user values travel as parameters; the SQL text only ever holds fixed fragments and '?' placeholders."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.fulltext import filter_hint, match_expression
from ows_desktop.store.query import Keyset, TicketQuery, TicketRow
from ows_desktop.store.timekeys import bound_rowid

# Sort key column per sort (None: the time-ordered rowid itself). Only `total` can be NULL.
_SORT_COLUMN: dict[str, str | None] = {
    "start": None,
    "location": "t.location",
    "terminal": "t.terminal",
    "operator": "t.operator",
    "status": "t.status",
    "items": "t.line_count",
    "total": "t.total",
}
_NULLABLE_SORTS = frozenset({"total"})

ROW_SELECT = (
    "t.rid, t.key, t.id, t.start_us, t.location, t.terminal, t.operator, t.status, t.line_count, t.total, "
    "t.has_void, t.has_refund, t.is_no_sale, t.discount_total, "
    "EXISTS (SELECT 1 FROM flags AS f WHERE f.ticket_key = t.key), "
    "(SELECT group_concat(e.rule, ',') FROM ticket_exceptions AS e WHERE e.rid = t.rid), "
    # the store's UTC offset for this ticket: its own, else the one learned for its store (time display)
    "coalesce((SELECT f.utc_offset_min FROM ticket_facts AS f WHERE f.rid = t.rid), "
    "(SELECT lo.offset_min FROM location_offsets AS lo WHERE lo.location = t.location))"
)
# A search that is one amount (``23.67``, ``$23.67``, ``-5``): it also finds the tickets with that total.
_AMOUNT = re.compile(r"^[-−]?[$€£]?[-−]?(\d{1,12}(?:[.,]\d{1,2})?)$")
# Review states as stored; "to_review" also matches v1's "open" (store/review.py).
_STATE_ALIASES = {"to_review": ("to_review", "open")}


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """FROM ... WHERE ... of a query, with its parameters and the expressions paging needs."""

    source: str  # "FROM ..." clause
    where: tuple[str, ...]
    params: tuple[object, ...]
    rid: str  # the rowid expression that the FTS table can also use for ranges and order

    def order_by(self, sort: str, descending: bool) -> str:
        direction = "DESC" if descending else "ASC"
        column = _SORT_COLUMN[sort]
        if column is None:
            return f"{self.rid} {direction}"
        return f"{column} {direction}, {self.rid} {direction}"

    def after(self, keyset: Keyset) -> tuple[str, tuple[object, ...]]:
        """The predicate for "rows after ``keyset``" in its sort order (NULLs sort lowest)."""
        op = "<" if keyset.descending else ">"
        column = _SORT_COLUMN[keyset.sort]
        if column is None:
            return f"{self.rid} {op} ?", (keyset.rowid,)
        if keyset.sort not in _NULLABLE_SORTS:
            return f"({column}, {self.rid}) {op} (?, ?)", (keyset.value, keyset.rowid)
        if keyset.value is None:
            if keyset.descending:  # NULLs come last: only NULLs with a smaller rowid remain
                return f"({column} IS NULL AND {self.rid} < ?)", (keyset.rowid,)
            return f"({column} IS NOT NULL OR {self.rid} > ?)", (keyset.rowid,)
        if keyset.descending:
            return f"(({column}, {self.rid}) < (?, ?) OR {column} IS NULL)", (keyset.value, keyset.rowid)
        return f"({column}, {self.rid}) > (?, ?)", (keyset.value, keyset.rowid)


def compile_query(
    query: TicketQuery,
    *,
    rows: bool = True,
    expand: Callable[[str], list[str] | None] | None = None,
    infix: Callable[[str], list[str] | None] | None = None,
) -> CompiledQuery:
    """The SQL pieces of ``query``. With ``rows=False`` (counts, rowid lists) a text query that needs no
    ticket column is answered by the FTS index alone. ``expand`` (the store's vocabulary lookup) turns
    prefix terms into ORs of whole tokens, ``infix`` a CJK word into the tokens that hold it."""
    where: list[str] = []
    params: list[object] = []
    expression = match_expression(query.text, expand, infix)
    amount = _amount(query.text)
    if expression is not None and amount is not None:
        # Ticket numbers and ids (the index) or the total: the two cannot share one FTS walk.
        source, rid = "FROM tickets AS t", "t.rid"
        where.append(
            "(t.rid IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?) OR t.total BETWEEN ? AND ?)"
        )
        params.extend((expression, amount - 0.005, amount + 0.005))
        expression = None
    elif expression is not None:
        # Equality filters on indexed fields narrow the FTS walk too (their exact test stays below).
        for values in (query.terminals, query.locations, query.operators, query.statuses):
            hint = filter_hint(values) if values else None
            if hint:
                expression = f"({expression}) AND {hint}"
        # The FTS table drives: it yields matching rowids in rowid order and takes rowid ranges itself.
        if rows or _needs_ticket_columns(query):
            source = "FROM ticket_fts CROSS JOIN tickets AS t ON t.rid = ticket_fts.rowid"
        else:
            source = "FROM ticket_fts"
        rid = "ticket_fts.rowid"
        where.append("ticket_fts MATCH ?")
        params.append(expression)
    elif amount is None:
        source = "FROM tickets AS t"
        rid = "t.rid"
    if query.start is not None:
        where.append(f"{rid} >= ?")
        params.append(bound_rowid(query.start))
    if query.end is not None:
        where.append(f"{rid} < ?")
        params.append(bound_rowid(query.end))
    for column, values in (
        ("t.location", query.locations),
        ("t.terminal", query.terminals),
        ("t.operator", query.operators),
        ("t.status", query.statuses),
    ):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if query.min_total is not None:
        where.append("t.total >= ?")
        params.append(float(query.min_total))
    if query.max_total is not None:
        where.append("t.total <= ?")
        params.append(float(query.max_total))
    if query.flagged is not None:
        where.append(f"t.key {'' if query.flagged else 'NOT '}IN (SELECT ticket_key FROM flags)")
    if query.exceptions:
        where.append(
            f"{rid} IN (SELECT rid FROM ticket_exceptions WHERE rule IN ({', '.join('?' * len(query.exceptions))}))"
        )
        params.extend(query.exceptions)
    if query.flag_reasons:
        where.append(
            f"t.key IN (SELECT ticket_key FROM flags WHERE reason IN ({', '.join('?' * len(query.flag_reasons))}))"
        )
        params.extend(query.flag_reasons)
    if query.review_states:
        states = [s for state in query.review_states for s in _STATE_ALIASES.get(state, (state,))]
        where.append(
            f"t.key IN (SELECT ticket_key FROM flags WHERE state IN ({', '.join('?' * len(states))}))"
        )
        params.extend(states)
    if query.case is not None:
        where.append(
            "t.key IN (SELECT k.ticket_key FROM case_tickets AS k JOIN cases AS c ON c.id = k.case_id "
            "WHERE c.number = ?)"
        )
        params.append(query.case)
    return CompiledQuery(source=source, where=tuple(where), params=tuple(params), rid=rid)


def _amount(text: str) -> float | None:
    found = _AMOUNT.match(text.strip())
    if found is None:
        return None
    value = float(found.group(1).replace(",", "."))
    return -value if text.strip()[:2].count("-") + text.strip()[:2].count("−") else value


def _needs_ticket_columns(query: TicketQuery) -> bool:
    return bool(
        query.sort != "start"
        or query.locations
        or query.terminals
        or query.operators
        or query.statuses
        or query.min_total is not None
        or query.max_total is not None
        or query.flagged is not None
        or bool(query.flag_reasons)
        or bool(query.review_states)
        or query.case is not None
    )


def row_from_sql(row: tuple) -> TicketRow:  # type: ignore[type-arg]
    (rid, key, ticket_id, start_us, location, terminal, operator, status, lines, total, void, refund,
     no_sale, discount, flagged, exceptions, offset) = row  # fmt: skip
    return TicketRow(
        rowid=rid,
        key=key,
        id=ticket_id,
        start=None if start_us is None else from_epoch_us(start_us),
        location=location or None,
        terminal=terminal or None,
        operator=operator or None,
        status=status or None,
        line_count=lines,
        total=total,
        has_void=bool(void),
        has_refund=bool(refund),
        is_no_sale=bool(no_sale),
        discount_total=discount,
        flagged=bool(flagged),
        exceptions=tuple(exceptions.split(",")) if exceptions else (),
        utc_offset_min=offset,
    )
