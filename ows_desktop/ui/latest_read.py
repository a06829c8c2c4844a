"""A reading of the store in a job whose answer is shown only while it is still the one wanted: the Cases tab's
list and filter choices, a case's tickets and its history (ui/cases_page.py, case_tickets.py,
case_history.py) each read through one :class:`LatestRead`.

With a team store (PostgreSQL over a network) a reading on the GUI thread stalled the window. The job reads
through a read connection of its own (``store.reader()``, opened and closed in the job's thread) and never
touches a widget; its answer comes back on the GUI thread. Each :meth:`LatestRead.ask` supersedes the ones
before: an answer that comes after the person chose another case or filter (or after a newer reading was
asked for, or :meth:`LatestRead.drop`) is dropped, never shown under what the person now looks at.

An answer that takes long enough to be noticed (``LOADING_AFTER_MS``) says so: :attr:`LatestRead.slow`
turns True, and the page shows a plain "Loading…" until the answer (or a failure) comes. A quick answer
shows nothing of the kind: the page looks as it did when it read on the GUI thread.

Signals:
    slow(bool): True when the answer wanted takes longer than ``LOADING_AFTER_MS``; False when it came,
        failed or was dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.tasks.jobs import JobRunner

log = logging.getLogger(__name__)
LOADING_AFTER_MS = 400  # an answer later than this is noticed: "Loading…" (sooner, it would only flicker)


class LatestRead(QObject):
    slow = Signal(bool)

    def __init__(self, jobs: JobRunner, name: str, parent: QObject) -> None:
        """``jobs``: the window's JobRunner (or the page's own); ``name``: what is read, for the log."""
        super().__init__(parent)
        self._jobs = jobs
        self._name = name
        self._generation = 0  # of the last reading asked for: an older answer is dropped
        self._answered: Callable[[Any], None] | None = None
        self._failed: Callable[[str], None] | None = None
        self._slow = False  # "Loading…" is shown
        self._late = QTimer(self, singleShot=True, interval=LOADING_AFTER_MS)
        self._late.timeout.connect(self._on_late)

    @property
    def waiting(self) -> bool:
        """A reading was asked for and its answer has not come yet."""
        return self._answered is not None

    def ask(
        self, read: Callable[[], Any], answered: Callable[[Any], None], failed: Callable[[str], None]
    ) -> None:
        """Run ``read()`` in a job (no widgets, no models: its own read connection); then, on the GUI thread,
        ``answered(result)`` or ``failed(message)`` — unless another reading was asked for meanwhile."""
        self._generation += 1
        self._answered, self._failed = answered, failed
        if not self._late.isActive() and not self._slow:  # a newer question does not put "Loading…" off
            self._late.start()
        if self._jobs.submit(read, self._generation, succeeded=self._on_read, failed=self._on_failed) is None:
            self.drop()  # shut down: nothing more is read

    def drop(self) -> None:
        """Nothing asked before is shown any more (the person left the case, or the page closes)."""
        self._generation += 1
        self._settle()

    def _settle(self) -> None:
        self._answered = self._failed = None
        self._late.stop()
        if self._slow:
            self._slow = False
            self.slow.emit(False)

    @Slot()
    def _on_late(self) -> None:
        self._slow = True
        self.slow.emit(True)

    @Slot(object, object)
    def _on_read(self, generation: Any, result: Any) -> None:
        answered = self._answered
        if generation != self._generation or answered is None:
            return  # the person chose another case or filter meanwhile, or a newer reading was asked for
        self._settle()
        answered(result)

    @Slot(object, object, int)
    def _on_failed(self, generation: Any, message: Any, _code: int) -> None:
        failed = self._failed
        if generation != self._generation or failed is None:
            return
        log.warning("Reading %s failed: %s", self._name, message)
        self._settle()
        failed(core_text(message))


__all__ = ["LOADING_AFTER_MS", "LatestRead"]
