"""The team store's server goes away under the open window (pg_ctl stop) and comes back (start): a banner
says the connection dropped and that it reconnects; the table keeps every row it showed; once the server
answers again the banner goes by itself and receipts read again. Real throwaway cluster (tests/pg_cluster.py)."""

from __future__ import annotations

from pathlib import Path

from gui_support import OFFSCREEN_NOISE, fill_store, make_services, open_window
from pg_cluster import Cluster

from ows_desktop.store.url import open_store_url

pytestmark = OFFSCREEN_NOISE
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
DROPPED = "The connection to the team store dropped. Reconnecting…"
UNREADABLE = "could not be read"


def test_a_dropped_connection_shows_a_banner_keeps_the_table_and_reconnects(
    qtbot, paths, pg_cluster: Cluster, pg_url: str
) -> None:
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as seed:
        fill_store(seed)
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    try:
        window = open_window(qtbot, make_services(paths, store))
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        window.connection_dialog().reject()
        page = window.receipts
        qtbot.waitUntil(lambda: page.total() is not None)
        window.banner.clear()  # "Not connected to OWS.": this test is about the store
        page.select_row(1)
        qtbot.waitUntil(lambda: "Total" in page.receipt.text())
        rows, total = page.model.rowCount(), page.total()
        shown = [page.model.ticket_row(r).rowid for r in range(rows)]
        try:
            pg_cluster.stop()
            qtbot.waitUntil(lambda: window.banner.message is not None, timeout=30_000)
            assert window.banner.title_text() == DROPPED
            assert (
                "Reconnecting" not in window.banner.detail_text() or "\n" not in window.banner.detail_text()
            )
            assert "keeps what it shows" in window.banner.detail_text()
            page.select_row(2)  # a receipt that cannot be read now says so in place; the rows stay
            qtbot.waitUntil(lambda: UNREADABLE in page.receipt.text())
            assert (page.model.rowCount(), page.total()) == (rows, total)
            assert [page.model.ticket_row(r).rowid for r in range(rows)] == shown
        finally:
            pg_cluster.start()
        qtbot.waitUntil(lambda: window.banner.message is None, timeout=30_000)  # reconnected by itself
        qtbot.waitUntil(lambda: "Total" in page.receipt.text())  # the receipt shown is read again
        page.select_row(3)
        qtbot.waitUntil(lambda: "Total" in page.receipt.text())
        assert UNREADABLE not in page.receipt.text()
        assert (page.model.rowCount(), page.total()) == (rows, total)
        window.close()
    finally:
        store.close()
