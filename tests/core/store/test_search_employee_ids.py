"""An employee ID typed in the search text (``E1014``, ``e1014``) finds the tickets of that employee, through the
``operator_id`` index (the full-text index does not hold the IDs, and no stored ticket is indexed again): on
both backends, with the same rows, pages and counts (store/search_ids.py)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from review_helpers import T0, ln, tk

from ows_desktop.store import TicketQuery
from ows_desktop.store.operators import operator_key
from ows_desktop.store.query import StoreDays

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)


@pytest.fixture
def store(store):  # type: ignore[no-untyped-def]
    store.upsert_tickets(
        [
            tk(
                "a1",
                location="S027",
                operator="Ines",
                operator_id="E1014",
                lines=(ln("COKE", description="Coke"),),
            ),
            tk("a2", location="S027", operator="Ines", operator_id="E1014", lines=(ln("BRD", 1, 10.14),)),
            tk("a3", location="S063", operator="Ines", operator_id="e1014"),  # the same ID, other case
            tk(
                "b1",
                location="S063",
                operator="Bo",
                operator_id="E1053",
                lines=(ln("COKE", description="Coke"),),
            ),
            tk("c1", location="S063", operator="Cy", lines=(ln("P", description="E1014 poster"),)),  # text
            tk("d1", location="S063", operator="Di", operator_id="1014"),
            tk("f1", location="S063", operator="Fa", operator_id="EMP-7"),
            tk("g1", location="S063", operator="Gu", lines=(ln("TV", 1, 1014.0),)),  # a total of 1014
        ]
    )
    return store


def answer(reader, text: str, **query) -> tuple[set[str], int]:  # type: ignore[no-untyped-def]
    """The keys found (read in pages of one: every keyset), after checking that the counts (exact, capped as
    the window counts) and the rowid list agree with them."""
    q = TicketQuery(text=text, **query)
    keys, after = [], None
    while True:
        page, after = reader.page(q, 1, after)
        keys += [row.key for row in page]
        if after is None:
            break
    assert len(keys) == len(set(keys)) == reader.count(q) == len(reader.ids(q)), text
    assert reader.count(q, cap=2) == min(2, len(keys)), text
    return set(keys), reader.count(q)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("E1014", {"a1", "a2", "a3", "c1"}),  # the ID in any case; c1's text holds the word
        ("e1014", {"a1", "a2", "a3", "c1"}),
        ("E1014 coke", {"a1"}),  # every word must match, the ID as one word
        ("coke e1014", {"a1"}),
        ("coke E1053", {"b1"}),
        ("E1014 E1053", set()),  # no ticket has both
        ("E1053 🎁", {"b1"}),  # a word without a letter or digit is dropped, as before
        ("E105", set()),  # the whole ID, not its start
        ("1014", {"d1", "g1"}),  # an ID of digits, and an amount: that ID's tickets and that total's
        ("10.14", {"a2"}),  # an amount as before
        ("emp-7", {"f1"}),
        ("Ines", {"a1", "a2", "a3"}),  # a name as before
    ],
)
def test_an_employee_id_in_the_search_text_finds_that_employees_tickets(store, text, found) -> None:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        assert answer(reader, text)[0] == found


def test_an_id_in_the_text_is_anded_with_the_filters_and_sorts_like_any_search(store) -> None:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        assert answer(reader, "e1014", locations=("S063",))[0] == {"a3", "c1"}
        assert answer(reader, "E1014", operator_keys=(operator_key("E1014", None, None),))[0] == {"a1", "a2"}
        # with store days (the team store counts them as one count a store term, .postgres.day_counts)
        day = T0.date()
        days = StoreDays(day - timedelta(days=1), day + timedelta(days=1))
        assert answer(reader, "e1014", store_days=days)[0] == {"a1", "a2", "a3", "c1"}
        assert answer(reader, "e1014", store_days=days, locations=("S027",))[0] == {"a1", "a2"}
        later = StoreDays(day + timedelta(days=5), day + timedelta(days=6))
        assert answer(reader, "e1014", store_days=later)[0] == set()
        for sort in ("operator", "total", "location"):
            rows = list(reader.iter_rows(TicketQuery(text="E1014", sort=sort, descending=False), batch=1))
            assert {row.key for row in rows} == {"a1", "a2", "a3", "c1"}, sort
            assert [row.sort_value(sort) for row in rows] == sorted(row.sort_value(sort) for row in rows)


def test_a_new_employees_id_is_found_as_soon_as_the_sync_stores_the_ticket(store) -> None:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        assert answer(reader, "E2001")[0] == set()
    store.upsert_tickets([tk("n1", location="S027", operator="Nu", operator_id="E2001")])
    with store.reader() as reader:
        assert answer(reader, "e2001") == ({"n1"}, 1)


@pytest.mark.sqlite_only(
    "reads SQLite's query plans (PostgreSQL's: test_an_id_is_read_through_its_index_on_pg)"
)
def test_an_id_is_read_through_the_operator_id_index_newest_first(store) -> None:  # type: ignore[no-untyped-def]
    """A word that names an ID and no indexed word reads the ID's index entries in rowid order (no sort, no
    scan of the tickets); one that may also match text reads both indexes (a MULTI-INDEX OR); with other
    words the FTS index drives as before and the ID is checked on its rows."""
    from ows_desktop.store.reader import TicketReader

    def plans(*texts: str) -> list[str]:
        statements: list[str] = []
        conn = sqlite3.connect(store.path)
        conn.set_trace_callback(statements.append)  # a reader on a connection of the test's own, to trace it
        with TicketReader(conn, store.path) as reader:
            for text in texts:
                reader.page(TicketQuery(text=text), 10)
                reader.count(TicketQuery(text=text), cap=100)
                reader.ids(TicketQuery(text=text))
            conn.set_trace_callback(None)
            return [
                " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql))
                for sql in statements
                if sql.startswith("SELECT") and "tickets AS t" in sql  # the ticket queries, not lookups
            ]

    assert len(plans("e1053")) == 3
    for plan in plans("e1053"):
        assert "INDEX tickets_operator_id (operator_id=?)" in plan, plan
        assert "SCAN t" not in plan and "TEMP B-TREE" not in plan and "ticket_fts" not in plan, plan
    for plan in plans("E1014"):  # also a word of c1's text
        assert "MULTI-INDEX OR" in plan and "tickets_operator_id" in plan, plan
        assert "SCAN t " not in plan + " " and "SCAN tickets" not in plan, plan
    for plan in plans("coke e1053"):
        assert "SCAN ticket_fts VIRTUAL TABLE" in plan and "tickets_operator_id" not in plan, plan
        assert "SCAN t " not in plan + " " and "TEMP B-TREE" not in plan, plan


def test_an_id_is_read_through_its_index_on_pg(pg_cluster, pg_url) -> None:  # type: ignore[no-untyped-def]
    """The team store's plan of an ID word reads the operator_id index of the months (the word matches no
    text); with a word of the text, that or the token index (the planner checks the other on its rows)."""
    from pathlib import Path

    import psycopg
    from pg_cluster import plan_nodes

    from ows_desktop.store.postgres.portable import pg_sql
    from ows_desktop.store.postgres.search import ROW_SELECT, compile_query, order_by
    from ows_desktop.store.search_ids import split_ids, vocabulary_allows
    from ows_desktop.store.url import open_store_url

    with open_store_url(pg_url, Path("x"), password=lambda _location: None) as team:
        team.upsert_tickets(
            [tk(f"k{i}", operator_id=f"E{1000 + i % 5}", lines=(ln(f"SKU{i}"),)) for i in range(40)]
        )
        with team.reader() as reader, psycopg.connect(pg_cluster.conninfo(pg_url.rsplit("/", 1)[1])) as conn:
            conn.execute("SET enable_seqscan = off")  # a tiny table: what the indexes can answer
            either = ("operator_id_rid_idx", "ows_search_lexemes_idx")
            for text, index in (("e1003", ("operator_id_rid_idx",)), ("e1003 sku1", either)):
                query = TicketQuery(text=text)
                named = split_ids(
                    text, reader.employee_ids, lambda t: vocabulary_allows(t, reader.expand_prefix)
                )
                assert named is not None and named.named[0].ids == ("E1003",)
                compiled = compile_query(query, None, None, named)
                sql = f"SELECT {ROW_SELECT} FROM tickets AS t{compiled.where_sql()} ORDER BY {order_by('start', True)} LIMIT 10"
                (plan,) = conn.execute(pg_sql(f"EXPLAIN (FORMAT JSON) {sql}"), compiled.params).fetchone()  # type: ignore[misc]
                nodes = plan_nodes(plan)
                used = {node["Index Name"] for node in nodes if "Index Name" in node}
                assert any(name.endswith(index) for name in used), (text, used)
                assert not any(
                    n.get("Relation Name", "").startswith("tickets")
                    for n in nodes
                    if "Seq" in n.get("Node Type", "")
                )


@pytest.mark.sqlite_only("the command line's own cache (its team-store runs share the reader tested above)")
def test_the_command_lines_search_text_finds_an_employee_id(store, paths) -> None:  # type: ignore[no-untyped-def]
    import json

    from cli_support import ctx_on

    from ows_desktop.cli.main import main

    ctx = ctx_on(paths)
    assert main(["search", "e1014 coke", "--json"], ctx) == 0, ctx.stderr.getvalue()
    assert [(t["id"], t["operator_id"]) for t in json.loads(ctx.stdout.getvalue())] == [("a1", "E1014")]
    ctx = ctx_on(paths)
    assert main(["search", "E1014"], ctx) == 0, ctx.stderr.getvalue()
    assert ctx.stdout.getvalue().splitlines()[-1] == "4 of 4 matching tickets"
