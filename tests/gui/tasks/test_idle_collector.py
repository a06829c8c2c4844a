"""The window's garbage collector (tasks/idle_collector.py): while the event loop runs, garbage is collected by
a timer between events on the GUI thread — never inside the allocation (a key press, a paint, a worker) that
crossed the threshold — following the thresholds as they are at that moment, so a sync that raises the young
generation's threshold (sync/collector.py) is obeyed. Automatic collection is back on afterwards."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from ows_desktop.sync.collector import fewer_collections
from ows_desktop.tasks.idle_collector import IdleCollector, due_generation

pytestmark = pytest.mark.automatic_gc  # these tests turn the collector on and off themselves


class Cycle:
    """Garbage only the cyclic collector frees (it refers to itself)."""

    def __init__(self) -> None:
        self.me = self


def make_garbage(containers: int) -> weakref.finalize:
    """``containers`` unreachable cycles; the returned finalizer is alive until the first is collected."""
    first = Cycle()
    marker = weakref.finalize(first, lambda: None)
    for _ in range(containers):
        Cycle()
    del first
    return marker


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.collect()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


@pytest.fixture
def collected_on() -> Iterator[list[threading.Thread]]:
    threads: list[threading.Thread] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread())

    gc.callbacks.append(note)
    yield threads
    gc.callbacks.remove(note)


def test_garbage_waits_for_the_event_loop_and_is_collected_on_the_gui_thread(
    qtbot, thresholds, collected_on
) -> None:
    collector = IdleCollector(interval_ms=10)
    with collector.running():
        assert not gc.isenabled()
        garbage = make_garbage(5_000)  # seven times the young threshold
        assert garbage.alive and not collected_on  # the allocations crossing the threshold collected nothing
        qtbot.waitUntil(lambda: not garbage.alive)  # the timer's check did, between events
        assert collected_on and set(collected_on) == {threading.main_thread()}
    assert gc.isenabled()  # automatic collection is back after the event loop


def test_a_raised_young_threshold_is_obeyed_while_it_lasts(qtbot, thresholds) -> None:
    collector = IdleCollector()
    with collector.running():
        with fewer_collections(50_000):  # what a sync in this process does
            garbage = make_garbage(5_000)
            collector.check()
            assert garbage.alive  # 5,000 < 50,000: not due yet
        collector.check()  # the sync ended: 5,000 > 700
        assert not garbage.alive


def test_automatic_collection_stays_off_when_it_was_off_before(qtbot) -> None:
    gc.disable()
    try:
        with IdleCollector().running():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("counts", "due"),
    [
        ((700, 0, 0), None),  # the young generation has not passed its threshold
        ((701, 0, 0), 0),
        ((701, 11, 0), 1),  # ten young collections since the middle one's
        ((701, 11, 11), 2),
        ((701, 0, 11), 2),  # the oldest is due even when the middle one is not (as CPython decides)
    ],
)
def test_the_generation_collected_is_the_oldest_one_due(counts, due) -> None:
    assert due_generation(counts, (700, 10, 10)) == due
    assert due_generation(counts, (0, 10, 10)) is None  # a threshold of 0: collection is off


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # an offscreen top-level window
def test_the_window_runs_its_event_loop_with_the_idle_collector(qapp, tmp_path) -> None:
    from PySide6.QtCore import QObject

    from ows_desktop.app import run_window
    from ows_desktop.basics.credentials import MemoryCredentialStore
    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.basics.settings import AppSettings, DictSettingsBackend

    seen: list[bool] = []

    class EventLoop(QObject):
        """The application's exec(): notes whether automatic collection is on while the loop would run (the
        real application is not quit here: the tests after this one share it)."""

        def exec(self) -> int:
            seen.append(gc.isenabled())
            return 0

    paths = AppPaths.resolve(tmp_path).ensure()
    settings = AppSettings(DictSettingsBackend())
    try:
        code = run_window(EventLoop(), paths, credentials=MemoryCredentialStore(), settings=settings)
    finally:
        gc.unfreeze()  # run_window froze what start-up made (settle_heap)
    assert code == 0
    assert seen == [False]  # inside the event loop: collections are the timer's
    assert gc.isenabled()
