"""The SQL of a :class:`~ows_desktop.store.query.TicketQuery` in the SQLite store, and the row it reads back.
The order, the keyset predicate and the filters other than the text are planned by :mod:`.query_plan`
(shared with the team store); the text match through the FTS5 index is SQLite's own. A word that is an
employee ID also matches through the ``operator_id`` index (:mod:`.search_ids`: the FTS index holds no IDs).

All user values travel as parameters; the SQL text only ever holds fixed fragments and '?' placeholders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.day_plan import DayPlan, OwnOffset
from ows_desktop.store.dialect import SQLITE
from ows_desktop.store.fulltext import filter_hint, match_expression
from ows_desktop.store.query import Keyset, TicketQuery, TicketRow
from ows_desktop.store.query_plan import after, amount_match, filter_clauses, order_by
from ows_desktop.store.search_ids import TextAndIds, named_clause

# the UTC offset a ticket's POS wrote (NULL: none): the store days of a query read its day with it (day_plan.py)
OWN_OFFSET = OwnOffset("f.utc_offset_min", "ticket_facts AS f WHERE f.rid = {rid}")
# the store's UTC offset a ticket's time is shown in: its own, else the one learned for its store (NULL:
# unknown)
SHOWN_OFFSET = (
    "coalesce((SELECT f.utc_offset_min FROM ticket_facts AS f WHERE f.rid = t.rid), "
    "(SELECT lo.offset_min FROM location_offsets AS lo WHERE lo.location = t.location))"
)
# each store of known zone and the offset its newest ticket is shown in (the tickets_location index: a seek each)
STORE_OFFSETS_SQL = (
    "SELECT lo.location, coalesce((SELECT f.utc_offset_min FROM tickets AS t LEFT JOIN ticket_facts AS f "
    "ON f.rid = t.rid WHERE t.location = lo.location ORDER BY t.rid DESC LIMIT 1), lo.offset_min) "
    "FROM location_offsets AS lo"
)
ROW_SELECT = (
    "t.rid, t.key, t.id, t.start_us, t.location, t.terminal, t.operator, t.status, t.line_count, t.total, "
    "t.has_void, t.has_refund, t.is_no_sale, t.discount_total, "
    "EXISTS (SELECT 1 FROM flags AS f WHERE f.ticket_key = t.key), "
    "(SELECT group_concat(e.rule, ',') FROM ticket_exceptions AS e WHERE e.rid = t.rid), "
    f"{SHOWN_OFFSET}, t.operator_id"
)


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """FROM ... WHERE ... of a query, with its parameters and the expressions paging needs."""

    source: str  # "FROM ..." clause
    where: tuple[str, ...]
    params: tuple[object, ...]
    rid: str  # the rowid expression that the FTS table can also use for ranges and order

    def order_by(self, sort: str, descending: bool) -> str:
        return order_by(sort, descending, self.rid, SQLITE)

    def after(self, keyset: Keyset) -> tuple[str, tuple[object, ...]]:
        """The predicate for "rows after ``keyset``" in its sort order (NULLs sort lowest)."""
        return after(keyset, self.rid)


def compile_query(
    query: TicketQuery,
    *,
    rows: bool = True,
    expand: Callable[[str], list[str] | None] | None = None,
    infix: Callable[[str], list[str] | None] | None = None,
    days: DayPlan | None = None,
    counting: bool = False,
    named: TextAndIds | None = None,
) -> CompiledQuery:
    """The SQL pieces of ``query``. With ``rows=False`` (counts, rowid lists) a text query that needs no
    ticket column is answered by the FTS index alone. ``expand`` (the store's vocabulary lookup) turns
    prefix terms into ORs of whole tokens, ``infix`` a CJK word into the tokens that hold it; ``days`` is
    the plan of the query's store days (:mod:`.day_plan`); ``counting``: the rows are only counted (store
    days read through the store index, a range a store, unless the FTS index drives); ``named``: the words
    of the text that name employee IDs (:mod:`.search_ids`), each matched by its text OR the ID."""
    where: list[str] = []
    params: list[object] = []
    expression = match_expression(query.text if named is None else named.text, expand, infix)
    amount = amount_match(query.text)
    if named is not None:
        for clause, named_params in _named_clauses(named, amount, expand, infix):
            where.append(clause)
            params.extend(named_params)
        amount = None  # an amount is one word: its tickets are in that word's clause
    if expression is not None and amount is not None:
        # Ticket numbers and ids (the index) or the total: the two cannot share one FTS walk.
        source, rid = "FROM tickets AS t", "t.rid"
        where.append(f"(t.rid IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?) OR {amount[0]})")
        params.extend((expression, *amount[1]))
        expression = None
    elif expression is not None:
        # Equality filters on indexed fields narrow the FTS walk too (their exact test stays below).
        for values in (query.terminals, query.locations, query.operators, query.statuses):
            hint = filter_hint(values) if values else None
            if hint:
                expression = f"({expression}) AND {hint}"
        # The FTS table drives: it yields matching rowids in rowid order and takes rowid ranges itself.
        if rows or named is not None or _needs_ticket_columns(query):
            source = "FROM ticket_fts CROSS JOIN tickets AS t ON t.rid = ticket_fts.rowid"
        else:
            source = "FROM ticket_fts"
        rid = "ticket_fts.rowid"
        where.append("ticket_fts MATCH ?")
        params.append(expression)
    elif amount is None:
        source = "FROM tickets AS t"
        rid = "t.rid"
    by_store = counting and rid == "t.rid"  # the FTS walk takes one rowid range
    filters, bound = filter_clauses(query, SQLITE, rid, own_offset=OWN_OFFSET, days=days, by_store=by_store)
    where.extend(filters)
    params.extend(bound)
    return CompiledQuery(source=source, where=tuple(where), params=tuple(params), rid=rid)


def _named_clauses(
    named: TextAndIds,
    amount: tuple[str, tuple[float, ...]] | None,
    expand: Callable[[str], list[str] | None] | None,
    infix: Callable[[str], list[str] | None] | None,
) -> list[tuple[str, tuple[object, ...]]]:
    """Each word naming employee IDs: its text (through the FTS index, unless the vocabulary shows it matches
    no text), the amount it is (when the whole text is one), or the ID (through ``tickets_operator_id``)."""
    clauses = []
    for word in named.named:
        text = None
        if word.text_too:
            text = (
                "t.rid IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)",
                [match_expression(word.term.text, expand, infix)],
            )
        sql, params = named_clause(word, text, amount, SQLITE)
        clauses.append((sql, tuple(params)))
    return clauses


def _needs_ticket_columns(query: TicketQuery) -> bool:
    return bool(
        query.sort != "start"
        or query.locations
        or query.terminals
        or query.operators
        or query.operator_keys
        or query.statuses
        or query.min_total is not None
        or query.max_total is not None
        or query.flagged is not None
        or bool(query.flag_reasons)
        or bool(query.review_states)
        or query.case is not None
        or query.store_days is not None  # its day is its store's
    )


def row_from_sql(row: tuple) -> TicketRow:  # type: ignore[type-arg]
    (rid, key, ticket_id, start_us, location, terminal, operator, status, lines, total, void, refund,
     no_sale, discount, flagged, exceptions, offset, operator_id) = row  # fmt: skip
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
        operator_id=operator_id or None,
    )
