"""The SQL of a :class:`~ows_desktop.store.query.TicketQuery` in the team store: the same matches, order and
counts as the SQLite store (:mod:`ows_desktop.store.query_sql`), values always as parameters. The order, the
keyset predicate and every filter but the text are the shared plan (:mod:`ows_desktop.store.query_plan`),
in the shared SQL style (``?``; the reader runs it through :class:`.portable.PgSql`).

Text: every whitespace-separated term with a letter or digit must match; a term is its folded tokens side
by side (a phrase), the last one a prefix unless it is a single ASCII character (then the exact word), the
rules of :func:`ows_desktop.store.fulltext.match_expression`. The GIN index of the tokens of the folded
``search`` column (:mod:`.search_index`) answers it: ``'tok':*`` for a word prefix, ``'tok'`` for an exact
word, the AND of the character pairs of a CJK word; where that is not exact (several tokens side by side,
a long CJK word) ``search LIKE '% tok1 tok2%'`` re-checks the rows the index found.

A word that is an employee ID (``E1014``, any case) also matches the tickets of that ID, through the
``operator_id`` index (:mod:`ows_desktop.store.search_ids`: the IDs are not in ``search``).

Which plan answers it is the planner's, by the index's statistics: for a frequent word (``chocolate``)
it walks the month partitions newest first along ``rid`` and keeps the rows whose text has the word, for
a rare one it reads the word's posting list from the GIN index and sorts those few rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ows_desktop.store import query_plan
from ows_desktop.store.day_plan import DayPlan, OwnOffset, store_terms
from ows_desktop.store.dialect import POSTGRES
from ows_desktop.store.fulltext import CJK_RANGES, SearchTerm, search_terms
from ows_desktop.store.postgres.search_index import MAX_LEXEME
from ows_desktop.store.postgres.search_words import expandable
from ows_desktop.store.query import Keyset, TicketQuery
from ows_desktop.store.query_plan import amount_match
from ows_desktop.store.search_ids import TextAndIds, named_clause

# the offset a ticket's time is shown in (as query_sql.SHOWN_OFFSET: the ticket row keeps its own here)
SHOWN_OFFSET = "coalesce(t.utc_offset_min, (SELECT lo.offset_min FROM location_offsets AS lo WHERE lo.location = t.location))"
# each store of known zone and the offset its newest ticket is shown in (tickets_location: a seek each)
STORE_OFFSETS_SQL = (
    "SELECT lo.location, coalesce((SELECT t.utc_offset_min FROM tickets AS t WHERE t.location = lo.location "
    "ORDER BY t.rid DESC LIMIT 1), lo.offset_min) FROM location_offsets AS lo"
)
ROW_SELECT = (
    "t.rid, t.key, t.id, t.start_us, t.location, t.terminal, t.operator, t.status, t.line_count, t.total, "
    "t.has_void, t.has_refund, t.is_no_sale, t.discount_total, "
    "EXISTS (SELECT 1 FROM flags AS f WHERE f.ticket_key = t.key), "
    "(SELECT string_agg(e.rule, ',' ORDER BY e.rule) FROM ticket_exceptions AS e WHERE e.rid = t.rid), "
    f"{SHOWN_OFFSET}, t.operator_id"
)


@dataclass(frozen=True, slots=True)
class PgQuery:
    """WHERE clauses AND-ed; ``parts`` (a count's, :mod:`.day_counts`): disjoint terms (SQL, params), one of
    which each row must match too — the store days, as one count a term."""

    where: tuple[str, ...]
    params: tuple[object, ...]
    parts: tuple[tuple[str, tuple[object, ...]], ...] | None = None

    def where_sql(self, extra: tuple[str, ...] = ()) -> str:
        clauses = (*self.where, *extra)
        return f" WHERE {' AND '.join(clauses)}" if clauses else ""


def order_by(sort: str, descending: bool) -> str:
    return query_plan.order_by(sort, descending, "t.rid", POSTGRES)


def after_clause(keyset: Keyset) -> tuple[str, tuple[object, ...]]:
    """ "Rows after ``keyset``" in its sort order (NULLs sort lowest, as in the SQLite store)."""
    return query_plan.after(keyset, "t.rid")


@dataclass(frozen=True, slots=True)
class TextMatch:
    """What the text of a query compiles to: a ``tsquery`` over :func:`ows_search_lexemes` (the GIN index,
    see :mod:`.search_index`) and the ``LIKE`` patterns that must re-check it where the index is not exact
    (a term of several tokens side by side, a CJK word of three or more characters inside a run, a token
    longer than a lexeme). A query the index answers exactly has no pattern: the planner then sees one
    condition and estimates its rows from the index's statistics (a LIKE next to it halved the estimate
    and led it to sort a million rows for a frequent word)."""

    tsquery: str
    patterns: tuple[str, ...]
    whole_words: str | None = None  # the tsquery with each word prefix as a whole word (None: no prefix)
    words: tuple[str, ...] = ()  # the text is one prefix term expanded to these words (search_probe)


_NOT_CJK = re.compile(f"[^{''.join(f'{chr(lo)}-{chr(hi)}' for lo, hi in CJK_RANGES)}]+")
_NEVER = TextMatch("'~'", ())  # no lexeme is "~" alone: matches nothing


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _term_query(term: SearchTerm, whole_words: bool = False) -> tuple[str, bool]:
    """The tsquery of one term, and whether it is exact (else the term's LIKE re-checks it); with
    ``whole_words`` its word prefix is the whole word (a subset of its matches)."""
    if term.infix:  # one token holding CJK: inside any token, by the characters and pairs of its CJK runs
        (token,) = term.tokens
        runs = [run for run in _NOT_CJK.split(token) if run]
        grams = [pair for run in runs for pair in ([run] if len(run) == 1 else _pairs(run))]
        query = " & ".join(_lexeme("~" + gram) for gram in dict.fromkeys(grams))
        return query, len(runs) == 1 and runs[0] == token and len(token) <= 2
    exact = len(term.tokens) == 1
    parts = []
    for i, token in enumerate(term.tokens):
        last = i == len(term.tokens) - 1
        if len(token) > MAX_LEXEME:  # the index holds its first characters only
            parts.append(_lexeme(token[:MAX_LEXEME]) + ":*")
            exact = False
        else:
            parts.append(_lexeme(token) + (":*" if last and term.prefix and not whole_words else ""))
    return " & ".join(parts), exact


Expand = Callable[[str], list[str] | None]


def text_match(text: str, expand: Expand | None = None) -> TextMatch | None:
    """The match of search-box text; None for blank text. The terms are planned by
    :func:`~ows_desktop.store.fulltext.search_terms`, as the SQLite store's: every term must match, a term
    is its tokens side by side, the last one a word prefix unless it is one ASCII character (then the exact
    word), a CJK word anywhere in a token. Text with no word at all matches nothing.

    ``expand`` (the reader's vocabulary lookup, :mod:`.search_words`) gives the store's words that start
    with a one-token prefix term: the term is then the OR of those exact words (GIN reads their posting
    lists as entries; a ``:*`` prefix first collects them into a bitmap of its own, 2.2× slower at 5 M
    tickets). None (too many words, or a prefix the vocabulary cannot answer) or no word keeps ``:*``."""
    terms = search_terms(text)
    if terms is None:
        return None
    queries, patterns, whole = [], [], []
    expanded: list[str] = []
    for term in terms:
        if not term.tokens:
            continue  # an emoji or "-" alone: no token, dropped as FTS5 drops it
        words = _expansion(term, expand)
        if words:
            expanded = words
            queries.append("(" + " | ".join(_lexeme(word) for word in words) + ")")
            whole.append(queries[-1])
            continue
        query, exact = _term_query(term)
        queries.append(f"({query})")
        whole.append(f"({_term_query(term, whole_words=True)[0]})")
        if not exact:
            start = "%" if term.infix else "% "
            end = "" if term.prefix else " "
            # tokens are letters and digits only: nothing in them that LIKE reads as a wildcard
            patterns.append(start + " ".join(term.tokens) + end + "%")
    if not queries:
        return _NEVER
    whole_words = " & ".join(whole)
    probe = tuple(expanded) if len(queries) == 1 and len(expanded) > 1 else ()
    return TextMatch(" & ".join(queries), tuple(patterns), None if whole == queries else whole_words, probe)


def _expansion(term: SearchTerm, expand: Expand | None) -> list[str] | None:
    if expand is None or not term.prefix or term.infix or len(term.tokens) != 1:
        return None
    (token,) = term.tokens
    return expand(token) if expandable(token) else None


def compile_query(
    query: TicketQuery,
    expand: Expand | None = None,
    days: DayPlan | None = None,
    named: TextAndIds | None = None,
) -> PgQuery:
    """The WHERE clauses of ``query`` in the store's shared SQL style (run through PgSql); ``expand``: see
    :func:`text_match`; ``days``: the plan of its store days (:mod:`ows_desktop.store.day_plan`); ``named``:
    the words of the text that name employee IDs (:mod:`ows_desktop.store.search_ids`)."""
    text = query.text if named is None else named.text
    return compile_match(query, text_match(text, expand), days=days, named=named)


def whole_words(match: TextMatch | None) -> TextMatch | None:
    """``match`` with every word prefix left (not expanded) taken as the whole word (``choc`` finds ``choc``
    only): its matches are a subset of the query's, so if they reach a count's cap, so does the query. GIN
    reads a whole word's posting list 2.5-4× faster than a prefix's (it first collects a prefix's matches
    into a bitmap of their own; at 5 M tickets the capped count of ``chocolate`` took 206 ms as a prefix,
    86 ms as a word). None when the match has no such prefix."""
    if match is None or match.whole_words is None:
        return None
    return TextMatch(match.whole_words, match.patterns)


def one_word(match: TextMatch, word: str) -> TextMatch:
    """``match`` (one expanded prefix term) narrowed to one of its words: a subset of its matches."""
    return TextMatch(f"({_lexeme(word)})", match.patterns)


def compile_match(
    query: TicketQuery,
    match: TextMatch | None,
    *,
    amount_per_row: bool = False,
    days: DayPlan | None = None,
    named: TextAndIds | None = None,
) -> PgQuery:
    """The WHERE clauses of ``query`` with its text compiled to ``match`` (the words ``named`` leaves, when
    some name employee IDs). ``amount_per_row``: the amount range is written so that no index answers it
    (``t.total + 0``): the planner then checks it on the rows the text's index found, instead of AND-ing the
    bitmap of a range that holds most of the table (see :meth:`.reader.PgTicketReader.count`)."""
    where: list[str] = []
    params: list[object] = []
    amount = amount_match(query.text)
    if named is not None:
        for word in named.named:  # its text, the amount it is, or the ID (tickets_operator_id), as in SQLite
            text = None
            if word.text_too:
                sql, text_bound = _text_sql(text_match(word.term.text))
                text = (f"({sql})", text_bound)
            clause, bound_word = named_clause(word, text, amount, POSTGRES)
            where.append(clause)
            params.extend(bound_word)
        amount = None  # an amount is one word: its tickets are in that word's clause
    if match is not None:
        text_sql, text_params = _text_sql(match)
        if amount is not None:  # one amount: its tickets match too, as in the SQLite store
            where.append(f"(({text_sql}) OR {amount[0]})")
            params.extend((*text_params, *amount[1]))
        else:
            where.append(text_sql)
            params.extend(text_params)
    own = OwnOffset("t.utc_offset_min")
    by_store = days is not None and days.unknown is not None  # a count's plan, of every store: .day_counts
    filters, bound = query_plan.filter_clauses(
        replace(query, store_days=None) if by_store else query, POSTGRES, "t.rid", own_offset=own, days=days
    )
    if amount_per_row:
        filters = [_PER_ROW.get(clause, clause) for clause in filters]
    if not by_store or days is None:
        return PgQuery((*where, *filters), (*params, *bound))
    terms = store_terms(days, "t.rid", "t.location", own, POSTGRES) or [("1 = 0", [])]
    store_parts = tuple((sql, tuple(values)) for sql, values in terms)
    return PgQuery((*where, *filters), (*params, *bound), store_parts)


def _text_sql(match: TextMatch | None) -> tuple[str, tuple[object, ...]]:
    assert match is not None  # a word with a letter or digit has a match
    sql = " AND ".join(
        ["ows_search_lexemes(t.search) @@ ?::tsquery"] + ["t.search LIKE ?"] * len(match.patterns)
    )
    return sql, (match.tsquery, *match.patterns)


# query_plan.filter_clauses' amount range, as an expression no index answers (same rows: NULL stays NULL)
_PER_ROW = {"t.total >= ?": "t.total + 0 >= ?", "t.total <= ?": "t.total + 0 <= ?"}
