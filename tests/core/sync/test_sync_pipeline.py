"""The shape of the sync pipeline (issue #14): one writer commits what the cursors fetched meanwhile, several
pages per transaction with their cursors; an idle cursor splits the window with the most tickets left, so a
range whose tickets all sit in one window is still fetched by every cursor; the exact set holds throughout."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import timedelta

import pytest
from test_sync import CONFIG, client_for, http, stored_keys  # noqa: F401 - http is a fixture

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import open_store
from ows_desktop.store.errors import StoreError
from ows_desktop.sync.engine import SyncCancelled, SyncEngine

NO_OVERLAP = timedelta(0)


class SlowStore:
    """The real store, with commits that take a while (a busy disk) and a record of each commit's pages;
    ``fail_after`` commits, the next one fails."""

    def __init__(self, store, *, delay: float = 0.03, fail_after: int | None = None):
        self._store = store
        self._delay = delay
        self._fail_after = fail_after
        self.commits: list[int] = []

    def save_pages(self, pages):
        if self._fail_after is not None and len(self.commits) >= self._fail_after:
            raise StoreError("The disk is full.")
        time.sleep(self._delay)
        result = self._store.save_pages(pages)
        self.commits.append(len(pages))
        return result

    def __getattr__(self, name):
        return getattr(self._store, name)


def skewed_range(server):
    """A range three times as long as the tickets' persist range: planned as two equal windows, one holds
    every ticket and the other none."""
    lo, hi = server.generator.persist_range()
    return lo, hi + 2 * (hi - lo)


def test_an_idle_cursor_splits_the_window_that_holds_the_tickets(tmp_path, http):  # noqa: F811
    with FakeOws(CONFIG, latency=0.002) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, end = skewed_range(server)
        result = SyncEngine(
            client_for(server, http), store, workers=2, max_window=None, overlap=NO_OVERLAP
        ).run(from_epoch_us(lo), from_epoch_us(end))
        windows = store.windows_overlapping(lo, end)
        keys = stored_keys(store)
    # planned as two windows; the empty one's cursor then took over half of the busy one, and so on
    assert len(windows) > 2 and result.progress.windows_total == len(windows)
    assert all(w.done for w in windows)
    spans = sorted((w.start_us, w.end_us) for w in windows)  # still one seamless cover of the range
    assert spans[0][0] == lo and spans[-1][1] == end
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert len(keys) == len(set(keys))
    assert set(keys) == server.generator.all_ids_in_window(lo, end)


def test_a_sync_cancelled_after_a_split_resumes_to_the_exact_set(tmp_path, http):  # noqa: F811
    with FakeOws(CONFIG, latency=0.002) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, end = skewed_range(server)
        start, stop = from_epoch_us(lo), from_epoch_us(end)
        cancel = threading.Event()

        def on_progress(p):
            if p.windows_total > 2 and p.pages >= 6:
                cancel.set()

        with pytest.raises(SyncCancelled):
            SyncEngine(
                client_for(server, http),
                store,
                workers=2,
                max_window=None,
                overlap=NO_OVERLAP,
                on_progress=on_progress,
                cancel=cancel,
            ).run(start, stop)
        assert len(store.windows_overlapping(lo, end)) > 2
        result = SyncEngine(
            client_for(server, http), store, workers=2, max_window=None, overlap=NO_OVERLAP
        ).run(start, stop)
        keys = stored_keys(store)
        assert result.resumed_windows > 0
        assert all(w.done for w in store.windows_overlapping(lo, end))
    assert len(keys) == len(set(keys))
    assert set(keys) == server.generator.all_ids_in_window(lo, end)


def test_pages_fetched_while_the_store_commits_are_committed_together(tmp_path, http):  # noqa: F811
    with FakeOws(CONFIG) as server, open_store(tmp_path / "t.sqlite3") as real:
        lo, hi = server.generator.persist_range()
        store = SlowStore(real)
        result = SyncEngine(client_for(server, http), store, workers=4, overlap=NO_OVERLAP).run(
            from_epoch_us(lo), from_epoch_us(hi)
        )
        keys = stored_keys(real)
    assert sum(store.commits) == result.progress.pages
    assert max(store.commits) > 1 and len(store.commits) < result.progress.pages
    assert set(keys) == server.generator.all_ids_in_window(lo, hi) and len(keys) == len(set(keys))


def test_a_failed_commit_stops_the_sync_with_its_error_and_the_next_run_completes(tmp_path, http):  # noqa: F811
    with FakeOws(CONFIG, latency=0.002) as server, open_store(tmp_path / "t.sqlite3") as real:
        lo, hi = server.generator.persist_range()
        start, end = from_epoch_us(lo), from_epoch_us(hi)
        store = SlowStore(real, delay=0.0, fail_after=2)
        with pytest.raises(StoreError, match="disk is full"):
            SyncEngine(client_for(server, http), store, workers=2, overlap=NO_OVERLAP).run(start, end)
        partial = stored_keys(real)
        assert 0 < len(partial) < len(server.generator.all_ids_in_window(lo, hi))
        SyncEngine(client_for(server, http), real, workers=2, overlap=NO_OVERLAP).run(start, end)
        keys = stored_keys(real)
    assert len(keys) == len(set(keys))
    assert set(keys) == server.generator.all_ids_in_window(lo, hi)
