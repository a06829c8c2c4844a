"""Sync benchmarks against the simulated OWS on loopback, measured side by side in one run.

    python tests/bench/bench_sync.py [--tickets 24000] [--wan-tickets 6000] [--repeat 3]
                                     [--scale 10000,100000] [--skip ingest,wan,wan8,scale]

1. ingest: the full pipeline (fetch + normalise + upsert + FTS, SyncEngine with 4 cursors) against raw fetch
   + JSON decode of the same windows with the same 4 cursors. Goal: full ≥ 0.8× raw throughput. Also the lag
   from a page's arrival to the commit that makes it searchable (goal ≤ 2 s), and the ceiling of the work: the
   ratio the full run would reach if its CPU (client and simulator, mean a ticket) kept every core busy.
2. WAN: 50 ms latency per request; 4 cursors against 1 cursor over the same ticket set. Goal ≥ 3.5×.
3. WAN: 100 ms latency; 8 cursors against 1. Goal ≥ 6×.
4. scale: full-pipeline time for growing ticket counts; the exponent of time ~ tickets^e. Goal e ≤ 1.02.

The simulator runs in its own process (`ows-desktop fake-server`) so its CPU is not this process's."""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import orjson

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
    """httpx GET + JSON decode of every page of every window, `workers` cursors at once. The decode is
    orjson's, the fastest plain decode there is and the one the client's own decode starts with (ows/answer_json.py)."""
    headers = auth_headers(KEY, SECRET)

    def one(span) -> int:
        n = 0
        with httpx.Client(timeout=30) as http:
            params = {"startDate": span[0], "endDate": span[1], "maxPageSize": 50}
            while True:
                body = orjson.loads(http.get(server.tickets_url, params=params, headers=headers).content)
                n += len(body["content"]["results"])
                cursor = body["content"]["cursor"]
                if not cursor:
                    return n
                params = {"cursor": cursor, "maxPageSize": 50}

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        total = sum(pool.map(one, spans))
    return total, time.perf_counter() - started


class LagProbe:
    """Times each page from its arrival (the client yields it) to the end of the commit that stores it, and
    the writer thread's time in ``save_pages``: wall and its own CPU (``time.thread_time``). Wall well above
    CPU while the writer is busy most of the sync means it waits for the GIL or a core, not for work; Linux
    tells the two apart (``/proc/thread-self/schedstat``: time queued for a core)."""

    def __init__(self, client: OwsClient, store) -> None:
        # A page's tickets (keyed by id) from its arrival to its commit: kept alive that long so that no
        # other page takes the id meanwhile, and no longer. Keeping every page to the end of the sync (as
        # this probe did until 2026-12-05) made the young collections promote them and full collections
        # scan a heap of every ticket received: 7-26 us of the full pipeline's client CPU per ticket at
        # 24 k tickets that the app does not pay (its sync child drops each page after its commit).
        self.in_flight: dict[int, tuple[float, object]] = {}
        self.lags: list[float] = []
        self.save_wall = 0.0
        self.save_cpu = 0.0
        self.save_queued = 0.0
        pages, save_pages = client.iter_ticket_pages, store.save_pages

        def timed_pages(*args, **kwargs):
            for page in pages(*args, **kwargs):
                self.in_flight[id(page.tickets)] = (time.perf_counter(), page.tickets)
                yield page

        def timed_save(batch):
            started, cpu, queued = time.perf_counter(), time.thread_time(), queued_s()
            result = save_pages(batch)
            now = time.perf_counter()
            self.save_wall += now - started
            self.save_cpu += time.thread_time() - cpu
            self.save_queued += queued_s() - queued
            for p in batch:
                arrival = self.in_flight.pop(id(p.tickets), None)
                if arrival is not None:
                    self.lags.append(now - arrival[0])
            return result

        client.iter_ticket_pages = timed_pages
        store.save_pages = timed_save


