"""Live updates in the window: a worker on its own QThread waits on the store's change feed
(:mod:`ows_desktop.store.live`: the team store's LISTEN/NOTIFY, the single seat's polled data version) and
emits what changed. The item models
apply it in a targeted way (a flag changed: that row's cells; tickets landed: the loaded rows are re-read),
never by reading the whole table again.

Signals (delivered to GUI-thread slots by queued connections):
    reviewChanged(list[str])  ticket keys whose flag, review state or notes a colleague changed
    ticketsLanded()           tickets were stored (a sync somewhere landed pages)
    lost(str)                 the feed's connection is gone (a banner may say so); it reconnects by itself
    restored()                the feed is back (changes may have been missed: re-read what is shown)

Reconnecting is this thread's work, never the GUI thread's: the team store takes what the feed finds as its
verdict on the server (store/postgres/outage.py), and while the server is away its reads fail at once
instead of each waiting for a connection attempt (the GUI thread reads through one).

A store without a feed starts no thread. A LiveUpdates the garbage collector takes without stop() (a window
destroyed without being closed) is stopped as stop() would (a QThread destroyed while it runs aborts the
process): its finalizer holds the thread until then."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ows_desktop.store.live import ChangeFeed

log = logging.getLogger(__name__)

WAIT_S = 0.25  # one wait on the feed: also how long stopping may take
FIRST_RETRY_S = 0.25  # pause before the first reconnection attempt; it doubles after each failed one...
RETRY_S = 2.0  # ...up to this: the window is back within a few seconds of the server


class _FeedWorker(QObject):
    reviewChanged = Signal(list)
    ticketsLanded = Signal()
    lost = Signal(str)
    restored = Signal()
    finished = Signal()

    def __init__(self, open_feed: Callable[[], ChangeFeed], stop: threading.Event):
        super().__init__()
        self._open_feed = open_feed
        self._stop = stop

    @Slot()
    def run(self) -> None:
        feed: ChangeFeed | None = None
        was_lost = False
        pause = FIRST_RETRY_S
        try:
            while not self._stop.is_set():
                try:
                    if feed is None:
                        feed = self._open_feed()
                        pause = FIRST_RETRY_S
                        if was_lost:
                            was_lost = False
                            self.restored.emit()
                    changes = feed.wait(WAIT_S)
                except Exception as exc:  # a lost connection (or none yet): say so once, retry
                    if feed is not None:
                        feed.close()
                        feed = None
                    if not was_lost:
                        was_lost = True
                        log.info("Live updates paused: %s", exc)
                        self.lost.emit(str(exc) or type(exc).__name__)
                    self._stop.wait(pause)
                    pause = min(RETRY_S, pause * 2)
                    continue
                if changes.review_keys:
                    self.reviewChanged.emit(sorted(changes.review_keys))
                if changes.tickets:
                    self.ticketsLanded.emit()
        finally:
            if feed is not None:
                feed.close()
            self.finished.emit()


class LiveUpdates(QObject):
    """Owns the listening thread; see the module docstring. ``start()`` then ``stop()`` (the window calls
    stop on close)."""

    reviewChanged = Signal(list)
    ticketsLanded = Signal()
    lost = Signal(str)
    restored = Signal()

    def __init__(self, open_feed: Callable[[], ChangeFeed], parent: QObject | None = None):
        super().__init__(parent)
        self._open_feed = open_feed
        self._stop = threading.Event()
        self._thread: QThread | None = None
        self._worker: _FeedWorker | None = None
        self._halt: weakref.finalize | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        thread = QThread()
        worker = _FeedWorker(self._open_feed, self._stop)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit)
        self._halt = weakref.finalize(self, _halt, self._stop, thread)  # see the module docstring
        worker.reviewChanged.connect(self.reviewChanged)
        worker.ticketsLanded.connect(self.ticketsLanded)
        worker.lost.connect(self.lost)
        worker.restored.connect(self.restored)
        self._thread, self._worker = thread, worker
        thread.start()

    def stop(self) -> None:
        """Stop listening and wait for the thread (at most about WAIT_S, or one connection attempt)."""
        halt, self._halt = self._halt, None
        if halt is not None:
            halt()
        self._thread = self._worker = None


def _halt(stop: threading.Event, thread: QThread) -> None:
    stop.set()
    thread.quit()
    thread.wait()
