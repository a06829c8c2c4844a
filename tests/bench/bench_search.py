"""Search and memory over a 5 M-ticket cache (built once by bench_store_data.py), side by side in one run.

    python tests/bench/bench_search.py [--tickets 5000000] [--python-baseline 4]

- p95 of 20 mixed queries (token, CJK token, terminal + date range, amount range, status, combinations),
  each timed as the receipt table does it: the first page of 100 rows plus the match count (counted up to
  10,000; the table shows "10,000+" beyond). Goal ≤ 100 ms.
- the same queries done as a Python-side filter over the same rows (stream every row, test it in Python),
  for a few of them (it takes seconds each), and the ratio.
- peak RSS of a separate process that opens the cache and pages through a query. Goal ≤ 300 MB."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store_data import DATA, build

from ows_desktop.store import TicketQuery, open_store


def queries(reader) -> list[tuple[str, TicketQuery]]:
    terminals = reader.distinct_values("terminal")
    newest = reader.page(TicketQuery(), 1)[0][0].start
    day = timedelta(days=1)
    t1, t2 = terminals[len(terminals) // 3], terminals[2 * len(terminals) // 3]
    return [
        ("token chocolate", TicketQuery(text="chocolate")),
        ("prefix choc", TicketQuery(text="choc")),
        ("token gummy", TicketQuery(text="gummy")),
        ("accent café", TicketQuery(text="café")),
        ("CJK 売上", TicketQuery(text="売上")),
        ("CJK 抹茶", TicketQuery(text="抹茶")),
        ("two words", TicketQuery(text="dark chocolate")),
        ("terminal + 1 day", TicketQuery(terminals=(t1,), start=newest - 3 * day, end=newest - 2 * day)),
        ("terminal + 7 days", TicketQuery(terminals=(t2,), start=newest - 10 * day, end=newest - 3 * day)),
        ("terminal only", TicketQuery(terminals=(t1,))),
        ("amount 100..200", TicketQuery(min_total=100, max_total=200)),
        ("amount > 400", TicketQuery(min_total=400)),
        ("amount, by total", TicketQuery(min_total=50, max_total=60, sort="total")),
        ("status void", TicketQuery(statuses=("void",))),
        ("status refund+return", TicketQuery(statuses=("refund", "return"))),
        ("status no_sale, 1 day", TicketQuery(statuses=("no_sale",), start=newest - day, end=newest)),
        ("text + terminal", TicketQuery(text="chocolate", terminals=(t2,))),
        ("text + amount", TicketQuery(text="gift", min_total=20)),
        ("all, newest first", TicketQuery()),
        ("all, by operator", TicketQuery(sort="operator", descending=False)),
    ]


COUNT_CAP = 10_000  # the table shows "10,000+" beyond this (ows_desktop.itemmodels.tickets)


def time_query(reader, query: TicketQuery, repeat: int = 3, cap: int | None = COUNT_CAP) -> tuple[float, int]:
    best = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows, _ = reader.page(query, 100)
        count = reader.count(query, cap=cap)
        best.append(time.perf_counter() - started)
        assert len(rows) <= 100
    return statistics.median(best), count


def python_filter(db: Path, name: str, query: TicketQuery) -> tuple[float, int]:
    """What an app without the query API would do: stream every row and test it in Python."""
    from ows_desktop.ows.timestamps import to_epoch_us

    started = time.perf_counter()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    words = [w.casefold() for w in query.text.split()]
    start = to_epoch_us(query.start) if query.start else None
    end = to_epoch_us(query.end) if query.end else None
    n = 0
    for _rid, terminal, start_us, total, status, terms in conn.execute(
        "SELECT t.rid, t.terminal, t.start_us, t.total, t.status, d.terms FROM tickets t "
        "JOIN ticket_docs d ON d.rid = t.rid"
    ):
        if query.terminals and terminal not in query.terminals:
            continue
        if query.statuses and status not in query.statuses:
            continue
        if start is not None and (start_us is None or start_us < start):
            continue
        if end is not None and (start_us is None or start_us >= end):
            continue
        if query.min_total is not None and (total is None or total < query.min_total):
            continue
        if query.max_total is not None and (total is None or total > query.max_total):
            continue
        if words:
            folded = terms.casefold()
            if not all(w in folded for w in words):
                continue
        n += 1
    conn.close()
    return time.perf_counter() - started, n


RSS_CHILD = """
import resource, sys
from ows_desktop.store import TicketQuery, open_store
store = open_store(sys.argv[1])
with store.reader() as reader:
    for q in (TicketQuery(), TicketQuery(text="chocolate"), TicketQuery(sort="total")):
        after, n = None, 0
        reader.count(q)
        for _ in range(200):  # 200 pages of 100 rows, as a user scrolling far down the table
            rows, after = reader.page(q, 100, after)
            n += len(rows)
            if after is None:
                break
store.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument(
        "--python-baseline", type=int, default=4, help="how many queries to also run in Python"
    )
    parser.add_argument("--count-cap", type=int, default=COUNT_CAP, help="count up to this (0: exact counts)")
    args = parser.parse_args(argv)
    db = build(
        DATA / f"{args.tickets // 1000}k.sqlite3",
        args.tickets,
        log=lambda m: print(m, file=sys.stderr, flush=True),
    )
    with open_store(db) as store, store.reader() as reader:
        total = reader.count(TicketQuery())
        print(f"cache: {db.name}, {total:,} tickets, {db.stat().st_size / 1e9:.2f} GB")
        qs = queries(reader)
        for _, q in qs:  # warm the page cache once, as a workstation that has been in use
            reader.page(q, 100)
        results = []
        for name, q in qs:
            seconds, count = time_query(reader, q, cap=args.count_cap or None)
            results.append((name, q, seconds, count))
            shown = f"{count:,}+" if args.count_cap and count >= args.count_cap else f"{count:,}"
            print(f"  {name:<24} {seconds * 1000:8.1f} ms  {shown:>10} matches")
    times = sorted(r[2] for r in results)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"p95 of {len(times)} queries: {p95 * 1000:.1f} ms (goal <= 100 ms); median {statistics.median(times) * 1000:.1f} ms"
    )
    picks = [
        r
        for r in results
        if r[0] in ("token chocolate", "terminal + 1 day", "amount 100..200", "status void", "CJK 抹茶")
    ][: args.python_baseline]
    for name, q, seconds, _count in picks:
        py_seconds, py_count = python_filter(db, name, q)
        print(
            f"  python-side filter {name:<20} {py_seconds:7.2f} s ({py_count:,} matches) "
            f"vs store {seconds * 1000:.1f} ms: {py_seconds / seconds:,.0f}x"
        )
    out = subprocess.run(
        [sys.executable, "-c", RSS_CHILD, str(db)], capture_output=True, text=True, check=True
    )
    rss_mb = int(out.stdout.strip()) / 1024
    print(f"peak RSS opening the cache and paging 3 queries x 200 pages: {rss_mb:.0f} MB (goal <= 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
