"""The QThread sync worker: progress, saved batches and completion arrive as signals on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, Slot

from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.sync.engine import SyncEngine
from ows_desktop.tasks.sync_task import SyncTask

CONFIG = SimConfig(seed=5, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=150)


class EngineFactory:
    """Builds client + store + engine inside the worker thread, as the app does."""

    def __init__(self, server: FakeOws, db, *, latency_hook=None):
        self.server, self.db = server, db
        self.threads: set[str] = set()

    def __call__(self, cancel, on_progress, on_saved, on_busy=None):
        self.threads.add(threading.current_thread().name)
        http = make_http_client()
        store = open_store(self.db)
        client = OwsClient(
            http,
            self.server.api_url,
            "demo-key",
            "demo-secret",
            retry=RetryPolicy(base_delay=0.001, max_delay=0.002, sleep=lambda _s: None),
        )
        engine = SyncEngine(
            client, store, workers=2, on_progress=on_progress, on_saved=on_saved, cancel=cancel
        )

        def close():
            store.close()
            http.close()

        engine.close = close  # type: ignore[attr-defined]
        return engine


class Receiver(QObject):
    """Records what arrives, and on which thread (slots must run on the GUI thread)."""

    def __init__(self):
        super().__init__()
        self.progress, self.saved, self.threads = [], [], set()

    @Slot(object)
    def on_progress(self, p):
        self.threads.add(threading.current_thread().name)
        self.progress.append(p)

    @Slot(object)
    def on_saved(self, batch):
        self.threads.add(threading.current_thread().name)
        self.saved.append(batch)


@pytest.fixture
def server():
    with FakeOws(CONFIG) as s:
        yield s


def test_sync_task_delivers_progress_batches_and_result_on_the_gui_thread(qtbot, server, tmp_path):
    factory = EngineFactory(server, tmp_path / "t.sqlite3")
    task = SyncTask(factory)
    receiver = Receiver()
    task.progress.connect(receiver.on_progress)
    task.saved.connect(receiver.on_saved)
    lo, hi = server.generator.persist_range()
    with qtbot.waitSignal(task.finished, timeout=30_000), qtbot.waitSignal(task.succeeded) as done:
        assert task.start(from_epoch_us(lo), from_epoch_us(hi))
        assert task.running
        assert not task.start(from_epoch_us(lo), from_epoch_us(hi))  # one sync at a time
    result = done.args[0]
    expected = server.generator.all_ids_in_window(lo, hi)
    assert result.progress.tickets == len(expected)
    assert sum(len(b.tickets) for b in receiver.saved) == len(expected)
    assert receiver.progress[-1].fraction == 1.0
    assert receiver.threads == {threading.main_thread().name}
    assert factory.threads and threading.main_thread().name not in factory.threads
    assert not task.running
    with open_store(tmp_path / "t.sqlite3") as store, store.reader() as reader:
        assert reader.count(TicketQuery()) == len(expected)


# Enough pages that the sync's writer commits several times (it gathers up to 4 pages per cursor, 0.25 s at
# most, before a commit and its progress): a cancel after the first progress leaves pages unfetched.
LONGER = SimConfig(seed=5, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=1500)


def test_cancel_from_the_gui_thread_stops_the_sync(qtbot, tmp_path):
    with FakeOws(LONGER, latency=0.01) as slow:
        task = SyncTask(EngineFactory(slow, tmp_path / "t.sqlite3"))
        lo, hi = slow.generator.persist_range()

        def cancel_after_first_page(p):
            if p.pages >= 1:
                task.cancel()

        task.progress.connect(cancel_after_first_page)
        with qtbot.waitSignal(task.cancelled, timeout=30_000), qtbot.waitSignal(task.finished):
            task.start(from_epoch_us(lo), from_epoch_us(hi))
        with qtbot.assertNotEmitted(task.succeeded):
            pass
        with open_store(tmp_path / "t.sqlite3") as store, store.reader() as reader:
            assert 0 < reader.count(TicketQuery()) < len(slow.generator.all_ids_in_window(lo, hi))


def test_failure_is_reported_with_its_exit_code(qtbot, server, tmp_path):
    class Failing(EngineFactory):
        def __call__(self, cancel, on_progress, on_saved, on_busy=None):
            engine = super().__call__(cancel, on_progress, on_saved)
            engine._source = OwsClient(make_http_client(), self.server.api_url, "demo-key", "bad-secret")
            return engine

    task = SyncTask(Failing(server, tmp_path / "t.sqlite3"))
    lo, hi = server.generator.persist_range()
    with qtbot.waitSignal(task.failed, timeout=30_000) as failed, qtbot.waitSignal(task.finished):
        task.start(from_epoch_us(lo), from_epoch_us(hi))
    message, code = failed.args
    assert code == 3
    assert "bad-secret" not in message


def test_shutdown_cancels_and_joins_the_thread(qtbot, tmp_path):
    with FakeOws(CONFIG, latency=0.02) as slow:
        task = SyncTask(EngineFactory(slow, tmp_path / "t.sqlite3"))
        lo, hi = slow.generator.persist_range()
        task.start(from_epoch_us(lo), from_epoch_us(hi))
        assert task.shutdown(20_000)
        assert not task.running
