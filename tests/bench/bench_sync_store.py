"""Sync cost per ticket as the cache grows, in CPU time (``time.process_time``: robust to a shared machine's
load, unlike wall time), without the network:

    python tests/bench/bench_sync_store.py 10000 200000 [--tables-alone]

For each size: simulator tickets encoded as OWS pages of 50, then decoded, normalised and stored with
``save_pages`` 16 pages per commit into a fresh cache, as the sync's writer does with 4 cursors (and with
its garbage-collection threshold, sync/collector.py). Prints the client CPU per ticket and the exponent e
of CPU ~ tickets^e between the smallest and the largest size (goal e <= 1.02).

With ``--tables-alone``, each size is stored a second time into a store without its search structures (every
non-unique index dropped as it opens, no full-text indexing; the tables and the unique ticket key kept): the
difference is what the indexes and the full-text index cost a ticket at that size, printed with how much they
may grow between the sizes for the goal to hold."""

from __future__ import annotations

import json
import math
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from ows_desktop.ows.answer_json import AnswerDecoder
from ows_desktop.ows.tickets import normalise_page
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.store import open_store, ticket_rows
from ows_desktop.store.values import PageToSave
from ows_desktop.sync.collector import fewer_collections

PAGE = 50
PAGES_PER_COMMIT = 16  # sync/page_writer.py: BATCH_PAGES_PER_CURSOR (4) x 4 cursors


