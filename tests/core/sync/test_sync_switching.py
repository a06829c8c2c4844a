"""While a sync runs, the interpreter hands the GIL around every millisecond (sync/switching.py) so the
writer thread is not kept waiting behind the cursors; afterwards, also after a cancelled sync or an error,
the process's switch interval is what it was."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from test_sync import CONFIG, client_for, http  # noqa: F401 - http is a fixture

from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import open_store
from ows_desktop.sync.engine import SyncCancelled, SyncEngine
from ows_desktop.sync.switching import SYNC_SWITCH_INTERVAL_S, shorter_switches


@pytest.fixture
def default_interval() -> Iterator[float]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield 0.005
    sys.setswitchinterval(before)


def test_a_sync_switches_threads_more_often_while_it_runs_and_puts_the_interval_back(
    tmp_path,
    http,  # noqa: F811
    default_interval,
) -> None:
    seen: list[float] = []
    with FakeOws(CONFIG) as server, open_store(tmp_path / "t.sqlite3") as store:
        lo, hi = server.generator.persist_range()
        result = SyncEngine(
            client_for(server, http),
            store,
            workers=2,
            overlap=timedelta(0),
            on_progress=lambda _: seen.append(sys.getswitchinterval()),
        ).run(from_epoch_us(lo), from_epoch_us(hi))
    assert result.progress.tickets > 0
    assert SYNC_SWITCH_INTERVAL_S in seen  # the reports sent while pages were being committed
    assert sys.getswitchinterval() == default_interval


def test_a_cancelled_sync_puts_the_interval_back(tmp_path, http, default_interval) -> None:  # noqa: F811
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
    assert sys.getswitchinterval() == default_interval


def test_an_interval_set_by_someone_else_is_kept(default_interval) -> None:
    with shorter_switches(0.002):
        assert sys.getswitchinterval() == 0.002
        sys.setswitchinterval(0.003)  # changed meanwhile: not overwritten at the end
    assert sys.getswitchinterval() == 0.003
    sys.setswitchinterval(0.0005)
    with shorter_switches(0.002):  # already shorter: left alone
        assert sys.getswitchinterval() == 0.0005
    assert sys.getswitchinterval() == 0.0005


def test_the_interval_comes_back_after_an_error(default_interval) -> None:
    with pytest.raises(RuntimeError), shorter_switches(0.002):
        raise RuntimeError("the store failed")
    assert sys.getswitchinterval() == default_interval
