"""Builds (once) the large ticket cache the search and memory benchmarks use, straight into the store.

    python tests/bench/bench_store_data.py [--tickets 5000000] [--out tests/bench/data/5m.sqlite3]

Tickets come from the simulator's generator (realistic lines, CJK/accents, exceptions), normalised by the
real normaliser and loaded with ``store.bulk_upsert``, so the cache is what a sync would have written. The file is
reused by later runs (tests/bench/data/ is git-ignored)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.store import TicketQuery, open_store

DATA = Path(__file__).resolve().parent / "data"


def config_for(tickets: int) -> SimConfig:
    stores, days = 50, 30
    per_day = max(1, -(-tickets // (stores * days)))
    return SimConfig(
        seed=2026, stores=stores, terminals_per_store=4, days=days, tickets_per_store_day=per_day
    )


def build(path: Path, tickets: int, *, log=print) -> Path:
    if path.exists():
        with open_store(path) as store, store.reader() as reader:
            have = reader.count(TicketQuery())
        if have >= tickets:
            return path
        log(f"{path} has {have} tickets, rebuilding")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    gen = TicketGenerator(config_for(tickets))
    total = min(tickets, gen.count())
    started = time.monotonic()

    def stream():
        for i in range(total):
            if i and i % 250_000 == 0:
                rate = i / (time.monotonic() - started)
                log(f"  {i:,} tickets, {rate:,.0f}/s, ETA {(total - i) / rate / 60:.1f} min")
            yield normalise_ticket(gen.ticket(i))

    with open_store(path) as store:
        store.bulk_upsert(stream(), batch_size=50_000)
    log(
        f"built {path} with {total:,} tickets in {time.monotonic() - started:.0f} s "
        f"({path.stat().st_size / 1e6:.0f} MB)"
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or DATA / f"{args.tickets // 1000}k.sqlite3"
    out.parent.mkdir(parents=True, exist_ok=True)
    build(out, args.tickets, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
