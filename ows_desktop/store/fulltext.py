"""The full-text index: keeping ``ticket_fts`` in step, and turning what a user types into a safe query.

``ticket_fts`` is an external-content FTS5 table over the ``ticket_search`` view, so the indexed text is
never stored twice. FTS5 cannot read the old text of a changed row by itself: :func:`unindex_rows` must
run *before* a row's tickets/ticket_docs values change (it feeds the view's current text to the 'delete'
command), and :func:`index_rows` after."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

_UNINDEX_SQL = (
    "INSERT INTO ticket_fts (ticket_fts, rowid, body) "
    "SELECT 'delete', rid, body FROM ticket_search WHERE rid IN (SELECT value FROM json_each(?))"
)
_INDEX_SQL = (
    "INSERT INTO ticket_fts (rowid, body) "
    "SELECT rid, body FROM ticket_search WHERE rid IN (SELECT value FROM json_each(?))"
)


# The vocabulary (every token ever indexed) lets a prefix term be answered as an OR of whole tokens, which
# FTS5 walks lazily in rowid order, instead of a prefix query, which FTS5 answers by merging the doclist of
# every matching token before the first row (measured at 5 M tickets: `"choc"*` 100 ms for the first page,
# `("chocolat" OR "chocolate")` 0.1 ms). The tokens come from FTS5's own tokenizer: each batch is indexed
# once more into a small temporary FTS5 table whose fts5vocab lists them.
_PAGE_TABLES = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.page_fts USING fts5("
    "body, content = '', tokenize = 'unicode61 remove_diacritics 2', detail = none)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.page_vocab USING fts5vocab(temp, page_fts, 'row')",
)
_PAGE_FILL_SQL = (
    "INSERT INTO temp.page_fts (rowid, body) "
    "SELECT rid, body FROM ticket_search WHERE rid IN (SELECT value FROM json_each(?))"
)
MAX_EXPANSION = 32  # more tokens than this under one prefix: let FTS5 do the prefix query itself


def index_rows(conn: sqlite3.Connection, rids: Sequence[int], texts: Iterable[str] | None = None) -> None:
    """Index these rows and add their tokens to the vocabulary. ``texts``: the pieces their search text is
    made of, joined by spaces (each distinct piece once; see :func:`remember_texts`), else the vocabulary
    is read from the rows' search text."""
    if rids:
        ids = json.dumps(list(rids))
        conn.execute(_INDEX_SQL, (ids,))
        if texts is None:
            remember_terms(conn, ids)
        else:
            remember_texts(conn, texts)


def remember_terms(conn: sqlite3.Connection, ids_json: str) -> None:
    """Add the tokens of these rows to ``fts_terms`` (in the caller's transaction)."""
    for statement in _PAGE_TABLES:
        conn.execute(statement)
    conn.execute(_PAGE_FILL_SQL, (ids_json,))
    conn.execute("INSERT OR IGNORE INTO fts_terms (term) SELECT term FROM temp.page_vocab")
    conn.execute("INSERT INTO temp.page_fts (page_fts) VALUES ('delete-all')")


def remember_texts(conn: sqlite3.Connection, texts: Iterable[str]) -> None:
    """Add the tokens of ``texts`` to ``fts_terms``: what :func:`remember_terms` adds for rows whose search
    text is these texts joined by spaces, because a space always separates two tokens (unicode61), so the
    tokens of the joined text are those of its pieces. A sync's tickets repeat most pieces (item
    descriptions, stores, registers, operators, statuses): each distinct piece is tokenized once instead of
    once per ticket holding it, all of them as one row."""
    for statement in _PAGE_TABLES:
        conn.execute(statement)
    conn.execute("INSERT INTO temp.page_fts (rowid, body) VALUES (1, ?)", (" ".join(texts),))
    conn.execute("INSERT OR IGNORE INTO fts_terms (term) SELECT term FROM temp.page_vocab")
    conn.execute("INSERT INTO temp.page_fts (page_fts) VALUES ('delete-all')")


