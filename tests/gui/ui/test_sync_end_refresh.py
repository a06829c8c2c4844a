"""When a sync ends the table lists every ticket it saved before ``syncFinished`` is emitted, and that last
listing is read in a background job like the live refresh: the GUI thread only applies it (at the end of a long
sync, reading it on the GUI thread and then painting the table was the longest pause of the whole sync)."""

from __future__ import annotations

import threading

from gui_support import OFFSCREEN_NOISE, connected_services, open_window, wait_connected

from ows_desktop.itemmodels import tickets
from ows_desktop.store import TicketQuery
from ows_desktop.ui import live_refresh
from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE

SIM_RANGE = SyncRange("custom", "2026-11-19T00:00:00", "2026-11-24T00:00:00")


def test_at_sync_finished_every_saved_ticket_is_listed_and_that_listing_was_read_off_the_gui_thread(
    qtbot, paths, store, sim, monkeypatch
):
    job_reads: list[int] = []
    gui_reads: list[int] = []
    read_in_job, read_by_model = live_refresh.read_listing_from, tickets.read_listing

    def in_job(*args):
        job_reads.append(threading.get_ident())
        return read_in_job(*args)

    def by_model(*args):
        gui_reads.append(threading.get_ident())
        return read_by_model(*args)

    monkeypatch.setattr(live_refresh, "read_listing_from", in_job)
    monkeypatch.setattr(tickets, "read_listing", by_model)
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    page = window.receipts
    assert page.model.rowCount() == 0
    window.sync_bar.set_sync_range(SIM_RANGE)
    listed_at_finish: list[list[int]] = []
    window.syncFinished.connect(
        lambda _outcome: listed_at_finish.append([page.model.rowid(r) for r in range(page.model.rowCount())])
    )
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
        assert window.start_sync()
    assert finished.args == ["succeeded"]
    with store.reader() as reader:
        everything = list(reader.ids(TicketQuery(), limit=10_000))
    assert len(everything) == sim.generator.count() <= page.model.page_size  # all of them fit the first page
    assert listed_at_finish == [everything]  # newest first, as the table shows them
    assert page.table_stack.currentWidget() is page.table
    assert job_reads and threading.main_thread().ident not in job_reads
    assert gui_reads == []  # the window never read a listing on the GUI thread during the sync
