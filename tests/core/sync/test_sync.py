"""The sync engine against the simulated OWS over loopback, into a real store."""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us, to_epoch_us
from ows_desktop.simulator import FakeOws, FaultPlan, SimConfig
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.sync.engine import SyncCancelled, SyncEngine, incremental_start

CONFIG = SimConfig(
    seed=21, stores=3, terminals_per_store=2, days=2, tickets_per_store_day=150, late_fraction=0.05
)


pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)


def fast_retry() -> RetryPolicy:
    return RetryPolicy(
        max_attempts=12, base_delay=0.001, max_delay=0.005, max_retry_after=0.02, sleep=lambda _s: None
    )


@pytest.fixture
def http():
    with make_http_client() as client:
        yield client


def client_for(server: FakeOws, http) -> OwsClient:
    return OwsClient(http, server.api_url, "demo-key", "demo-secret", retry=fast_retry())


def stored_keys(store) -> list[str]:
    with store.reader() as reader:
        return [row.key for row in reader.iter_rows(TicketQuery())]


def window_of(server: FakeOws):
    lo, hi = server.generator.persist_range()
    return from_epoch_us(lo), from_epoch_us(hi)


def test_exact_set_after_sync_with_faults_on(store, http):
    with FakeOws(CONFIG, faults=FaultPlan(rate=0.25, seed=9), empty_page_rate=0.2) as server:
        start, end = window_of(server)
        progress = []
        engine = SyncEngine(client_for(server, http), store, workers=4, on_progress=progress.append)
        result = engine.run(start, end)
        expected = server.generator.all_ids_in_window(to_epoch_us(start), to_epoch_us(end))
        keys = stored_keys(store)
        assert len(keys) == len(set(keys)) == len(expected)
        assert set(keys) == expected
        p = result.progress
        assert p.tickets == len(expected) and p.new_tickets == len(expected)
        assert p.retries > 0 and p.empty_pages > 0 and p.pages > p.empty_pages
        assert p.windows_done == p.windows_total >= 4
        assert progress[-1].fraction == 1.0
        assert all(a.pages <= b.pages for a, b in itertools.pairwise(progress))


def test_late_persisted_tickets_rung_up_before_the_window_are_included(store, http):
    with FakeOws(CONFIG) as server:
        lo, hi = server.generator.persist_range()
        mid = lo + (hi - lo) // 2
        SyncEngine(client_for(server, http), store).run(from_epoch_us(mid), from_epoch_us(hi))
        with store.reader() as reader:
            rows = list(reader.iter_rows(TicketQuery()))
        late = [r for r in rows if r.start is not None and to_epoch_us(r.start) < mid]
        assert late, "expected tickets rung up before the window but persisted inside it"
        assert {r.key for r in rows} == server.generator.all_ids_in_window(mid, hi)


def test_overlapping_windows_and_repeated_syncs_never_duplicate(store, http):
    with FakeOws(CONFIG) as server:
        lo, hi = server.generator.persist_range()
        third = (hi - lo) // 3
        client = client_for(server, http)
        SyncEngine(client, store).run(from_epoch_us(lo), from_epoch_us(lo + 2 * third))
        # a second range overlapping the first: only the uncovered part is fetched
        before = server.counters.get("pages", 0)
        result = SyncEngine(client, store).run(from_epoch_us(lo + third), from_epoch_us(hi))
        assert result.skipped_windows > 0
        assert server.counters["pages"] > before
        # and a full re-sync of a range whose windows are all done fetches nothing but the safety overlap
        before = server.counters["pages"]
        again = SyncEngine(client, store, overlap=timedelta(0)).run(from_epoch_us(lo), from_epoch_us(hi))
        assert again.progress.pages == 0 and server.counters["pages"] == before
        keys = stored_keys(store)
        assert len(keys) == len(set(keys))
        assert set(keys) == server.generator.all_ids_in_window(lo, hi)


def test_same_tickets_received_twice_are_updated_not_duplicated(store, http):
    with FakeOws(CONFIG) as server:
        lo, hi = server.generator.persist_range()
        client = client_for(server, http)
        for _ in range(2):
            # fresh windows every time: forget the checkpoints so the same pages come again
            SyncEngine(client, store).run(from_epoch_us(lo), from_epoch_us(hi))
            store.delete_windows([w.id for w in store.windows_overlapping(lo, hi)])
        keys = stored_keys(store)
        assert len(keys) == len(set(keys)) == len(server.generator.all_ids_in_window(lo, hi))


def test_cancel_keeps_saved_pages_and_the_next_run_completes_exactly(store, http):
    with FakeOws(CONFIG, latency=0.002) as server:
        start, end = window_of(server)
        cancel = threading.Event()
        pages_seen = []

        def on_progress(p):
            pages_seen.append(p.pages)
            if p.pages >= 6:
                cancel.set()

        with pytest.raises(SyncCancelled):
            SyncEngine(
                client_for(server, http), store, workers=2, on_progress=on_progress, cancel=cancel
            ).run(start, end)
        partial = stored_keys(store)
        assert 0 < len(partial) < len(server.generator.all_ids_in_window(*server.generator.persist_range()))
        result = SyncEngine(client_for(server, http), store, workers=2).run(start, end)
        assert result.resumed_windows > 0
        assert set(stored_keys(store)) == server.generator.all_ids_in_window(
            to_epoch_us(start), to_epoch_us(end)
        )


