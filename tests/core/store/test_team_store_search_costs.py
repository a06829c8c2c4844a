"""The team store's database prices a random page as on SSD storage (schema: postgres/search_costs.py): at 5 M
tickets that is what makes a frequent word AND a selective filter (one terminal) read the filter's index
and check the word on its few rows instead of reading the word's whole posting list (measured in
tests/bench/bench_team_search.py; a test table is too small for the planner to choose as it does at
5 M, so this test checks the setting every connection plans with). Real throwaway cluster."""

from __future__ import annotations

from pg_cluster import Cluster

from ows_desktop.store.postgres import init_store, parse_url, search_costs

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def test_every_connection_to_the_store_plans_with_the_ssd_page_cost(
    pg_cluster: Cluster, empty_db: str
) -> None:
    import psycopg

    conninfo = pg_cluster.conninfo(empty_db.rsplit("/", 1)[1])
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("SHOW random_page_cost").fetchone() == ("4",)  # PostgreSQL's default
    init_store(parse_url(empty_db), NO_PASSWORD)
    with psycopg.connect(conninfo) as conn:
        (value,) = conn.execute("SHOW random_page_cost").fetchone()
    assert float(value) == search_costs.RANDOM_PAGE_COST
    with psycopg.connect(pg_cluster.conninfo()) as conn:  # another database of the server keeps its own
        assert conn.execute("SHOW random_page_cost").fetchone() == ("4",)
