"""The headless sync service (issue #16): ``ows-desktop sync --store URL --every …`` against the simulator and
a real PostgreSQL team store: three scheduled runs while the simulated tenant persists new tickets, compared
with the server's truth; SIGTERM in the middle of a run, then the next run resumes exactly."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext, open_store
from ows_desktop.cli.main import main
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws, SimConfig

CONFIG = SimConfig(
    seed=16, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=240, late_fraction=0.0
)
ENV = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}


def _ctx(tmp_path: Path, now=None) -> CliContext:  # type: ignore[no-untyped-def]
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env=dict(ENV),
        retry_policy=RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.001, sleep=lambda _s: None),
        now=now,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store the service keeps current: a single-seat file or the team store."""
    if request.param == "sqlite":
        return f"sqlite:{tmp_path / 'service.db'}"
    return str(request.getfixturevalue("pg_url"))


def _sql(store_url: str, statement: str) -> list[tuple[object, ...]]:
    if store_url.startswith("sqlite:"):
        import sqlite3

        with contextlib.closing(sqlite3.connect(store_url.removeprefix("sqlite:"))) as conn:
            return conn.execute(statement).fetchall()
    with psycopg.connect(store_url, autocommit=True) as conn:
        return conn.execute(statement).fetchall()


def _stored_ids(store_url: str) -> list[str]:
    return [str(key) for (key,) in _sql(store_url, "SELECT id FROM tickets ORDER BY id")]


def test_three_scheduled_runs_follow_a_live_tenant(tmp_path: Path, store_url: str) -> None:
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        ends = [lo + (hi - lo) // 3, lo + 2 * (hi - lo) // 3, hi]
        clock_calls: list[int] = []

        def now() -> datetime:  # OWS's "now" moves on before each run: the tickets persisted meanwhile appear
            ows.persisted_until_us = ends[len(clock_calls)]
            clock_calls.append(ows.persisted_until_us)
            return from_epoch_us(ows.persisted_until_us)

        waits: list[float] = []
        ctx = replace(_ctx(tmp_path, now), service_wait=waits.append)  # the 30 s between runs not waited
        started = datetime.now(UTC)
        argv = ["--store", store_url, "sync", "--base-url", ows.api_url, "--every", "30s", "--cycles", "3"]
        code = main([*argv, "--start", str(lo)], ctx)
        err = ctx.stderr.getvalue()  # type: ignore[attr-defined]
        assert code == 0, err
        runs = [line for line in err.splitlines() if line.startswith("Run ")]
        assert [line.split(":")[0] for line in runs] == ["Run 1", "Run 2", "Run 3"]
        new_per_run = [int(line.split("(")[1].split(" new")[0]) for line in runs]
        truth = [ows.generator.all_ids_in_window(lo, end) for end in ends]
        assert new_per_run == [len(truth[0]), len(truth[1] - truth[0]), len(truth[2] - truth[1])]
        assert all(n > 0 for n in new_per_run)
        stored = _stored_ids(store_url)
        assert len(stored) == len(set(stored))  # nothing twice, although each run read the overlap again
        assert set(stored) == truth[2]
        assert "Sync service stopped." in err and waits == [30.0, 30.0]
        # the store named by URL records its own last sync ("Last sync"); this computer's cache has none
        (finished_us,) = _sql(store_url, "SELECT value FROM review_meta WHERE key = 'sync_finished_us'")[0]
        assert started <= from_epoch_us(int(finished_us)) <= datetime.now(UTC)  # type: ignore[arg-type]
        assert not list((tmp_path / "data").rglob("tickets*.sqlite3"))


def test_the_services_runs_into_this_computers_cache_are_recorded_in_it_for_the_window(
    tmp_path: Path,
) -> None:
    """The window said "Never synced" beside tickets a command-line sync had stored; the service's runs into
    the tenant's own cache record in that cache when each finished."""
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        ctx = _ctx(tmp_path, lambda: from_epoch_us(hi))
        started = datetime.now(UTC)
        code = main(
            ["sync", "--base-url", ows.api_url, "--every", "30s", "--cycles", "1", "--start", str(lo)], ctx
        )
        assert code == 0, ctx.stderr.getvalue()  # type: ignore[attr-defined]
        with open_store(ctx) as cache, cache.reader() as reader:
            finished = reader.last_sync_finished()
        assert finished is not None and started <= finished <= datetime.now(UTC)


def test_a_bad_interval_or_a_first_run_without_start_says_what_to_do(tmp_path: Path) -> None:
    store_url = f"sqlite:{tmp_path / 'bad.db'}"
    with FakeOws(CONFIG) as ows:
        for extra, text in (
            (["--every", "soon"], "use e.g. 30s, 5m, 1h"),
            # each run reads the last hour again: every 10 s would ask OWS for it 360 times an hour
            (
                ["--every", "10s"],
                "--every '10s' is shorter than 30 s: each run reads the safety overlap again",
            ),
            (["--every", "29"], "use 30s or more (e.g. 1m, 5m)."),
            (["--every", "30s", "--end", "2026-11-21T00:00Z"], "leave out --end"),
            (["--cycles", "2"], "--cycles needs --every"),
            (["--every", "30s", "--cycles", "1"], "give --start"),
        ):
            ctx = _ctx(tmp_path)
            code = main(["--store", store_url, "sync", "--base-url", ows.api_url, *extra], ctx)
            err = ctx.stderr.getvalue()  # type: ignore[attr-defined]
            assert code == 2, (extra, err)
            assert text in err and "Traceback" not in err, (extra, err)
        assert _stored_ids(store_url) == []


def _pages_saved(store_url: str) -> int:
    if store_url.startswith("sqlite:") and not Path(store_url.removeprefix("sqlite:")).exists():
        return 0
    try:
        return int(_sql(store_url, "SELECT coalesce(sum(pages), 0) FROM sync_windows")[0][0])  # type: ignore[call-overload]
    except Exception:  # the service has not created its store yet
        return 0


def test_sigterm_mid_run_stops_cleanly_and_the_next_run_resumes_exactly(
    tmp_path: Path, store_url: str
) -> None:
    big = SimConfig(
        seed=17, stores=2, terminals_per_store=2, days=2, tickets_per_store_day=900, late_fraction=0.0
    )
    with FakeOws(big, latency=0.1) as ows:  # ~80 pages: SIGTERM lands long before the run could end
        lo, hi = ows.generator.persist_range()
        truth = ows.generator.all_ids_in_window(lo, hi)
        env = {**os.environ, **ENV, "QT_QPA_PLATFORM": "offscreen"}
        argv = [
            sys.executable,
            "-m",
            "ows_desktop",
            "--data-dir",
            str(tmp_path / "svc"),
            "--store",
            store_url,
        ]
        argv += ["sync", "--base-url", ows.api_url, "--every", "30s", "--start", str(lo), "--workers", "2"]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120  # a guard against hanging, not a timing assertion
            slowed = False
            while _pages_saved(store_url) < 3 and proc.poll() is None and time.monotonic() < deadline:
                if not slowed and ows.counters.get("tickets_served", 0) >= 150:
                    # the rest of the run now takes minutes, so SIGTERM lands mid-run however fast the
                    # machine is (on an idle one the whole run once ended before the store showed 3 pages)
                    ows.latency = 3.0
                    slowed = True
                time.sleep(0.05)
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, err
        assert "stopping" in err and "Run 1:" not in err and "Traceback" not in err
        stored_before = set(_stored_ids(store_url))
        assert stored_before and stored_before < truth  # stopped mid-run, every stored page kept

        ows.latency = 0.0
        ows.reset_stats()
        ctx = _ctx(tmp_path)
        code = main(
            ["--store", store_url, "sync", "--base-url", ows.api_url, "--end", str(hi), "--json"], ctx
        )
        assert code == 0, ctx.stderr.getvalue()  # type: ignore[attr-defined]
        summary = json.loads(ctx.stdout.getvalue())  # type: ignore[attr-defined]
        assert summary["resumed_windows"] >= 1
        stored = _stored_ids(store_url)
        assert len(stored) == len(set(stored)) and set(stored) == truth
        # it went on from the saved cursors: the tickets already stored were not fetched again
        assert summary["new_tickets"] == len(truth - stored_before)
        assert ows.counters["tickets_served"] < len(truth)


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1h", 3600), ("45", 45), ("1.5m", 90), ("0.5m", 30)]
)
def test_intervals(text: str, seconds: float) -> None:
    from ows_desktop.sync.service import parse_every

    assert parse_every(text) == seconds


