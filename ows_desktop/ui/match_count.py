"""How many tickets match the receipts table's query, counted in the job pool (it can take a while over
millions of tickets) through the job's own read connection; a count for an older query is dropped.

Signals:
    counted(int): the number of matches of the current query (capped at COUNT_CAP when filtered).
    failed(str): the count failed; the text says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import count_text as number_text
from ows_desktop.store.query import TicketQuery
from ows_desktop.tasks.jobs import JobRunner

COUNT_CAP = 100_000  # a filtered count stops here ("100,000+ receipts"): counting every match costs more


def count_text(loaded: int, total: int | None, has_more: bool, filtered: bool) -> str:
    """The count label: the counted total ("100,000+" when a filtered count hit the cap), else what the table
    has loaded so far ("+" while it has more)."""
    if total is not None:
        if total >= COUNT_CAP and filtered:
            return QCoreApplication.translate("match_count", "{total}+ receipts").format(
                total=number_text(total)
            )
        return counted().receipts(total)
    if has_more:
        return QCoreApplication.translate("match_count", "{loaded}+ receipts").format(
            loaded=number_text(loaded)
        )
    return counted().receipts(loaded)


def count_tickets(store: Any, query: TicketQuery) -> int:
    """Runs in a job: its own read connection, opened and closed in the job's thread. Unfiltered counts are
    exact (SQLite counts over the smallest index); filtered ones stop at COUNT_CAP."""
    unfiltered = replace(query, sort="start", descending=True) == TicketQuery()
    with store.reader() as reader:
        return reader.count(query) if unfiltered else reader.count(query, cap=COUNT_CAP)


class MatchCounter(QObject):
    counted = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        store: Any,
        jobs: JobRunner,
        query: Callable[[], TicketQuery],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._jobs = jobs
        self._query = query
        self._generation = 0
        self._running = False
        self._dirty = False
        self.total: int | None = None

    def clear(self) -> None:
        """The query changed: the last count no longer applies."""
        self.total = None

    def recount(self) -> None:
        """Count the current query; while a count runs, one more follows it (only the newest is kept)."""
        if self._running:
            self._dirty = True
            return
        self._generation += 1
        self._running = True
        self._dirty = False
        store, query = self._store, self._query()
        self._jobs.submit(
            lambda: count_tickets(store, query),
            self._generation,
            succeeded=self._on_counted,
            failed=self._on_failed,
            finished=self._on_done,
        )

    @Slot(object, object)
    def _on_counted(self, tag: Any, count: Any) -> None:
        if tag != self._generation or self._dirty:
            return
        self.total = int(count)
        self.counted.emit(self.total)

    @Slot(object, object, int)
    def _on_failed(self, tag: Any, message: str, code: int) -> None:
        if tag == self._generation:
            self.failed.emit(message)

    @Slot(object)
    def _on_done(self, tag: Any) -> None:
        self._running = False
        if self._dirty:
            self.recount()
