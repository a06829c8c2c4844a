"""Team-store schema step: the vocabulary of the store's words (``ticket_words``), so that a word prefix is
searched as the exact words of the store that start with it, as the SQLite store does with ``fts_terms``
(:func:`ows_desktop.store.fulltext.expand_prefix`).

Why (measured at 5 M tickets, tests/bench/bench_team_search.py; RESULTS.md "Team store"): GIN answers a
prefix term (``'choc':*``) by collecting the posting lists of every lexeme that starts with it into a bitmap of
its own before the first row: the capped count of ``choc`` cost 2.2× that of the exact word ``chocolate``.
``'chocolat' | 'chocolate'`` reads the same posting lists as exact entries (the fast path).
:mod:`.search` expands a one-token prefix term into at most :data:`MAX_EXPANSION` words; a prefix with
more words than that (``s``, ``ch`` in a large catalogue) keeps ``:*``.

What is in it: every token of a ticket's folded ``search`` text (:mod:`.search_index`), cut to
:data:`MAX_WORD` characters (a longer one may be cut: :mod:`.search` then keeps ``:*``), **except tokens
made of ASCII digits only** (receipt numbers, sequence numbers: nearly all the distinct tokens of a store,
7,500 of its 7,700 at 5 M tickets). A prefix of ASCII digits only is therefore never expanded (it keeps
``:*``); any other prefix can only start tokens that hold a character other than an ASCII digit, all of
which are here, so its expansion is complete.

Who may read it (row-level security, :mod:`.rls_schema`): a row is a word *of a location*, ``(word,
location)``, under the same policy as ``tickets``: a manager of S012 learns from the vocabulary only the
words of S012's tickets, not even through the expansion of a prefix (the reader's own query reads the
table under its role). Common words are held once per location (at 5 M tickets: ~200 words × 500 stores).

Upkeep (:class:`KeptWords`): the writer adds a batch's new words in the same transaction as its tickets
(``INSERT … ON CONFLICT DO NOTHING``), so a word is findable by prefix as soon as the tickets holding it are
committed. The batch's (location, word) pairs are taken in Python from the search text the writer has just
made, and the writer remembers the pairs it saw committed, so a batch of known words sends nothing: done
in SQL (``unnest`` + ``DISTINCT`` + one conflict check per pair) it cost ~280 ms per 5,000 tickets of the
5 M store (27 k pairs; ~7 % of a batch's write at the ingest bench's rate), in Python ~40 ms of client
CPU here, and nothing for the server once the words are known.

Nothing removes a word: after retention drops a month (or a ticket changes), a word may have no ticket left. That is harmless for results: an expanded word with no
match adds no row (the same as the ``:*`` query, which would not find it either)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ows_desktop.store.postgres.rls_schema import sync_writes_people_read

if TYPE_CHECKING:
    from psycopg import Connection

MAX_WORD = (
    255  # characters, as a lexeme of the GIN index (search_index.MAX_LEXEME); the btree holds it easily
)
MAX_EXPANSION = (
    32  # more words than this under one prefix: GIN's own prefix match (as SQLite's MAX_EXPANSION)
)

# The distinct (location, word) pairs of the rows of ``source`` (a ticket table, or the writer's staging
# table); digits-only tokens left out (``ltrim`` of the digits leaves nothing; cheaper than a regex).
_WORDS_OF = (
    "SELECT DISTINCT s.location, left(w, {max_word}) FROM {source} AS s, "
    "unnest(string_to_array(btrim(s.search), ' ')) AS w WHERE ltrim(w, '0123456789') <> ''"
)


def words_of(source: str) -> str:
    """``INSERT`` of the words of ``source``'s rows that the vocabulary lacks."""
    select = _WORDS_OF.format(max_word=MAX_WORD, source=source)
    return f"INSERT INTO ticket_words (location, word) {select} ON CONFLICT DO NOTHING"


