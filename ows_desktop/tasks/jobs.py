"""One-shot background jobs (test a connection, load users, count matching tickets) on a QThreadPool.

A :class:`Job` runs a plain callable off the GUI thread and reports through a :class:`JobSignals` object it
holds. It is handed to the pool as a callable, not as a ``QRunnable``: PySide6 keeps a started ``QRunnable``
whose auto-delete is off alive for good (C++ owns it), so every job — its callable, and whatever the callable
holds — leaked, and the window's oldest GC generation grew by two objects per live refresh during a sync. Connect the signals to
``@Slot`` methods of GUI-thread QObjects: the emit happens in the pool thread, so Qt queues the call to the
receiver's thread. Jobs never touch widgets or models. Results of a superseded job are dropped by the
receiver: every job carries the ``tag`` it was submitted with (e.g. a generation number)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from ows_desktop.basics.messages import message_of

log = logging.getLogger(__name__)


class JobSignals(QObject):
    succeeded = Signal(object, object)  # tag, result
    # tag, message for the user (a str; a basics.messages.Message the window translates), exit code (3 auth, ...)
    failed = Signal(object, object, int)
    finished = Signal(object)  # tag; always emitted last


class Job:
    def __init__(self, fn: Callable[[], Any], tag: Any = None):
        self.signals = JobSignals()  # the runner keeps the job until ``finished`` reached the GUI thread
        self._fn = fn
        self._tag = tag

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            code = getattr(exc, "exit_code", 1)
            code = code if isinstance(code, int) else 1
            if code == 1:
                log.exception("Background job %r failed", self._tag)
            else:
                log.info("Background job %r failed: %s", self._tag, exc)
            self._emit(self.signals.failed, self._tag, message_of(exc) or type(exc).__name__, code)
        else:
            self._emit(self.signals.succeeded, self._tag, result)
        finally:
            self._emit(self.signals.finished, self._tag)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the signals object was deleted with its owner while we worked: drop it
            log.debug("Job result dropped: receiver gone")


class JobRunner(QObject):
    """A private thread pool (not the global one, so shutting down joins exactly our threads). Lives on the
    GUI thread and keeps each job (and its signals object) alive until its ``finished`` arrived there."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setObjectName("ows-jobs")
        self._pool.setMaxThreadCount(max_threads)
        self._jobs: set[Job] = set()
        self._closed = False

    def submit(
        self,
        fn: Callable[[], Any],
        tag: Any = None,
        *,
        succeeded: Callable[..., Any] | None = None,
        failed: Callable[..., Any] | None = None,
        finished: Callable[..., Any] | None = None,
    ) -> Job | None:
        """Run ``fn()`` in the pool. The callbacks should be ``@Slot`` methods of GUI-thread QObjects."""
        if self._closed:
            return None
        job = Job(fn, tag)
        if succeeded is not None:
            job.signals.succeeded.connect(succeeded)
        if failed is not None:
            job.signals.failed.connect(failed)
        if finished is not None:
            job.signals.finished.connect(finished)
        job.signals.finished.connect(self._forget)
        self._jobs.add(job)
        self._pool.start(job.run)  # Qt wraps it in a runnable it deletes after the run
        return job

    @Slot(object)
    def _forget(self, tag: Any) -> None:
        sender = self.sender()
        self._jobs = {j for j in self._jobs if j.signals is not sender}

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def wait(self, timeout_ms: int = -1) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop queued jobs, wait for running ones and end the pool's threads (on quit)."""
        if self._closed:
            return True
        self._closed = True
        self._pool.clear()
        done = self._pool.waitForDone(timeout_ms)
        if done and shiboken6.isValid(self._pool):
            shiboken6.delete(self._pool)  # the destructor joins the idle threads now, not after their expiry
        self._jobs.clear()
        return done
