"""Review benchmark (not part of the test run): exception rules over a large cache, and evidence exports.

    python tests/bench/bench_review.py [--tickets 1000000] [--flagged 10000] [--pdf-tickets 10000]

* rules: ``RuleRunner.run_all`` over every stored ticket (goal ≥ 50 000 tickets/s), then the incremental
  path a sync takes (50-ticket pages upserted, ``apply_pending`` after each);
* the v2 → v3 migration's facts backfill rate (what opening an older cache costs once);
* export of ``--flagged`` flagged tickets to CSV (goal ≤ 2 s), JSON and the PDF case report, each checked
  with ``sha256sum -c``; page 3 of the PDF is rendered to PNG with pdftoppm (path printed) to look at.

The cache is built once with the simulator (tests/bench/data/review-<n>k.sqlite3, git-ignored) and reused.
Figures are printed and written to tests/bench/RESULTS.md between the ``review`` markers (other sections
of that file are left alone)."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store_data import build

from ows_desktop.export import Selection, export_tickets
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.rules import RuleRunner
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.store import TicketQuery, open_store

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "RESULTS.md"
RULES_GOAL = 50_000
CSV_GOAL_S = 2.0
START, END = "<!-- review:start -->", "<!-- review:end -->"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_rules(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    with open_store(path) as store:
        runner = RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"})
        with store.reader() as reader:
            tickets = reader.count(TicketQuery())
        log(f"rules: run_all over {tickets:,} tickets …")
        stats = runner.run_all(store)  # a first run also drains the queue a bulk load leaves
        stats = runner.run_all(store)
        out.update(tickets=tickets, rules_s=stats.seconds, rules_rate=stats.rate, exceptions=stats.exceptions)
        log(f"  {stats.seconds:.1f} s, {stats.rate:,.0f} tickets/s, {stats.exceptions:,} exceptions")

        # The sync path: 50-ticket pages of new tickets (another simulated tenant, with a seed of its own per
        # run so the keys are new; each run adds these 10 000 tickets to the cache).
        seed = time.time_ns() % 1_000_000
        gen = TicketGenerator(SimConfig(seed=seed, stores=4, days=2, tickets_per_store_day=1250))

        def fresh(i: int):  # simulator ids depend on store/register/sequence only: make them this run's
            raw = gen.ticket(i)
            for name in ("id", "Id"):
                if name in raw:
                    raw[name] = f"{raw[name]}-r{seed}"
            return normalise_ticket(raw)

        pages = [
            [fresh(i) for i in range(start, min(start + 50, gen.count()))]
            for start in range(0, gen.count(), 50)
        ]
        upsert_s = rules_s = 0.0
        for page in pages:
            t0 = time.perf_counter()
            store.upsert_tickets(page)
            t1 = time.perf_counter()
            runner.apply_pending(store)
            t2 = time.perf_counter()
            upsert_s += t1 - t0
            rules_s += t2 - t1
        out.update(
            inc_pages=len(pages),
            inc_upsert_ms=upsert_s * 1000 / len(pages),
            inc_rules_ms=rules_s * 1000 / len(pages),
        )
        log(
            f"  incremental: {len(pages)} pages of 50, upsert {out['inc_upsert_ms']:.1f} ms/page, "
            f"rules {out['inc_rules_ms']:.1f} ms/page"
        )
    return out


def bench_backfill(sample: int = 20_000) -> float:
    """Facts backfill rate (tickets/s) as the v3 migration does it, on a fresh cache of ``sample`` tickets."""
    from ows_desktop.store.migrations.v3_review import _backfill_facts

    gen = TicketGenerator(SimConfig(seed=5, stores=4, days=5, tickets_per_store_day=sample // 20))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.sqlite3"
        with open_store(path) as store:
            store.bulk_upsert(normalise_ticket(gen.ticket(i)) for i in range(gen.count()))
        conn = sqlite3.connect(path)  # the migration's own connection, as at the v2 → v3 upgrade
        try:
            with conn:
                conn.execute("DELETE FROM ticket_items")
                conn.execute("DELETE FROM ticket_facts")
                t0 = time.perf_counter()
                _backfill_facts(conn)
                rate = gen.count() / (time.perf_counter() - t0)
        finally:
            conn.close()
    log(f"migration backfill: {rate:,.0f} tickets/s")
    return rate


def bench_exports(path: Path, flagged: int, pdf_tickets: int, out_dir: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    with open_store(path) as store:
        with store.reader() as reader:
            keys = [r.key for r in reader.iter_rows(TicketQuery(exceptions=("void_then_no_sale", "post_void",
                    "refund_unmatched", "discount_self_approved", "price_override", "whole_dollar_cash")), batch=5000)]  # fmt: skip
            keys = keys[:flagged]
            already = reader.count(TicketQuery(flagged=True))
        if already != len(keys):
            with closing(sqlite3.connect(store.path)) as conn, conn:  # start from exactly these flags
                conn.execute("DELETE FROM flags")
            t0 = time.perf_counter()
            for start in range(0, len(keys), 2000):
                chunk = keys[start : start + 2000]
                store.review.flag_tickets(chunk, reason="Void abuse", note="bench note", who="bench")
            log(f"flagged {len(keys):,} tickets in {time.perf_counter() - t0:.1f} s")
        out["flagged"] = len(keys)
        for fmt, limit in (("csv", None), ("json", None), ("pdf", pdf_tickets)):
            target = out_dir / fmt
            shutil.rmtree(target, ignore_errors=True)
            selection = Selection.flagged()
            if limit is not None and limit < len(keys):
                from dataclasses import replace

                with store.reader() as reader:
                    ids = reader.ids(selection.query, limit=limit)
                    last = reader.rows([ids[-1]])[0]
                selection = Selection("flagged", replace(selection.query, end=last.time + timedelta(milliseconds=1)),
                                      selection.description)  # fmt: skip
            runs = []
            for _ in range(3 if fmt == "csv" else 1):  # CSV is short: best of three against machine noise
                shutil.rmtree(target, ignore_errors=True)
                with store.reader() as reader:
                    t0 = time.perf_counter()
                    result = export_tickets(reader, selection, fmt, target, investigator="Benchmark")
                    runs.append(time.perf_counter() - t0)
            seconds = min(runs)
            out[f"{fmt}_runs"] = ", ".join(f"{r:.2f}" for r in runs)  # type: ignore[assignment]
            check = subprocess.run(["sha256sum", "-c", "--quiet", "MANIFEST.sha256"], cwd=target, check=False)
            size = sum(f.bytes for f in result.files)
            out[f"{fmt}_s"] = seconds
            out[f"{fmt}_tickets"] = result.tickets
            out[f"{fmt}_mb"] = size / 1e6
            log(f"export {fmt}: {result.tickets:,} tickets in {seconds:.2f} s, {size / 1e6:.1f} MB, "
                f"manifest {'OK' if check.returncode == 0 else 'FAILED'}")  # fmt: skip
            if check.returncode != 0:
                raise SystemExit("manifest check failed")
    png = out_dir / "pdf-page"
    subprocess.run(["pdftoppm", "-r", "80", "-f", "3", "-l", "3", "-png", str(out_dir / "pdf" / "case-report.pdf"),
                    str(png)], check=True)  # fmt: skip
    log(f"rendered page 3 to {png}-*.png")
    return out


def write_results(figures: dict[str, float], args: argparse.Namespace) -> str:
    f = figures
    extrapolated = ""
    if f["tickets"] < 1_000_000:
        extrapolated = (
            f" (measured on {f['tickets']:,.0f}; the rate is per ticket and roughly flat with size)"
        )
    text = f"""{START}