def queued_s() -> float:
    """Seconds the calling thread has waited for a core so far (Linux schedstat; 0 elsewhere)."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def full_sync(
    server: Server, workers: int, lags: list[float] | None = None, writer: list[float] | None = None
) -> tuple[int, float]:
    lo, hi = TicketGenerator(server.config).persist_range()
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(Path(tmp) / "t.sqlite3") as store,
        make_http_client() as http,
    ):
        client = OwsClient(http, server.api_url, KEY, SECRET)
        probe = LagProbe(client, store) if lags is not None else None
        started = time.perf_counter()
        result = SyncEngine(client, store, workers=workers).run(from_epoch_us(lo), from_epoch_us(hi))
        elapsed = time.perf_counter() - started
        if probe is not None and lags is not None:
            lags.extend(probe.lags)
        if (
            probe is not None and writer is not None
        ):  # sync wall; the writer's in save_pages: wall, CPU, queued
            spent = (elapsed, probe.save_wall, probe.save_cpu, probe.save_queued)
            writer[:] = [a + b for a, b in zip(writer or [0.0] * 4, spent, strict=True)]
        return result.progress.tickets, elapsed


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(server: Server, run) -> tuple[int, float, float, float]:
    """(tickets, wall s, this process's CPU s, the simulator's CPU s) of ``run()``."""
    cpu, sim = time.process_time(), process_cpu(server.proc.pid)
    n, wall = run()
    return n, wall, time.process_time() - cpu, process_cpu(server.proc.pid) - sim


def bench_ingest(tickets: int, repeat: int) -> dict:
    config = config_for(tickets)
    server = Server(config)
    try:
        spans = windows(config, 4)
        raw_fetch(server, spans, 4)  # warm up (imports, connections, page cache)
        raw_t, full_t, lags, writer = [], [], [], []
        cpu = {"raw": [0.0, 0.0], "full": [0.0, 0.0]}  # [client, simulator] CPU seconds over all runs
        for _ in range(repeat):  # interleaved so drift on the shared machine hits both alike
            n_raw, t, client, sim = measured(server, lambda: raw_fetch(server, spans, 4))
            raw_t.append(t)
            cpu["raw"][0] += client
            cpu["raw"][1] += sim
            n_full, t, client, sim = measured(server, lambda: full_sync(server, 4, lags, writer))
            full_t.append(t)
            cpu["full"][0] += client
            cpu["full"][1] += sim
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
        "cpu_us": {k: [c / (n_raw * repeat) * 1e6 for c in v] for k, v in cpu.items()},
        "writer": writer,
        "lag_max": max(lags),
        "lag_p95": statistics.quantiles(lags, n=20)[-1],
    }


def bench_wan(tickets: int, repeat: int, latency: float = 0.05, workers: int = 4) -> dict:
    config = config_for(tickets)
    server = Server(config, latency=latency)
    try:
        one_t, many_t = [], []
        for _ in range(repeat):
            n1, t = full_sync(server, 1)
            one_t.append(t)
            n4, t = full_sync(server, workers)
            many_t.append(t)
        assert n1 == n4
    finally:
        server.close()
    one, many = statistics.median(one_t), statistics.median(many_t)
    return {"tickets": n1, "one_cursor_s": one, "many_cursors_s": many, "ratio": one / many}


def bench_scale(sizes: list[int]) -> dict:
    """Full-pipeline time for each size (4 cursors, loopback); the exponent between the smallest and the
    largest: time ~ tickets^e (1.0: flat cost per ticket)."""
    times = {}
    for size in sizes:
        server = Server(config_for(size))
        try:
            n, t = full_sync(server, 4)
        finally:
            server.close()
        times[n] = t
    (n1, t1), (n2, t2) = min(times.items()), max(times.items())
    return {"times": times, "exponent": math.log(t2 / t1) / math.log(n2 / n1) if n2 > n1 else 1.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=24_000)
    parser.add_argument("--wan-tickets", type=int, default=6_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", default="10000,100000", help="ticket counts for the scaling run")
    parser.add_argument("--skip", default="", help="comma-separated: ingest,wan,wan8,scale")
    args = parser.parse_args(argv)
    skip = set(args.skip.split(","))
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores, shared)")
    if "ingest" not in skip:
        print_ingest(bench_ingest(args.tickets, args.repeat), args.repeat)
    for name, latency, workers in (("wan", 0.05, 4), ("wan8", 0.1, 8)):
        if name not in skip:
            wan = bench_wan(args.wan_tickets, args.repeat, latency, workers)
            goal = 3.5 if workers == 4 else 6.0
            print(
                f"WAN     {wan['tickets']:,} tickets, {latency * 1000:.0f} ms per request (median of {args.repeat}):"
            )
            print(f"  1 cursor                : {wan['one_cursor_s']:.2f} s")
            print(f"  {workers} cursors               : {wan['many_cursors_s']:.2f} s")
            print(f"  speed-up                : {wan['ratio']:.2f}x   (goal >= {goal}x)")
    if "scale" not in skip:
        scale = bench_scale([int(n) for n in args.scale.split(",")])
        for n, t in sorted(scale["times"].items()):
            print(f"scale   {n:,} tickets: {t:.2f} s ({t / n * 1e6:.0f} us/ticket)")
        print(f"  exponent                : {scale['exponent']:.3f}   (goal <= 1.02)")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def print_ingest(ingest: dict, repeat: int) -> None:
    print(f"ingest  {ingest['tickets']:,} tickets, 4 cursors (median of {repeat}):")
    print(f"  raw fetch + JSON decode : {ingest['raw_s']:.2f} s  ({ingest['raw_per_s']:,.0f} tickets/s)")
    print(f"  full pipeline           : {ingest['full_s']:.2f} s  ({ingest['full_per_s']:,.0f} tickets/s)")
    print(f"  ratio full/raw          : {ingest['ratio']:.2f}x   (goal >= 0.8x)")
    print(
        f"  runs raw {[f'{t:.2f}' for t in ingest['raw_all']]} full {[f'{t:.2f}' for t in ingest['full_all']]}"
    )
    for kind in ("raw", "full"):
        client, sim = ingest["cpu_us"][kind]
        print(f"  CPU per ticket, {kind:4}    : client {client:.0f} us, simulator {sim:.0f} us")
    # The most any arrangement of this work could reach here: the full run's CPU (client and simulator,
    # user and system) spread over every core with no wait at all, against the raw fetch's wall.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    floor_us = sum(ingest["cpu_us"]["full"]) / cores
    raw_us = ingest["raw_s"] / ingest["tickets"] * 1e6
    print(
        f"  ceiling of this work    : {raw_us / floor_us:.2f}x   (client + simulator CPU of the full run over "
        f"{cores} cores with no wait: {floor_us:.0f} us a ticket; the raw fetch took {raw_us:.0f})"
    )
    print(
        f"  page arrival -> committed (searchable): p95 {ingest['lag_p95']:.2f} s, max {ingest['lag_max']:.2f} s"
    )
    wall, busy, cpu, queued = ingest["writer"]
    print(
        f"  writer thread in save_pages: {busy / wall:.0%} of the full syncs' wall; of that time its CPU "
        f"{cpu / busy:.0%}, queued for a core {queued / busy:.0%}, blocked (GIL, disk) {1 - (cpu + queued) / busy:.0%}"
    )


if __name__ == "__main__":
    sys.exit(main())
