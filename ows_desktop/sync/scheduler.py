"""Which window a sync cursor fetches next, and splitting the largest remaining window for an idle cursor.

Tickets are not spread evenly over persist time (stores close at night, time zones differ), so windows of
equal time hold unequal work and the cursors would finish one after another. Instead of guessing a good
split up front, a cursor that runs out of windows takes the second half of the window with the most
tickets still to fetch (estimated from what that window's cursor has fetched so far): the split is stored
first (``store.split_window``, one transaction), then the window's own cursor stops as soon as it passes
the new end, and the new window is fetched from its start.

This relies on what the OWS cursor is: pages come in persist-time order (the cursor encodes the last
persist time read; the simulator does the same), so once a window's cursor has returned a ticket persisted
at or after the window's end, every ticket before that end has been returned. The sets stay exact: a page
that crosses the end is stored whole, and its later tickets come again from the new window (the upsert
deduplicates them). No Qt here."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from ows_desktop.ows.model import Ticket, TicketPage
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store.interface import TicketWriter
from ows_desktop.store.values import SyncWindow
from ows_desktop.sync.planner import MIN_WINDOW_US

# A split costs one more request (the new window's first page) and a partial page at each side; it pays
# when the window being split still has a few pages to go. At 6, the last cursors fetched up to five pages
# alone while the others were idle (~0.6 s at 100 ms a request: 8 cursors ended 0.8-0.95 s apart in
# bench_sync.py's WAN run, 0.45-0.5 s apart at 3, with as many requests in all).
SPLIT_MIN_PAGES = 3
_WAIT_S = 0.2  # an idle cursor re-checks this often while a running window's size is still unknown


def persisted_span_us(tickets: Sequence[Ticket]) -> tuple[int, int] | None:
    """The oldest and newest persist time of ``tickets`` in epoch microseconds (None: none has one). The
    datetimes are compared and two converted, not every one (twice a page: the cursor's and the writer's
    bookkeeping); naive and aware ones, which do not compare, are each converted as before."""
    times = [t.persisted for t in tickets if t.persisted is not None]
    if not times:
        return None
    try:
        return to_epoch_us(min(times)), to_epoch_us(max(times))
    except TypeError:
        each = [to_epoch_us(moment) for moment in times]
        return min(each), max(each)


@dataclass
class WindowState:
    window: SyncWindow
    end_us: int  # the window's end, earlier than window.end_us once it has been split
    reached_us: int  # persist time of the newest committed ticket, for the progress fraction
    fetched_us: int  # persist time of the newest fetched ticket, for splitting
    fetched: int = 0  # tickets fetched by this run's cursor
    origin_us: int | None = None  # where this run's cursor started reading (unknown for a saved cursor)
    fetching: bool = False
    fetched_all: bool = False
    done: bool = False  # committed as done

    @classmethod
    def of(cls, window: SyncWindow) -> WindowState:
        origin = window.start_us if window.cursor is None else None
        return cls(window, window.end_us, window.start_us, window.start_us, origin_us=origin)

    @property
    def span(self) -> int:
        return max(1, self.end_us - self.window.start_us)

    @property
    def fraction(self) -> float:
        if self.done:
            return 1.0
        return min(1.0, max(0.0, (self.reached_us - self.window.start_us) / self.span))

    def remaining_estimate(self) -> float | None:
        """Tickets still to fetch, at the density seen so far; None while nothing was fetched."""
        if self.fetched == 0 or self.origin_us is None or self.fetched_us <= self.origin_us:
            return None
        density = self.fetched / (self.fetched_us - self.origin_us)
        return density * max(0, self.end_us - self.fetched_us)


class WindowScheduler:
    """Hands windows to cursors (:meth:`next`), records fetched pages (:meth:`fetched`). Thread-safe."""

    def __init__(
        self, store: TicketWriter, states: list[WindowState], *, page_size: int, cancel: threading.Event
    ) -> None:
        self._store = store
        self.states = states  # every window of the run, split-off ones appended (read by progress)
        self._pending = list(states)
        self._split_min = SPLIT_MIN_PAGES * max(1, page_size)
        self._cancel = cancel
        self._cond = threading.Condition()

    def snapshot(self) -> list[WindowState]:
        with self._cond:
            return list(self.states)

    def next(self) -> WindowState | None:
        """The next window for an idle cursor: a pending one, else the second half of the window with the
        most tickets left; None when there is nothing worth fetching in parallel any more."""
        with self._cond:
            while not self._cancel.is_set():
                if self._pending:
                    state = self._pending.pop(0)
                    state.fetching = True
                    return state
                running = [s for s in self.states if s.fetching and not s.fetched_all]
                if not running:
                    return None
                estimates = [(s.remaining_estimate(), s) for s in running]
                known = [(est, s) for est, s in estimates if est is not None]
                if known:
                    est, biggest = max(known, key=lambda pair: pair[0])
                    if est >= self._split_min:
                        split = self._split(biggest)
                        if split is not None:
                            return split
                if all(est is not None for est, _ in estimates):
                    return None  # every running window is too small to split: this cursor is done
                self._cond.wait(_WAIT_S)  # a window has not shown its density yet
            return None

    def _split(self, state: WindowState) -> WindowState | None:
        at = state.fetched_us + (state.end_us - state.fetched_us) // 2
        if at - state.fetched_us < MIN_WINDOW_US or state.end_us - at < MIN_WINDOW_US:
            return None
        window = self._store.split_window(state.window.id, at)
        if window is None:
            return None
        state.end_us = at
        new = WindowState.of(window)
        new.fetching = True
        self.states.append(new)
        return new

    def fetched(self, state: WindowState, page: TicketPage) -> bool:
        """Record a fetched page of ``state``'s window; True when the window has nothing more to fetch:
        the cursor ended, or the page reached the window's (possibly split) end."""
        span = persisted_span_us(page.tickets)
        newest = None if span is None else span[1]
        with self._cond:
            if state.origin_us is None and span is not None:
                state.origin_us = span[0]
            state.fetched += len(page.tickets)
            if newest is not None:
                state.fetched_us = max(state.fetched_us, min(newest, state.end_us))
            state.fetched_all = page.cursor is None or (newest is not None and newest >= state.end_us)
            self._cond.notify_all()
            return state.fetched_all

    def stopped(self, state: WindowState) -> None:
        """The cursor of ``state`` stopped (finished, cancelled or failed): never split it."""
        with self._cond:
            state.fetched_all = True
            self._cond.notify_all()
