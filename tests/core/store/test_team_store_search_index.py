"""The team store's text search goes through its GIN index of whole tokens (schema: postgres/search_index.py):
the planner can answer every kind of term from the index, a ticket with an absurd amount of text is still
stored (and found by its first words), and a store made before the index upgrades and finds its old
tickets. The same-results-as-SQLite comparison is test_team_store_search.py. Real throwaway cluster."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg_cluster import Cluster, plan_nodes
from store_backends import PG_NO_OPERATOR_ID, PG_OPERATOR_ID, run_sql

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres import init_store, parse_url, search_index, search_words
from ows_desktop.store.postgres import schema as pg_schema
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.postgres.search import compile_query
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
T0 = datetime(2024, 5, 6, 12, tzinfo=UTC)


def _ticket(i: int, *descriptions: str) -> Ticket:
    return Ticket(
        key=f"k{i}",
        id=f"T-{i}",
        start=T0 + timedelta(minutes=i),
        total=1.0,
        lines=tuple(LineItem(description=d) for d in descriptions),
        raw={"id": f"T-{i}"},
    )


def _index_scans(cluster: Cluster, url: str, query: TicketQuery) -> set[str]:
    """The indexes a plan of ``query`` reads when sequential scans are ruled out (so the tiny test table's
    plan shows what the index can answer, as it does at 5 M tickets)."""
    import psycopg

    compiled = compile_query(query)
    with psycopg.connect(cluster.conninfo(url.rsplit("/", 1)[1]), autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        (plan,) = conn.execute(
            pg_sql(f"EXPLAIN (FORMAT JSON) SELECT t.rid FROM tickets AS t{compiled.where_sql()}"),
            compiled.params,
        ).fetchone()
    return {node["Index Name"] for node in plan_nodes(plan) if "Index Name" in node}


@pytest.mark.parametrize("text", ["chocolate", "choc", "c", "sku1.2", "抹茶", "上高テ", "dark choc", "12.50"])
def test_every_kind_of_text_term_is_answered_by_the_token_index(
    pg_cluster: Cluster, pg_url: str, text: str
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, "Dark chocolate"), _ticket(2, "売上高テスト 抹茶チョコ")])
    scans = {name.split("_", 3)[-1] for name in _index_scans(pg_cluster, pg_url, TicketQuery(text=text))}
    # an amount's tickets match too: OR-ed with the amount index
    assert scans == (
        {"ows_search_lexemes_idx", "total_rid_idx"} if text == "12.50" else {"ows_search_lexemes_idx"}
    )


def test_a_ticket_with_megabytes_of_text_is_stored_and_found_by_its_first_words(pg_url: str) -> None:
    # ~1.7 MB of distinct words: past what a tsvector can address (1 MB of lexemes; beyond it PostgreSQL
    # silently loses lexemes), so only the first 60,000 characters are indexed (documented)
    words = [f"w{i}x" for i in range(250_000)]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, " ".join(words)), _ticket(2, "w0x only")])
        with store.reader() as reader:
            for i in range(1, 7_000, 97):  # the words in the first ~50,000 characters, all of them found
                assert [r.key for r in reader.iter_rows(TicketQuery(text=f"w{i}x"))] == ["k1"], i
            assert sorted(r.key for r in reader.iter_rows(TicketQuery(text="w0x"))) == ["k1", "k2"]
            assert reader.count(TicketQuery(text="w249999x")) == 0  # past the indexed text (documented)


def test_a_word_longer_than_a_lexeme_is_stored_and_found(pg_url: str) -> None:
    # a lexeme holds at most 2,047 bytes (beyond, PostgreSQL silently keeps the length modulo 2,048)
    head = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(64))[:2047]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, head + "end"), _ticket(2, head + "other")])
        with store.reader() as reader:
            assert [r.key for r in reader.iter_rows(TicketQuery(text=head + "end"))] == ["k1"]
            assert reader.count(TicketQuery(text=head[:10])) == 2


def test_a_store_made_before_the_token_index_upgrades_and_finds_its_tickets(
    pg_cluster: Cluster, empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    before = pg_schema.MIGRATIONS.index(search_index.MIGRATION)
    with monkeypatch.context() as patched:
        patched.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS[:before])
        # an app of that schema: no vocabulary to keep (search_words, a later migration)
        patched.setattr(search_words, "add_words", lambda _conn, _pairs: None)
        init_store(parse_url(empty_db), NO_PASSWORD)
        run_sql(empty_db, PG_OPERATOR_ID)  # the column this code's writer fills (a later step adds it)
        with open_store_url(empty_db, Path("x"), password=NO_PASSWORD) as store:
            store.upsert_tickets([_ticket(1, "Crème brûlée"), _ticket(2, "売上高テスト")])
        run_sql(empty_db, PG_NO_OPERATOR_ID)
    assert init_store(parse_url(empty_db), NO_PASSWORD) == (before, len(pg_schema.MIGRATIONS))
    with open_store_url(empty_db, Path("x"), password=NO_PASSWORD) as store, store.reader() as reader:
        assert [r.key for r in reader.iter_rows(TicketQuery(text="creme"))] == ["k1"]
        assert [r.key for r in reader.iter_rows(TicketQuery(text="上高"))] == ["k2"]
    with psycopg.connect(pg_cluster.conninfo(empty_db.rsplit("/", 1)[1]), autocommit=True) as conn:
        indexes = {
            name for (name,) in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'")
        }
    assert "tickets_lexemes" in indexes and "tickets_search" not in indexes  # the trigram index is gone
