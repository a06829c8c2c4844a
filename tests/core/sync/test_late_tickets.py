"""Issue #11, late tickets: every incremental sync reads a safety overlap again (OWS persists some tickets into
an hour a client has already read), and plain ``sync`` continues after a failed sync with an earlier start."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import format_iso_utc, from_epoch_us
from ows_desktop.simulator import FakeOws, FaultPlan, SimConfig
from ows_desktop.sync import engine

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


def test_a_sync_to_a_future_end_covers_up_to_now_so_the_next_sync_still_runs(tmp_path):
    """OWS holds no ticket persisted after now: a range ending in the future is synced up to now and
    recorded so, else the next plain sync started after that end (exit 2, 'the sync range is empty') and
    tickets persisted between the run and that end were never fetched."""
    with FakeOws(CONFIG) as ows:
        lo, _hi = ows.generator.persist_range()
        future = datetime.now(UTC) + timedelta(hours=2)
        code, ctx = _run(
            tmp_path, "sync", "--base-url", ows.api_url, "--start", str(lo), "--end", future.isoformat()
        )
        assert code == 0, ctx.stderr.getvalue()
        assert "The range's end is in the future: synced up to now." in ctx.stdout.getvalue()
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--json")
        assert code == 0, ctx.stderr.getvalue()
        summary = json.loads(ctx.stdout.getvalue())
        first, last = (datetime.fromisoformat(summary[k].replace("Z", "+00:00")) for k in ("start", "end"))
        assert first < last <= datetime.now(UTC)
        # wholly in the future: refused before any request, nothing recorded
        start = (future - timedelta(hours=1)).isoformat()
        code, ctx = _run(
            tmp_path, "sync", "--base-url", ows.api_url, "--start", start, "--end", future.isoformat()
        )
        assert code == 2 and "starts in the future" in ctx.stderr.getvalue()


def test_plain_sync_runs_on_a_cache_whose_coverage_an_older_version_recorded_past_now(tmp_path, monkeypatch):
    with FakeOws(CONFIG) as ows:
        lo, _hi = ows.generator.persist_range()
        future = datetime.now(UTC) + timedelta(hours=2)
        with monkeypatch.context() as older:  # a version that recorded a future end as covered
            older.setattr(engine, "now_utc", lambda: future + timedelta(hours=1))
            code, ctx = _run(
                tmp_path, "sync", "--base-url", ows.api_url, "--start", str(lo), "--end", future.isoformat()
            )
        assert code == 0, ctx.stderr.getvalue()
        code, ctx = _run(tmp_path, "sync", "--base-url", ows.api_url, "--json")
        assert code == 0, ctx.stderr.getvalue()  # was: "The sync range is empty", exit 2, at every sync
        summary = json.loads(ctx.stdout.getvalue())
        first, last = (datetime.fromisoformat(summary[k].replace("Z", "+00:00")) for k in ("start", "end"))
        assert first < last <= datetime.now(UTC)
