"""Store days against UTC days over the 5 M-ticket cache (built once by bench_store_data.py), side by side in
one run: what the receipt table and the Exceptions tab run for a day in each store's own time
(``TicketQuery.store_days``) against the same dates as UTC days (a plain rowid range).

    python tests/bench/bench_store_days.py [--tickets 5000000] [--repeat 5] [--team DIR [--port P]]

Each case is timed as the table does it — the first page of 100 rows, the count capped at 100,000 (the
window's cap, ui/match_count.py), and the exact count (an export's, the CLI's) — and the Exceptions ranking
over 7 days; the counts of store days also as main had them before the band split at midnight and the team
store's sum of counts (``(before)``: day_plan's bands not split, one CASE over the span). The cases run
interleaved, round after round, and each figure is the median of the rounds: a
load change during the run moves both sides alike. ``--team DIR [--port P]``: the same over the PostgreSQL
team store team_search_data.py built in DIR (started for the run, stopped after it)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ows_desktop.rules import RuleConfig, rank_exceptions
from ows_desktop.store import TicketQuery, day_plan
from ows_desktop.store.query import StoreDays, StoreDaysAgo

COUNT_CAP = 100_000  # the window's filtered count stops here


def cases(reader) -> list[tuple[str, Callable[[], object]]]:
    newest = reader.page(TicketQuery(), 1)[0][0].time
    day = (newest - timedelta(days=3)).date()
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    queries = {
        "UTC day": TicketQuery(start=start, end=start + timedelta(days=1)),
        "store day": TicketQuery(store_days=StoreDays(day, day)),
        # Today at 18:00 UTC (10:00-13:00 at the simulator's stores), and at 07:30 UTC: midnight at the
        # stores at UTC-08:00, whose tickets with an offset of their own are then each read
        "today, 18:00 UTC": TicketQuery(store_days=StoreDaysAgo(start + timedelta(hours=18), 0, 0)),
        "today, 07:30 UTC": TicketQuery(store_days=StoreDaysAgo(start + timedelta(hours=31.5), 0, 0)),
        # 00:30 at UTC-08:00 in standard time, just after its midnight: every clock there is on the new date
        "today, 08:30 UTC": TicketQuery(store_days=StoreDaysAgo(start + timedelta(hours=32.5), 0, 0)),
    }
    week = StoreDays(day - timedelta(days=6), day)
    config = RuleConfig()
    found: list[tuple[str, Callable[[], object]]] = []
    for name, query in queries.items():
        found += [
            (f"{name}: page of 100", lambda q=query: reader.page(q, 100)),
            (f"{name}: count to 100,000", lambda q=query: reader.count(q, cap=COUNT_CAP)),
            (f"{name}: exact count", lambda q=query: reader.count(q)),
        ]
        if query.store_days is not None:
            found += [
                (f"{name}: count to 100,000 (before)", lambda q=query: before(reader, q, COUNT_CAP)),
                (f"{name}: exact count (before)", lambda q=query: before(reader, q, None)),
            ]
    found += [
        ("UTC 7 days: Exceptions ranking",
         lambda: rank_exceptions(reader, start - timedelta(days=6), start + timedelta(days=1), config=config)),
        ("store 7 days: Exceptions ranking", lambda: rank_exceptions(reader, None, None, config=config, days=week)),
    ]  # fmt: skip
    return found


def before(reader, query: TicketQuery, cap: int | None) -> int:  # type: ignore[no-untyped-def]
    """The count as main had it before: no band split at its stores' midnight (day_plan._turn), and in the
    team store one CASE over the whole span (the plan of a page, not of a count)."""
    with mock.patch.object(day_plan, "_turn", return_value=None):
        if not hasattr(reader, "_capped"):
            return int(reader.count(query, cap=cap))
        from ows_desktop.store.postgres.search import compile_query

        return int(reader._capped(compile_query(query, reader.expand_prefix, reader._days(query)), cap))


def run(reader, repeat: int) -> None:
    found = cases(reader)
    for _, case in found:  # warm the page cache once, as a workstation in use
        case()
    times: dict[str, list[float]] = {name: [] for name, _ in found}
    results: dict[str, object] = {}
    for _ in range(repeat):
        for name, case in found:
            started = time.perf_counter()
            results[name] = case()
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    for name, ms in medians.items():
        kind = name.split(": ", 1)[1].removesuffix(" (before)")
        base = medians.get(f"UTC day: {kind}") or medians.get("UTC 7 days: Exceptions ranking") or ms
        shown = results[name]
        figure = f"{shown:,}" if isinstance(shown, int) else ""
        print(f"  {name:<48} {ms:9.1f} ms  {ms / base:6.1f}x  {figure:>10}")


def team_store(folder: Path, port: int):  # type: ignore[no-untyped-def]
    """The team store of team_search_data.py, its chains' copies given the stores' rows the writer keeps for
    them (that build copies the tickets only): their learned offsets and their registers."""
    import psycopg
    from team_search_data import conninfo, start, url

    from ows_desktop.store.url import open_store_url

    start(folder, port)
    with psycopg.connect(conninfo(port, folder), autocommit=True) as conn:
        for table, columns in (
            ("location_offsets", "offset_min, updated_us"),
            ("ticket_terminals", "terminal"),
        ):
            conn.execute(
                f"INSERT INTO {table} (location, {columns}) SELECT DISTINCT c.location, {columns} FROM {table} AS b "
                "JOIN (SELECT DISTINCT location FROM tickets) AS c ON c.location ~ '^S[0-9]{4,}$' "
                "AND substr(c.location, length(c.location) - 2) = substr(b.location, 2) "
                "WHERE b.location ~ '^S[0-9]{3}$' ON CONFLICT DO NOTHING"
            )
    return open_store_url(url(port), Path("x"), password=lambda _where: None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--team", type=Path, metavar="DIR", help="the team store of team_search_data.py in DIR"
    )
    parser.add_argument("--port", type=int, default=54355)
    args = parser.parse_args(argv)
    if args.team:
        from team_search_data import stop

        store = team_store(args.team, args.port)
    else:
        from bench_store_data import DATA, build

        from ows_desktop.store import open_store

        db = build(DATA / f"{args.tickets // 1000}k.sqlite3", args.tickets, log=print)
        store = open_store(db)
    try:
        with store, store.reader() as reader:
            print(
                f"{reader.count(TicketQuery()):,} tickets; median of {args.repeat} rounds, ratio to the UTC day"
            )
            run(reader, args.repeat)
    finally:
        if args.team:
            stop(args.team)
    return 0


if __name__ == "__main__":
    sys.exit(main())
