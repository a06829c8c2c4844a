"""The sync's one writer: a thread fed by the fetching cursors through a bounded queue, that commits every page
waiting in the queue in ONE transaction together with the cursors that follow those pages.

Why: with a transaction per page, four cursors handed the store's lock around and paid BEGIN/COMMIT, an FTS5
segment and a vocabulary pass per 50 tickets. One writer taking what accumulated while it committed the last
batch (and gathering a few pages more, a quarter of a second at most, when the store keeps up) makes
transactions big (up to the queue's size), and keeps the checkpoint rule: a window's cursor is committed in
the same transaction as the rows of the page it follows, so a SIGKILL at any moment resumes exactly. The queue is
bounded so a slow disk slows the cursors instead of filling memory. No Qt here."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ows_desktop.store.interface import TicketWriter
from ows_desktop.store.values import PageToSave, UpsertResult

# Pages that may wait for the writer, per cursor: how far fetching may run ahead of what is committed (a
# cancel stops the cursors, then the writer still commits what waits), and so the biggest transaction.
QUEUE_PAGES_PER_CURSOR = 8
# Pages per cursor the writer gathers before it commits, waiting at most GATHER_S after the first one: a
# commit's cost (COMMIT, the WAL frames of every index page it dirtied) is paid per transaction, so 16+
# pages per commit cost ~10 % less CPU per ticket than the 1-8 a writer that keeps up would take. Half the
# queue, so the cursors keep fetching into the other half meanwhile.
BATCH_PAGES_PER_CURSOR = 4
GATHER_S = 0.25
_PUT_POLL_S = 0.1  # how often a cursor blocked on a full queue checks that the writer is still alive


@dataclass(frozen=True, slots=True)
class Fetched:
    """One fetched page on its way to the writer: what to save, and ``tag`` for the caller's bookkeeping."""

    page: PageToSave
    tag: Any


class PageWriter:
    """Start with :meth:`start`, feed with :meth:`put` from any thread, end with :meth:`close` (commits what
    is queued). ``on_committed(items, result)`` runs on the writer thread after each commit. A failed
    commit stops the writer: :attr:`error` holds the exception, ``on_failed`` is called, and :meth:`put`
    returns False from then on (the caller stops fetching)."""

    def __init__(
        self,
        store: TicketWriter,
        on_committed: Callable[[Sequence[Fetched], UpsertResult], None],
        on_failed: Callable[[], None],
        *,
        queue_pages: int,
        batch_pages: int = 1,
        gather_s: float = GATHER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._on_committed = on_committed
        self._on_failed = on_failed
        # Every page holds a slot from put() until it is committed: fetching never runs more than
        # ``queue_pages`` pages ahead of the store (a transaction in progress included).
        self._slots = threading.Semaphore(max(1, queue_pages))
        # Never more than the queue holds: the cursors could not fetch the rest before a commit frees slots.
        self._batch_pages = max(1, min(batch_pages, queue_pages))
        self._gather_s = gather_s
        self._clock = clock
        self._queue: queue.Queue[Fetched | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="ows-sync-writer", daemon=True)
        self._failed = threading.Event()
        self.error: BaseException | None = None

    def start(self) -> None:
        self._thread.start()

    def put(self, item: Fetched) -> bool:
        """Queue a page (blocks while ``queue_pages`` wait); False when the writer has failed."""
        while not self._failed.is_set():
            if self._slots.acquire(timeout=_PUT_POLL_S):
                self._queue.put(item)
                return True
        return False

    def close(self) -> None:
        """Commit everything queued, then stop the thread (waits for it)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        try:
            closing, gather = False, False
            while not closing:
                first = self._queue.get()
                if first is None:
                    return
                batch = [first]
                # The first page of a run is committed at once (the window shows tickets, a cancel may
                # follow its first report); later ones are gathered.
                closing = self._gather(batch, wait=gather)
                gather = True
                result = self._store.save_pages([item.page for item in batch])
                for _ in batch:
                    self._slots.release()
                self._on_committed(batch, result)
        except BaseException as exc:  # handed to the engine, which raises it from run()
            self.error = exc
            self._failed.set()
            self._on_failed()

    def _gather(self, batch: list[Fetched], *, wait: bool) -> bool:
        """Add what waits to ``batch``, then (``wait``) what arrives until it holds ``batch_pages`` pages
        or ``gather_s`` has passed; True when close() was called meanwhile (commit, then stop)."""
        until = self._clock() + self._gather_s
        while True:
            try:
                if not wait or len(batch) >= self._batch_pages:
                    item = self._queue.get_nowait()
                else:
                    item = self._queue.get(timeout=max(0.0, until - self._clock()))
            except queue.Empty:
                return False
            if item is None:
                return True
            batch.append(item)
