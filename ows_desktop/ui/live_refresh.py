"""The receipts table while a sync saves pages: at most every ``interval_ms`` the rows it lists are read again
in a background job (its own read connection), and the GUI thread only applies what changed, keeping the rows
in view where they are. Reading the listing (the query's first rowids, down past the current row) costs time
in proportion to how far down the person is; on the GUI thread that was the longest pause of a sync.

The job also works out how the new rows arise from the loaded ones and reads again the recently shown rows
a sync may have changed, so applying a listing neither reads the store nor diffs on the GUI thread.

A listing read while the loaded rows changed (a new query, a scroll that fetched more, another refresh) no
longer fits and is read again. One read at a time; pages saved meanwhile are counted for the next one.

A listing that arrives just after the person moved to another receipt waits until the window has shown that
receipt (``INPUT_QUIET_MS`` after the move, at most ``MAX_HOLD_MS``): the move, and the table repainted for
the rows the listing brings, then run one after the other instead of in one long pause.

Signals:
    refreshed(): the rows were refreshed (the page recounts and updates its empty state).
    failed(str): the listing could not be read; the text says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QModelIndex, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QTableView

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.listing import Listing, read_listing_from
from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.rows_in_view import kept_in_view, rows_in_sight, rows_to_keep

INPUT_QUIET_MS = 20  # a listing arriving this soon after the person moved to another receipt waits
MAX_HOLD_MS = 200  # ...but never longer than this after it arrived


class LiveRefresher(QObject):
    refreshed = Signal()
    failed = Signal(str)

    def __init__(
        self,
        table: QTableView,
        model: TicketTableModel,
        store: Any,
        jobs: JobRunner,
        interval_ms: int,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._table, self._model, self._store, self._jobs = table, model, store, jobs
        # The window's pool, at the window's priority: a listing thread at idle priority holds the interpreter
        # lock when preempted, and the GUI thread then waits for it (measured: up to 836 ms on a busy machine).
        self._inserted = 0
        self._changed = False  # a page saved since the last refresh re-saved a stored ticket
        self._in_flight = False
        self._closed = False
        self._waiting: list[
            Callable[[], None]
        ] = []  # flush() callers, called once the store's rows are shown
        self.applying = False  # while the model takes a listing (the page then does not scroll to the row)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._read)
        self._moved_at = QElapsedTimer()  # since the person last moved to another receipt
        self._held: tuple[Any, Listing] | None = None  # a listing waiting for the person's move to show
        self._held_at = QElapsedTimer()
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.timeout.connect(self._apply_held)
        table.selectionModel().currentRowChanged.connect(self._moved)

    @property
    def reading(self) -> bool:
        """A listing is being read in the background (its result has not reached the GUI thread yet)."""
        return self._in_flight

    def saved(self, inserted: int, updated: int | None) -> None:
        """A page was committed (``updated``: stored tickets saved again; None: unknown): refresh soon."""
        self._inserted += max(0, inserted)
        self._changed = self._changed or updated != 0
        if not self.timer.isActive() and not self._in_flight:
            self.timer.start()

    def take_pending(self) -> tuple[int, bool]:
        """The new-ticket count and the changed flag gathered so far (a refresh on the GUI thread takes them)."""
        self.timer.stop()
        pending, self._inserted, self._changed = (self._inserted, self._changed), 0, False
        return pending

    def flush(self, then: Callable[[], None]) -> None:
        """Show what the store holds now (every pending page; shown rows read again) and then call ``then`` on
        the GUI thread: the listing is read in a job like the live refresh, not on the GUI thread. A read in
        flight is waited for and followed by another; a store error is reported (``failed``) and ``then``
        still called. Not called if the refresher is closed first."""
        self._waiting.append(then)
        self._changed = True
        if not self._in_flight:
            self.timer.stop()
            self._read()

    def close(self) -> None:
        self._closed = True
        self.timer.stop()
        self._hold.stop()
        self._held = None
        self._waiting.clear()

    @Slot(QModelIndex, QModelIndex)
    def _moved(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self.applying:  # not the current row following its ticket through a listing
            self._moved_at.restart()

    @Slot()
    def _read(self) -> None:
        if self._closed or self._in_flight:
            return
        request = self._model.listing_request(self._inserted, rows_to_keep(self._table, self._model))
        if request is None:
            self.take_pending()
            self._release()
            return
        extra, changed = self.take_pending()
        store = self._store
        before, recent = self._model.listing_basis()  # the job also diffs and re-reads the shown rows
        if not changed:
            recent = []
        keep = rows_in_sight(self._table, self._model)  # listed even if more tickets land above them
        self._in_flight = True
        job = self._jobs.submit(
            lambda: read_listing_from(store, *request, before, recent, keep),
            (self._model.version, extra, changed),
            succeeded=self._on_listing,
            failed=self._on_failed,
            finished=self._on_done,
        )
        if job is None:  # the pool is shut down (the window is closing)
            self._in_flight = False
            self._waiting.clear()

    @Slot(object, object)
    def _on_listing(self, tag: Any, listing: Listing, held: bool = False) -> None:
        version, extra, changed = tag
        if self._closed:
            return
        if version != self._model.version:  # the rows changed meanwhile: read again with them
            self._inserted += extra
            self._changed = self._changed or changed
            return
        if not held:
            self._held_at.restart()
        since_move = self._moved_at.elapsed() if self._moved_at.isValid() else INPUT_QUIET_MS
        if since_move < INPUT_QUIET_MS and self._held_at.elapsed() < MAX_HOLD_MS:
            self._held = (tag, listing)  # shown once the window has shown the receipt moved to
            self._hold.start(max(1, INPUT_QUIET_MS - since_move))
            return
        self.applying = True
        try:
            with kept_in_view(self._table, self._model):
                self._model.apply_listing(listing, rows_changed=changed)
        finally:
            self.applying = False
        self.refreshed.emit()

    @Slot(object, object, int)
    def _on_failed(self, _tag: Any, message: str, _code: int) -> None:
        if not self._closed:
            self.failed.emit(core_text(message))  # a store error, in the window's language

    @Slot()
    def _apply_held(self) -> None:
        if self._held is None or self._closed:
            return
        tag, listing = self._held
        self._held = None
        self._on_listing(tag, listing, held=True)
        if self._held is None:  # shown (or no longer fitting): go on as when the job finished
            self._on_done(tag)

    @Slot(object)
    def _on_done(self, _tag: Any) -> None:
        if self._held is not None:  # still in flight until it is shown (_apply_held goes on from here)
            return
        self._in_flight = False
        if self._closed:
            return
        if self._inserted or self._changed:
            if self._waiting:  # a flush waits: read again now
                self._read()
            elif not self.timer.isActive():
                self.timer.start()
        else:
            self._release()

    def _release(self) -> None:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
