"""Sync benchmarks against the simulated OWS on loopback, measured side by side in one run.

    python tests/bench/bench_sync.py [--tickets 24000] [--wan-tickets 6000] [--repeat 3]

1. ingest: the full pipeline (fetch + normalise + upsert + FTS, SyncEngine with 4 cursors) against raw fetch
   + JSON decode of the same windows with the same 4 cursors. Goal: full ≥ 0.8× raw throughput.
2. WAN: 50 ms latency per request; 4 cursors against 1 cursor over the same ticket set. Goal ≥ 3.5×.

The simulator runs in its own process (`ows-desktop fake-server`) so its CPU is not this process's."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from ows_desktop.ows.auth import auth_headers
from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.store import open_store
from ows_desktop.sync.engine import SyncEngine
from ows_desktop.sync.planner import split

KEY, SECRET = "demo-key", "demo-secret"


class Server:
    def __init__(self, config: SimConfig, latency: float = 0.0):
        self.config = config
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ows_desktop",
                "fake-server",
                "--seed",
                str(config.seed),
                "--stores",
                str(config.stores),
                "--days",
                str(config.days),
                "--tickets-per-day",
                str(config.tickets_per_store_day),
                "--latency",
                str(latency),
                "--key",
                KEY,
                "--secret",
                SECRET,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in self.proc.stdout:
            if m := re.search(r"API Access URL: (\S+)", line):
                self.api_url = m.group(1)
            if m := re.search(r"tickets host:\s+(\S+)", line):
                self.tickets_url = m.group(1)
                break

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stdout.close()


def config_for(tickets: int) -> SimConfig:
    stores, days = 4, 2
    return SimConfig(
        seed=99,
        stores=stores,
        terminals_per_store=3,
        days=days,
        tickets_per_store_day=max(1, tickets // (stores * days)),
    )


def windows(config: SimConfig, parts: int) -> list[tuple[int, int]]:
    lo, hi = TicketGenerator(config).persist_range()
    return split([(lo, hi)], parts * 2, max_size=6 * 3600 * 1_000_000)


def raw_fetch(server: Server, spans, workers: int) -> tuple[int, float]:
    """httpx GET + json.loads of every page of every window, `workers` cursors at once."""
    headers = auth_headers(KEY, SECRET)

    def one(span) -> int:
        n = 0
        with httpx.Client(timeout=30) as http:
            params = {"startDate": span[0], "endDate": span[1], "maxPageSize": 50}
            while True:
                body = json.loads(http.get(server.tickets_url, params=params, headers=headers).content)
                n += len(body["content"]["results"])
                cursor = body["content"]["cursor"]
                if not cursor:
                    return n
                params = {"cursor": cursor, "maxPageSize": 50}

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        total = sum(pool.map(one, spans))
    return total, time.perf_counter() - started


def full_sync(server: Server, workers: int) -> tuple[int, float]:
    lo, hi = TicketGenerator(server.config).persist_range()
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(Path(tmp) / "t.sqlite3") as store,
        make_http_client() as http,
    ):
        client = OwsClient(http, server.api_url, KEY, SECRET)
        started = time.perf_counter()
        result = SyncEngine(client, store, workers=workers).run(from_epoch_us(lo), from_epoch_us(hi))
        return result.progress.tickets, time.perf_counter() - started


def bench_ingest(tickets: int, repeat: int) -> dict:
    config = config_for(tickets)
    server = Server(config)
    try:
        spans = windows(config, 4)
        raw_fetch(server, spans, 4)  # warm up (imports, connections, page cache)
        raw_t, full_t = [], []
        for _ in range(repeat):  # interleaved so drift on the shared machine hits both alike
            n_raw, t = raw_fetch(server, spans, 4)
            raw_t.append(t)
            n_full, t = full_sync(server, 4)
            full_t.append(t)
        assert n_raw == n_full, (n_raw, n_full)
    finally:
        server.close()
    raw_med, full_med = statistics.median(raw_t), statistics.median(full_t)
    return {
        "tickets": n_raw,
        "raw_s": raw_med,
        "full_s": full_med,
        "raw_per_s": n_raw / raw_med,
        "full_per_s": n_full / full_med,
        "ratio": raw_med / full_med,
        "raw_all": raw_t,
        "full_all": full_t,
    }


def bench_wan(tickets: int, repeat: int) -> dict:
    config = config_for(tickets)
    server = Server(config, latency=0.05)
    try:
        one_t, four_t = [], []
        for _ in range(repeat):
            n1, t = full_sync(server, 1)
            one_t.append(t)
            n4, t = full_sync(server, 4)
            four_t.append(t)
        assert n1 == n4
    finally:
        server.close()
    one, four = statistics.median(one_t), statistics.median(four_t)
    return {"tickets": n1, "one_cursor_s": one, "four_cursors_s": four, "ratio": one / four}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=24_000)
    parser.add_argument("--wan-tickets", type=int, default=6_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    ingest = bench_ingest(args.tickets, args.repeat)
    print(f"ingest  {ingest['tickets']:,} tickets, 4 cursors (median of {args.repeat}):")
    print(f"  raw fetch + JSON decode : {ingest['raw_s']:.2f} s  ({ingest['raw_per_s']:,.0f} tickets/s)")
    print(f"  full pipeline           : {ingest['full_s']:.2f} s  ({ingest['full_per_s']:,.0f} tickets/s)")
    print(f"  ratio full/raw          : {ingest['ratio']:.2f}x   (goal >= 0.8x)")
    print(
        f"  runs raw {[f'{t:.2f}' for t in ingest['raw_all']]} full {[f'{t:.2f}' for t in ingest['full_all']]}"
    )
    wan = bench_wan(args.wan_tickets, args.repeat)
    print(f"WAN     {wan['tickets']:,} tickets, 50 ms per request (median of {args.repeat}):")
    print(f"  1 cursor                : {wan['one_cursor_s']:.2f} s")
    print(f"  4 cursors               : {wan['four_cursors_s']:.2f} s")
    print(f"  speed-up                : {wan['ratio']:.2f}x   (goal >= 3.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