class KeptWords:
    """The writer's side of the vocabulary: the (location, word) pairs it knows to be committed. A
    transaction's new pairs count as known only once it committed (:meth:`committed`; :meth:`begin`
    forgets those of a transaction that did not), so a word of a batch that rolled back is sent again."""

    LIMIT = 2_000_000  # pairs remembered; past it the memory starts again (the database has them all)

    def __init__(self) -> None:
        self._known: set[tuple[str, str]] = set()
        self._pending: set[tuple[str, str]] = set()

    def begin(self) -> None:
        self._pending.clear()

    def committed(self) -> None:
        if len(self._known) + len(self._pending) > self.LIMIT:
            self._known.clear()
        self._known |= self._pending
        self._pending.clear()

    def write(self, conn: Connection[Any], pairs: set[tuple[str, str]]) -> None:
        """Add the pairs the vocabulary may lack, in the caller's transaction."""
        fresh = pairs - self._known - self._pending
        if fresh:
            add_words(conn, fresh)
            self._pending |= fresh


def batch_words(located_texts: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (location, word) pairs of ``(location, search text)``: :data:`_WORDS_OF` in Python. The texts
    of a location are split at once, so the loop in Python runs over its distinct tokens only."""
    texts: dict[str, list[str]] = {}
    for location, search in located_texts:
        texts.setdefault(location, []).append(search)
    pairs: set[tuple[str, str]] = set()
    for location, searches in texts.items():
        tokens = set(" ".join(searches).split())
        pairs.update((location, w[:MAX_WORD]) for w in tokens if w.lstrip("0123456789"))
    return pairs


def add_words(conn: Connection[Any], pairs: set[tuple[str, str]]) -> None:
    ordered = sorted(pairs)  # one order for every writer: no deadlock between two adding the same words
    conn.execute(
        "INSERT INTO ticket_words (location, word) SELECT * FROM unnest(%s::text[], %s::text[]) "
        "ON CONFLICT DO NOTHING",
        ([location for location, _ in ordered], [word for _, word in ordered]),
    )


# The same policy as tickets (rls_schema._SCOPE, frozen here with this migration).
_SCOPE = "((SELECT ows_sees_all()) OR location = ANY ((SELECT ows_my_locations())::text[]))"

MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE ticket_words (
        word text COLLATE "C" NOT NULL,
        location text COLLATE "C" NOT NULL,
        PRIMARY KEY (word, location)
    )
    """,
    "ALTER TABLE ticket_words ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE ticket_words FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY ows_scope ON ticket_words USING {_SCOPE} WITH CHECK {_SCOPE}",
    # a store whose roles exist already (store roles ran before this upgrade): the sync role must write the
    # words at once and the people read theirs; `store roles` grants the same (roles.PRIVILEGES)
    sync_writes_people_read("ticket_words"),
    # the words of the tickets already stored (5 M tickets: about two minutes here); in this migration's
    # transaction, so an interrupted upgrade leaves no half-filled vocabulary
    words_of("tickets"),
    "ANALYZE ticket_words",
)

# The words of the store starting with a prefix (``?``: the prefix and the first string after all of its
# words), read under the reader's role: only the words of the locations it may see. DISTINCT walks the
# primary key (word, location) in order and stops at the limit.
EXPAND_SQL = "SELECT DISTINCT word FROM ticket_words WHERE word >= ? AND word < ? ORDER BY word LIMIT ?"
EXPAND_OPEN_SQL = "SELECT DISTINCT word FROM ticket_words WHERE word >= ? ORDER BY word LIMIT ?"


def expandable(token: str) -> bool:
    """Whether the vocabulary holds every word that starts with ``token`` (see the module docstring)."""
    return bool(token) and len(token) < MAX_WORD and not (token.isascii() and token.isdigit())


def prefix_bounds(token: str) -> tuple[str, str | None]:
    """The range of words that start with ``token`` (C collation: code point order); None: no upper end."""
    following = ord(token[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates are no characters (and no text holds them)
        following = 0xE000
    return token, (token[:-1] + chr(following) if following <= 0x10FFFF else None)


def complete(found: list[str]) -> list[str] | None:
    """The expansion of a prefix from its looked-up words (up to MAX_EXPANSION + 1); None: keep ``:*``
    (too many words, or a word cut to MAX_WORD characters: longer tokens may share it)."""
    if len(found) > MAX_EXPANSION or any(len(word) >= MAX_WORD for word in found):
        return None
    return found
