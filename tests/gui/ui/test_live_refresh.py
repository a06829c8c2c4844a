"""The receipts table while a sync saves pages: the listing is read again in the background and applied on
the GUI thread, with the selected receipt kept; a listing read for rows that changed meanwhile is not shown."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    SIM_START,
    fill_store,
    make_services,
    receipts_window,
    small_config,
)
from PySide6.QtCore import QEvent, QObject

from ows_desktop.itemmodels import tickets
from ows_desktop.store import TicketQuery
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui import live_refresh

pytestmark = OFFSCREEN_NOISE


def newer_day(store) -> int:
    """Tickets of two later days (they sort above every shown row); returns how many."""
    with store.reader() as reader:
        before = reader.count(TicketQuery())
    fill_store(store, small_config(days=4))
    with store.reader() as reader:
        return reader.count(TicketQuery()) - before


def test_saved_pages_show_new_tickets_read_off_the_gui_thread_and_keep_the_receipt(
    qtbot, browsing, filled_store, monkeypatch
):
    page = browsing.receipts
    page.select_row(3)
    key, before = page.current_key(), page.model.rowCount()
    readers: list[int] = []
    real = live_refresh.read_listing_from

    def spy(store, query, want, *prepared):
        readers.append(threading.get_ident())
        return real(store, query, want, *prepared)

    monkeypatch.setattr(live_refresh, "read_listing_from", spy)
    added = newer_day(filled_store)
    page.tickets_saved(added, 0)  # what a sync reports for a page of new tickets
    qtbot.waitUntil(lambda: page.model.rowCount() > before)
    assert readers and threading.main_thread().ident not in readers
    assert page.current_key() == key and page.receipt.ticket().key == key
    assert page.model.ticket_row(page.table.currentIndex().row()).key == key
    newest = page.model.ticket_row(0)
    assert newest.start >= SIM_START + timedelta(days=2)


@pytest.mark.skipif(not hasattr(os, "sched_getscheduler"), reason="Linux's scheduling policies")
def test_a_listing_is_read_at_the_windows_own_priority_never_below_it(
    qtbot, browsing, filled_store, monkeypatch
):
    """The listing's thread shares the interpreter lock with the GUI thread: at idle priority (tried, measured,
    reverted) it was preempted while holding the lock whenever other programs kept both cores busy, and the
    window froze up to 836 ms waiting for it (12 ms at the normal priority; tests/bench/RESULTS.md)."""
    page = browsing.receipts
    policies: list[int] = []
    real = live_refresh.read_listing_from

    def spy(store, query, want, *prepared):
        policies.append(os.sched_getscheduler(0))
        return real(store, query, want, *prepared)

    monkeypatch.setattr(live_refresh, "read_listing_from", spy)
    before = page.model.rowCount()
    page.tickets_saved(newer_day(filled_store), 0)
    qtbot.waitUntil(lambda: page.model.rowCount() > before and not page.live.reading)
    assert policies and set(policies) == {os.sched_getscheduler(0)}


def test_a_listing_read_for_rows_that_changed_meanwhile_is_not_shown(
    qtbot, browsing, filled_store, monkeypatch
):
    page = browsing.receipts
    release = threading.Event()
    reading = threading.Event()
    real = live_refresh.read_listing_from

    def slow(store, query, want, *prepared):
        listing = real(store, query, want, *prepared)  # the unfiltered list, new tickets included
        reading.set()
        release.wait(10)
        return listing

    monkeypatch.setattr(live_refresh, "read_listing_from", slow)
    added = newer_day(filled_store)
    page.tickets_saved(added, 0)
    qtbot.waitUntil(reading.is_set)
    voids = TicketQuery(statuses=("void",))
    page.model.set_query(voids)  # meanwhile the person filters the list
    shown = [page.model.rowid(r) for r in range(page.model.rowCount())]
    release.set()
    qtbot.waitUntil(lambda: not page.live.reading)
    with filled_store.reader() as reader:
        expected = list(reader.ids(voids, limit=page.model.rowCount()))
    assert shown and [page.model.rowid(r) for r in range(page.model.rowCount())] in (shown, expected)


def test_new_rows_arriving_as_the_person_moves_wait_until_the_table_shows_the_move(
    qtbot, browsing, filled_store, monkeypatch
):
    """J and a listing of new tickets at the same moment: the table is first drawn with the ticket moved to
    selected, and only then do the new rows come in (one long pause would hold both)."""
    page = browsing.receipts
    page.select_row(3)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    release, reading = threading.Event(), threading.Event()
    real = live_refresh.read_listing_from

    def held(store, query, want, *prepared):
        reading.set()
        release.wait(10)
        return real(store, query, want, *prepared)

    monkeypatch.setattr(live_refresh, "read_listing_from", held)
    seen: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                seen.append(f"table drawn, row {page.table.currentIndex().row()} selected")
            return False

    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    page.model.rowsInserted.connect(lambda *_: seen.append("rows inserted"))
    rows = page.model.rowCount()
    page.tickets_saved(newer_day(filled_store), 0)
    qtbot.waitUntil(reading.is_set)
    qtbot.wait(50)  # the table is drawn as it is
    seen.clear()
    page.move(1)  # J
    release.set()
    assert browsing.findChild(JobRunner).wait(10_000)  # the listing is in the window's queue, behind J
    qtbot.waitUntil(lambda: page.model.rowCount() > rows)
    page.table.viewport().removeEventFilter(paints)
    assert seen and seen[0] == "table drawn, row 4 selected", seen
    assert "rows inserted" in seen


def test_more_tickets_landing_above_the_current_row_than_were_reported_keep_it_selected(qtbot, paths, store):
    """A sync keeps saving while the listing is read, so more tickets land above the person's row than the
    pages reported so far: the listing still reaches her row, and her receipt stays selected where it moved to."""
    fill_store(store, small_config(tickets_per_store_day=100))
    window = receipts_window(qtbot, make_services(paths, store))
    page = window.receipts
    assert page.model.has_more()  # a page of 200 of the 400 tickets is loaded
    page.select_row(150)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    key = page.current_key()
    fill_store(store, small_config(days=4, tickets_per_store_day=100))  # 400 newer tickets, above her row
    page.tickets_saved(3, 0)  # ...of which the sync has reported one page of three so far
    qtbot.waitUntil(lambda: page.model.rowCount() > 200 and not page.live.reading)
    current = page.table.currentIndex().row()
    assert current >= 400 and page.model.ticket_row(current).key == key
    assert page.current_key() == key and page.receipt.ticket().key == key


def test_a_listing_that_resets_the_table_keeps_the_rows_in_view_and_reads_no_page_more(
    qtbot, paths, store, monkeypatch
):
    """New tickets too scattered to insert one by one reset the table: the person's row stays selected, the rows
    in view stay where they were, and only what the listing brought is loaded (the view's own scroll to the
    re-selected row, on the scroll bar's old range, ended at its end and read a page more)."""
    monkeypatch.setattr(tickets, "MAX_INSERT_RUNS", 0)  # any insertion resets
    fill_store(store, small_config(tickets_per_store_day=100))
    window = receipts_window(qtbot, make_services(paths, store))
    page, table = window.receipts, window.receipts.table
    page.select_row(190)  # near the end of the 200 loaded rows
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    key, top = page.current_key(), table.rowAt(0)
    top_key, y = page.model.ticket_row(top).key, table.rowViewportPosition(top)
    fill_store(store, small_config(days=3, tickets_per_store_day=100))  # 200 newer tickets
    page.tickets_saved(200, 0)
    qtbot.waitUntil(lambda: page.model.rowCount() > 200 and not page.live.reading)
    current = table.currentIndex().row()
    assert page.current_key() == key and page.model.ticket_row(current).key == key
    assert table.rowViewportPosition(page.model.row_of_key(top_key)) == y  # the top row in view did not move
    assert page.model.rowCount() == 400  # the listing's 200 + 200 new, no page more
