"""The token index's function (schema: postgres/search_lexemes_inline.py) gives exactly the lexemes of the
plpgsql function it replaced for every text, so the GIN index built with the old one stays right without a
rebuild; for a ticket without CJK text it is inlined (no function call per inserted ticket: the point of the
change); and a store made before it upgrades and still finds its tickets. Real throwaway cluster."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pg_cluster import Cluster
from store_backends import PG_NO_OPERATOR_ID, PG_OPERATOR_ID, run_sql

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.fulltext import fold_tokens
from ows_desktop.store.postgres import init_store, parse_url, search_index, search_lexemes_inline
from ows_desktop.store.postgres import schema as pg_schema
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
T0 = datetime(2024, 5, 6, 12, tzinfo=UTC)
# the function as schema v11 made it, under another name
_OLD = search_index.MIGRATION[1].replace("FUNCTION ows_search_lexemes(", "FUNCTION old_search_lexemes(")


def _texts() -> list[str]:
    """Every kind of ``search`` text: as the writer folds it, and the edge cases of each branch."""
    rng = random.Random(11)
    alphabet = "abcxyz0129éßøł売上高テスト抹茶ﾁｮｺ한국𠀋~"
    texts = ["", " ", "  ", " a ", "a", " chocolate dark 100g sku1 2 12 50 "]
    for raw in [
        "Crème brûlée CAFÉ",
        "売上高テスト 抹茶チョコ sku売上 9",
        "ÆØÅ œuvre naïve",
        "x" * 300,
        "売" * 20,
    ]:
        texts.append(" " + " ".join(fold_tokens(f"T-1 S012 S012-R01 Raúl sale {raw}")) + " ")  # as the writer
    for n in (254, 255, 256, 1000, 3000):  # a word at, under and over the 255 characters of a lexeme
        texts += [f" {'w' * n} tail ", f" {'é' * n} ", f" 売上 {'q' * n} "]
    for size in (14_999, 15_001, 59_999, 60_000, 60_001, 90_000):  # around the 15,000 and 60,000 cuts
        words = " ".join(f"w{i}x" for i in range(size // 4))  # no word a prefix of another
        texts += [f" {words[:size]} ", f" 売上 {words[: size - 4]} ", f" {words[: size - 10]} 抹茶チョコ "]
    for _ in range(400):
        words = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
            for _ in range(rng.randint(0, 30))
        ]
        texts.append(" " + " ".join(words) + " ")
    return texts


@pytest.fixture
def admin(pg_cluster: Cluster, pg_template: str) -> psycopg.Connection:
    with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as conn:
        conn.execute(f"CREATE OR REPLACE {_OLD.strip().removeprefix('CREATE ')}")
        yield conn


def test_the_inlined_function_gives_the_old_functions_lexemes_for_every_text(
    admin: psycopg.Connection,
) -> None:
    texts = _texts()
    rows = admin.execute(
        "SELECT t, ows_search_lexemes(t)::text, old_search_lexemes(t)::text FROM unnest(%s::text[]) AS t",
        (texts,),
    ).fetchall()
    assert len(rows) == len(texts)
    different = [(text[:60], new, old) for text, new, old in rows if new != old]
    assert different == []
    assert admin.execute(
        "SELECT ows_search_lexemes(NULL) IS NULL, old_search_lexemes(NULL) IS NULL"
    ).fetchone() == (
        True,
        True,
    )
    # the corpus reaches both branches, and the cuts
    assert any("~" in new for _, new, _ in rows) and any(len(text) > 60_000 for text, _, _ in rows)


def test_a_ticket_without_cjk_is_indexed_without_a_function_call(
    pg_url: str, admin: psycopg.Connection
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, "Dark chocolate")])
    with admin.transaction():
        admin.execute("SET LOCAL track_functions = 'all'")
        admin.execute(
            "INSERT INTO tickets (rid, key, first_seen_us, updated_us, search) "
            "SELECT rid + g, key || g, 0, 0, s FROM tickets, "
            "unnest(ARRAY[' dark chocolate ', ' creme brulee 12 ', ' 売上高テスト ']) WITH ORDINALITY AS u (s, g)"
        )
        calls = dict(admin.execute("SELECT funcname, calls FROM pg_stat_xact_user_functions").fetchall())
        admin.execute("DELETE FROM tickets WHERE key <> 'k1'")
    # the index's expression was inlined: only the CJK ticket called the plpgsql body
    assert "ows_search_lexemes" not in calls
    assert calls.get("ows_search_lexemes_full") == 1


def test_a_store_made_before_the_inlined_function_upgrades_and_finds_its_tickets(
    empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pg_schema.MIGRATIONS.index(search_lexemes_inline.MIGRATION)
    with monkeypatch.context() as patched:
        patched.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS[:before])
        init_store(parse_url(empty_db), NO_PASSWORD)
        run_sql(empty_db, PG_OPERATOR_ID)  # the column this code's writer fills (a later step adds it)
        with open_store_url(empty_db, Path("x"), password=NO_PASSWORD) as store:
            store.upsert_tickets(
                [_ticket(1, "Crème brûlée"), _ticket(2, "売上高テスト"), _ticket(3, "w" * 400)]
            )
        run_sql(empty_db, PG_NO_OPERATOR_ID)
    assert init_store(parse_url(empty_db), NO_PASSWORD) == (before, len(pg_schema.MIGRATIONS))
    with open_store_url(empty_db, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(4, "Crème fraîche"), _ticket(5, "抹茶 上高")])
        with store.reader() as reader:
            for text, keys in (
                ("creme", ["k1", "k4"]),
                ("上高", ["k2", "k5"]),
                ("w" * 300, ["k3"]),
                ("抹茶", ["k5"]),
            ):
                assert sorted(r.key for r in reader.iter_rows(TicketQuery(text=text))) == keys, text


def _ticket(i: int, description: str) -> Ticket:
    return Ticket(
        key=f"k{i}",
        id=f"T-{i}",
        start=T0 + timedelta(minutes=i),
        total=1.0,
        lines=(LineItem(description=description),),
        raw={"id": f"T-{i}"},
    )


def test_maintenance_under_postgresql_17s_search_path_still_computes_the_index(
    pg_url: str, admin: psycopg.Connection
) -> None:
    """PostgreSQL 17 runs ANALYZE/VACUUM/REINDEX with ``search_path = pg_catalog, pg_temp``: the index
    expression's functions must find each other by their schema, for CJK text (the plpgsql body and its
    prefix helper) as for the rest."""
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, "Dark chocolate"), _ticket(2, "売上高テスト " + "x" * 70_000)])
    admin.execute("SET search_path = pg_catalog, pg_temp")  # the session's (autocommit: REINDEX needs it)
    try:
        admin.execute("REINDEX TABLE public.tickets")  # every partition's token index computed again
        admin.execute("ANALYZE public.tickets")
        lexemes = admin.execute(
            "SELECT public.ows_search_lexemes(search)::text FROM public.tickets ORDER BY key"
        ).fetchall()
    finally:
        admin.execute("RESET search_path")
    assert "'chocolate'" in lexemes[0][0]
    assert "'~売上'" in lexemes[1][0]