def pages_of(size: int) -> tuple[list[bytes], float, int]:
    """OWS answers of ``PAGE`` simulator tickets each, and the simulator's CPU per ticket to build them
    (built a page at a time: a million tickets' JSON objects at once would take gigabytes)."""
    generator = TicketGenerator(
        SimConfig(seed=99, stores=4, terminals_per_store=3, days=2, tickets_per_store_day=size // 8)
    )
    indices = generator.indices_in_persist_window(*generator.persist_range())
    generated = 0.0
    bodies = []
    for at in range(0, len(indices), PAGE):
        started = time.process_time()
        raws = [generator.ticket(i) for i in indices[at : at + PAGE]]
        generated += time.process_time() - started
        body = {
            "content": {"cursor": "x", "results": raws}
        }  # as the simulator sends it (simulator/transport.py)
        bodies.append(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return bodies, generated / max(1, len(indices)), len(indices)


def store_cpu(bodies: list[bytes], slices: int = 1, reference: list[bytes] | None = None) -> float:
    """CPU seconds to decode, normalise and store every page, ``PAGES_PER_COMMIT`` pages per commit. With
    ``slices`` > 1, prints the CPU per ticket of each slice of the pages as it goes (where the cost grows),
    and with ``reference`` pages, right after each slice (untimed for the slice), the CPU per ticket of
    storing those into a fresh cache: the same small store measured under the same load as the slice, so
    their ratio tells growth from a change in the machine's load (a 1 M run lasts long enough for that)."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "t.sqlite3") as store:
        (window,) = store.create_windows([(0, 2**62)])
        cpu = 0.0
        batch: list[PageToSave] = []
        slice_pages = max(PAGES_PER_COMMIT, len(bodies) // slices)
        slice_cpu, slice_tickets = 0.0, 0
        answers = AnswerDecoder()
        for number, body in enumerate(bodies):
            started = time.process_time()
            answer, received = answers.loads(body)  # as the client decodes an answer
            page = normalise_page(answer["content"], body, received)
            batch.append(PageToSave(window.id, page.tickets, "c", False, False, body, page.received))
            if len(batch) == PAGES_PER_COMMIT or number == len(bodies) - 1:
                store.save_pages(batch)
                batch = []
            spent = time.process_time() - started
            cpu += spent
            slice_cpu += spent
            slice_tickets += len(page.tickets)
            if slices > 1 and (number + 1) % slice_pages == 0:
                size = Path(tmp, "t.sqlite3").stat().st_size
                per_ticket = slice_cpu / slice_tickets
                beside = ""
                if reference is not None:
                    small = store_cpu(reference) / REFERENCE_TICKETS[0]
                    REFERENCE_RATIOS.append(per_ticket / small)
                    beside = f" (a fresh {REFERENCE_TICKETS[0]:,} now: {small * 1e6:.0f} us/ticket)"
                print(
                    f"    up to page {number + 1:,}: {per_ticket * 1e6:.0f} us/ticket{beside}, "
                    f"cache {size / 2**20:,.0f} MB, written so far {written_bytes() / 2**20:,.0f} MB",
                    flush=True,
                )
                slice_cpu, slice_tickets = 0.0, 0
    return cpu


REFERENCE_TICKETS: list[int] = []  # the smallest size's ticket count, once it is known
REFERENCE_RATIOS: list[
    float
] = []  # each slice's CPU per ticket / the fresh small store's, measured beside it


def written_bytes() -> int:
    """Bytes this process has written (WAL, checkpoints, temp files), Linux only (0 elsewhere): the write
    amplification of random index inserts is what grows with the cache."""
    try:
        lines = Path("/proc/self/io").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith("wchar:")), 0)


@contextmanager
def tables_alone() -> Iterator[None]:
    """Stores opened in the block have no search structures: every non-unique index is dropped as the store
    opens (through a connection of the bench's own, before the store writes) and nothing is indexed for
    full-text search. What is left — the tables, their rowids, the unique ticket key — is what a sync pays a
    ticket for storing alone."""
    global open_store
    opened, indexed = open_store, ticket_rows.index_rows

    def bare(path: Path) -> Any:
        store = opened(path)
        with closing(sqlite3.connect(path)) as conn:
            names = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND sql NOT LIKE 'CREATE UNIQUE%'"
            ).fetchall()
            for (name,) in names:
                conn.execute(f'DROP INDEX "{name}"')
            conn.commit()
        return store

    open_store, ticket_rows.index_rows = bare, lambda *args, **kwargs: None
    try:
        yield
    finally:
        open_store, ticket_rows.index_rows = opened, indexed


def main(sizes: list[int], *, decompose: bool = False) -> int:
    cpu, alone = {}, {}
    reference: list[bytes] | None = None
    for size in sizes:
        bodies, generated, tickets = pages_of(size)
        if reference is None:
            reference = bodies
            REFERENCE_TICKETS.append(tickets)
        before = written_bytes()
        big = tickets >= 100_000
        with fewer_collections():
            cpu[tickets] = store_cpu(bodies, slices=10 if big else 1, reference=reference if big else None)
        print(
            f"{tickets:>9,} tickets: client CPU {cpu[tickets] / tickets * 1e6:.0f} us/ticket, "
            f"{(written_bytes() - before) / tickets / 1024:.1f} KB written per ticket "
            f"(simulator builds one in {generated * 1e6:.0f} us)",
            flush=True,
        )
        if decompose:
            with fewer_collections(), tables_alone():
                alone[tickets] = store_cpu(bodies)
            print(
                f"{'':>9}  the tables alone: {alone[tickets] / tickets * 1e6:.0f} us/ticket -> the search "
                f"structures {(cpu[tickets] - alone[tickets]) / tickets * 1e6:.0f} us/ticket",
                flush=True,
            )
    (n1, c1), (n2, c2) = min(cpu.items()), max(cpu.items())
    if decompose and n2 > n1:
        s1, s2 = (c1 - alone[n1]) / n1, (c2 - alone[n2]) / n2
        allowed = c1 / n1 * (n2 / n1) ** 0.02 - alone[n2] / n2  # what the goal leaves them at n2
        print(
            f"search structures: {s1 * 1e6:.1f} -> {s2 * 1e6:.1f} us/ticket ({s2 / s1:.2f}x) from {n1:,} to "
            f"{n2:,} tickets; exponent <= 1.02 allows them {allowed * 1e6:.1f} ({allowed / s1:.2f}x) beside "
            f"these tables (log2 N grows {math.log2(n2) / math.log2(n1):.2f}x)"
        )
    if n2 > n1:
        print(f"exponent of CPU ~ tickets^e: {math.log(c2 / c1) / math.log(n2 / n1):.3f}   (goal <= 1.02)")
        if REFERENCE_RATIOS:
            ratio = statistics.mean(
                REFERENCE_RATIOS
            )  # the largest size's slices against the small store beside
            print(
                f"load-paired: {n2:,} tickets cost {ratio:.3f}x per ticket of a fresh {n1:,} measured beside each "
                f"slice -> exponent {1 + math.log(ratio) / math.log(n2 / n1):.3f}   (goal <= 1.02)"
            )
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(
        main(
            [int(x) for x in args if x != "--tables-alone"] or [10_000, 100_000],
            decompose="--tables-alone" in args,
        )
    )
