"""The SQLite ticket cache: files and permissions, errors, upsert, full-text search, checkpoints, threads."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ows_desktop.ows.model import Discount, LineItem, Ticket
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store import (
    SCHEMA_VERSION,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreVersionError,
    TicketNotFoundError,
    TicketQuery,
    TicketStore,
    UpsertResult,
    migrations,
    open_store,
    writer,
)
from ows_desktop.store.database import open_reader, open_writer
from ows_desktop.store.fulltext import check_index, match_expression
from ows_desktop.store.timekeys import SLOTS, rowid_ms

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@contextmanager
def own_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """The test's own connection on the cache file, for what only SQLite can tell (storage forms, the
    full-text index, page layout): the store hands out no connection."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def make_ticket(
    key: str,
    *,
    start: datetime | None = T0,
    persisted: datetime | None = None,
    location: str | None = "Store 12",
    terminal: str | None = "POS 1",
    operator: str | None = "María López",
    status: str | None = "sale",
    total: float | None = 10.0,
    lines: tuple[LineItem, ...] = (LineItem(description="Bananas 1lb", sku="SKU5.1"),),
    discounts: tuple[Discount, ...] = (),
) -> Ticket:
    raw = {"id": key, "total": total, "lineItems": [{"description": line.description} for line in lines]}
    return Ticket(
        key=key,
        id=key,
        location=location,
        terminal=terminal,
        operator=operator,
        start=start,
        persisted=persisted if persisted is not None else (start or T0) + timedelta(seconds=5),
        total=total,
        status=status,
        lines=lines,
        discounts=discounts,
        raw=raw,
    )


def line(description: str, sku: str | None = None, **kwargs: object) -> LineItem:
    return LineItem(description=description, sku=sku, **kwargs)  # type: ignore[arg-type]


# `store` comes from conftest.py: each test below runs on SQLite and on PostgreSQL (store_backends.py).


def keys_for(store: TicketStore, text: str) -> list[str]:
    with store.reader() as reader:
        return sorted(row.key for row in reader.iter_rows(TicketQuery(text=text)))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- files, pragmas, permissions ------------------------------------------------------------------


