"""Background jobs: results reach the GUI thread, and a finished job is let go (nothing it held lingers)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject, Slot

from ows_desktop.tasks.jobs import JobRunner


class Results(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.values: list[object] = []

    @Slot(object, object)
    def ok(self, _tag: object, result: object) -> None:
        self.values.append(result)


class Payload:
    """Stands for what a job's callable holds (a listing, a page of rows)."""


def test_finished_jobs_and_what_their_callables_held_are_freed(qtbot):
    runner = JobRunner()
    results = Results()
    payloads = [Payload() for _ in range(20)]
    held = [weakref.ref(p) for p in payloads]
    jobs = [
        weakref.ref(runner.submit(lambda p=p: id(p), n, succeeded=results.ok)) for n, p in enumerate(payloads)
    ]
    expected = sorted(id(p) for p in payloads)
    del payloads
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    assert sorted(results.values) == expected  # every result reached the GUI thread
    gc.collect()
    assert [job for job in jobs if job() is not None] == []
    assert [p for p in held if p() is not None] == []
    runner.shutdown()
