"""The window on a team store follows a colleague's work live: bob flags the receipt alice has open and adds a
note — her receipt view and her table show it within 2 s (the waitUntil bound); a sync on bob's workstation
lands tickets — they appear in her table, her selection kept. Two connections on one PostgreSQL server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import OFFSCREEN_NOISE, fill_store, make_services, open_window, small_config

from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ExceptionsRole
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator.generator import TicketGenerator
from ows_desktop.store.url import open_store_url

pytestmark = OFFSCREEN_NOISE
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
LIVE_BOUND_MS = 2000


@pytest.fixture
def alice_and_bob(qtbot, paths, pg_url):
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as seed:
        fill_store(seed)
    alice_store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    bob = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    window = open_window(qtbot, make_services(paths, alice_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    qtbot.waitUntil(lambda: window.receipts.total() is not None)
    yield window, bob
    window.close()
    bob.close()
    alice_store.close()


def test_a_colleagues_flag_note_and_landed_tickets_show_in_the_open_window(qtbot, alice_and_bob) -> None:
    window, bob = alice_and_bob
    page = window.receipts
    page.select_row(2)
    key = page.current_key()
    assert key is not None and "Flag:" not in page.receipt.text()

    bob.review.flag_ticket(key, reason="Sweethearting", note="seen on cam 2", who="bob")
    qtbot.waitUntil(lambda: "Flag:" in page.receipt.text(), timeout=LIVE_BOUND_MS)
    assert "Sweethearting" in page.receipt.text() and "seen on cam 2" in page.receipt.text()
    row = page.model.row_of_key(key)
    assert "flagged" in page.model.data(page.model.index(row, COL_EXCEPTIONS), ExceptionsRole)

    generator = TicketGenerator(small_config(start=small_config().start + timedelta(days=30)))
    landed = [normalise_ticket({**generator.ticket(i), "id": f"LIVE-{i}"}) for i in range(3)]
    bob.upsert_tickets(landed)  # a page of bob's sync
    qtbot.waitUntil(lambda: all(page.model.row_of_key(t.key) >= 0 for t in landed), timeout=LIVE_BOUND_MS)
    assert page.current_key() == key  # alice's selection stays on her receipt
