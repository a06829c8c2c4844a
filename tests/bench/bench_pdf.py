"""PDF case report speed (#14): exhibits per second for the evidence PDF without snapshots.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_pdf.py [--tickets 2000] [--profile]

Fills a fresh store with simulator tickets (the real normaliser), flags them with a note, then times
``export_tickets(..., "pdf")`` (the whole export: collect, JSON data file, the PDF, manifest) and, for the
share the PDF takes, the same export as JSON. Prints tickets/s and checks the PDF's page count and its
"Page N of M" footers (page 3, and the last page: the two processes' pages are joined in order) with
pdfinfo/pdftotext when installed. "layout/drawing process" CPU is the second process's: it lays out exhibits, then draws the last ones.
Goal: ≥ 500 tickets/s."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ows_desktop.export.collect import Selection
from ows_desktop.export.pdf import ensure_gui_application
from ows_desktop.store import open_store
from ows_desktop.store.query import TicketQuery

# The PDF's layout and drawing process is spawned: it imports this script as its main module, as it imports
# the app's entry point (cli/main.py, ~0.01 CPU-s more than what it needs anyway). The simulator and the
# exporter are imported where used, so that the bench's child does not pay ~0.09 CPU-s the app's does not.


def fill(store, tickets: int) -> None:
    from ows_desktop.ows.tickets import normalise_ticket
    from ows_desktop.simulator import SimConfig, TicketGenerator

    days = max(1, tickets // 400)
    config = SimConfig(seed=7, stores=4, terminals_per_store=2, days=days, tickets_per_store_day=100,
                       start=datetime(2026, 10, 1, tzinfo=UTC))  # fmt: skip
    generator = TicketGenerator(config)
    count = min(tickets, generator.count())
    for start in range(0, count, 2000):
        store.upsert_tickets(
            [normalise_ticket(generator.ticket(i)) for i in range(start, min(count, start + 2000))]
        )
    with store.reader() as reader:
        keys = [r.key for r in reader.iter_rows(TicketQuery(), batch=5000)][:tickets]
    for start in range(0, len(keys), 2000):
        store.review.flag_tickets(
            keys[start : start + 2000], reason="Void abuse", note="bench note ‮ reversed", who="bench"
        )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(store, fmt: str, out: Path) -> tuple[float, float, int, float]:
    """Wall-clock and CPU seconds of one export (the CPU time moves less with the machine's load), and the
    CPU seconds of the PDF's second process (export/report_worker.py: layout, then the last pages) besides."""
    from ows_desktop.export.bundle import export_tickets

    shutil.rmtree(out, ignore_errors=True)
    with store.reader() as reader:
        t0, c0, k0 = time.perf_counter(), time.process_time(), children_cpu()
        result = export_tickets(reader, Selection.flagged(), fmt, out, investigator="Benchmark")
        return time.perf_counter() - t0, time.process_time() - c0, result.tickets, children_cpu() - k0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        with open_store(work / "store.db") as store:
            fill(store, args.tickets)
            ensure_gui_application()  # Qt's start-up is the window's, not the export's
            json_s, json_cpu, n, _ = run(store, "json", work / "json")
            if args.profile:
                profile = cProfile.Profile()
                profile.enable()
            pdf_s, pdf_cpu, n, layout_cpu = run(store, "pdf", work / "pdf")
            if args.profile:
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
            pdf = work / "pdf" / "case-report.pdf"
            pages = "?"
            if shutil.which("pdfinfo"):
                info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
                pages = re.search(r"Pages:\s+(\d+)", info).group(1)  # type: ignore[union-attr]
            if shutil.which("pdftotext"):
                text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(pdf), "-"], capture_output=True,
                                      text=True).stdout  # fmt: skip
                assert f"Page 3 of {pages}" in text, text[-300:]
                last = subprocess.run(["pdftotext", "-f", pages, "-l", pages, str(pdf), "-"], capture_output=True,
                                      text=True).stdout  # fmt: skip
                assert f"Page {pages} of {pages}" in last, last[
                    -300:
                ]  # the two processes' pages joined in order
            load = os.getloadavg()[0]
            print(f"{n:,} tickets: PDF export {pdf_s:.2f} s = {n / pdf_s:,.0f} tickets/s, CPU {pdf_cpu:.2f} s = "
                  f"{n / pdf_cpu:,.0f} tickets/CPU-s + layout/drawing process {layout_cpu:.2f} CPU-s (JSON export of the same {json_s:.2f} s, CPU {json_cpu:.2f} s "
                  f"= {n / json_cpu:,.0f} tickets/CPU-s); {pages} pages, {pdf.stat().st_size / 1e6:.1f} MB; "
                  f"load {load:.1f}")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
