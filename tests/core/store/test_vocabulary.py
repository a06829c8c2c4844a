"""The search vocabulary (``fts_terms``, which prefix search expands from) holds every token the full-text
index holds, however ticket texts mix letters, marks, digits, punctuation and scripts: the writer tokenizes
each distinct piece of a batch's search text once (store/fulltext.py remember_texts) instead of every
ticket's whole text."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import open_store

_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["Large eggs 12ct", "Crème brûlée", "売上高テスト", "e\u0301te", " lead", "x-y_z", "SKU1.2"]
    ),
)


def _ticket(number: int, texts: list[str]) -> Ticket:
    lines = tuple(LineItem(description=text, sku=text[::-1] or None) for text in texts[1:])
    return Ticket(
        key=f"k{number}",
        id=f"T-{number}",
        number=str(number),
        location=texts[0] or "S1",
        operator=texts[-1],
        status="sale",
        lines=lines,
    )


def _tokens(path) -> tuple[set[str], set[str]]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.all_vocab USING fts5vocab(main, ticket_fts, 'row')")
        indexed = {term for (term,) in conn.execute("SELECT term FROM temp.all_vocab")}
        vocabulary = {term for (term,) in conn.execute("SELECT term FROM fts_terms")}
    finally:
        conn.close()
    return indexed, vocabulary


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_TEXT, min_size=1, max_size=4), min_size=1, max_size=12))
def test_the_vocabulary_holds_exactly_the_indexed_tokens(tmp_path_factory, texts: list[list[str]]) -> None:
    path = tmp_path_factory.mktemp("vocabulary") / "c.sqlite3"
    with open_store(path) as store:
        store.upsert_tickets([_ticket(n, t) for n, t in enumerate(texts)])
        indexed, vocabulary = _tokens(path)
        assert vocabulary == indexed
        # a changed description is indexed again, and its new tokens join the vocabulary
        store.upsert_tickets([_ticket(0, [*texts[0], "zebra quokka"])])
        indexed, vocabulary = _tokens(path)
        assert {"zebra", "quokka"} <= indexed <= vocabulary
