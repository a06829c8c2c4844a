"""While a sync runs, the young generation is collected rarely (sync/collector.py); afterwards, also after a
failed or cancelled sync, the process's collection thresholds are what they were."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from test_sync import CONFIG, client_for, http  # noqa: F401 - http is a fixture

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import open_store
from ows_desktop.sync.collector import SYNC_YOUNG_THRESHOLD, fewer_collections
from ows_desktop.sync.engine import SyncCancelled, SyncEngine


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*before)


def test_a_sync_collects_rarely_while_it_runs_and_puts_the_thresholds_back(
    tmp_path,
    http,  # noqa: F811
    default_thresholds,
) -> None:
    seen: list[int] = []
    with FakeOws(CONFIG) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, hi = server.generator.persist_range()
        result = SyncEngine(
            client_for(server, http),
            store,
            workers=2,
            overlap=timedelta(0),
            on_progress=lambda _: seen.append(gc.get_threshold()[0]),
        ).run(from_epoch_us(lo), from_epoch_us(hi))
    assert result.progress.tickets > 0
    assert SYNC_YOUNG_THRESHOLD in seen  # the reports sent while pages were being committed
    assert gc.get_threshold() == default_thresholds


def test_a_cancelled_sync_puts_the_thresholds_back(tmp_path, http, default_thresholds) -> None:  # noqa: F811
    cancel = threading.Event()
    with FakeOws(CONFIG, latency=0.002) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, hi = server.generator.persist_range()

        def on_progress(progress) -> None:
            if progress.pages >= 2:
                cancel.set()

        with pytest.raises(SyncCancelled):
            SyncEngine(
                client_for(server, http), store, workers=2, on_progress=on_progress, cancel=cancel
            ).run(from_epoch_us(lo), from_epoch_us(hi))
    assert gc.get_threshold() == default_thresholds


def test_thresholds_set_by_someone_else_are_kept(default_thresholds) -> None:
    with fewer_collections(50_000):
        assert gc.get_threshold() == (50_000, 10, 10)
        gc.set_threshold(2_000, 10, 10)  # changed meanwhile: not overwritten at the end
    assert gc.get_threshold() == (2_000, 10, 10)
    gc.set_threshold(200_000, 5, 5)
    with fewer_collections(50_000):  # already higher: left alone
        assert gc.get_threshold() == (200_000, 5, 5)
    assert gc.get_threshold() == (200_000, 5, 5)


def test_the_thresholds_come_back_after_an_error(default_thresholds) -> None:
    with pytest.raises(RuntimeError), fewer_collections(50_000):
        raise RuntimeError("the store failed")
    assert gc.get_threshold() == default_thresholds
