"""The team store counts store days from its store index alone (postgres/day_counts.py, offset_index.py): one
count a store term, each an index-only range of ``tickets_location (location, rid) INCLUDE
(utc_offset_min)`` — also where a row's own offset decides it, as near its store's midnight. The counts
themselves are checked against a plain reference in test_store_days_reference.py. Real throwaway cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from pg_cluster import Cluster, plan_nodes

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres.day_counts import day_count
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.query import StoreDays, StoreDaysAgo
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
DAY = datetime(2026, 12, 6, tzinfo=UTC)


def _ticket(i: int, location: str, offset: int) -> Ticket:
    start = DAY - timedelta(days=1) + timedelta(minutes=37 * i)
    written = start.astimezone(timezone(timedelta(minutes=offset))).isoformat()  # the POS writes its offset
    return Ticket(key=f"k{i}", id=f"T-{i}", location=location, terminal="POS 1", start=start, total=1.0,
                  status="sale", lines=(LineItem(description="Bananas"),), raw={"startDate": written})  # fmt: skip


def test_a_store_day_count_reads_the_store_index_alone(pg_cluster: Cluster, pg_url: str) -> None:
    import psycopg

    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets(
            [_ticket(i, "P", (-480, -420)[i % 2]) for i in range(120)]
            + [_ticket(i, "E", -300) for i in range(120, 240)]
        )
        with store.reader() as reader:
            for days in (
                StoreDaysAgo(
                    DAY + timedelta(hours=7, minutes=30), 0, 0
                ),  # 23:30 at −08:00: split at the turn
                StoreDaysAgo(DAY + timedelta(hours=18), 0, 0),
                StoreDays(DAY.date(), DAY.date()),
            ):
                query = TicketQuery(store_days=days)
                (compiled,) = reader.capped_count_queries(query, 100)
                for cap in (None, 100):
                    sql, params = day_count(compiled, cap)
                    with psycopg.connect(
                        pg_cluster.conninfo(pg_url.rsplit("/", 1)[1]), autocommit=True
                    ) as conn:
                        conn.execute("VACUUM tickets")  # the visibility map an index-only scan needs
                        conn.execute("SET enable_seqscan = off")
                        conn.execute("SET enable_bitmapscan = off")
                        (plan,) = conn.execute(pg_sql(f"EXPLAIN (FORMAT JSON) {sql}"), params).fetchone()
                    scans = {
                        (node["Node Type"], node["Index Name"].rsplit("_", 1)[0].split("_", 3)[-1])
                        for node in plan_nodes(plan)
                        if "Scan" in node.get("Node Type", "")
                    }
                    assert scans == {("Index Only Scan", "location_rid_utc_offset_min")}, (days, cap, scans)
