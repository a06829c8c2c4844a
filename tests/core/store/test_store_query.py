"""TicketReader queries against a Python-side reference: every filter, every sort, keyset paging, counts."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store import SORTS, Keyset, TicketQuery, TicketReader, TicketRow, open_store
from ows_desktop.store.timekeys import rowid_ms

T0 = datetime(2024, 5, 1, tzinfo=UTC)
LOCATIONS = ("Store 12", "Store 27", "Saint-Léonard", None)
TERMINALS = ("POS 1", "POS 2", "POS 10", None)
OPERATORS = ("María", "Zoë", "Ana", "Émile", None)
STATUSES = ("sale", "void", "refund", "no_sale", None)
TOTALS = (None, 0.0, 5.0, 12.5, 99.99, -3.0, 250.0)
PRODUCTS = (
    ("Chocolate bar", "SKU1.1"),
    ("Dark chocolate", "SKU1.2"),
    ("Crème brûlée", "SKU1.7"),
    ("Bananas", "SKU5.1"),
    ("Cola 2L", "SKU2.6"),
    ("Gift card 🎁", "SKU11.1"),
    ("売上高テスト", "SKU1.3"),
)
SEARCHES = (
    "choc", "creme", "crème", "cola", "store 12", "pos 1", "sku1.2", "sku1", "売上", "zoe", "gift 🎁", "léo", "2",
)  # fmt: skip

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)


def build_tickets(seed: int, count: int) -> list[Ticket]:
    rng = random.Random(seed)
    shared_start = T0 + timedelta(days=3, microseconds=500)  # many tickets in one millisecond
    tickets = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.1:
            start = shared_start
        elif roll < 0.15:
            start = None  # placed by its persist time
        else:
            start = T0 + timedelta(seconds=rng.randrange(0, 10 * 86400), microseconds=rng.randrange(10**6))
        persisted = (start or T0 + timedelta(days=rng.randrange(10))) + timedelta(seconds=rng.randrange(60))
        lines = tuple(LineItem(description=d, sku=s) for d, s in rng.sample(PRODUCTS, rng.randrange(0, 4)))
        key = f"T{i:04d}"
        tickets.append(
            Ticket(
                key=key,
                id=key,
                location=rng.choice(LOCATIONS),
                terminal=rng.choice(TERMINALS),
                operator=rng.choice(OPERATORS),
                start=start,
                persisted=persisted,
                total=rng.choice(TOTALS),
                status=rng.choice(STATUSES),
                lines=lines,
                raw={"id": key},
            )
        )
    return tickets


# -- the reference ---------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """What unicode61 remove_diacritics 2 makes of the test vocabulary."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", folded.lower())


def phrase_prefix_match(doc: list[str], phrase: list[str]) -> bool:
    if not phrase:
        return True  # FTS5 ignores a term without tokens
    n = len(phrase)
    exact = len(phrase[-1]) == 1 and phrase[-1].isascii()  # one ASCII character: no prefix
    for i in range(len(doc) - n + 1):
        window = doc[i : i + n]
        last = window[-1] == phrase[-1] if exact else window[-1].startswith(phrase[-1])
        if window[:-1] == phrase[:-1] and last:
            return True
    return False


def ticket_time_ms(ticket: Ticket) -> int:
    moment = ticket.start or ticket.persisted
    assert moment is not None
    return to_epoch_us(moment) // 1000


def matches(ticket: Ticket, query: TicketQuery, flagged: set[str]) -> bool:
    if query.text:
        doc = tokens(
            " ".join(
                x or "" for x in (ticket.id, ticket.location, ticket.terminal, ticket.operator, ticket.status)
            )
            + " "
            + " ".join(f"{line.description} {line.sku}" for line in ticket.lines)
        )
        if not all(phrase_prefix_match(doc, tokens(term)) for term in query.text.split()):
            return False
    ms = ticket_time_ms(ticket)
    if query.start is not None and ms < to_epoch_us(query.start) // 1000:
        return False
    if query.end is not None and ms >= to_epoch_us(query.end) // 1000:
        return False
    for values, value in (
        (query.locations, ticket.location),
        (query.terminals, ticket.terminal),
        (query.operators, ticket.operator),
        (query.statuses, ticket.status),
    ):
        if values and (value or "") not in values:
            return False
    if query.min_total is not None and (ticket.total is None or ticket.total < query.min_total):
        return False
    if query.max_total is not None and (ticket.total is None or ticket.total > query.max_total):
        return False
    return query.flagged is None or (ticket.key in flagged) == query.flagged


