"""Python's garbage collector run by the window's event loop, not wherever an allocation crossed a threshold.

With automatic collection on, CPython collects inside whichever allocation crosses the young generation's
threshold: on the GUI thread that is often a key press or a paint (a full collection took 12.7 ms inside a J
press during a 200 k-ticket sync), and on a worker thread it pauses the GUI thread too (a collection holds
the interpreter lock). :class:`IdleCollector` turns automatic collection off and, from a timer of the GUI
thread's event loop — between events, so never inside a key press or a paint — collects the generations
that are due by the same rule CPython uses: the young generation once more containers were allocated than its
threshold, an older one once it has seen more collections of the younger one than its own threshold.

The thresholds are read at every check, so whoever changes them is obeyed: a sync in this process raises the
young threshold while it runs (sync/collector.py's ``fewer_collections``) and the timer then collects
correspondingly less often. A threshold of 0 means collection is off, as for CPython. The qutebrowser /
pyqtgraph ``GarbageCollector`` pattern; the app builds one in ``app.run_window`` (the composition root).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer, Slot

CHECK_INTERVAL_MS = 100  # one young collection per check at most: older ones follow every 10 and 100 checks


def due_generation(counts: tuple[int, int, int], thresholds: tuple[int, ...]) -> int | None:
    """The oldest generation to collect now (collecting it collects the younger ones too), None when none is
    due: CPython's rule, without its allowance for the oldest generation's size (a timer bounds how often)."""
    if not thresholds or thresholds[0] <= 0 or counts[0] <= thresholds[0]:
        return None
    return max(g for g in range(min(len(counts), len(thresholds))) if counts[g] > thresholds[g])


def settle_heap() -> None:
    """Collect, then freeze what start-up made: a full collection during a sync walks only what came since."""
    gc.collect()
    gc.freeze()


class IdleCollector(QObject):
    """Collects garbage from the event loop of the thread it lives in (the GUI thread) while it runs.

    :meth:`running` turns automatic collection off for the block and back on (as it was) afterwards."""

    def __init__(self, interval_ms: int = CHECK_INTERVAL_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.collections = [0, 0, 0]  # by generation, collected by this object (for tests and benches)

    @contextmanager
    def running(self) -> Iterator[IdleCollector]:
        was_enabled = gc.isenabled()
        gc.disable()
        self.timer.start()
        try:
            yield self
        finally:
            self.timer.stop()
            if was_enabled:
                gc.enable()

    @Slot()
    def check(self) -> None:
        generation = due_generation(gc.get_count(), gc.get_threshold())
        if generation is not None:
            gc.collect(generation)
            self.collections[generation] += 1