def backfill_terms(conn: sqlite3.Connection) -> None:
    """Fill ``fts_terms`` from the whole index (a migration; reads every doclist once)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.all_vocab USING fts5vocab(main, ticket_fts, 'row')")
    conn.execute("INSERT OR IGNORE INTO fts_terms (term) SELECT term FROM temp.all_vocab")
    conn.execute("DROP TABLE temp.all_vocab")


MAX_INFIX_EXPANSION = 256  # tokens holding a CJK word; past this a CJK word matches word starts only


def expand_infix(conn: sqlite3.Connection, token: str) -> list[str] | None:
    """The indexed tokens that hold ``token`` (already folded) anywhere: a CJK word inside a longer run of
    CJK text, which unicode61 indexes as one token. A scan of the vocabulary (its distinct tokens, not the
    tickets). None when there are too many."""
    if not token:
        return None
    found = [
        row[0]
        for row in conn.execute(
            "SELECT term FROM fts_terms WHERE instr(term, ?) > 0 LIMIT ?", (token, MAX_INFIX_EXPANSION + 1)
        )
    ]
    return found if len(found) <= MAX_INFIX_EXPANSION else None


def expand_prefix(conn: sqlite3.Connection, token: str) -> list[str] | None:
    """The indexed tokens starting with ``token`` (already folded), or None when there are too many."""
    if not token:
        return None
    upper = token[:-1] + chr(ord(token[-1]) + 1) if ord(token[-1]) < 0x10FFFF else None
    sql = "SELECT term FROM fts_terms WHERE term >= ?" + (" AND term < ?" if upper else "") + " LIMIT ?"
    params = (token, upper, MAX_EXPANSION + 1) if upper else (token, MAX_EXPANSION + 1)
    found = [row[0] for row in conn.execute(sql, params)]
    return found if len(found) <= MAX_EXPANSION else None


_TOKEN = re.compile(r"[^\W_]+")


def fold_tokens(text: str) -> list[str]:
    """What unicode61 with remove_diacritics 2 makes of ``text``, for the common cases: runs of letters and
    digits, lower-cased, Latin diacritics removed. Used only to look terms up in ``fts_terms``: a miss
    falls back to FTS5's own prefix query, so an exotic character costs speed, never results.

    The team store folds every ticket's text with it (:func:`ows_desktop.store.postgres.tickets.search_text`):
    ASCII is only lower-cased, and a word with other letters is folded once and remembered (a ticket's words
    repeat across tickets), ~60 µs a ticket down to ~10."""
    if text.isascii():
        return _TOKEN.findall(text.lower())
    return [_fold_word(raw) for raw in _TOKEN.findall(text)]


@functools.lru_cache(maxsize=65_536)
def _fold_word(raw: str) -> str:
    if raw.isascii():
        return raw.lower()
    decomposed = unicodedata.normalize("NFKD", raw.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def unindex_rows(conn: sqlite3.Connection, rids: Sequence[int]) -> None:
    if rids:
        conn.execute(_UNINDEX_SQL, (json.dumps(list(rids)),))


def optimize_index(conn: sqlite3.Connection) -> None:
    """Merge the index into one segment (after a bulk load): smaller and faster to query."""
    conn.execute("INSERT INTO ticket_fts (ticket_fts) VALUES ('optimize')")


def check_index(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError if the index does not match the text of the ticket rows."""
    conn.execute("INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')")


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One whitespace-separated term of search text, planned the same way for both backends."""

    text: str  # as typed
    tokens: tuple[str, ...]  # folded (lower case, Latin diacritics removed)
    prefix: bool  # the last token matches as a word prefix (False: one ASCII character, the exact word)
    infix: bool  # one token holding CJK: it matches inside a longer run of CJK text too


CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana
    (0x20000, 0x323AF),  # CJK Extensions B-H
)


def has_cjk(text: str) -> bool:
    return any(lo <= ord(c) <= hi for c in text for lo, hi in CJK_RANGES)


def search_terms(text: str) -> list[SearchTerm] | None:
    """The terms of search-box text (None: blank text). Terms with no letter or digit (``🎁``, ``-``) have
    no tokens; a term is its tokens side by side (a phrase). Scripts written without spaces (Chinese,
    Japanese) index a whole run as one token, so a single-token term with CJK matches inside tokens."""
    clean = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    words = clean.split()
    if not words:
        return None
    terms = []
    for word in words:
        tokens = tuple(fold_tokens(word))
        single_ascii = _last_token_is_one_ascii_char(word)
        terms.append(SearchTerm(word, tokens, not single_ascii, len(tokens) == 1 and has_cjk(tokens[0])))
    return terms


def match_expression(
    text: str,
    expand: Callable[[str], list[str] | None] | None = None,
    infix: Callable[[str], list[str] | None] | None = None,
) -> str | None:
    """The FTS5 query for search-box text, or None when the text is blank.

    Every whitespace-separated term becomes a quoted prefix phrase, and the phrases are AND-ed
    implicitly: ``choc bar`` → ``"choc"* "bar"*``. Inside quotes the FTS5 operators (AND, OR, NOT, NEAR,
    *, ^, :, parentheses) are plain text and a quote is escaped by doubling it, so no input raises a
    syntax error. A term the tokenizer splits (``SKU1.2`` → sku1, 2) stays one phrase, so it only matches
    those tokens side by side. A term with no letters or digits (``🎁``, ``-``) yields no token: FTS5
    drops it from an implicit AND (an explicit AND would make it match nothing), and text made only of
    such terms matches nothing.

    A term ending in a single ASCII letter or digit matches that token exactly (``sku1.2`` finds SKU1.2,
    not SKU1.20; ``c`` finds the word "c"): a one-character prefix matches most of the index, and FTS5
    merges every matching doclist before it returns a first row (measured: 150 ms per 500k tickets).

    A single-token term holding CJK (``上高``) also matches inside longer tokens (``売上高テスト``): ``infix``
    (the store's vocabulary lookup) turns it into an OR of the indexed tokens that hold it."""
    terms = search_terms(text)
    if terms is None:
        return None
    # Terms with no letter or digit (an emoji, "-") have no token: FTS5 would drop them from an implicit
    # AND but an explicit AND (needed once a term is a parenthesised OR) would then match nothing.
    worded = [term for term in terms if term.tokens]
    if not worded:
        return " ".join(_quoted(term.text) for term in terms)  # matches nothing, raises nothing
    return " AND ".join(_phrase(term, expand, infix) for term in worded)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _phrase(
    term: SearchTerm,
    expand: Callable[[str], list[str] | None] | None = None,
    infix: Callable[[str], list[str] | None] | None = None,
) -> str:
    quoted = _quoted(term.text)
    if not term.prefix:
        return quoted
    tokens = term.tokens
    if term.infix and infix is not None:
        holding = infix(tokens[0])
        if holding is not None:  # none at all: no ticket holds it (the quoted term matches nothing either)
            return "(" + " OR ".join(_quoted(t) for t in holding) + ")" if holding else quoted
    if expand is not None and len(tokens) == 1:
        # one token: the OR of the indexed tokens it prefixes (same matches, no doclist merge)
        found = expand(tokens[0])
        if found:
            return "(" + " OR ".join(_quoted(t) for t in found) + ")"
    return quoted + "*"


def filter_hint(values: Sequence[str]) -> str | None:
    """An FTS5 expression every ticket with one of these field values (location, terminal, operator,
    status: all part of the indexed text) matches, or None. AND-ed with a text query it lets FTS5 skip
    to the few candidates instead of handing SQL every text match to test; the exact SQL condition stays."""
    phrases = []
    for value in values:
        tokens = fold_tokens(value)
        if not tokens:
            return None  # a value with no token cannot be narrowed by the index
        phrases.append(_quoted(" ".join(tokens)))
    return "(" + " OR ".join(phrases) + ")" if phrases else None


def _last_token_is_one_ascii_char(term: str) -> bool:
    """Approximates unicode61: tokens are runs of letters and digits."""
    end = len(term)
    while end and not term[end - 1].isalnum():
        end -= 1
    start = end
    while start and term[start - 1].isalnum():
        start -= 1
    return end - start == 1 and term[start].isascii()
