"""Search over 5 M tickets in the team store (PostgreSQL): the 20 queries of bench_search.py, timed as the
receipt table does it (first page of 100 rows + the match count up to 10,000), p95 against the goal of 100 ms;
bytes per ticket; EXPLAIN (ANALYZE, BUFFERS) of a date filter and of the text queries.

    python tests/bench/team_search_data.py --build     # once: ~5 M tickets into /work/coord/pg5m-data
    python tests/bench/bench_team_search.py [--explain]

The cluster is started for the run (niced) and stopped after it; the store is upgraded to this code's schema
first (a migration that builds an index over 5 M tickets takes minutes, once)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import COUNT_CAP, queries, time_query
from team_search_data import DEFAULT_DIR, DEFAULT_PORT, conninfo, start, stop, url

from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres import init_store, parse_url
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.postgres.search import ROW_SELECT, compile_query, order_by
from ows_desktop.store.url import open_store_url


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def sizes(conn) -> list[tuple[str, int]]:
    """Bytes of the ticket tables (all their months), heap + TOAST and indexes apart."""
    rows = []
    for table in ("tickets", "ticket_docs", "ticket_facts", "ticket_items", "rules_pending"):
        heap, indexes = conn.execute(
            "SELECT coalesce(sum(pg_table_size(c.oid)), 0), coalesce(sum(pg_indexes_size(c.oid)), 0) "
            "FROM pg_class c WHERE c.oid = %s::regclass OR c.oid IN "
            "(SELECT inhrelid FROM pg_inherits WHERE inhparent = %s::regclass)",
            (table, table),
        ).fetchone()
        rows.append((f"{table} (heap + TOAST)", int(heap)))
        rows.append((f"{table} indexes", int(indexes)))
    for name, size in conn.execute(
        "SELECT i.relname, sum(pg_relation_size(i.oid)) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname ~ '^tickets_[0-9]{4}_[0-9]{2}$' "
        "GROUP BY 1 ORDER BY 2 DESC LIMIT 4"
    ):
        rows.append((f"  of which {name}", int(size)))
    return rows


def explain(conn, label: str, sql: str, params: tuple[object, ...]) -> None:
    lines = [row[0] for row in conn.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + pg_sql(sql), params)]
    print(f"\n--- EXPLAIN (ANALYZE, BUFFERS) {label}\n" + "\n".join(lines), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--explain", action="store_true", help="also EXPLAIN (ANALYZE, BUFFERS) the queries")
    parser.add_argument("--keep-running", action="store_true", help="leave the cluster running afterwards")
    args = parser.parse_args(argv)
    import psycopg

    start(args.dir, args.port)
    try:
        started = time.monotonic()
        before, after = init_store(parse_url(url(args.port)), lambda _where: None)
        if before != after:
            print(f"schema {before} -> {after} in {time.monotonic() - started:.0f} s", flush=True)
        with psycopg.connect(conninfo(args.port, args.dir), autocommit=True) as conn:
            (count,) = conn.execute("SELECT count(*) FROM tickets").fetchone()
            (db_bytes,) = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            parts = sizes(conn)
        print(f"team store: {count:,} tickets, {db_bytes / 1e9:.2f} GB, {db_bytes / count:,.0f} bytes/ticket")
        for name, size in parts:
            print(f"  {name:<44} {size / 1e9:7.2f} GB  {size / count:7,.0f} B/ticket")
        store = open_store_url(url(args.port), Path("x"), password=lambda _where: None)
        with store, store.reader() as reader:
            qs = queries(reader)
            for _, q in qs:  # warm the cache once, as a workstation in use
                reader.page(q, 100)
            timed = []
            for name, q in qs:
                seconds, matches = time_query(reader, q)
                timed.append(seconds)
                shown = f"{matches:,}+" if matches >= COUNT_CAP else f"{matches:,}"
                print(f"  {name:<24} {seconds * 1000:8.1f} ms  {shown:>10} matches", flush=True)
        print(f"p95 {p95(timed) * 1000:.1f} ms over {len(timed)} queries (goal <= 100 ms)", flush=True)
        with psycopg.connect(conninfo(args.port, args.dir), autocommit=True) as conn:
            newest = qs[7][1].end + timedelta(days=2)  # "terminal + 1 day" ends two days before the newest
            day = TicketQuery(start=newest - timedelta(days=1), end=newest)
            compiled = compile_query(day)
            explain(conn, "count of one day (date filter only)",
                    f"SELECT count(*) FROM tickets AS t{compiled.where_sql()}", compiled.params)  # fmt: skip
            if args.explain:
                again = open_store_url(url(args.port), Path("x"), password=lambda _where: None)
                with (
                    again,
                    again.reader() as reader,
                ):  # the queries as the reader runs them (prefixes expanded)
                    planned = [
                        (
                            name,
                            q,
                            compile_query(q, reader.expand_prefix),
                            reader.capped_count_queries(q, COUNT_CAP),
                        )
                        for name, q in qs
                    ]
                for name, q, compiled, counts in planned:
                    page = (
                        f"SELECT {ROW_SELECT} FROM tickets AS t{compiled.where_sql()} "
                        f"ORDER BY {order_by(q.sort, q.descending)} LIMIT 101"
                    )
                    explain(conn, f"{name}: first page", page, compiled.params)
                    for i, counted in enumerate(counts):
                        label = "capped count" if i == len(counts) - 1 else "capped count of a subset first"
                        capped = f"SELECT count(*) FROM (SELECT 1 FROM tickets AS t{counted.where_sql()} LIMIT {COUNT_CAP}) c"
                        conn.execute("SET max_parallel_workers_per_gather = 0")  # as the reader counts
                        explain(conn, f"{name}: {label}", capped, counted.params)
                        conn.execute("RESET max_parallel_workers_per_gather")
        print(
            json.dumps({"tickets": count, "bytes_per_ticket": db_bytes / count, "p95_ms": p95(timed) * 1000})
        )
    finally:
        if not args.keep_running:
            stop(args.dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