## Review: exception rules and evidence export (`tests/bench/bench_review.py`)

Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}; shared with
other jobs while measured (load average {os.getloadavg()[0]:.1f}), so figures vary by ±50 % between runs.
Cache built by the simulator ({f["tickets"]:,.0f} tickets, every rule firing somewhere).

| What | Figure | Goal |
|---|---|---|
| Rules, whole store (`RuleRunner.run_all`) | {f["rules_rate"]:,.0f} tickets/s ({f["rules_s"]:.1f} s, {f["exceptions"]:,.0f} exceptions){extrapolated} | ≥ {RULES_GOAL:,} tickets/s |
| Rules during a sync (`apply_pending` per 50-ticket page) | {f["inc_rules_ms"]:.1f} ms/page (upsert of the page: {f["inc_upsert_ms"]:.1f} ms) | — |
| v2 → v3 migration facts backfill (one-off) | {f["backfill_rate"]:,.0f} tickets/s | — |
| CSV export of {f["csv_tickets"]:,.0f} flagged tickets | {f["csv_s"]:.2f} s, best of 3 runs ({f["csv_runs"]} s; {f["csv_mb"]:.1f} MB) | ≤ {CSV_GOAL_S:g} s |
| JSON export of {f["json_tickets"]:,.0f} flagged tickets | {f["json_s"]:.2f} s ({f["json_mb"]:.1f} MB) | — |
| PDF case report, {f["pdf_tickets"]:,.0f} tickets | {f["pdf_s"]:.1f} s ({f["pdf_mb"]:.1f} MB, {f["pdf_tickets"] / f["pdf_s"]:,.0f} exhibits/s) | — |

Every export was verified with `sha256sum -c MANIFEST.sha256`. Run: `python tests/bench/bench_review.py
--tickets {args.tickets} --flagged {args.flagged} --pdf-tickets {args.pdf_tickets}`.
{END}"""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in old and END in old:
        new = old[: old.index(START)] + text + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--flagged", type=int, default=10_000)
    parser.add_argument("--pdf-tickets", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ows-bench-review")
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"review-{args.tickets // 1000}k.sqlite3"
    started = time.perf_counter()
    build(path, args.tickets, log=log)
    log(
        f"cache ready: {path} ({path.stat().st_size / 1e6:,.0f} MB) after {time.perf_counter() - started:.0f} s"
    )
    figures = bench_rules(path)
    figures["backfill_rate"] = bench_backfill()
    args.out.mkdir(parents=True, exist_ok=True)
    figures.update(bench_exports(path, args.flagged, args.pdf_tickets, args.out))
    print(write_results(figures, args))
    ok = figures["rules_rate"] >= RULES_GOAL and figures["csv_s"] <= CSV_GOAL_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
