"""The SQL of a :class:`~ows_desktop.store.query.TicketQuery` in the team store: the same matches, order and
counts as the SQLite store (:mod:`ows_desktop.store.query_sql`), values always as parameters.

Text: every whitespace-separated term with a letter or digit must match; a term is its folded tokens side
by side (a phrase), the last one a prefix unless it is a single ASCII character (then the exact word), the
rules of :func:`ows_desktop.store.fulltext.match_expression`. Against the folded ``search`` column (see
:mod:`.schema`) that is ``search LIKE '% tok1 tok2%'``, which the pg_trgm GIN index answers."""

from __future__ import annotations

from dataclasses import dataclass

from ows_desktop.store.fulltext import search_terms
from ows_desktop.store.query import Keyset, TicketQuery
from ows_desktop.store.query_sql import _amount as amount_of
from ows_desktop.store.timekeys import bound_rowid

_SORT_COLUMN: dict[str, str | None] = {
    "start": None,
    "location": "t.location",
    "terminal": "t.terminal",
    "operator": "t.operator",
    "status": "t.status",
    "items": "t.line_count",
    "total": "t.total",
}
_STATE_ALIASES = {"to_review": ("to_review", "open")}

ROW_SELECT = (
    "t.rid, t.key, t.id, t.start_us, t.location, t.terminal, t.operator, t.status, t.line_count, t.total, "
    "t.has_void, t.has_refund, t.is_no_sale, t.discount_total, "
    "EXISTS (SELECT 1 FROM flags AS f WHERE f.ticket_key = t.key), "
    "(SELECT string_agg(e.rule, ',' ORDER BY e.rule) FROM ticket_exceptions AS e WHERE e.rid = t.rid), "
    "coalesce(t.utc_offset_min, (SELECT lo.offset_min FROM location_offsets AS lo WHERE lo.location = t.location))"
)


@dataclass(frozen=True, slots=True)
class PgQuery:
    where: tuple[str, ...]
    params: tuple[object, ...]

    def where_sql(self, extra: tuple[str, ...] = ()) -> str:
        clauses = (*self.where, *extra)
        return f" WHERE {' AND '.join(clauses)}" if clauses else ""


def order_by(sort: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    column = _SORT_COLUMN[sort]
    if column is None:
        return f"t.rid {direction}"
    nulls = " NULLS LAST" if descending else " NULLS FIRST"  # SQLite: NULL sorts lowest
    return f"{column} {direction}{nulls}, t.rid {direction}"


def after_clause(keyset: Keyset) -> tuple[str, tuple[object, ...]]:
    """ "Rows after ``keyset``" in its sort order (NULLs sort lowest, as in the SQLite store)."""
    op = "<" if keyset.descending else ">"
    column = _SORT_COLUMN[keyset.sort]
    if column is None:
        return f"t.rid {op} %s", (keyset.rowid,)
    if keyset.sort != "total":
        return f"({column}, t.rid) {op} (%s, %s)", (keyset.value, keyset.rowid)
    if keyset.value is None:
        if keyset.descending:
            return f"({column} IS NULL AND t.rid < %s)", (keyset.rowid,)
        return f"({column} IS NOT NULL OR t.rid > %s)", (keyset.rowid,)
    if keyset.descending:
        return f"(({column}, t.rid) < (%s, %s) OR {column} IS NULL)", (keyset.value, keyset.rowid)
    return f"({column}, t.rid) > (%s, %s)", (keyset.value, keyset.rowid)


def text_patterns(text: str) -> list[str] | None:
    """LIKE patterns every one of which the ``search`` column must match; None for blank text, [] never
    (text with no word at all matches nothing: returned as a pattern nothing can match). The terms are
    planned by :func:`~ows_desktop.store.fulltext.search_terms`, as the SQLite store's: a word-start match
    (``% tok``), exact when the term is one ASCII character (``tok %``), anywhere in a token for a CJK word
    (``%tok%``: trigrams answer it for any script)."""
    terms = search_terms(text)
    if terms is None:
        return None
    patterns = []
    for term in terms:
        if not term.tokens:
            continue  # an emoji or "-" alone: no token, dropped as FTS5 drops it
        start = "%" if term.infix else "% "
        end = "" if term.prefix else " "
        # tokens are letters and digits only: nothing in them that LIKE reads as a wildcard
        patterns.append(start + " ".join(term.tokens) + end + "%")
    return patterns or ["%\x01never\x01%"]


def compile_query(query: TicketQuery) -> PgQuery:
    where: list[str] = []
    params: list[object] = []
    patterns = text_patterns(query.text)
    amount = amount_of(query.text)
    if patterns is not None:
        text_sql = " AND ".join(["t.search LIKE %s"] * len(patterns))
        if amount is not None:  # one amount: its tickets match too, as in the SQLite store
            where.append(f"(({text_sql}) OR t.total BETWEEN %s AND %s)")
            params.extend((*patterns, amount - 0.005, amount + 0.005))
        else:
            where.append(text_sql)
            params.extend(patterns)
    if query.start is not None:
        where.append("t.rid >= %s")
        params.append(bound_rowid(query.start))
    if query.end is not None:
        where.append("t.rid < %s")
        params.append(bound_rowid(query.end))
    for column, values in (
        ("t.location", query.locations),
        ("t.terminal", query.terminals),
        ("t.operator", query.operators),
        ("t.status", query.statuses),
    ):
        if values:
            where.append(f"{column} = ANY(%s)")
            params.append(list(values))
    if query.min_total is not None:
        where.append("t.total >= %s")
        params.append(float(query.min_total))
    if query.max_total is not None:
        where.append("t.total <= %s")
        params.append(float(query.max_total))
    if query.flagged is not None:
        where.append(
            f"{'' if query.flagged else 'NOT '}EXISTS (SELECT 1 FROM flags f WHERE f.ticket_key = t.key)"
        )
    if query.exceptions:
        where.append("t.rid IN (SELECT rid FROM ticket_exceptions WHERE rule = ANY(%s))")
        params.append(list(query.exceptions))
    if query.flag_reasons:
        where.append("t.key IN (SELECT ticket_key FROM flags WHERE reason = ANY(%s))")
        params.append(list(query.flag_reasons))
    if query.review_states:
        states = [s for state in query.review_states for s in _STATE_ALIASES.get(state, (state,))]
        where.append("t.key IN (SELECT ticket_key FROM flags WHERE state = ANY(%s))")
        params.append(states)
    if query.case is not None:
        where.append(
            "t.key IN (SELECT k.ticket_key FROM case_tickets AS k JOIN cases AS c ON c.id = k.case_id "
            "WHERE c.number = %s)"
        )
        params.append(query.case)
    return PgQuery(tuple(where), tuple(params))
