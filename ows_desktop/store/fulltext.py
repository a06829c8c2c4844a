"""The full-text index: keeping ``ticket_fts`` in step, and turning what a user types into a safe query.

``ticket_fts`` is an external-content FTS5 table over the ``ticket_search`` view, so the indexed text is
never stored twice. FTS5 cannot read the old text of a changed row by itself: :func:`unindex_rows` must
run *before* a row's tickets/ticket_docs values change (it feeds the view's current text to the 'delete'
command), and :func:`index_rows` after."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

_UNINDEX_SQL = (
    "INSERT INTO ticket_fts (ticket_fts, rowid, body) "
    "SELECT 'delete', rid, body FROM ticket_search WHERE rid IN (SELECT value FROM json_each(?))"
)
_INDEX_SQL = (
    "INSERT INTO ticket_fts (rowid, body) "
    "SELECT rid, body FROM ticket_search WHERE rid IN (SELECT value FROM json_each(?))"
)


def index_rows(conn: sqlite3.Connection, rids: Sequence[int]) -> None:
    if rids:
        conn.execute(_INDEX_SQL, (json.dumps(list(rids)),))


def unindex_rows(conn: sqlite3.Connection, rids: Sequence[int]) -> None:
    if rids:
        conn.execute(_UNINDEX_SQL, (json.dumps(list(rids)),))


def optimize_index(conn: sqlite3.Connection) -> None:
    """Merge the index into one segment (after a bulk load): smaller and faster to query."""
    conn.execute("INSERT INTO ticket_fts (ticket_fts) VALUES ('optimize')")


def check_index(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError if the index does not match the text of the ticket rows."""
    conn.execute("INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')")


def match_expression(text: str) -> str | None:
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
    merges every matching doclist before it returns a first row (measured: 150 ms per 500k tickets)."""
    clean = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    terms = clean.split()
    if not terms:
        return None
    return " ".join(_phrase(term) for term in terms)


def _phrase(term: str) -> str:
    quoted = '"' + term.replace('"', '""') + '"'
    return quoted if _last_token_is_one_ascii_char(term) else quoted + "*"


def _last_token_is_one_ascii_char(term: str) -> bool:
    """Approximates unicode61: tokens are runs of letters and digits."""
    end = len(term)
    while end and not term[end - 1].isalnum():
        end -= 1
    start = end
    while start and term[start - 1].isalnum():
        start -= 1
    return end - start == 1 and term[start].isascii()