def sort_key(sort: str, rowids: dict[str, int]) -> Callable[[Ticket], tuple]:  # type: ignore[type-arg]
    def key(ticket: Ticket) -> tuple:  # type: ignore[type-arg]
        rid = rowids[ticket.key]
        if sort == "start":
            return (rid,)
        if sort == "items":
            return (len(ticket.lines), rid)
        if sort == "total":
            return (ticket.total is not None, ticket.total or 0.0, rid)  # NULL sorts lowest
        return (getattr(ticket, sort) or "", rid)

    return key


def reference(
    tickets: list[Ticket], query: TicketQuery, flagged: set[str], rowids: dict[str, int]
) -> list[str]:
    chosen = [t for t in tickets if matches(t, query, flagged)]
    chosen.sort(key=sort_key(query.sort, rowids), reverse=query.descending)
    return [t.key for t in chosen]


def all_pages(reader: TicketReader, query: TicketQuery, limit: int) -> list[TicketRow]:
    rows: list[TicketRow] = []
    after: Keyset | None = None
    while True:
        page, after = reader.page(query, limit, after)
        assert len(page) <= limit
        rows.extend(page)
        if after is None:
            return rows
        assert len(page) == limit


# -- the data set ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory):
    tickets = build_tickets(seed=20240501, count=320)
    path = tmp_path_factory.mktemp("query") / "tickets.db"
    store = open_store(path)
    for i in range(0, len(tickets), 64):
        store.upsert_tickets(tickets[i : i + 64])
    flagged = {t.key for t in tickets[::9]}
    for key in flagged:
        store.review.flag_ticket(key, reason="review")
    reader = store.reader()
    rowids = {row.key: row.rowid for row in reader.iter_rows(TicketQuery())}
    yield tickets, flagged, rowids, reader
    reader.close()
    store.close()


