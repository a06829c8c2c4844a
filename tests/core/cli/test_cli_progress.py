"""``--progress`` when standard error is a file or a pipe: a count at most every 5 s, the first at once and
the last always (ows-desktop export --all --format pdf --progress 2>err wrote 1,801 lines for 1,800 tickets,
one per ticket); ``sync --progress`` the same way (it showed nothing but on a terminal). One piece of code for
both: cli/progress_lines.py. What a terminal shows is in test_cli_terminal.py."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from pathlib import Path

from cli_support import ctx_on, make_ctx
from review_helpers import T0, tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.main import main
from ows_desktop.cli.progress_lines import ProgressLine
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.simulator import FakeOws, SimConfig

TICKETS = 60
CONFIG = SimConfig(seed=5, stores=1, terminals_per_store=2, days=1, tickets_per_store_day=300, users=10)


def _most(elapsed: float) -> int:
    """The lines a throttled count may write in ``elapsed`` seconds: the first, one per 5 s, the last."""
    return 2 + int(elapsed / ProgressLine.EVERY_S)


def test_export_progress_to_a_file_is_a_throttled_count_ending_with_the_last(
    paths: AppPaths, store, tmp_path: Path
) -> None:
    from datetime import timedelta

    store.upsert_tickets([tk(f"T-{n:04d}", start=T0 + timedelta(minutes=n)) for n in range(TICKETS)])
    ctx = ctx_on(paths)
    argv = [
        "export",
        "--all",
        "--format",
        "pdf",
        "--clips",
        "none",
        "--progress",
        "--out",
        str(tmp_path / "ev"),
    ]
    began = time.monotonic()
    assert main(argv, ctx) == 0, ctx.stderr.getvalue()
    elapsed = time.monotonic() - began
    lines = ctx.stderr.getvalue().splitlines()
    counted = [line for line in lines if line.startswith("Exported ")]
    pages = [line for line in lines if line.startswith("Wrote page ")]
    assert counted[0] == f"Exported 1 of {TICKETS} tickets"  # at once: the script sees it started
    assert counted[-1] == f"Exported {TICKETS} of {TICKETS} tickets"  # and always the last
    assert 2 <= len(counted) <= _most(elapsed), (len(counted), elapsed)  # not one line per ticket
    assert pages and pages[-1].startswith("Wrote page ") and len(pages) <= _most(elapsed)
    done, _of, total = pages[-1].removeprefix("Wrote page ").split()[:3]
    assert done == total, pages[-1]
    assert all(line.startswith(("Exported ", "Wrote page ")) for line in lines), lines


def test_export_to_a_file_without_progress_says_no_count(paths: AppPaths, store, tmp_path: Path) -> None:
    store.upsert_tickets([tk("T-1"), tk("T-2")])
    ctx = ctx_on(paths)
    assert (
        main(["export", "--all", "--format", "json", "--clips", "none", "--out", str(tmp_path / "e")], ctx)
        == 0
    )
    assert ctx.stderr.getvalue() == ""


def test_sync_progress_to_a_file_is_the_same_throttled_count(tmp_path: Path) -> None:
    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        argv = ["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi), "--workers", "1"]
        quiet = make_ctx(tmp_path / "quiet", env=env)
        assert main(argv, quiet) == 0, quiet.stderr.getvalue()
        assert quiet.stderr.getvalue() == ""  # not asked, not a terminal: nothing, as before
        ctx = make_ctx(tmp_path / "asked", env=env)
        ctx = replace(
            ctx, stderr=io.StringIO(), retry_policy=RetryPolicy(max_attempts=2, sleep=lambda _s: None)
        )
        began = time.monotonic()
        assert main([*argv, "--progress"], ctx) == 0, ctx.stderr.getvalue()
        elapsed = time.monotonic() - began
    bars = ctx.stderr.getvalue().splitlines()
    assert bars and len(bars) <= _most(elapsed) and all(bar.startswith("[") for bar in bars), bars
    assert bars[-1].startswith(f"[{'#' * 28}] 100%  ") and " tickets  " in bars[-1], bars[-1]


def test_the_service_refuses_progress_it_would_not_show(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path)
    assert main(["sync", "--every", "5m", "--progress", "--base-url", "http://127.0.0.1:9"], ctx) == 2
    assert ctx.stderr.getvalue() == (
        "ows-desktop: --progress shows one sync's progress; the service (--every) logs a line per run.\n"
    )
