"""Employee IDs in the search text, the same for both backends: a search word that is a ticket's employee ID
(``E1014``, in any letter case: ``e1014``) finds that ticket, as investigators name people by ID.

The full-text index does not hold the IDs (:mod:`.operators`: schema v10 added ``tickets.operator_id``; the
index of every stored ticket would have to be rewritten to hold them, millions of rows on a chain's store). So
a word that names IDs matches through the ``operator_id`` index instead: each such word's condition is
"its text matches OR the ticket's employee ID is one it names", AND-ed with the other words as every word is.

Which words: those that look like an ID — ASCII, with a digit (``E1014``, ``1014``, ``EMP-00123``; an ID
without any digit is not looked up: see below) — whose lower-case form is the lower-case form of an ID the
store's operator list (``ticket_operators``) holds. The list gives the IDs as stored (``E1014``), which the
ticket query then compares exactly, through the index. The lookup reads that list (a row per store, ID and
name: tens of thousands on a chain's store, ~5 ms), so it is made only for words with a digit: the common
searches (``choc``, ``coke``) cost nothing more and keep their plans.

Where the vocabulary (SQLite ``fts_terms``, team store ``ticket_words``: every word ever indexed) shows that a
word cannot match any ticket's text (no indexed word starts with it), its condition is the ID alone: the
query reads the ID's index entries newest first, as the operator filter does. Otherwise the OR reads both."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ows_desktop.store.dialect import Dialect
from ows_desktop.store.fulltext import SearchTerm, search_terms

MAX_ID = 64  # characters: a longer word is no employee ID looked up

_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

Lookup = Callable[[Sequence[str]], Mapping[str, Sequence[str]]]  # lower-case words → the IDs each names


def id_lower(text: str) -> str:
    """ASCII letters in lower case, nothing else changed: what ``lower()`` does in SQLite and, for text of
    the C collation (``operator_id``'s), in PostgreSQL."""
    return text.translate(_LOWER)


def looks_like_id(term: SearchTerm) -> bool:
    return (
        bool(term.tokens)
        and term.text.isascii()
        and len(term.text) <= MAX_ID
        and any(c.isdigit() for c in term.text)
    )


def lookup_sql(words: Sequence[str], d: Dialect) -> tuple[str, list[object]]:
    """The stored IDs whose lower-case form is one of ``words`` (lower case), from the operator list."""
    clause, params = d.in_values("lower(operator_id)", words)
    return f"SELECT DISTINCT operator_id FROM ticket_operators WHERE operator_id > '' AND {clause}", params


def group_ids(words: Sequence[str], found: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``found`` IDs by the word each is (ASCII IDs only: a backend's ``lower()`` of other letters never
    decides a match)."""
    wanted = set(words)
    named: dict[str, list[str]] = {}
    for stored in sorted(found):
        key = id_lower(stored)
        if stored.isascii() and key in wanted:
            named.setdefault(key, []).append(stored)
    return {word: tuple(ids) for word, ids in named.items()}


@dataclass(frozen=True, slots=True)
class NamedId:
    """A search word that names employee IDs: it matches a ticket whose ID is one of ``ids`` or, when
    ``text_too``, whose text it matches."""

    term: SearchTerm
    ids: tuple[str, ...]
    text_too: bool


@dataclass(frozen=True, slots=True)
class TextAndIds:
    """Search text split: ``text`` the words matched by the text alone (as typed, '' for none), ``named`` the
    words that name IDs."""

    text: str
    named: tuple[NamedId, ...]


def split_ids(text: str, lookup: Lookup, may_match_text: Callable[[SearchTerm], bool]) -> TextAndIds | None:
    """``text`` split into its words that name employee IDs and the others; None when no word names one (the
    text is matched as before). ``may_match_text``: False when the vocabulary shows that a word matches no
    ticket's text."""
    terms = search_terms(text)
    if terms is None:
        return None
    candidates = [term for term in terms if looks_like_id(term)]
    if not candidates:
        return None
    found = lookup(sorted({id_lower(term.text) for term in candidates}))
    named = [
        NamedId(term, tuple(found[id_lower(term.text)]), may_match_text(term))
        for term in candidates
        if found.get(id_lower(term.text))
    ]
    if not named:
        return None
    chosen = {id(n.term) for n in named}
    # the other words with a letter or digit (one without, an emoji, is dropped as FTS5 drops it)
    rest = " ".join(term.text for term in terms if id(term) not in chosen and term.tokens)
    return TextAndIds(rest, tuple(named))


Clause = tuple[str, Sequence[object]]


def named_clause(
    word: NamedId, text: Clause | None, amount: Clause | None, d: Dialect
) -> tuple[str, list[object]]:
    """The condition of one word naming IDs, the same on both backends: its ``text`` match (the backend's own,
    when ``word.text_too``), the ``amount`` it is (when the whole text is one), or the ticket's employee ID one
    of those it names (through ``tickets_operator_id``), OR-ed."""
    parts: list[str] = []
    params: list[object] = []
    for clause in (text, amount):
        if clause is not None:
            parts.append(clause[0])
            params.extend(clause[1])
    ids, bound = d.in_values("t.operator_id", word.ids)
    parts.append(ids)
    params.extend(bound)
    return (f"({' OR '.join(parts)})" if len(parts) > 1 else parts[0]), params


def vocabulary_allows(term: SearchTerm, expand: Callable[[str], list[str] | None] | None) -> bool:
    """Whether ``term`` may match a ticket's text, by the store's vocabulary (``expand``: the indexed words
    starting with a token; None when there are too many or it cannot tell). Only an ASCII word is judged
    (the vocabulary's tokens are then exactly the typed word's): each of its tokens must be an indexed word,
    its last one the start of one when the term is a prefix."""
    if expand is None or not term.text.isascii():
        return True
    for i, token in enumerate(term.tokens):
        words = expand(token)
        if words is None:
            continue
        prefix = term.prefix and i == len(term.tokens) - 1
        if not words if prefix else token not in words:
            return False
    return True