def random_queries(seed: int, count: int) -> list[TicketQuery]:
    rng = random.Random(seed)
    queries = []
    for i in range(count):
        kwargs: dict[str, object] = {}
        if rng.random() < 0.35:
            kwargs["text"] = rng.choice(SEARCHES)
        if rng.random() < 0.3:
            start = T0 + timedelta(days=rng.randrange(0, 9), hours=rng.randrange(24))
            kwargs["start"] = start
            if rng.random() < 0.7:
                kwargs["end"] = start + timedelta(days=rng.randrange(1, 5))
        for name, pool in (
            ("locations", LOCATIONS[:-1]),
            ("terminals", TERMINALS[:-1]),
            ("operators", OPERATORS[:-1]),
            ("statuses", STATUSES[:-1]),
        ):
            if rng.random() < 0.2:
                kwargs[name] = tuple(rng.sample(pool, rng.randrange(1, 3)))
        if rng.random() < 0.2:
            kwargs["min_total"] = rng.choice((0.0, 5.0, 12.5))
        if rng.random() < 0.2:
            kwargs["max_total"] = rng.choice((5.0, 99.99, 1000.0))
        if rng.random() < 0.2:
            kwargs["flagged"] = rng.choice((True, False))
        sort = SORTS[i % len(SORTS)]
        queries.append(TicketQuery(sort=sort, descending=(i // len(SORTS)) % 2 == 0, **kwargs))  # type: ignore[arg-type]
    return queries


def test_rowids_encode_each_tickets_time(dataset) -> None:
    tickets, _, rowids, _ = dataset
    assert len(rowids) == len(tickets)
    for ticket in tickets:
        assert rowid_ms(rowids[ticket.key]) == ticket_time_ms(ticket)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_pages_like_python(dataset, sort: str, descending: bool) -> None:
    tickets, flagged, rowids, reader = dataset
    query = TicketQuery(sort=sort, descending=descending)
    expected = reference(tickets, query, flagged, rowids)
    assert [row.key for row in all_pages(reader, query, 13)] == expected
    assert list(reader.ids(query)) == [rowids[k] for k in expected]
    assert reader.count(query) == len(tickets)


@pytest.mark.parametrize("chunk", range(4))
def test_random_filters_sorts_and_pages_match_python(dataset, chunk: int) -> None:
    tickets, flagged, rowids, reader = dataset
    for query in random_queries(seed=chunk, count=42):
        expected = reference(tickets, query, flagged, rowids)
        got = [row.key for row in all_pages(reader, query, 7)]
        assert got == expected, query
        assert reader.count(query) == len(expected), query
        assert list(reader.ids(query, limit=5)) == [rowids[k] for k in expected[:5]], query
        assert list(reader.ids(query)) == [rowids[k] for k in expected], query
        assert [row.key for row in reader.iter_rows(query, batch=50)] == expected, query


@pytest.mark.parametrize("text", SEARCHES)
def test_each_search_term_matches_python(dataset, text: str) -> None:
    tickets, flagged, rowids, reader = dataset
    query = TicketQuery(text=text)
    expected = reference(tickets, query, flagged, rowids)
    assert expected, f"the data set should contain {text!r}"
    assert [row.key for row in reader.iter_rows(query)] == expected


def test_rows_carry_the_stored_fields(dataset) -> None:
    tickets, flagged, _rowids, reader = dataset
    by_key = {t.key: t for t in tickets}
    for row in reader.iter_rows(TicketQuery(sort="total")):
        ticket = by_key[row.key]
        assert (row.location, row.terminal, row.operator, row.status) == (
            ticket.location,
            ticket.terminal,
            ticket.operator,
            ticket.status,
        )
        assert (row.start, row.total, row.line_count, row.id) == (
            ticket.start,
            ticket.total,
            len(ticket.lines),
            ticket.id,
        )
        assert row.flagged == (row.key in flagged)
        assert row.has_void == (ticket.status == "void")
        assert row.has_refund == (ticket.status == "refund")
        assert row.is_no_sale == (ticket.status == "no_sale")


def test_date_range_is_start_inclusive_end_exclusive(tmp_path: Path) -> None:
    with open_store(tmp_path / "tickets.db") as store:
        store.upsert_tickets(
            [Ticket(key=f"h{h}", start=T0 + timedelta(hours=h), raw={"h": h}) for h in range(6)]
        )
        with store.reader() as reader:
            query = TicketQuery(start=T0 + timedelta(hours=1), end=T0 + timedelta(hours=4), descending=False)
            assert [row.key for row in reader.iter_rows(query)] == ["h1", "h2", "h3"]
            assert reader.count(TicketQuery(end=T0 + timedelta(hours=2))) == 2
            assert reader.count(TicketQuery(start=T0 + timedelta(hours=5, minutes=1))) == 0
            # a naive datetime counts as UTC
            assert reader.count(TicketQuery(start=datetime(2024, 5, 1, 5))) == 1


def test_paging_an_empty_result(dataset) -> None:
    _, _, _, reader = dataset
    query = TicketQuery(text="nothing-matches-this")
    assert reader.page(query, 10) == ([], None)
    assert reader.count(query) == 0
    assert len(reader.ids(query)) == 0


def test_keyset_of_another_sort_is_refused(dataset) -> None:
    _, _, _, reader = dataset
    _, after = reader.page(TicketQuery(sort="total"), 5)
    assert after is not None
    with pytest.raises(ValueError, match="another sort order"):
        reader.page(TicketQuery(sort="location"), 5, after)
    with pytest.raises(ValueError, match="positive"):
        reader.page(TicketQuery(), 0)


def test_query_validation() -> None:
    with pytest.raises(ValueError, match="Unknown sort"):
        TicketQuery(sort="price")
    with pytest.raises(TypeError, match="tuple"):
        TicketQuery(locations="Store 12")  # type: ignore[arg-type]
