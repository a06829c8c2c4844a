"""The team store's receipt table sorted by total reads the ``total`` index in its own order (NULLs lowest,
schema: postgres/search_order.py), so the first page of a large store stops after a page instead of sorting
every match; and a month partition a writer makes later keeps the statistics the amount filters need. The
same-results-as-SQLite comparison is test_team_store_search.py. Real throwaway cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pg_cluster import Cluster, plan_nodes

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.postgres.search import compile_query, order_by
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
T0 = datetime(2024, 5, 6, 12, tzinfo=UTC)


def _ticket(i: int, total: float | None, start: datetime = T0) -> Ticket:
    return Ticket(
        key=f"k{i}", id=f"T-{i}", start=start + timedelta(minutes=i), total=total, raw={"id": f"T-{i}"}
    )


def _conn(cluster: Cluster, url: str):
    import psycopg

    return psycopg.connect(cluster.conninfo(url.rsplit("/", 1)[1]), autocommit=True)


@pytest.mark.parametrize("descending", [True, False])
def test_a_page_sorted_by_total_walks_the_total_index_without_sorting(
    pg_cluster: Cluster, pg_url: str, descending: bool
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, 55.0), _ticket(2, None), _ticket(3, 12.5), _ticket(4, 55.0)])
        with store.reader() as reader:
            query = TicketQuery(sort="total", descending=descending)
            keys = [r.key for r in reader.iter_rows(query)]
    assert keys == (["k4", "k1", "k3", "k2"] if descending else ["k2", "k3", "k1", "k4"])  # NULL lowest
    for filtered in (query, TicketQuery(min_total=50, max_total=60, sort="total", descending=descending)):
        compiled = compile_query(filtered)
        with _conn(pg_cluster, pg_url) as conn:
            # the tiny test table would be read whole and sorted; the plan of 5 M tickets is what is possible
            conn.execute("SET enable_seqscan = off")
            conn.execute("SET enable_sort = off")
            (plan,) = conn.execute(
                pg_sql(
                    f"EXPLAIN (FORMAT JSON) SELECT t.rid FROM tickets AS t{compiled.where_sql()} "
                    f"ORDER BY {order_by(filtered.sort, filtered.descending)} LIMIT 101"
                ),
                compiled.params,
            ).fetchone()
        nodes = [node["Node Type"] for node in plan_nodes(plan) if "Node Type" in node]
        assert "Sort" not in nodes, nodes
        assert {node.get("Index Name", "").split("_", 3)[-1] for node in plan_nodes(plan)} >= {
            "total_rid_idx"
        }


def test_a_month_partition_made_later_keeps_the_statistics_target_of_total(
    pg_cluster: Cluster, pg_url: str
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket(1, 5.0), _ticket(2, 9.0, datetime(2031, 3, 2, tzinfo=UTC))])
    with _conn(pg_cluster, pg_url) as conn:
        targets = dict(
            conn.execute(
                "SELECT a.attrelid::regclass::text, a.attstattarget FROM pg_attribute AS a "
                "JOIN pg_inherits AS i ON i.inhrelid = a.attrelid "
                "WHERE i.inhparent = 'tickets'::regclass AND a.attname = 'total'"
            ).fetchall()
        )
    assert {"tickets_2024_05", "tickets_2031_03"} <= set(targets)
    assert set(targets.values()) == {1000}  # every month, the ones made before and after
