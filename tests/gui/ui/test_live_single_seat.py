"""The window on a single-seat cache follows what another program on this computer changes in it: a flag
and note set with `ows-desktop flag` show in the open receipt and the table, and tickets a command-line sync
stores appear, each within 2 s (the waitUntil bound), the selection kept. Two connections on one SQLite
file: the window's and the command line's (store/sqlite_live.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window, small_config

from ows_desktop.itemmodels.ticket_columns import COL_EXCEPTIONS, ExceptionsRole
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator.generator import TicketGenerator
from ows_desktop.store import open_store

pytestmark = OFFSCREEN_NOISE
LIVE_BOUND_MS = 2000


@pytest.fixture
def window_and_cli(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    qtbot.waitUntil(lambda: window.receipts.total() is not None)
    cli = open_store(paths.database)  # `ows-desktop flag` / `sync` in a terminal beside the window
    yield window, cli
    window.close()
    cli.close()


def test_a_flag_and_tickets_stored_by_the_command_line_show_in_the_open_window(qtbot, window_and_cli) -> None:
    window, cli = window_and_cli
    page = window.receipts
    page.select_row(2)
    key = page.current_key()
    assert key is not None and "Flag:" not in page.receipt.text()

    cli.review.flag_ticket(key, reason="Sweethearting", note="seen on cam 2", who="me")
    qtbot.waitUntil(lambda: "Flag:" in page.receipt.text(), timeout=LIVE_BOUND_MS)
    assert "Sweethearting" in page.receipt.text() and "seen on cam 2" in page.receipt.text()
    row = page.model.row_of_key(key)
    assert "flagged" in page.model.data(page.model.index(row, COL_EXCEPTIONS), ExceptionsRole)

    generator = TicketGenerator(small_config(start=small_config().start + timedelta(days=30)))
    landed = [normalise_ticket({**generator.ticket(i), "id": f"LIVE-{i}"}) for i in range(3)]
    cli.upsert_tickets(landed)  # a page of a command-line sync
    qtbot.waitUntil(lambda: all(page.model.row_of_key(t.key) >= 0 for t in landed), timeout=LIVE_BOUND_MS)
    assert page.current_key() == key  # the selection stays on the receipt


def test_landed_tickets_rank_the_exceptions_again_when_that_tab_is_next_shown(qtbot, window_and_cli) -> None:
    window, cli = window_and_cli
    view = window.exceptions
    window.tabs.setCurrentWidget(window.receipts)
    ranked = []
    original = view.refresh
    view.refresh = lambda: (ranked.append(1), original())[1]  # type: ignore[method-assign]
    generator = TicketGenerator(small_config(start=small_config().start + timedelta(days=30)))
    landed = [normalise_ticket({**generator.ticket(i), "id": f"LIVE-{i}"}) for i in range(3)]
    cli.upsert_tickets(landed)
    qtbot.waitUntil(lambda: window.receipts.model.row_of_key(landed[0].key) >= 0, timeout=LIVE_BOUND_MS)
    assert ranked == []  # the hidden tab is not ranked again at every landing
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: ranked == [1], timeout=LIVE_BOUND_MS)
