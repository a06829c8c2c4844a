"""Store writes from the window, off the GUI thread (the way Anki's ``CollectionOp`` runs even a one-flag
change as a background operation).

A flag or review write may wait for SQLite's write lock (a sync transaction holds it, up to the busy
timeout) or for the store's own lock: on the GUI thread that wait would freeze every keypress. The window
hands such a write to :meth:`StoreOps.run` instead; it runs on one worker thread, one write at a time in
the order submitted (so F, F on the same ticket flags, then unflags), and its outcome comes back on the GUI
thread through the ``succeeded`` / ``failed`` callbacks, from which the views re-read what changed. The
write itself never touches widgets or models.

Signals:
    pendingChanged(int): how many submitted writes have not landed yet (0: all landed).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.tasks.jobs import JobRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Op:
    owner: QObject | None
    succeeded: Callable[[Any], None] | None
    failed: Callable[[str], None] | None

    def report(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        """Call back on the GUI thread, unless the owner (a dialog closed meanwhile) is gone."""
        if callback is None or (self.owner is not None and not shiboken6.isValid(self.owner)):
            return
        callback(value)


class StoreOps(QObject):
    """Runs store writes on one worker thread, in order; reports each outcome on the GUI thread."""

    pendingChanged = Signal(int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs = JobRunner(max_threads=1, parent=self)  # one thread: writes land in submission order
        self._ops: dict[int, _Op] = {}
        self._ids = itertools.count(1)

    def run(
        self,
        write: Callable[[], Any],
        *,
        owner: QObject | None = None,
        succeeded: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> bool:
        """Run ``write()`` (a store write: no widgets, no models) off the GUI thread. ``succeeded(result)``
        or ``failed(message)`` is then called on the GUI thread, unless ``owner`` (the QObject whose view
        the callbacks update) was deleted meanwhile; the write itself still lands. False once shut down."""
        op_id = next(self._ids)
        self._ops[op_id] = _Op(owner, succeeded, failed)
        job = self._jobs.submit(write, op_id, succeeded=self._on_succeeded, failed=self._on_failed)
        if job is None:
            del self._ops[op_id]
            return False
        self.pendingChanged.emit(len(self._ops))
        return True

    @property
    def pending(self) -> int:
        """Writes submitted and not landed yet."""
        return len(self._ops)

    @Slot(object, object)
    def _on_succeeded(self, op_id: Any, result: Any) -> None:
        op = self._ops.pop(op_id, None)
        self.pendingChanged.emit(len(self._ops))
        if op is not None:
            op.report(op.succeeded, result)

    @Slot(object, object, int)
    def _on_failed(self, op_id: Any, message: str, _code: int) -> None:
        op = self._ops.pop(op_id, None)
        self.pendingChanged.emit(len(self._ops))
        if op is not None:
            op.report(op.failed, message)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """On quit: let submitted writes finish (nothing stored is lost), then end the worker thread."""
        self._jobs.wait(timeout_ms)
        return self._jobs.shutdown(timeout_ms)
