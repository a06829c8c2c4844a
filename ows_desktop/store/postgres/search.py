"""The SQL of a :class:`~ows_desktop.store.query.TicketQuery` in the team store: the same matches, order and
counts as the SQLite store (:mod:`ows_desktop.store.query_sql`), values always as parameters. The order, the
keyset predicate and every filter but the text are the shared plan (:mod:`ows_desktop.store.query_plan`),
in the shared SQL style (``?``; the reader runs it through :class:`.portable.PgSql`).

Text: every whitespace-separated term with a letter or digit must match; a term is its folded tokens side
by side (a phrase), the last one a prefix unless it is a single ASCII character (then the exact word), the
rules of :func:`ows_desktop.store.fulltext.match_expression`. Against the folded ``search`` column (see
:mod:`.schema`) that is ``search LIKE '% tok1 tok2%'``, which the pg_trgm GIN index answers."""

from __future__ import annotations

from dataclasses import dataclass

from ows_desktop.store import query_plan
from ows_desktop.store.dialect import POSTGRES
from ows_desktop.store.fulltext import search_terms
from ows_desktop.store.query import Keyset, TicketQuery
from ows_desktop.store.query_plan import amount_of

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
    return query_plan.order_by(sort, descending, "t.rid", POSTGRES)


def after_clause(keyset: Keyset) -> tuple[str, tuple[object, ...]]:
    """ "Rows after ``keyset``" in its sort order (NULLs sort lowest, as in the SQLite store)."""
    return query_plan.after(keyset, "t.rid")


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
    """The WHERE clauses of ``query`` in the store's shared SQL style (run through PgSql)."""
    where: list[str] = []
    params: list[object] = []
    patterns = text_patterns(query.text)
    amount = amount_of(query.text)
    if patterns is not None:
        text_sql = " AND ".join(["t.search LIKE ?"] * len(patterns))
        if amount is not None:  # one amount: its tickets match too, as in the SQLite store
            where.append(f"(({text_sql}) OR t.total BETWEEN ? AND ?)")
            params.extend((*patterns, amount - 0.005, amount + 0.005))
        else:
            where.append(text_sql)
            params.extend(patterns)
    filters, bound = query_plan.filter_clauses(query, POSTGRES, "t.rid")
    return PgQuery((*where, *filters), (*params, *bound))