def test_the_service_backs_off_while_ows_or_the_database_is_down_and_stops_on_a_refused_key() -> None:
    import threading

    from ows_desktop.ows.errors import AuthenticationError, NetworkError
    from ows_desktop.store.postgres.connect import StoreConnectError
    from ows_desktop.sync.engine import SyncResult
    from ows_desktop.sync.service import Cycle, SyncService

    outcomes: list[object] = [
        NetworkError("OWS is unreachable."),
        StoreConnectError("The team store is unreachable."),
        NetworkError("OWS is unreachable."),
        "ok",
        NetworkError("OWS is unreachable."),
        AuthenticationError("The API key was refused."),
    ]
    waits: list[float] = []
    lines: list[str] = []

    def run(end: datetime) -> SyncResult:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        from ows_desktop.sync.engine import SyncProgress

        return SyncResult(start=end, end=end, progress=SyncProgress())

    service = SyncService(
        Cycle(run),
        60,
        threading.Event(),
        now=lambda: from_epoch_us(0),
        report=lines.append,
        max_backoff_s=200,
        wait=waits.append,
    )
    assert service.serve() == 3  # a refused key: waiting does not fix it
    assert waits == [
        60,
        120,
        200,
        60,
        60,
    ]  # doubling while down (capped), back to the schedule after a good run
    assert [line.split(":")[0] for line in lines if line.startswith("Run")] == [
        "Run 1 failed",
        "Run 2 failed",
        "Run 3 failed",
        "Run 4",
        "Run 5 failed",
    ]
    assert lines[-1].startswith("Sync service stopped: The API key was refused.")


def test_the_service_runs_as_the_sync_role_which_cannot_read_reviews(tmp_path: Path, pg_cluster: Any) -> None:
    from team_roles import build_team

    team = build_team(pg_cluster, tmp_path / "team")
    with FakeOws(CONFIG) as ows:
        lo, hi = ows.generator.persist_range()
        ctx = _ctx(tmp_path, lambda: from_epoch_us(hi))
        argv = [
            "--store",
            team.url(team.sync),
            "sync",
            "--base-url",
            ows.api_url,
            "--every",
            "30s",
            "--cycles",
            "1",
        ]
        code = main([*argv, "--start", str(lo)], ctx)
        assert code == 0, ctx.stderr.getvalue()  # type: ignore[attr-defined]
        stored = {key for (key,) in team.admin("SELECT id FROM tickets WHERE id NOT LIKE 'S0%'")}
        assert stored == ows.generator.all_ids_in_window(lo, hi)
    from ows_desktop.store.url import open_store_url

    # the sync role records the end of its sync (review_meta), and a manager of one store reads it
    manager = open_store_url(team.url(team.manager), tmp_path / "unused.db", password=lambda _l: None)
    with manager as seen, seen.reader() as reader:
        assert reader.last_sync_finished() is not None
    with team.connect(team.sync) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM review_audit")
