"""How an idle sync cursor finds work (sync/scheduler.py, issue #14): it takes over the second half of the
window with the most tickets left once that window has at least three pages to go, so near the end of a sync
the cursors keep sharing the work instead of one of them fetching the last pages alone."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from ows_desktop.ows.tickets import normalise_page
from ows_desktop.store.values import SyncWindow
from ows_desktop.sync.scheduler import WindowScheduler, WindowState

T0 = datetime(2026, 11, 20, tzinfo=UTC)
H = 3600 * 1_000_000
PAGE = 50


class Windows:
    """The store's side of a split: records it and hands back the new window."""

    def __init__(self, end_us: int) -> None:
        self.end_us = end_us
        self.splits: list[tuple[int, int]] = []

    def split_window(self, window_id: int, at_us: int) -> SyncWindow | None:
        self.splits.append((window_id, at_us))
        return SyncWindow(2, at_us, self.end_us, None, 0, 0, 0, False)


def first_page_of_an_hour():
    """50 tickets persisted one every 72 s from T0: the window's density, 50 tickets an hour."""
    results = [
        {"id": str(i), "persistDate": (T0 + timedelta(seconds=72 * i)).isoformat()} for i in range(PAGE)
    ]
    return normalise_page({"cursor": "next", "resultCount": PAGE, "results": results})


@pytest.mark.parametrize(("hours", "split"), [(5, True), (3, False)])
def test_an_idle_cursor_takes_half_of_a_window_with_three_pages_or_more_left(hours: int, split: bool) -> None:
    start_us = int(T0.timestamp() * 1_000_000)
    window_end_us = start_us + hours * H
    store = Windows(window_end_us)
    window = SyncWindow(1, start_us, window_end_us, None, 0, 0, 0, False)
    scheduler = WindowScheduler(store, [WindowState.of(window)], page_size=PAGE, cancel=threading.Event())
    running = scheduler.next()
    assert running is not None and running.window.id == 1
    assert not scheduler.fetched(running, first_page_of_an_hour())

    # ~4 pages (5 h) or ~2 pages (3 h) are left at the density seen so far
    idle = scheduler.next()

    if split:
        assert idle is not None and idle.window.id == 2
        (split_at,) = [at for _, at in store.splits]
        assert running.end_us == split_at == idle.window.start_us  # the two halves still tile the window
        assert start_us + H < split_at < window_end_us
    else:
        assert idle is None  # not worth a split: the idle cursor is done
        assert store.splits == []
