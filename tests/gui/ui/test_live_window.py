"""The window follows other writers' work live. On a team store: bob flags the receipt alice has open and adds
a note — her receipt view and her table show it within 2 s (the waitUntil bound); a sync on bob's
workstation lands tickets — they appear in her table, her selection kept (two connections on one PostgreSQL
server). On a single seat the same, where "bob" is the command line in a terminal beside the window
(`ows-desktop flag`, `sync`: a second connection to the SQLite file, store/sqlite_live.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import OFFSCREEN_NOISE, fill_store, make_services, receipts_window, small_config

from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ExceptionsRole
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator.generator import TicketGenerator
from ows_desktop.store import open_store
from ows_desktop.store.url import open_store_url

pytestmark = OFFSCREEN_NOISE
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
LIVE_BOUND_MS = 2000


@pytest.fixture(params=["postgresql", "sqlite"])
def alice_and_bob(request, qtbot, paths):
    if request.param == "postgresql":
        pg_url = request.getfixturevalue("pg_url")
        with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as seed:
            fill_store(seed)
        alice_store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
        bob = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    else:
        alice_store = open_store(paths.database)
        fill_store(alice_store)
        bob = open_store(paths.database)
    window = receipts_window(qtbot, make_services(paths, alice_store))
    yield window, bob
    window.close()
    bob.close()
    alice_store.close()


def landed_tickets():
    generator = TicketGenerator(small_config(start=small_config().start + timedelta(days=30)))
    return [normalise_ticket({**generator.ticket(i), "id": f"LIVE-{i}"}) for i in range(3)]


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

    shown = []
    show = page.receipt.show_ticket
    page.receipt.show_ticket = lambda *a, **k: (shown.append(1), show(*a, **k))[1]  # type: ignore[method-assign]
    landed = landed_tickets()
    bob.upsert_tickets(landed)  # a page of bob's sync
    qtbot.waitUntil(lambda: all(page.model.row_of_key(t.key) >= 0 for t in landed), timeout=LIVE_BOUND_MS)
    assert page.current_key() == key  # alice's selection stays on her receipt
    assert shown == []  # and her receipt, unchanged, is not laid out again (she keeps her place in it)


def test_the_open_receipt_follows_its_ticket_stored_again_and_the_rules_findings(
    qtbot, alice_and_bob
) -> None:
    from review_helpers import ln, tk

    from ows_desktop.rules import RuleConfig
    from ows_desktop.rules.runner import RuleRunner

    window, bob = alice_and_bob
    page = window.receipts
    newest = small_config().start + timedelta(days=30)
    bob.upsert_tickets([tk("LIVE-OPEN", start=newest, lines=(ln("SKU1"), ln("SKU2")))])
    qtbot.waitUntil(lambda: page.select_key("LIVE-OPEN"), timeout=LIVE_BOUND_MS)
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None and page.receipt.ticket().key == "LIVE-OPEN")
    assert "VOID" not in page.receipt.text()

    # bob's sync stores the ticket again, OWS having corrected it (a line voided), then the rules run on it
    bob.upsert_tickets([tk("LIVE-OPEN", start=newest, lines=(ln("SKU1", voided=True), ln("SKU2")))])
    qtbot.waitUntil(lambda: "VOID" in page.receipt.text(), timeout=LIVE_BOUND_MS)
    RuleRunner(RuleConfig()).apply_pending(bob)  # after the sync's last page: no page lands after it
    qtbot.waitUntil(lambda: "1 of 2 lines voided" in page.receipt.text(), timeout=LIVE_BOUND_MS)
    assert page.current_key() == "LIVE-OPEN"


def test_landed_tickets_rank_the_exceptions_again_when_that_tab_is_next_shown(qtbot, alice_and_bob) -> None:
    window, bob = alice_and_bob
    view = window.exceptions
    window.tabs.setCurrentWidget(window.receipts)
    ranked = []
    original = view.refresh
    view.refresh = lambda: (ranked.append(1), original())[1]  # type: ignore[method-assign]
    landed = landed_tickets()
    bob.upsert_tickets(landed)
    qtbot.waitUntil(lambda: window.receipts.model.row_of_key(landed[0].key) >= 0, timeout=LIVE_BOUND_MS)
    assert ranked == []  # the hidden tab is not ranked again at every landing
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: ranked == [1], timeout=LIVE_BOUND_MS)
