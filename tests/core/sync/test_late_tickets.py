"""Issue #11, late tickets: every incremental sync reads a safety overlap again (OWS persists some tickets into
an hour a client has already read), and plain ``sync`` continues after a failed sync with an earlier start."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import format_iso_utc, from_epoch_us
from ows_desktop.simulator import FakeOws, FaultPlan, SimConfig

CONFIG = SimConfig(seed=21, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=150)
ENV = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
MINUTE_US = 60_000_000


def _ctx(tmp_path) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env=dict(ENV),
        retry_policy=RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.001, sleep=lambda _s: None),
    )


def _run(tmp_path, *args: str) -> tuple[int, CliContext]:
    ctx = _ctx(tmp_path)
    return main(list(args), ctx), ctx


def _stored_ids(tmp_path) -> set[str]:
    code, ctx = _run(tmp_path, "search", "--json", "--limit", "0")
    assert code == 0, ctx.stderr.getvalue()
    return {t["id"] for t in json.loads(ctx.stdout.getvalue())}


def test_sync_to_now_reads_the_overlap_again_and_finds_late_tickets(tmp_path):
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        mid = lo + (hi - lo) // 2
        late = ows.withhold(mid - 30 * MINUTE_US, mid)  # persisted in the last synced half hour, shown late
        assert late
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(mid))
        assert code == 0, ctx.stderr.getvalue()
        assert _stored_ids(tmp_path) == ows.generator.all_ids_in_window(lo, mid) - late

        ows.release_withheld()
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--end", str(hi), "--json")
        assert code == 0, ctx.stderr.getvalue()
        summary = json.loads(ctx.stdout.getvalue())
        assert summary["start"] == format_iso_utc(from_epoch_us(mid - 60 * MINUTE_US))  # the 60 min default
        stored = _stored_ids(tmp_path)
        assert late <= stored
        assert stored == ows.generator.all_ids_in_window(lo, hi)
        assert summary["stored_tickets"] == len(stored)  # the overlap was deduplicated by the upsert


def test_plain_sync_continues_after_a_failed_sync_with_an_earlier_start(tmp_path):
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        mid = lo + (hi - lo) // 2
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--start", str(mid), "--end", str(hi))
        assert code == 0, ctx.stderr.getvalue()

        ows.faults = FaultPlan(rate=1.0, kinds=("503",))  # the earlier range fails on every request
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi))
        assert code == 4, ctx.stderr.getvalue()

        ows.faults = None
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--end", str(hi), "--json")
        assert code == 0, ctx.stderr.getvalue()
        assert "Nothing has been synced yet" not in ctx.stderr.getvalue()
        assert json.loads(ctx.stdout.getvalue())["start"] == format_iso_utc(from_epoch_us(lo))
        assert _stored_ids(tmp_path) == ows.generator.all_ids_in_window(lo, hi)


def test_the_overlap_is_the_sync_overlap_minutes_setting(tmp_path):
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        mid = lo + (hi - lo) // 2
        late = ows.withhold(
            mid - 80 * MINUTE_US, mid - 70 * MINUTE_US, share=1.0
        )  # beyond the 60 min default
        assert late
        ctx = _ctx(tmp_path)
        ctx.settings().set("sync/overlap_minutes", 90)
        assert main(["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(mid)], ctx) == 0
        ows.release_withheld()
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--end", str(hi), "--json")
        assert code == 0
        start = json.loads(ctx.stdout.getvalue())["start"]
        assert start == format_iso_utc(from_epoch_us(mid) - timedelta(minutes=90))
        assert late <= _stored_ids(tmp_path)
