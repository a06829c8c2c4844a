"""Live updates between two workstations on one team store (two connections, two ticket tables, two
listeners): a colleague's flag shows in the other table, and tickets a sync lands there appear, each within
2 s (the waitUntil bound), by targeted model updates rather than a re-read of the whole table."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import fill_store, small_config

from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ExceptionsRole, TicketKeyRole
from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator.generator import TicketGenerator
from ows_desktop.store.live import LiveStore
from ows_desktop.store.query import TicketQuery
from ows_desktop.store.url import open_store_url
from ows_desktop.tasks.live_updates import LiveUpdates

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
LIVE_BOUND_MS = 2000


class Workstation:
    """One window's pieces: its store connection, its ticket table, its listener."""

    def __init__(self, url: str) -> None:
        self.store = open_store_url(url, Path("unused"), password=NO_PASSWORD)
        assert isinstance(self.store, LiveStore)
        self.reader = self.store.reader()
        self.model = TicketTableModel(self.reader, page_size=50)
        self.model.set_query(TicketQuery())
        self.live = LiveUpdates(self.store.change_feed)
        self.live.reviewChanged.connect(self.model.review_changed)
        self.live.ticketsLanded.connect(self.model.tickets_landed)
        self.reads = 0
        original = self.reader.ids

        def counting_ids(*args, **kwargs):  # how often the table re-reads its rows
            self.reads += 1
            return original(*args, **kwargs)

        self.reader.ids = counting_ids  # type: ignore[method-assign]
        self.live.start()

    def flagged(self, key: str) -> bool:
        row = self.model.row_of_key(key)
        codes = self.model.data(self.model.index(row, COL_EXCEPTIONS), ExceptionsRole) if row >= 0 else None
        return bool(codes) and "flagged" in codes

    def close(self) -> None:
        self.live.stop()
        self.model.close()
        self.reader.close()
        self.store.close()


@pytest.fixture
def two_workstations(pg_url: str):
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as seed:
        fill_store(seed)
    ws1, ws2 = Workstation(pg_url), Workstation(pg_url)
    yield ws1, ws2
    ws1.close()
    ws2.close()


def test_a_colleagues_flag_and_a_landed_sync_show_in_the_other_table(
    qtbot, qtmodeltester, two_workstations
) -> None:
    ws1, ws2 = two_workstations
    qtmodeltester.check(ws1.model)
    key = ws1.model.data(ws1.model.index(3, 0), TicketKeyRole)
    assert not ws1.flagged(key) and not ws2.flagged(key)

    ws2.store.review.flag_ticket(key, reason="Void abuse", who="bob")  # bob's workstation
    qtbot.waitUntil(lambda: ws1.flagged(key), timeout=LIVE_BOUND_MS)
    assert ws1.reads == 0  # only that row was read again, not the table

    before = ws1.model.rowCount(), ws2.model.rowCount()
    later = small_config(start=small_config().start + timedelta(days=30))  # newer than every ticket shown
    generator = TicketGenerator(later)
    new = [normalise_ticket({**generator.ticket(i), "id": f"LIVE-{i}"}) for i in range(5)]
    ws1.store.upsert_tickets(new)  # a sync on alice's workstation lands a page
    newest = max(new, key=lambda t: t.start).key
    qtbot.waitUntil(lambda: ws2.model.row_of_key(newest) >= 0, timeout=LIVE_BOUND_MS)
    assert ws2.model.rowCount() >= min(before[1] + 5, 50)
    qtmodeltester.check(ws2.model)
