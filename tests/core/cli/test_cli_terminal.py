"""What a person at a terminal reads while a sync runs: the progress bar holds its line (``\\r`` redraws), so a
retry said meanwhile must start a line of its own, not be glued after the bar (stderr is a real pseudo-terminal
here, read back through a minimal screen: ``\\r`` returns to the line's start, ``\\n`` starts the next)."""

from __future__ import annotations

import io
import os
import pty
from dataclasses import replace

import pytest
from cli_support import make_ctx

from ows_desktop.cli.main import main
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.simulator import FakeOws, FaultPlan, SimConfig

CONFIG = SimConfig(seed=3, stores=1, terminals_per_store=2, days=1, tickets_per_store_day=400, users=10)


def screen(raw: str) -> list[str]:
    lines, col = [""], 0
    for ch in raw:
        if ch == "\r":
            col = 0
        elif ch == "\n":
            lines.append("")
            col = 0
        else:
            line = lines[-1]
            lines[-1] = line[:col].ljust(col) + ch + line[col + 1 :]
            col += 1
    return [line.rstrip() for line in lines]


@pytest.fixture
def terminal():
    parent, child = pty.openpty()
    stream = io.TextIOWrapper(io.FileIO(child, "w", closefd=True), encoding="utf-8", write_through=True)
    chunks: list[bytes] = []

    def read() -> str:
        stream.flush()
        os.set_blocking(parent, False)
        while True:
            try:
                chunk = os.read(parent, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()

    yield stream, read
    stream.close()
    os.close(parent)


def test_a_retry_during_a_sync_starts_its_own_line_below_the_bar(tmp_path, terminal) -> None:
    stream, read = terminal
    # seed 9: requests 8 and 12 fail once each (500), after the first pages drew the bar
    with FakeOws(CONFIG, faults=FaultPlan(rate=0.15, kinds=("500",), seed=9)) as ows:
        lo, hi = ows.generator.persist_range()
        ctx = make_ctx(tmp_path, env={"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"})
        ctx = replace(
            ctx,
            stderr=stream,
            retry_policy=RetryPolicy(max_attempts=4, base_delay=0.001, sleep=lambda _s: None),
        )
        argv = ["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi), "--workers", "1"]
        assert main(argv, ctx) == 0
    raw = read()
    assert raw.index("\r[") < raw.index("ows-desktop: attempt")  # the bar was on the line when it was said
    said = [line for line in screen(raw) if "ows-desktop: attempt" in line]
    assert len(said) == 1 and said[0].startswith("ows-desktop: attempt 1 of at most 4 failed (")
    assert said[0].endswith("trying again now.")
    assert screen(raw)[-2].startswith("[############################] 100%")  # the bar goes on below it


def test_an_export_on_a_terminal_redraws_one_count_line(paths, store, tmp_path, terminal) -> None:
    """On a terminal an export's count is one line redrawn in place (it printed a line per ticket), ended at
    the last ticket, then the PDF's pages so; the result goes on below them."""
    from datetime import timedelta

    from cli_support import ctx_on
    from review_helpers import T0, tk

    stream, read = terminal
    store.upsert_tickets([tk(f"T-{n:04d}", start=T0 + timedelta(minutes=n)) for n in range(40)])
    ctx = replace(ctx_on(paths), stderr=stream)
    assert (
        main(["export", "--all", "--format", "pdf", "--clips", "none", "--out", str(tmp_path / "ev")], ctx)
        == 0
    )
    raw = read()
    assert raw.startswith("\rExported 1 of 40 tickets")  # no --progress needed on a terminal
    assert screen(raw)[0] == "Exported 40 of 40 tickets"  # one line, redrawn, then ended
    assert screen(raw)[1].startswith("Wrote page ") and screen(raw)[2:] == [""]
    done, _of, total = screen(raw)[1].removeprefix("Wrote page ").split()[:3]
    assert done == total
