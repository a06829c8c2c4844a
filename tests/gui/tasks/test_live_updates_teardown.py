"""A LiveUpdates the garbage collector takes without stop() (a window destroyed without being closed) stops
its thread as stop() would: Qt aborts the whole process when a running QThread is destroyed."""

from __future__ import annotations

import gc
import threading

from ows_desktop.store.live import StoreChanges
from ows_desktop.tasks.live_updates import LiveUpdates


class IdleFeed:
    def __init__(self, opened: threading.Event, closed: threading.Event) -> None:
        self._closed = closed
        opened.set()

    def wait(self, timeout_s: float) -> StoreChanges:
        self._closed.wait(min(timeout_s, 0.05))
        return StoreChanges()

    def close(self) -> None:
        self._closed.set()


def test_live_updates_collected_without_stop_end_their_thread(qtbot) -> None:
    opened, closed = threading.Event(), threading.Event()
    live = LiveUpdates(lambda: IdleFeed(opened, closed))
    live.start()
    assert opened.wait(5)  # the feed runs on its thread
    del live
    gc.collect()  # no abort: the finalizer stopped the thread and waited for it
    assert closed.is_set()  # the feed was closed by its worker on the way out


def test_stop_then_collect_is_quiet(qtbot) -> None:
    opened, closed = threading.Event(), threading.Event()
    live = LiveUpdates(lambda: IdleFeed(opened, closed))
    live.start()
    assert opened.wait(5)
    live.stop()
    assert closed.is_set()
    live.stop()  # twice: nothing more
    del live
    gc.collect()
