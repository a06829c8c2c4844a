"""The sync engine: fetches a persist-time range of tickets through several OWS cursors at once and stores
every page together with its cursor checkpoint, so any interruption resumes exactly where it stopped.

OWS hands out 50 tickets per round trip through one sequential cursor; splitting the range into sub-windows
and running N cursors concurrently is what makes loading fast over a WAN. The cursors hand their pages to ONE
writer thread (sync/page_writer.py), which commits the pages fetched meanwhile in one transaction together
with the cursors that follow them (``store.save_pages``): after a crash, a window resumes from its last
committed cursor, completed windows are never fetched again, and the upsert by ticket key absorbs any
overlap. A cursor that runs out of windows splits the window with the most tickets left (sync/scheduler.py).
When every window of the range is done the engine records in the store that a sync into it finished
(``store.record_sync_finished``; a failed or cancelled run does not), so the window, its sync process and the
command line all keep that record in the store it describes.
No Qt here: ``tasks/`` wraps this in a QThread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from ows_desktop.ows.errors import CursorRefused, InvalidInputError, RequestCancelled
from ows_desktop.ows.model import Ticket, TicketPage
from ows_desktop.ows.timestamps import from_epoch_us, to_epoch_us
from ows_desktop.store.interface import SyncWindow, TicketWriter
from ows_desktop.store.values import PageToSave, UpsertResult
from ows_desktop.sync.collector import fewer_collections
from ows_desktop.sync.one_core import one_core
from ows_desktop.sync.page_writer import BATCH_PAGES_PER_CURSOR, QUEUE_PAGES_PER_CURSOR, Fetched, PageWriter
from ows_desktop.sync.planner import split, subtract
from ows_desktop.sync.scheduler import WindowScheduler, WindowState, persisted_span_us
from ows_desktop.sync.switching import shorter_switches

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 4
# One window per cursor to start with: an idle cursor then splits the window with the most tickets left
# (sync/scheduler.py), so how tickets spread over persist time no longer decides when the cursors finish.
WINDOWS_PER_WORKER = 1
MAX_WORKERS = 16
# OWS makes some tickets visible only after their persist time has been read ("late tickets"): every sync
# reads this much again before the end of what is already complete (setting sync/overlap_minutes).
DEFAULT_OVERLAP = timedelta(minutes=60)
# OWS cloud ticket storage did not exist before this: a range starting earlier is a typo (0001-01-01, 1970),
# refused as input rather than planned (issue #12: thousands of windows before the first request).
EARLIEST_DATA = datetime(2010, 1, 1, tzinfo=UTC)


class SyncCancelled(Exception):
    """Raised by ``SyncEngine.run`` when the caller cancelled; every saved page stays saved."""

    exit_code = 130


class TicketSource(Protocol):
    """What the engine needs from the OWS client. ``iter_ticket_pages`` raises CursorRefused when the server
    rejects the saved ``cursor`` itself (the window then starts over); any other error ends the sync."""

    @property
    def retries(self) -> int: ...

    def tickets_endpoint(self) -> str: ...

    def iter_ticket_pages(
        self,
        start: datetime,
        end: datetime,
        *,
        page_size: int = 50,
        cursor: str | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[TicketPage]: ...


@dataclass(frozen=True, slots=True)
class SyncProgress:
    pages: int = 0
    tickets: int = 0  # distinct tickets received in this run
    new_tickets: int = 0  # tickets the store did not have before
    empty_pages: int = 0
    retries: int = 0
    windows_done: int = 0
    windows_total: int = 0
    elapsed: float = 0.0
    fraction: float = 0.0  # of the persist-time range covered, 0..1
    rate: float = 0.0  # tickets per second
    eta_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class SyncResult:
    start: datetime
    end: datetime
    progress: SyncProgress
    resumed_windows: int = 0
    skipped_windows: int = 0  # already complete from an earlier run


@dataclass(frozen=True, slots=True)
class SavedBatch:
    """Handed to ``on_saved`` after each commit of one or more pages (the GUI refreshes its table from it);
    ``window_id`` is the window of the last page of the commit."""

    window_id: int
    tickets: tuple[Ticket, ...]
    inserted: int
    updated: int


@dataclass
class _Counters:
    pages: int = 0
    empty_pages: int = 0
    new_tickets: int = 0
    keys: set[str] = field(default_factory=set)


def check_sync_range(start: datetime, end: datetime) -> None:
    """Refuse (input error 2) a range that is empty or starts before OWS could hold any ticket; callers may
    check before they reach the network, the engine checks again before it plans."""
    if end <= start:
        raise InvalidInputError(
            f"The sync range is empty: end ({end.isoformat()}) must be after start ({start.isoformat()})."
        )
    if start < EARLIEST_DATA:
        raise InvalidInputError(
            f"The sync range starts at {start.date().isoformat()}, before OWS could hold any ticket; "
            f"start on or after {EARLIEST_DATA.date().isoformat()}."
        )


class SyncEngine:
    def __init__(
        self,
        source: TicketSource,
        store: TicketWriter,
        *,
        workers: int = DEFAULT_WORKERS,
        page_size: int = 50,
        max_window: timedelta | None = timedelta(hours=6),
        overlap: timedelta = DEFAULT_OVERLAP,
        tenant_guard: Callable[[str], None] | None = None,
        on_progress: Callable[[SyncProgress], None] | None = None,
        on_saved: Callable[[SavedBatch], None] | None = None,
        on_accepted: Callable[[], None] | None = None,
        cancel: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] | None = None,
    ):
        if not 1 <= workers <= MAX_WORKERS:
            raise InvalidInputError(f"--workers must be between 1 and {MAX_WORKERS} (got {workers}).")
        self._source = source
        self._store = store
        self._workers = workers
        self._page_size = page_size
        self._max_window_us = int(max_window.total_seconds() * 1_000_000) if max_window else None
        self._overlap_us = max(0, int(overlap.total_seconds() * 1_000_000))
        self._tenant_guard = tenant_guard  # raises when the store belongs to another tenant than the source's
        self._on_progress = on_progress
        self._on_saved = on_saved
        self._on_accepted = on_accepted  # once the run passed every refusal, before it plans or writes
        self.cancel_event = cancel or threading.Event()
        self._clock = clock
        self._wall_clock = wall_clock or now_utc

    def cancel(self) -> None:
        self.cancel_event.set()

    # ------------------------------------------------------------------------------------------ planning
    def plan(self, start_us: int, end_us: int) -> tuple[list[SyncWindow], int, int]:
        """The windows to run for ``[start_us, end_us)``: unfinished ones from an earlier run (resumed from
        their cursor) plus new ones for the gaps, and for the safety overlap: the last ``overlap`` before
        the newest end of the completed windows is read again even though it is complete (late tickets;
        the upsert deduplicates). Returns (windows, resumed, skipped)."""
        existing = self._store.windows_overlapping(start_us, end_us)
        done = [(w.start_us, w.end_us) for w in existing if w.done]
        resumable = [w for w in existing if not w.done]
        covered = [(w.start_us, w.end_us) for w in resumable]
        if done and self._overlap_us:
            frontier = max(e for _, e in done)
            refetch = (max(start_us, frontier - self._overlap_us), min(end_us, frontier))
            if refetch[0] < refetch[1]:
                done = [piece for span in done for piece in subtract(span, [refetch])]
        covered += done
        gaps = subtract((start_us, end_us), covered)
        new = (
            self._store.create_windows(
                split(gaps, self._workers * WINDOWS_PER_WORKER, max_size=self._max_window_us)
            )
            if gaps
            else []
        )
        skipped = sum(1 for w in existing if w.done)
        return sorted([*resumable, *new], key=lambda w: w.start_us), len(resumable), skipped

    # ------------------------------------------------------------------------------------------ running
    def reachable_end(self, start: datetime, end: datetime) -> datetime:
        """The end this sync fetches to: ``end``, or now when ``end`` is later. OWS holds no ticket persisted
        after now, and a window recorded complete up to a later end would never be fetched again for the
        tickets persisted after this run (the next sync starts from that end). Refuses (input error 2) a range
        that is empty, too early, or wholly in the future."""
        check_sync_range(start, end)
        now = self._wall_clock()
        if end <= now:
            return end
        if start >= now:
            raise InvalidInputError(
                f"The sync range starts in the future ({start.isoformat()}): OWS holds no ticket persisted "
                f"after now ({now.isoformat(timespec='seconds')}); give a start before now."
            )
        return now

    def run(self, start: datetime, end: datetime) -> SyncResult:
        end = self.reachable_end(start, end)
        start_us, end_us = to_epoch_us(start), to_epoch_us(end)
        # The tenant is resolved once, before any cursor starts: every cursor shares it, and a refused key
        # stops the run here, after one request, instead of once per cursor. A cache that belongs to another
        # tenant is refused before anything is planned or written.
        endpoint = self._source.tickets_endpoint()
        if self._tenant_guard is not None:
            self._tenant_guard(endpoint)
        if self._on_accepted is not None:  # e.g. the command line saves the connection: nothing refused it
            self._on_accepted()
        # what the store knew of its last finished sync stays so until this sync finishes (store/checkpoints.py)
        self._store.record_sync_started()
        windows, resumed, skipped = self.plan(start_us, end_us)
        states = [WindowState.of(w) for w in windows]
        scheduler = WindowScheduler(self._store, states, page_size=self._page_size, cancel=self.cancel_event)
        counters = _Counters()
        retries_before = self._source.retries
        started = self._clock()
        total_span = max(1, end_us - start_us)
        already = total_span - sum(s.span for s in states)  # covered by completed windows

        def progress() -> SyncProgress:
            elapsed = self._clock() - started
            states = scheduler.snapshot()
            covered = already + sum(s.fraction * s.span for s in states)
            fraction = min(1.0, max(0.0, covered / total_span))
            work_fraction = (covered - already) / max(1, total_span - already)
            rate = len(counters.keys) / elapsed if elapsed > 0 else 0.0
            eta = (
                elapsed * (1 - work_fraction) / work_fraction
                if 0 < work_fraction < 1
                else (0.0 if work_fraction >= 1 else None)
            )
            return SyncProgress(
                pages=counters.pages,
                tickets=len(counters.keys),
                new_tickets=counters.new_tickets,
                empty_pages=counters.empty_pages,
                retries=self._source.retries - retries_before,
                windows_done=sum(1 for s in states if s.done),
                windows_total=len(states),
                elapsed=elapsed,
                fraction=fraction,
                rate=rate,
                eta_seconds=eta,
            )

        progress_lock = threading.Lock()

        def emit() -> None:
            # One at a time, so reports leave in the order their snapshots were taken: a cursor thread
            # must not deliver a stale snapshot after a newer one (the bar would end at 97 %).
            if self._on_progress:
                with progress_lock:
                    self._on_progress(progress())

        emit()
        if states:
            # the pages in flight die by reference counting (sync/collector.py); the writer wins the GIL back
            # sooner (sync/switching.py); the threads share one core (sync/one_core.py)
            with fewer_collections(), shorter_switches(), one_core():
                self._run_windows(scheduler, counters, emit)
            emit()  # the final state, after every cursor has stopped
        final = progress()
        if self.cancel_event.is_set() and not all(s.done for s in scheduler.snapshot()):
            raise SyncCancelled(f"Sync cancelled after {final.pages} pages; it resumes from there next time.")
        # the store says when a sync into it last finished (the window's "Last sync"), whoever synced it
        self._store.record_sync_finished(to_epoch_us(self._wall_clock()))
        return SyncResult(
            start=start,
            end=end,
            progress=replace(final, eta_seconds=0.0),
            resumed_windows=resumed,
            skipped_windows=skipped,
        )

    def _run_windows(self, scheduler: WindowScheduler, counters: _Counters, emit: Callable[[], None]) -> None:
        """The cursors fetch (``workers`` threads) and hand their pages to ONE writer thread, which commits
        what they fetched meanwhile in one transaction with their cursors (sync/page_writer.py)."""

        def committed(items: Sequence[Fetched], result: UpsertResult) -> None:
            self._committed(items, result, counters)
            emit()

        writer = PageWriter(
            self._store,
            committed,
            self.cancel_event.set,
            queue_pages=QUEUE_PAGES_PER_CURSOR * self._workers,
            batch_pages=BATCH_PAGES_PER_CURSOR * self._workers,
        )
        writer.start()
        failed: list[BaseException] = []
        try:
            with ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="ows-sync") as pool:
                futures = [pool.submit(self._cursor, scheduler, writer) for _ in range(self._workers)]
                finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
                failed = [exc for f in finished if (exc := f.exception()) is not None]
                if failed:
                    self.cancel_event.set()  # stop the other cursors at their next page
                    wait(futures)
        finally:
            writer.close()  # commits every page already fetched, also after a failure or a cancel
        if writer.error is not None:
            raise writer.error
        if failed:
            raise failed[0]

    def _committed(self, items: Sequence[Fetched], result: UpsertResult, counters: _Counters) -> None:
        """Bookkeeping on the writer thread after a commit; then ``on_saved`` for the committed tickets."""
        tickets: list[Ticket] = []
        for item in items:
            state: WindowState = item.tag
            page = item.page
            counters.pages += 1
            counters.empty_pages += page.empty
            counters.keys.update(t.key for t in page.tickets)
            span = persisted_span_us(page.tickets)
            if span is not None:  # the newest of them, as far as the window goes
                state.reached_us = max(state.reached_us, min(span[1], state.end_us))
            state.done = state.done or page.done
            tickets.extend(page.tickets)
        counters.new_tickets += result.inserted
        if tickets and self._on_saved:
            window_id = items[-1].page.window_id
            self._on_saved(SavedBatch(window_id, tuple(tickets), result.inserted, result.updated))

    def _cursor(self, scheduler: WindowScheduler, writer: PageWriter) -> None:
        """One cursor: fetches windows the scheduler hands it until there is none left."""
        while not self.cancel_event.is_set() and (state := scheduler.next()) is not None:
            try:
                self._fetch_window(state, scheduler, writer)
            except (
                RequestCancelled
            ):  # cancel stopped a request in flight or a pending retry: run() reports it
                if not self.cancel_event.is_set():
                    raise
            finally:
                scheduler.stopped(state)

    def _pages(self, window: SyncWindow) -> Iterator[TicketPage]:
        """The window's pages: from its saved cursor, or from its start when it has none, or when the server
        answers that saved cursor is no longer valid (CursorRefused, e.g. it expired during a long pause).
        Any other error, a page the client refuses too, ends the sync at once with the cursor kept: fetching
        the whole window again would only meet the same page after thousands of tickets."""
        start, end = from_epoch_us(window.start_us), from_epoch_us(window.end_us)
        if window.cursor:
            resumed = self._source.iter_ticket_pages(
                start, end, page_size=self._page_size, cursor=window.cursor, cancel=self.cancel_event
            )
            try:
                first = next(resumed, None)
            except CursorRefused as exc:  # only the answer to the saved cursor itself
                log.warning("Window %s: saved cursor refused (%s); fetching the window again", window.id, exc)
            else:
                if first is not None:
                    yield first
                    yield from resumed
                return
        yield from self._source.iter_ticket_pages(
            start, end, page_size=self._page_size, cancel=self.cancel_event
        )

    def _fetch_window(self, state: WindowState, scheduler: WindowScheduler, writer: PageWriter) -> None:
        window = state.window
        page: TicketPage
        for page in self._pages(window):
            done = scheduler.fetched(state, page)
            save = PageToSave(
                window.id, page.tickets, page.cursor, not page.tickets, done, page.body, page.received
            )
            if not writer.put(Fetched(save, state)) or done or self.cancel_event.is_set():
                return


def now_utc() -> datetime:
    return datetime.now(UTC)


def incremental_start(
    store: TicketWriter, *, overlap: timedelta, fallback: datetime | None, before: datetime | None = None
) -> datetime:
    """Where "sync to now" starts: the end of the completed persist coverage minus a safety overlap (OWS
    persists tickets late; the overlap is deduplicated by the upsert), or ``fallback`` on a first sync; never
    later than ``before`` (the end of the sync about to run) minus the overlap.

    When an earlier run stopped (say a sync with an earlier start failed), it continues from what is
    complete: from the first unfinished window of the newest stretch of windows, so those windows resume
    from their saved cursor and the completed ones are skipped."""
    until = store.completed_until_us()
    resume = _first_unfinished_of_newest_stretch(store.windows_overlapping(-(2**62), 2**62))
    if until is None and resume is None:
        if fallback is None:
            raise InvalidInputError(
                "Nothing has been synced yet, so there is no point to continue from: give --start "
                "(e.g. --start 2026-11-20T00:00Z) for the first sync."
            )
        return fallback
    candidates = [us for us in (resume,) if us is not None]
    if until is not None:
        candidates.append(until - int(overlap.total_seconds() * 1_000_000))
    if before is not None:  # coverage recorded past the sync's end (an older version synced to a future end)
        candidates.append(to_epoch_us(before) - int(overlap.total_seconds() * 1_000_000))
    return from_epoch_us(min(candidates))


def _first_unfinished_of_newest_stretch(windows: list[SyncWindow]) -> int | None:
    """The start of the earliest unfinished window in the newest stretch of touching windows (done or not),
    or None when that stretch is complete. Older stretches are separate syncs the user asked for."""
    if not windows:
        return None
    spans = sorted(windows, key=lambda w: (w.start_us, w.end_us))
    stretch_start = spans[0].start_us
    reach = spans[0].end_us
    for w in spans[1:]:
        if w.start_us > reach:
            stretch_start = w.start_us
        reach = max(reach, w.end_us)
    unfinished = [w.start_us for w in spans if not w.done and w.end_us > stretch_start]
    return max(stretch_start, min(unfinished)) if unfinished else None
