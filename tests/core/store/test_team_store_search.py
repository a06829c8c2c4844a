"""Search means the same on both backends: the same ~30 queries over the same tickets give the same rows
in the same order, the same counts and the same rowid lists on the SQLite cache and on the PostgreSQL team
store (paged in small keyset pages, so the keyset predicates are compared too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store_backends import open_backend

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store.query import TicketQuery

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
_WORDS = [
    ("Chocolate bar 100g", "SKU1.1"),
    ("Dark chocolate 70%", "SKU1.2"),
    ("売上高テスト 菓子", "SKU1.3"),
    ("Crème brûlée", "SKU1.7"),
    ("Creme fraiche", "SKU3.9"),
    ("Gift card 🎁", "SKU11.1"),
    ("Bagels 6ct", "SKU1.20"),
    ("Søren's smørrebrød", "SKU7.7"),
    ("Café au lait", "SKU8.1"),
    ("Straße Brötchen", "SKU9.3"),
    ("高テ上高 クッキー", "SKU2.2"),  # every pair of 上高テ, but not the word itself
    ("Pocky抹茶 김치", "SKU2.5"),  # Latin and CJK in one token; Hangul
]
_OPERATORS = ["María López", "Émile", "Ana", "Søren Kim", "zoë", "Bob"]
_LOCATIONS = ["Store 12", "Store 27", "Store 44 San José", ""]
_STATUSES = ["sale", "void", "refund", "no_sale", "Sale"]


def _offset_fields(i: int) -> dict[str, str]:
    """Some tickets say their store's UTC offset (-300 or -240 minutes); the others learn their store's."""
    if i % 5 == 0:
        return {"startTime": f"2024-03-01T07:{i:02d}:00-05:00"}
    if i % 5 == 1:
        return {"startTime": f"2024-03-01T08:{i:02d}:00-04:00"}
    return {}


def _tickets() -> list[Ticket]:
    tickets = []
    for i in range(48):
        description, sku = _WORDS[i % len(_WORDS)]
        start = None if i % 17 == 5 else T0 + timedelta(minutes=7 * i, microseconds=(i % 3) * 100)
        total = None if i % 11 == 3 else round(((i * 37) % 90) + (i % 4) * 0.25, 2)
        tickets.append(
            Ticket(
                key=f"k{i:02d}",
                id=f"T-{1000 + i}",
                location=_LOCATIONS[i % len(_LOCATIONS)] or None,
                terminal=f"POS {i % 3 + 1}",
                operator=_OPERATORS[i % len(_OPERATORS)],
                status=_STATUSES[i % len(_STATUSES)],
                start=start,
                persisted=T0 + timedelta(minutes=7 * i, seconds=5),
                total=total,
                lines=(LineItem(description=description, sku=sku),)
                + ((LineItem(description="Bananas 1lb", sku="SKU5.1"),) if i % 2 else ()),
                raw={"id": f"T-{1000 + i}", "n": i, **_offset_fields(i)},
            )
        )
    # a store no ticket says the offset of: its tickets' offset stays unknown
    tickets.append(
        Ticket(key="same-ms-a", id="S-1", location="Kiosk", start=T0, total=5.0, raw={"id": "S-1"})
    )
    tickets.append(
        Ticket(key="same-ms-b", id="S-2", location="Kiosk", start=T0, total=5.0, raw={"id": "S-2"})
    )
    return tickets


QUERIES = [
    TicketQuery(),
    TicketQuery(descending=False),
    TicketQuery(text="choc"),
    TicketQuery(text="CHOC dark"),
    TicketQuery(text="creme"),
    TicketQuery(text="crème"),
    TicketQuery(text="brulee"),
    TicketQuery(text="売上"),
    TicketQuery(text="売"),
    TicketQuery(text="上高"),  # a CJK word inside the longer run 売上高テスト
    TicketQuery(text="テスト"),
    TicketQuery(text="上高テ"),  # three characters: the index's pairs, then the exact word
    TicketQuery(text="ッキ"),
    TicketQuery(text="y抹"),
    TicketQuery(text="cky抹茶"),
    TicketQuery(text="茶"),
    TicketQuery(text="김"),
    TicketQuery(text="高テ 菓子"),
    TicketQuery(text="sku1"),
    TicketQuery(text="sku1.2"),
    TicketQuery(text="sku1.20"),
    TicketQuery(text="c"),
    TicketQuery(text="søren"),
    TicketQuery(text="soren"),
    TicketQuery(text="strasse"),
    TicketQuery(text="straße"),
    TicketQuery(text="cafe"),
    TicketQuery(text="san jose"),
    TicketQuery(text="🎁"),
    TicketQuery(text='"choc OR NOT'),
    TicketQuery(text="T-1007"),
    TicketQuery(text="22.25"),
    TicketQuery(text="bananas", sort="total"),
    TicketQuery(text="bananas", sort="total", descending=False),
    TicketQuery(sort="operator"),
    TicketQuery(sort="location", descending=False),
    TicketQuery(sort="status"),
    TicketQuery(sort="items"),
    TicketQuery(sort="terminal", descending=False),
    TicketQuery(operators=("Émile", "zoë")),
    TicketQuery(locations=("Store 27",), terminals=("POS 2",)),
    TicketQuery(statuses=("Sale",)),
    TicketQuery(min_total=20, max_total=60, sort="total"),
    TicketQuery(start=T0 + timedelta(hours=1), end=T0 + timedelta(hours=3)),
    TicketQuery(text="bananas", start=T0 + timedelta(hours=2), min_total=10),
    TicketQuery(flagged=False, sort="total", descending=False),
]


@pytest.fixture
def both(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    stores = [open_backend(request, backend, tmp_path / "tickets.db") for backend in ("sqlite", "postgresql")]
    for store in stores:
        store.upsert_tickets(_tickets())
    yield stores
    for store in stores:
        store.close()


def _answer(store, query: TicketQuery) -> tuple[list[tuple[str, int]], int, list[int], list[str]]:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        rows = list(reader.iter_rows(query, batch=4))  # small pages: every keyset predicate is exercised
        first_page, _ = reader.page(query, 5)
        return (
            [(row.key, row.rowid, row.utc_offset_min, row.flagged) for row in rows],
            reader.count(query),
            list(reader.ids(query)),
            [row.key for row in first_page],
        )


def test_both_backends_answer_every_query_alike(both) -> None:  # type: ignore[no-untyped-def]
    sqlite_store, pg_store = both
    differences = []
    nonempty = 0
    for query in QUERIES:
        on_sqlite, on_pg = _answer(sqlite_store, query), _answer(pg_store, query)
        nonempty += bool(on_sqlite[1])
        if on_sqlite != on_pg:
            differences.append((query, on_sqlite, on_pg))
    assert differences == []
    assert nonempty >= len(QUERIES) - 6  # the comparison is about matches, not about empty answers


def test_a_cjk_word_inside_a_longer_run_of_cjk_text_matches_on_both(both) -> None:  # type: ignore[no-untyped-def]
    for store in both:
        with store.reader() as reader:
            for word in ("上高", "テスト", "高テ", "売上高テスト", "上高テ"):
                expected = {
                    t.key for t in _tickets() if any(word in (line.description or "") for line in t.lines)
                }
                assert expected
                assert {row.key for row in reader.iter_rows(TicketQuery(text=word))} == expected, word
            assert reader.count(TicketQuery(text="高菓")) == 0  # not across the space between two runs


def test_both_backends_have_the_same_pickers_and_stats(both) -> None:  # type: ignore[no-untyped-def]
    answers = []
    for store in both:
        with store.reader() as reader:
            answers.append(
                (
                    [reader.distinct_values(c) for c in ("location", "terminal", "operator", "status")],
                    reader.terminals(),
                    reader.operators(),
                    reader.stats(),
                    reader.raw(reader.rowid_of("k07")),
                    reader.ticket("k07").lines,
                    reader.find_ticket_key(" T-1009 "),
                    reader.local_offsets([row.rowid for row in reader.iter_rows(TicketQuery())]),
                )
            )
    assert answers[0] == answers[1]
    assert {-300, -240, None} <= set(answers[0][-1].values())  # own offsets, learned ones, and unknown