def test_open_creates_private_directory_and_files_in_wal_mode(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a permissive umask must not leak into the cache's modes
    try:
        path = tmp_path / "new" / "dir" / "tickets.db"
        with open_store(path) as store:
            store.upsert_tickets([make_ticket("a")])
            modes = {
                name: stat.S_IMODE(os.stat(path.parent / name).st_mode) for name in os.listdir(path.parent)
            }
            assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
            assert modes == {"tickets.db": 0o600, "tickets.db-wal": 0o600, "tickets.db-shm": 0o600}
        # the connections the store opens (the writer's and a reader's), as open_store configures them
        conn = open_writer(path)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
            assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        finally:
            conn.close()
        reading = open_reader(path)
        try:
            assert reading.execute("PRAGMA query_only").fetchone()[0] == 1
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                reading.execute("DELETE FROM tickets")
        finally:
            reading.close()
    finally:
        os.umask(previous)


def test_existing_loose_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    open_store(path).close()
    path.chmod(0o644)
    with open_store(path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    with open_store(path) as store:
        store.upsert_tickets([make_ticket("a"), make_ticket("b")])
    with open_store(path) as store, store.reader() as reader:
        assert reader.stats().tickets == 2


# -- refusing bad files, untouched ------------------------------------------------------------------


def test_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    path.write_bytes(b"this is not SQLite at all\n" * 200)
    before = sha256(path)
    with pytest.raises(StoreCorruptError) as caught:
        open_store(path)
    assert str(path) in str(caught.value)
    assert "keep it: it may hold flags, notes and cases" in str(caught.value)  # never "delete it"
    assert "delete" not in str(caught.value)
    assert caught.value.exit_code == 2
    assert sha256(path) == before
    assert sorted(os.listdir(tmp_path)) == ["tickets.db"]  # no -wal/-shm/-journal created


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = sha256(path)
    listing = sorted(os.listdir(tmp_path))
    with pytest.raises(StoreVersionError) as caught:
        open_store(path)
    message = str(caught.value)
    assert f"schema {SCHEMA_VERSION + 1}, this one knows {SCHEMA_VERSION}" in message
    assert "Update the app, or point --data-dir elsewhere" in message
    assert str(path) in message
    assert isinstance(caught.value, StoreError)
    assert caught.value.exit_code == 2
    assert sha256(path) == before
    assert sorted(os.listdir(tmp_path)) == listing


def test_damaged_schema_page_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    with open_store(path) as store:
        store.upsert_tickets([make_ticket("a")])
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # page 1 after the header: the schema table
    path.write_bytes(bytes(data))
    before = sha256(path)
    with pytest.raises(StoreCorruptError, match="damaged"):
        open_store(path)
    assert sha256(path) == before


def test_damaged_data_page_raises_store_corrupt_on_read(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    with open_store(path) as store:
        store.upsert_tickets([make_ticket(f"t{i}", start=T0 + timedelta(seconds=i)) for i in range(300)])
    with own_sqlite(path) as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'tickets'").fetchone()
    data = bytearray(path.read_bytes())
    page_size = 4096
    data[(root - 1) * page_size : root * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))
    with open_store(path) as store, store.reader() as reader, pytest.raises(StoreCorruptError):
        reader.page(TicketQuery(), 10)  # walks the tickets table from its root


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "tickets.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(StoreCorruptError, match="another program"):
        open_store(path)
    assert sha256(path) == before


def test_an_added_migration_runs_once_and_old_code_then_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tickets.db"
    with open_store(path) as store:
        store.upsert_tickets([make_ticket("a")])

    known = migrations.latest_version()
    added = known + 1

    def to_next(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE added_later (id INTEGER PRIMARY KEY, name TEXT)")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, to_next))
    with open_store(path) as store, store.reader() as reader:
        assert reader.stats().tickets == 1
    with own_sqlite(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == added
        assert conn.execute("SELECT count(*) FROM added_later").fetchone()[0] == 0
    open_store(path).close()  # already at the new version: runs nothing
    monkeypatch.undo()
    with pytest.raises(StoreVersionError, match=f"schema {added}, this one knows {known}"):
        open_store(path)


def test_disk_full_is_a_clear_error_and_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[sqlite3.Connection] = []

    def capture(path: Path) -> sqlite3.Connection:  # the writer connection, to cap its file size
        opened.append(open_writer(path))
        return opened[-1]

    monkeypatch.setattr(writer, "open_writer", capture)
    store = open_store(tmp_path / "tickets.db")
    store.upsert_tickets([make_ticket("first")])
    (conn,) = opened
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = tuple(line(f"Item number {i} " + "x" * 300, f"SKU{i}") for i in range(40))
    tickets = [make_ticket(f"t{i}", start=T0 + timedelta(seconds=i), lines=big) for i in range(200)]
    with pytest.raises(StoreFullError, match=r"disk holding the ticket cache .* is full"):
        store.upsert_tickets(tickets)
    conn.execute("PRAGMA max_page_count = 1073741823")
    with store.reader() as reader:
        assert reader.stats().tickets == 1
    assert store.upsert_tickets(tickets[:3]) == UpsertResult(inserted=3, updated=0)
    store.close()


# -- upsert -------------------------------------------------------------------------------------------


def test_upsert_twice_keeps_one_row_with_updated_fields(store: TicketStore) -> None:
    assert store.upsert_tickets([make_ticket("a", total=10.0)]) == UpsertResult(inserted=1, updated=0)
    with store.reader() as reader:
        (before,) = reader.page(TicketQuery(), 10)[0]
    changed = make_ticket("a", total=12.5, status="post_void", operator="Zoë Müller")
    assert store.upsert_tickets([changed]) == UpsertResult(inserted=0, updated=1)
    with store.reader() as reader:
        rows, after = reader.page(TicketQuery(), 10)
        assert after is None
        (row,) = rows
        assert row.rowid == before.rowid  # same start time: updated in place
        assert (row.total, row.status, row.operator, row.has_void) == (12.5, "post_void", "Zoë Müller", True)
        assert reader.raw(row.rowid) == changed.raw
        assert reader.count(TicketQuery(text="zoe")) == 1
        assert reader.count(TicketQuery(text="maria")) == 0


def test_same_key_twice_in_one_batch_keeps_the_last(store: TicketStore) -> None:
    result = store.upsert_tickets([make_ticket("a", total=1.0), make_ticket("a", total=2.0)])
    assert result == UpsertResult(inserted=1, updated=0)
    with store.reader() as reader:
        assert [row.total for row in reader.iter_rows(TicketQuery())] == [2.0]


@pytest.mark.sqlite_only("reads the SQLite file's own columns")
def test_unchanged_ticket_counts_as_updated_without_rewriting(store: TicketStore) -> None:
    ticket = make_ticket("a")
    store.upsert_tickets([ticket])
    with own_sqlite(store.path) as conn:
        (updated_before,) = conn.execute("SELECT updated_us FROM tickets").fetchone()
        assert store.upsert_tickets([ticket]) == UpsertResult(inserted=0, updated=1)
        assert conn.execute("SELECT updated_us FROM tickets").fetchone()[0] == updated_before


@pytest.mark.sqlite_only("checks the SQLite FTS5 index against the rows (the team store has none)")
def test_start_change_moves_the_row_and_search_finds_it_once(store: TicketStore) -> None:
    store.upsert_tickets([make_ticket("a", lines=(line("Chocolate bar"),))])
    store.review.flag_ticket("a", reason="sweethearting")
    later = T0 + timedelta(hours=3)
    store.upsert_tickets([make_ticket("a", start=later, lines=(line("Chocolate bar"), line("Gummy bears")))])
    with store.reader() as reader:
        rows = list(reader.iter_rows(TicketQuery(text="choc")))
        assert [row.key for row in rows] == ["a"]
        assert rows[0].start == later
        assert rowid_ms(rows[0].rowid) == to_epoch_us(later) // 1000
        assert rows[0].flagged  # flags follow the key, not the rowid
        assert reader.count(TicketQuery(text="gummy")) == 1
        assert reader.count(TicketQuery(start=T0, end=T0 + timedelta(hours=1))) == 0
        assert reader.count(TicketQuery(start=later, end=later + timedelta(seconds=1))) == 1
        assert reader.stats().tickets == 1
    with own_sqlite(store.path) as conn:
        check_index(conn)  # the FTS index matches the rows exactly


def test_rowids_order_by_time_and_share_milliseconds(store: TicketStore) -> None:
    same = T0 + timedelta(microseconds=250)
    tickets = [make_ticket(f"s{i}", start=same) for i in range(5)]
    tickets.append(make_ticket("no-start", start=None, persisted=T0 + timedelta(minutes=1)))
    tickets.append(make_ticket("earlier", start=T0 - timedelta(days=1)))
    store.upsert_tickets(tickets)
    with store.reader() as reader:
        rows = list(reader.iter_rows(TicketQuery(descending=False)))
    assert next(row.key for row in rows) == "earlier"
    assert [row.key for row in rows][-1] == "no-start"
    assert rows[-1].start is None
    assert rows[-1].time == T0 + timedelta(minutes=1)
    same_ms = [row.rowid for row in rows if row.key.startswith("s")]
    assert len(set(same_ms)) == 5
    assert {rowid_ms(rid) for rid in same_ms} == {to_epoch_us(same) // 1000}


def test_a_full_millisecond_spills_into_the_next(store: TicketStore) -> None:
    tickets = [make_ticket(f"k{i}", start=T0) for i in range(SLOTS + 3)]
    assert store.upsert_tickets(tickets).inserted == SLOTS + 3
    with store.reader() as reader:
        ms = [rowid_ms(rid) for rid in reader.ids(TicketQuery(descending=False))]
    base = to_epoch_us(T0) // 1000
    assert ms.count(base) == SLOTS
    assert ms.count(base + 1) == 3


def test_derived_columns(store: TicketStore) -> None:
    store.upsert_tickets(
        [
            make_ticket("void-line", lines=(line("Cola", voided=True), line("Chips"))),
            make_ticket("refund-line", lines=(line("Cola", kind="return"),)),
            make_ticket("refund", status="refund"),
            make_ticket("nosale", status="no_sale", lines=()),
            make_ticket("disc", discounts=(Discount("Manager 50%", 2.5), Discount("Loyalty", 1.0))),
        ]
    )
    with store.reader() as reader:
        rows = {row.key: row for row in reader.iter_rows(TicketQuery())}
    assert rows["void-line"].has_void
    assert rows["void-line"].line_count == 2
    assert not rows["void-line"].has_refund
    assert rows["refund-line"].has_refund
    assert rows["refund"].has_refund
    assert rows["nosale"].is_no_sale
    assert rows["nosale"].line_count == 0
    assert rows["disc"].discount_total == 3.5
    assert not rows["disc"].has_void
    assert not rows["disc"].is_no_sale


def test_lone_surrogates_and_emoji_are_stored(store: TicketStore) -> None:
    weird = make_ticket(
        "w\ud800", operator="Ana 🎁", lines=(line("Gift card 🎁", "SKU11.1"), line("bad \udcff"))
    )
    store.upsert_tickets([weird])
    with store.reader() as reader:
        (row,) = reader.iter_rows(TicketQuery(text="gift"))
        assert row.operator == "Ana 🎁"
        assert reader.raw(row.rowid) == weird.raw
        assert reader.count(TicketQuery(text="🎁")) == 0
        assert reader.count(TicketQuery(text="gift 🎁")) == 1
        assert reader.count(TicketQuery(text="🎁 ( gift")) == 1


# -- reading single tickets -----------------------------------------------------------------------


def test_ticket_is_rebuilt_from_raw_by_the_normaliser(store: TicketStore) -> None:
    raw = {
        "id": "T-1001",
        "transactionNumber": 4711,
        "locationId": "Store 27",
        "terminalId": "POS 2",
        "operatorName": "Chloé Dubois",
        "startDate": "2024-03-01T12:00:00Z",
        "total": "12.50",
        "status": "Post Void",
        "lineItems": [{"description": "Crème brûlée", "sku": "SKU1.7", "voided": True}],
    }
    ticket = normalise_ticket(raw)
    store.upsert_tickets([ticket])
    with store.reader() as reader:
        rowid = reader.rowid_of("T-1001")
        assert reader.ticket("T-1001") == ticket
        assert reader.ticket(rowid) == ticket
        assert reader.raw(rowid) == raw
        assert reader.rows([rowid])[0].status == "post_void"
        assert reader.count(TicketQuery(text="4711")) == 1  # the transaction number is searchable
        with pytest.raises(TicketNotFoundError, match="No ticket 'nope'"):
            reader.ticket("nope")
        with pytest.raises(KeyError):
            reader.raw(rowid + 1)


@pytest.mark.sqlite_only("SQLite's storage forms (compressed pages)")
def test_raw_json_round_trips_through_compressed_pages(store: TicketStore) -> None:
    small = make_ticket("small")
    big = [  # enough tickets to build the compression dictionary, then pages primed with it
        make_ticket(
            f"big{i}",
            start=T0 + timedelta(seconds=i),
            lines=tuple(line(f"Product {j} ×{i}", f"SKU{j}.{i}") for j in range(12)),
        )
        for i in range(60)
    ]
    store.upsert_tickets([small, *big])
    with own_sqlite(store.path) as conn:
        # 61 tickets: two pages of at most 50, each compressed once; every row says where its JSON lies
        assert conn.execute("SELECT count(*), sum(live) FROM raw_pages").fetchone() == (2, 61)
        assert conn.execute("SELECT count(*) FROM ticket_docs WHERE page IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM raw_dicts").fetchone()[0] == 1
    store.close()
    with open_store(store.path) as reopened, reopened.reader() as reader:
        for ticket in [small, *big]:
            assert reader.raw(reader.rowid_of(ticket.key)) == ticket.raw
        assert reader.raws([reader.rowid_of(t.key) for t in big[:3]]) == {
            reader.rowid_of(t.key): t.raw for t in big[:3]
        }


def test_rows_returns_the_order_asked_and_skips_missing(store: TicketStore) -> None:
    store.upsert_tickets([make_ticket(k, start=T0 + timedelta(seconds=i)) for i, k in enumerate("abc")])
    with store.reader() as reader:
        ids = {row.key: row.rowid for row in reader.iter_rows(TicketQuery())}
        rows = reader.rows([ids["c"], 12345, ids["a"], ids["b"]])
    assert [row.key for row in rows] == ["c", "a", "b"]


def test_pickers_and_stats(store: TicketStore) -> None:
    store.upsert_tickets(
        [
            make_ticket("a", location="Store 12", terminal="POS 2", operator="Émile", status="sale"),
            make_ticket("b", location="Store 12", terminal="POS 1", operator="Ana", status="void"),
            make_ticket("c", location="Store 27", terminal="POS 1", operator=None, status=None),
            make_ticket("d", location=None, terminal=None, persisted=T0 + timedelta(days=2)),
        ]
    )
    with store.reader() as reader:
        assert reader.distinct_values("location") == ["Store 12", "Store 27"]
        assert reader.distinct_values("terminal") == ["POS 1", "POS 2"]
        assert reader.distinct_values("operator") == ["Ana", "María López", "Émile"]
        assert reader.distinct_values("status") == ["sale", "void"]
        assert reader.terminals() == [("Store 12", "POS 1"), ("Store 12", "POS 2"), ("Store 27", "POS 1")]
        assert reader.operators() == [
            ("", "", "María López"),
            ("Store 12", "", "Ana"),
            ("Store 12", "", "Émile"),
        ]
    store.upsert_tickets(
        [make_ticket("c", location="Store 27", terminal="POS 9", operator="Ana")]
    )  # in place
    with store.reader() as reader:
        assert ("Store 27", "POS 9") in reader.terminals()
        assert ("Store 27", "", "Ana") in reader.operators() and ("Store 12", "", "Ana") in reader.operators()
        assert reader.stats() == (4, T0 + timedelta(days=2))
        with pytest.raises(ValueError, match="No filter column"):
            reader.distinct_values("raw; DROP TABLE tickets")


# -- full-text search --------------------------------------------------------------------------------


@pytest.fixture
def searchable(store: TicketStore) -> TicketStore:
    store.upsert_tickets(
        [
            make_ticket(
                "choc", lines=(line("Chocolate bar 100g", "SKU1.1"), line("Dark chocolate 70%", "SKU1.2"))
            ),
            make_ticket("cjk", lines=(line("売上高テスト 菓子", "SKU1.3"),)),
            make_ticket("creme", lines=(line("Crème brûlée", "SKU1.7"),)),
            make_ticket("plain", lines=(line("Creme fraiche", "SKU3.9"),)),
            make_ticket("gift", lines=(line("Gift card 🎁", "SKU11.1"),)),
            make_ticket("sku12x", lines=(line("Bagels 6ct", "SKU1.20"),)),
            make_ticket("other", operator="Søren Kim", terminal="POS 7", location="Store 44 San José"),
        ]
    )
    return store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("choc", ["choc"]),
        ("CHOC", ["choc"]),
        ("売上", ["cjk"]),
        ("売上高テスト", ["cjk"]),
        ("creme", ["creme", "plain"]),
        ("crème", ["creme", "plain"]),
        ("brulee", ["creme"]),
        ("brûlée", ["creme"]),
        ("sku1.2", ["choc"]),  # a phrase: sku1 then 2 (a one-character last token is exact: not SKU1.20)
        ("sku1.20", ["sku12x"]),
        ("sku1", ["choc", "cjk", "creme", "gift", "sku12x"]),  # SKU11.1 too: a prefix
        ("c", []),  # one character: the word "c" only, no prefix
        ("d", []),
        ("売", ["cjk"]),  # ... but one CJK character is a prefix
        ("SKU1.1", ["choc"]),
        ("sku1.7", ["creme"]),
        ("gift 🎁", ["gift"]),
        ("choc dark", ["choc"]),
        ("choc gift", []),
        ("søren", ["other"]),  # ø has no decomposition: unicode61 keeps it (so "soren" does not match)
        ("san jose", ["other"]),
        ("kim pos", ["other"]),
        ("", ["choc", "cjk", "creme", "gift", "other", "plain", "sku12x"]),
    ],
)
def test_text_search(searchable: TicketStore, text: str, expected: list[str]) -> None:
    assert keys_for(searchable, text) == expected
    with searchable.reader() as reader:
        assert reader.count(TicketQuery(text=text)) == len(expected)


def test_ticket_id_is_searchable(searchable: TicketStore) -> None:
    assert keys_for(searchable, "sku12x") == ["sku12x"]


@pytest.mark.parametrize(
    "text",
    ['"', '""', "*", "AND", "OR", "NOT", "(", ")", "NEAR", "NEAR(", "a AND", "-", "^choc", "body:choc",
     "choc*", '"choc', "{body}: x", "\x00", "\ud800", "🎁", "+", "choc OR", "NOT choc", "c'h"],
)  # fmt: skip
def test_hostile_text_never_raises(searchable: TicketStore, text: str) -> None:
    with searchable.reader() as reader:
        reader.count(TicketQuery(text=text))
        reader.page(TicketQuery(text=text), 5)


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_a_valid_query(searchable: TicketStore, text: str) -> None:
    with searchable.reader() as reader:
        assert reader.count(TicketQuery(text=text)) >= 0


def test_match_expression_quotes_every_term() -> None:
    assert match_expression("  ") is None
    assert match_expression('choc "bar" AND') == '"choc"* AND """bar"""* AND "AND"*'
    assert match_expression("sku1.2 c é 12 x.") == '"sku1.2" AND "c" AND "é"* AND "12"* AND "x."'
    assert match_expression("🎁 choc") == '"choc"*'  # a term without a token is dropped
    assert match_expression("🎁") == '"🎁"'  # only such terms: matches nothing


@pytest.mark.sqlite_only("SQLite's FTS5 vocabulary expansion")
def test_prefix_terms_become_an_or_of_indexed_tokens(store: TicketStore) -> None:
    store.upsert_tickets(
        [
            make_ticket("a", lines=(line("Chocolate bar"),)),
            make_ticket("b", start=T0 + timedelta(seconds=1), lines=(line("Chocolat noir"),)),
        ]
    )
    with store.reader() as reader:
        assert reader.expand_prefix("choc") == ["chocolat", "chocolate"]
        assert reader.expand_prefix("zzz") == []
        expanded = match_expression("Choc", reader.expand_prefix)
        assert expanded == '("chocolat" OR "chocolate")'
        assert {r.key for r in reader.iter_rows(TicketQuery(text="choc"))} == {"a", "b"}
        assert reader.count(TicketQuery(text="choc"), cap=1) == 1


def test_text_and_field_filters_narrow_in_the_index_but_stay_exact(store: TicketStore) -> None:
    store.upsert_tickets(
        [
            make_ticket("a", terminal="S1-R01", lines=(line("Chocolate bar"),)),
            make_ticket(
                "b", terminal="S1-R02", start=T0 + timedelta(seconds=1), lines=(line("Chocolate bar"),)
            ),
            # the terminal's words appear in this ticket's text, but its terminal is another one
            make_ticket(
                "c",
                terminal="S1-R03",
                start=T0 + timedelta(seconds=2),
                lines=(line("Chocolate S1 R01 edition"),),
            ),
        ]
    )
    with store.reader() as reader:
        query = TicketQuery(text="choc", terminals=("S1-R01",))
        assert [r.key for r in reader.iter_rows(query)] == ["a"]
        assert reader.count(query) == 1


# -- flags ------------------------------------------------------------------------------------------


def test_flags(store: TicketStore) -> None:
    store.upsert_tickets([make_ticket("a"), make_ticket("b", start=T0 + timedelta(seconds=1))])
    store.review.flag_ticket("a", reason="price override")
    with store.reader() as reader:
        assert [r.key for r in reader.iter_rows(TicketQuery(flagged=True))] == ["a"]
        assert [r.key for r in reader.iter_rows(TicketQuery(flagged=False))] == ["b"]
        flag = reader.review.flag_of("a")
        assert flag is not None
        assert (flag.reason, flag.state) == ("price override", "to_review")
    assert store.review.unflag_ticket("a")
    assert not store.review.unflag_ticket("a")
    with store.reader() as reader:
        assert reader.count(TicketQuery(flagged=True)) == 0


# -- sync windows ----------------------------------------------------------------------------------


def test_windows_create_overlap_and_save_page(store: TicketStore) -> None:
    w1, w2, w3 = store.create_windows([(0, 100), (100, 200), (250, 300)])
    assert (w1.start_us, w1.end_us, w1.cursor, w1.pages, w1.done) == (0, 100, None, 0, False)
    assert [w.id for w in store.windows_overlapping(50, 120)] == [w1.id, w2.id]
    assert [w.id for w in store.windows_overlapping(200, 250)] == []
    assert [w.id for w in store.windows_overlapping(299, 1000)] == [w3.id]
    result = store.save_page(
        w1.id, [make_ticket("a"), make_ticket("b")], cursor="c1", empty=False, done=False
    )
    assert result == UpsertResult(inserted=2, updated=0)
    store.save_page(w1.id, [], cursor="c2", empty=True, done=False)
    store.save_page(w1.id, [make_ticket("a")], cursor=None, empty=False, done=True)
    window = store.window(w1.id)
    assert window is not None
    assert (window.cursor, window.pages, window.tickets, window.empty_pages, window.done) == (
        None,
        3,
        3,
        1,
        True,
    )
    with pytest.raises(ValueError, match="must end after"):
        store.create_windows([(5, 5)])
    assert store.delete_windows([w3.id]) == 1
    assert store.windows_overlapping(0, 1000) == [window, w2]


def test_save_page_is_atomic(store: TicketStore, monkeypatch: pytest.MonkeyPatch) -> None:
    (window,) = store.create_windows([(0, 100)])
    store.save_page(window.id, [make_ticket("a")], cursor="c1", empty=False, done=False)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed mid-transaction")

    monkeypatch.setattr("ows_desktop.store.checkpoints.advance_window", fail)
    tickets = [make_ticket("zzz-new"), make_ticket("a", total=99.0)]
    with pytest.raises(RuntimeError, match="killed"):
        store.save_page(window.id, tickets, cursor="c2", empty=False, done=True)
    monkeypatch.undo()
    with pytest.raises(KeyError):  # an unknown window stores nothing either
        store.save_page(window.id + 1, tickets, cursor="c2", empty=False, done=True)
    assert store.window(window.id) == window.__class__(window.id, 0, 100, "c1", 1, 1, 0, False)
    with store.reader() as reader:
        assert [(row.key, row.total) for row in reader.iter_rows(TicketQuery())] == [("a", 10.0)]
        assert reader.count(TicketQuery(text="zzz")) == 0


@pytest.mark.parametrize(
    ("spans", "done", "expected"),
    [
        ([], [], None),
        ([(0, 100)], [False], None),
        ([(0, 100)], [True], 100),
        ([(0, 100), (100, 200)], [True, True], 200),
        ([(0, 100), (150, 200)], [True, True], 100),  # gap at 100..150
        ([(0, 100), (100, 200), (200, 300)], [True, False, True], 100),
        ([(0, 100), (50, 250), (250, 300)], [True, True, True], 300),  # overlaps merge
        ([(0, 100), (0, 50)], [True, False], None),  # a window not done at the very start
        ([(100, 200), (0, 100)], [True, True], 200),  # creation order does not matter
        ([(0, 100), (100, 200), (120, 130)], [True, True, False], 120),
    ],
)
def test_completed_until(
    store: TicketStore, spans: list[tuple[int, int]], done: list[bool], expected: int | None
) -> None:
    windows = store.create_windows(spans)
    for window, is_done in zip(windows, done, strict=True):
        if is_done:
            store.save_page(window.id, [], cursor=None, empty=True, done=True)
    assert store.completed_until_us() == expected


# -- threads ------------------------------------------------------------------------------------------


def test_reader_thread_sees_committed_rows_while_the_writer_writes(
    store: TicketStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = [make_ticket(f"a{i}", start=T0 + timedelta(seconds=i)) for i in range(50)]
    store.upsert_tickets(batch)
    writing = threading.Event()
    looked = threading.Event()
    committed = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            with store.reader() as reader:
                seen.append(reader.count(TicketQuery()))
                writing.wait(10)
                seen.append(reader.count(TicketQuery()))  # not blocked by, nor seeing, the open write
                looked.set()
                committed.wait(10)
                seen.append(reader.count(TicketQuery()))
                seen.append(reader.count(TicketQuery(text="b7")))
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
            looked.set()

    thread = threading.Thread(target=read)
    thread.start()
    more = [make_ticket(f"b{i}", start=T0 + timedelta(minutes=5, seconds=i)) for i in range(50)]

    def upsert_then_wait(*args: object, **kwargs: object) -> UpsertResult:  # hold the write transaction open
        result = upsert_records(*args, **kwargs)  # type: ignore[arg-type]
        writing.set()
        looked.wait(10)
        return result

    backend = sys.modules[type(store).__module__]  # the SQLite or the PostgreSQL writer module
    upsert_records = backend.upsert_records
    monkeypatch.setattr(backend, "upsert_records", upsert_then_wait)
    store.upsert_tickets(more)
    committed.set()
    thread.join(10)
    assert not errors
    assert seen == [50, 50, 100, 1]


@pytest.mark.sqlite_only("SQLite connections are bound to their thread; psycopg's are not")
def test_reader_is_bound_to_its_thread(store: TicketStore) -> None:
    reader = store.reader()
    errors: list[BaseException] = []

    def use() -> None:
        try:
            reader.count(TicketQuery())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join(10)
    reader.close()
    assert errors
    assert isinstance(errors[0], sqlite3.ProgrammingError)


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = open_store(tmp_path / "tickets.db")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.upsert_tickets([make_ticket("a")])
    with pytest.raises(StoreError, match="closed"):
        store.reader()


# -- bulk load --------------------------------------------------------------------------------------


def test_bulk_insert_matches_upsert(store: TicketStore) -> None:
    store.upsert_tickets([make_ticket("t3", total=1.0)])
    tickets = (
        make_ticket(f"t{i}", start=T0 + timedelta(seconds=i), lines=(line(f"Item {i % 7}"),))
        for i in range(120)
    )
    result = store.bulk_upsert(tickets, batch_size=50)
    assert result == UpsertResult(inserted=119, updated=1)
    with store.reader() as reader:
        assert reader.stats().tickets == 120
        assert reader.count(TicketQuery(text="item 3")) == 17
        assert reader.rows([reader.rowid_of("t3")])[0].total == 10.0
    if isinstance(store, TicketStore):
        with own_sqlite(store.path) as conn:
            check_index(conn)
