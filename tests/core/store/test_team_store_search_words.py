"""The team store's vocabulary (schema: postgres/search_words.py): a word prefix is searched as the store's
exact words that start with it, the vocabulary is kept by the writer in the sync's own transaction, a scoped
role never learns another store's words from it, and a capped count checks a wide amount range per row.
The same-results-as-SQLite comparison is test_team_store_search.py. Real throwaway cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg_cluster import Cluster, plan_nodes
from team_roles import Team, build_team

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery, checkpoints
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.postgres.search import compile_match, text_match
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
T0 = datetime(2024, 5, 6, 12, tzinfo=UTC)


def _ticket(i: int, description: str, total: float = 1.0, location: str = "S1") -> Ticket:
    return Ticket(
        key=f"w{i}",
        id=f"W-{i}",
        location=location,
        start=T0 + timedelta(seconds=i),
        terminal="R1",
        total=total,
        lines=(LineItem(description=description),),
        raw={"id": f"W-{i}"},
    )


def test_a_new_word_is_found_by_its_prefix_as_soon_as_the_sync_commits_its_page(pg_url: str) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store, store.reader() as reader:
        (window,) = store.create_windows([(0, 10**15)])
        store.save_page(window.id, [_ticket(1, "Zebra cake")], cursor="c1", empty=False, done=False)
        assert reader.expand_prefix("zeb") == ["zebra"]
        store.save_page(window.id, [_ticket(2, "Zebu jerky 250g")], cursor="c2", empty=False, done=True)
        assert reader.expand_prefix("zeb") == ["zebra", "zebu"]
        assert text_match("zeb", reader.expand_prefix).tsquery == "('zebra' | 'zebu')"  # GIN's exact entries
        assert [r.key for r in reader.iter_rows(TicketQuery(text="zeb"))] == ["w2", "w1"]
        assert reader.count(TicketQuery(text="zeb"), cap=10_000) == 2
        # tokens of ASCII digits only are left out (receipt numbers): such a prefix keeps GIN's own match
        assert reader.expand_prefix("25") == ["250g"]
        assert reader.expand_prefix("1") == []  # the id W-1's token 1
        assert text_match("25", reader.expand_prefix).tsquery == "('25':*)"
        assert [r.key for r in reader.iter_rows(TicketQuery(text="25"))] == ["w2"]


def test_the_words_of_a_page_whose_transaction_failed_are_written_with_the_next_page(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store, store.reader() as reader:
        (window,) = store.create_windows([(0, 10**15)])
        store.save_page(window.id, [_ticket(1, "Plain soda")], cursor="c1", empty=False, done=False)
        with (
            monkeypatch.context() as patched
        ):  # the page's tickets and words written, then the checkpoint fails
            patched.setattr(checkpoints, "advance_window", _fail)
            with pytest.raises(RuntimeError):
                store.save_page(window.id, [_ticket(2, "Yuzu soda")], cursor="c2", empty=False, done=False)
        assert reader.expand_prefix("yuz") == [] and reader.count(TicketQuery(text="yuzu")) == 0
        store.save_page(window.id, [_ticket(3, "Yuzu tart")], cursor="c2", empty=False, done=True)
        assert reader.expand_prefix("yuz") == ["yuzu"]
        assert reader.expand_prefix("so") == ["soda"]


def _fail(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("the checkpoint could not be written")


def test_a_prefix_of_many_words_keeps_the_prefix_match_with_the_same_results(pg_url: str) -> None:
    words = [f"quark{i:02d}" for i in range(33)]  # one more than an expansion holds
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(i, f"Toy {word}") for i, word in enumerate(words)])
        with store.reader() as reader:
            assert reader.expand_prefix("quark") is None
            assert text_match("quark", reader.expand_prefix).tsquery == "('quark':*)"
            assert reader.count(TicketQuery(text="quark")) == 33
            assert reader.expand_prefix("quark1") == [f"quark{i}" for i in range(10, 20)]
            assert reader.count(TicketQuery(text="quark1")) == 10
            assert reader.expand_prefix("quarx") == []


def test_a_capped_count_of_a_prefix_of_several_words_counts_its_rarest_sufficient_word_first(
    pg_url: str,
) -> None:
    words = ["plumcake"] * 40 + ["plumjam"] * 20 + ["plumtart"] * 2
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.bulk_upsert([_ticket(i, f"Fruit {word}") for i, word in enumerate(words)])  # and ANALYZE
        with store.reader() as reader:
            prefix = TicketQuery(text="plum")
            # 20 plumjam tickets are expected to reach a cap of 5 (3 times over): counted alone first
            first, last = reader.capped_count_queries(prefix, 5)
            assert (first.params, last.params) == (
                ("('plumjam')",),
                ("('plumcake' | 'plumjam' | 'plumtart')",),
            )
            assert reader.count(prefix, cap=5) == 5
            assert [q.params for q in reader.capped_count_queries(prefix, 10)] == [
                ("('plumcake')",),
                last.params,
            ]
            assert reader.count(prefix, cap=10) == 10
            assert len(reader.capped_count_queries(prefix, 50)) == 1  # no word expected to reach 50 alone
            assert reader.count(prefix, cap=50) == 50
            assert reader.count(prefix, cap=100) == 62
            assert reader.count(TicketQuery(text="plumt"), cap=1) == 1


def test_a_capped_count_checks_a_wide_amount_range_on_the_texts_rows(
    pg_cluster: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 40 gift tickets (all but 2 over 20), 400 others of 1 to 100: "gift AND total >= 20" holds more tickets
    # by its amount than by its word; "toy AND total >= 99.5" fewer
    tickets = [_ticket(i, "Gift card", total=25.0 if i > 1 else 5.0) for i in range(40)]
    tickets += [_ticket(100 + i, "Toy car", total=1.0 + i % 100) for i in range(400)]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.bulk_upsert(tickets)  # and ANALYZE: the planner's estimates decide
        with store.reader() as reader:
            counted: list[str] = []
            capped = reader._capped
            monkeypatch.setattr(
                reader, "_capped", lambda q, cap: counted.append(q.where_sql()) or capped(q, cap)
            )
            assert reader.count(TicketQuery(text="gift", min_total=20), cap=10_000) == 38
            assert "t.total + 0 >= ?" in counted[-1]  # checked per row: no index reads the range
            assert reader.count(TicketQuery(text="toy", min_total=99.5), cap=10_000) == 4
            assert "t.total >= ?" in counted[-1]  # narrow: the planner may read the amount index
            assert reader.count(TicketQuery(text="gift", min_total=20)) == 38  # uncapped: as written
            match = text_match("gift", reader.expand_prefix)
    # the per-row form cannot be answered by the amount index, only by the text's
    compiled = compile_match(TicketQuery(text="gift", min_total=20), match, amount_per_row=True)
    import psycopg

    with psycopg.connect(pg_cluster.conninfo(pg_url.rsplit("/", 1)[1]), autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        (plan,) = conn.execute(
            pg_sql(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets AS t{compiled.where_sql()}"), compiled.params
        ).fetchone()
    assert {node["Index Name"].split("_", 3)[-1] for node in plan_nodes(plan) if "Index Name" in node} == {
        "ows_search_lexemes_idx"
    }


# -- access scopes -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


def test_a_managers_vocabulary_holds_only_the_words_of_her_stores(team: Team, tmp_path: Path) -> None:
    # the tickets of S012, S044 and S099 each name their store ("Chocolate S044"); the manager has S012 only
    manager = open_store_url(team.url(team.manager), tmp_path / "x.db", password=NO_PASSWORD)
    with manager, manager.reader() as reader:
        assert reader.expand_prefix("s0") == ["s012"]
        assert reader.expand_prefix("s04") == []
        assert [r.location for r in reader.iter_rows(TicketQuery(text="s0"))] == ["S012"] * 3
    with team.connect(team.manager) as conn:
        assert {loc for (loc,) in conn.execute("SELECT location FROM ticket_words")} == {"S012"}
        assert conn.execute("SELECT count(*) FROM ticket_words WHERE word = 's044'").fetchone() == (0,)
    director = open_store_url(team.url(team.director), tmp_path / "x.db", password=NO_PASSWORD)
    with director, director.reader() as reader:
        assert reader.expand_prefix("s0") == ["s012", "s044", "s099"]


def test_upgrading_a_store_whose_roles_exist_lets_the_sync_role_keep_the_vocabulary(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from ows_desktop.store.postgres import init_store, parse_url, search_words
    from ows_desktop.store.postgres import schema as pg_schema
    from ows_desktop.store.postgres.rls_schema import GROUPS

    name = pg_cluster.new_database()
    try:
        before = pg_schema.MIGRATIONS.index(search_words.MIGRATION)
        with monkeypatch.context() as patched:
            patched.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS[:before])
            init_store(parse_url(pg_cluster.url(name)), NO_PASSWORD)
        with psycopg.connect(pg_cluster.conninfo(name), autocommit=True) as conn:
            for (
                group
            ) in GROUPS:  # `store roles` ran on this store before the upgrade (roles are cluster-wide)
                conn.execute(
                    f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN "
                    f"CREATE ROLE {group} NOLOGIN; END IF; END $$"
                )
        init_store(parse_url(pg_cluster.url(name)), NO_PASSWORD)
        with psycopg.connect(pg_cluster.conninfo(name), autocommit=True) as conn:
            (granted,) = conn.execute(
                "SELECT array[has_table_privilege('ows_sync', 'ticket_words', 'INSERT'), "
                "has_table_privilege('ows_manager', 'ticket_words', 'SELECT'), "
                "has_table_privilege('ows_manager', 'ticket_words', 'INSERT')]"
            ).fetchone()
        assert granted == [True, True, False]
    finally:
        pg_cluster.drop_database(name)