def test_an_authentication_failure_stops_every_cursor_and_keeps_checkpoints(store, http):
    with FakeOws(CONFIG) as server:
        start, end = window_of(server)
        client = OwsClient(http, server.api_url, "demo-key", "wrong", retry=fast_retry())
        from ows_desktop.ows.errors import AuthenticationError

        with pytest.raises(AuthenticationError):
            SyncEngine(client, store).run(start, end)
        assert stored_keys(store) == []


def last_finished(store):
    with store.reader() as reader:
        return reader.last_sync_finished()


def test_the_store_records_when_a_sync_into_it_finished_never_a_failed_or_cancelled_one(store, http):
    """The window's "Last sync" is what the store records: only a sync whose every window is done changes it."""
    with FakeOws(CONFIG, latency=0.002) as server:
        start, end = window_of(server)
        first, later = end + timedelta(hours=1), end + timedelta(hours=2)
        refused = OwsClient(http, server.api_url, "demo-key", "wrong", retry=fast_retry())
        from ows_desktop.ows.errors import AuthenticationError

        with pytest.raises(AuthenticationError):
            SyncEngine(refused, store, wall_clock=lambda: first).run(start, end)
        cancel = threading.Event()

        def on_progress(p):
            if p.pages >= 4:
                cancel.set()

        with pytest.raises(SyncCancelled):  # cancelled after some pages were saved
            SyncEngine(
                client_for(server, http), store, workers=2, on_progress=on_progress, cancel=cancel,
                wall_clock=lambda: first,
            ).run(start, end)  # fmt: skip
        assert stored_keys(store) and last_finished(store) is None
        SyncEngine(client_for(server, http), store, wall_clock=lambda: first).run(start, end)
        assert last_finished(store) == first

        with pytest.raises(AuthenticationError):
            SyncEngine(refused, store, wall_clock=lambda: later).run(start, end)
        cancel = threading.Event()
        cancel.set()  # before its first page: the overlap it reads again stays unfinished
        with pytest.raises(SyncCancelled):
            SyncEngine(client_for(server, http), store, cancel=cancel, wall_clock=lambda: later).run(
                start, end
            )
        assert last_finished(store) == first
        SyncEngine(client_for(server, http), store, wall_clock=lambda: later).run(start, end)
        assert last_finished(store) == later


def test_incremental_start_is_the_completed_coverage_minus_the_overlap(store, http):
    with FakeOws(CONFIG) as server:
        lo, hi = server.generator.persist_range()
        with pytest.raises(Exception, match="--start"):
            incremental_start(store, overlap=timedelta(hours=1), fallback=None)
        SyncEngine(client_for(server, http), store).run(from_epoch_us(lo), from_epoch_us(hi))
        assert incremental_start(store, overlap=timedelta(hours=1), fallback=None) == (
            from_epoch_us(hi) - timedelta(hours=1)
        )


@pytest.mark.slow
def test_resume_after_the_process_is_killed_mid_sync(tmp_path, http):
    """A real `ows-desktop sync` subprocess is SIGKILLed mid-sync; the next sync completes the exact set
    without fetching completed windows again."""
    data = tmp_path / "data"
    with FakeOws(CONFIG, latency=0.02) as server:
        lo, hi = server.generator.persist_range()
        env = {
            **os.environ,
            "OWS_API_KEY": "demo-key",
            "OWS_API_SECRET": "demo-secret",
            "OWS_DESKTOP_DATA_DIR": str(data),
        }
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ows_desktop",
                "sync",
                "--base-url",
                server.api_url,
                "--start",
                str(lo),
                "--end",
                str(hi),
                "--workers",
                "2",
                "--json",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        db = data / "tickets.sqlite3"
        deadline = time.monotonic() + 60
        pages = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                        pages = conn.execute("SELECT coalesce(sum(pages), 0) FROM sync_windows").fetchone()[0]
                except sqlite3.OperationalError:
                    pages = 0
            if pages >= 8:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"sync ended before it could be killed: {proc.stderr.read()!r}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL

        with open_store(db) as store:
            partial = stored_keys(store)
            assert len(partial) > 0
            server.reset_stats()
            result = SyncEngine(client_for(server, http), store).run(from_epoch_us(lo), from_epoch_us(hi))
            keys = stored_keys(store)
        expected = server.generator.all_ids_in_window(lo, hi)
        assert len(keys) == len(set(keys)) == len(expected)
        assert set(keys) == expected
        assert result.resumed_windows > 0
        # the tickets saved before the kill were not fetched again (pages already committed are skipped)
        assert server.counters.get("tickets_served", 0) < len(expected)
