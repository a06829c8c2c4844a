"""Runs the sync engine off the GUI thread: a QObject worker moved to a QThread.

The worker never touches widgets or models; it emits signals carrying plain Python objects, delivered by
queued connections to ``@Slot`` methods on the GUI thread. Cancel is cooperative (a ``threading.Event``
checked between pages; an HTTP request in flight is bounded by its timeouts)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ows_desktop.basics.messages import message_of
from ows_desktop.store.shared_sync import SyncWatch
from ows_desktop.sync.engine import SavedBatch, SyncCancelled, SyncProgress

log = logging.getLogger(__name__)

# Builds an engine inside the worker thread (so the store's writer connection is created there):
# factory(cancel_event, on_progress, on_saved, on_busy) -> object with .run(start, end) and a .close() hook.
# on_busy(SyncWatch): on a team store another workstation syncs; this sync watches it (sync.shared).
EngineFactory = Callable[
    [
        threading.Event,
        Callable[[SyncProgress], None],
        Callable[[SavedBatch], None],
        Callable[[SyncWatch], None],
    ],
    Any,
]


class SyncWorker(QObject):
    progress = Signal(object)  # SyncProgress
    saved = Signal(object)  # SavedBatch
    busy = Signal(object)  # SyncWatch: another workstation syncs the team store; this sync watches it
    succeeded = Signal(object)  # SyncResult
    # a message for the user (a basics.messages.Message the window translates, or a str), the error's exit code
    failed = Signal(object, int)
    cancelled = Signal()
    finished = Signal()  # always emitted last

    def __init__(self, factory: EngineFactory, start: datetime, end: datetime):
        super().__init__()
        self._factory = factory
        self._start = start
        self._end = end
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: may be called from the GUI thread while ``run`` works."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        engine = None
        try:
            engine = self._factory(self._cancel, self.progress.emit, self.saved.emit, self.busy.emit)
            result = engine.run(self._start, self._end)
        except SyncCancelled:
            self.cancelled.emit()
        except Exception as exc:
            code = getattr(exc, "exit_code", 1)
            if not isinstance(code, int) or code == 1:
                log.exception("Sync failed")
            else:
                log.warning("Sync failed: %s", exc)
            self.failed.emit(message_of(exc), code if isinstance(code, int) else 1)
        else:
            self.succeeded.emit(result)
        finally:
            close = getattr(engine, "close", None)
            if callable(close):
                close()
            self.finished.emit()


class SyncTask(QObject):
    """Owns one sync at a time on a dedicated QThread; lives on the GUI thread."""

    progress = Signal(object)
    saved = Signal(object)
    busy = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object, int)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, factory: EngineFactory, parent: QObject | None = None):
        super().__init__(parent)
        self._factory = factory
        self._thread: QThread | None = None
        self._worker: SyncWorker | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, start: datetime, end: datetime) -> bool:
        if self._thread is not None:
            return False
        thread = QThread()
        thread.setObjectName("ows-sync")
        worker = SyncWorker(self._factory, start, end)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.saved.connect(self.saved)
        worker.busy.connect(self.busy)
        worker.succeeded.connect(self.succeeded)
        worker.failed.connect(self.failed)
        worker.cancelled.connect(self.cancelled)
        worker.finished.connect(thread.quit)
        # No deleteLater here: Python owns both objects (no Qt parent) and frees them when the references
        # are dropped in _on_thread_finished; a queued deleteLater on top of that was a double free
        # (seen as intermittent SIGBUS/SIGABRT at the end of a sync).
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and wait for the thread (on quit). True when it stopped in time."""
        thread = self._thread
        if thread is None:
            return True
        self.cancel()
        thread.quit()
        stopped = thread.wait(timeout_ms)
        if stopped:
            self._on_thread_finished()
        return stopped

    @Slot()
    def _on_thread_finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.wait()  # finished was emitted from the thread: let it return fully before it is freed
            self.finished.emit()
