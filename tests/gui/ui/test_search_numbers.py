"""Numbers in the search box match totals and ticket numbers (#10: searching ``23.67`` found nothing)."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE
from review_helpers import ln, tk

from ows_desktop.store import TicketQuery, open_store


def keys(reader, text: str) -> list[str]:
    return sorted(row.key for row in reader.page(TicketQuery(text=text), 100)[0])


def test_an_amount_finds_the_ticket_with_that_total_and_a_number_its_ticket(tmp_path):
    with open_store(tmp_path / "t.sqlite3") as store:
        store.upsert_tickets(
            [
                tk("T-1001", lines=(ln("A", 1, 23.67),)),
                tk("T-1002", lines=(ln("B", 1, 236.7),)),
                tk("T-1003", lines=(ln("C", 1, 4.0),), operator="Ana 23"),
                tk("T-2367", lines=(ln("D", 1, 9.99),)),
            ]
        )
        with store.reader() as reader:
            assert keys(reader, "23.67") == ["T-1001"]
            assert keys(reader, "$23.67") == ["T-1001"]
            assert keys(reader, "236.70") == ["T-1002"]
            assert keys(reader, "2367") == ["T-2367"]  # the ticket number
            assert keys(reader, "9.99") == ["T-2367"]
            assert reader.count(TicketQuery(text="23.67")) == 1
            assert keys(reader, "23") == ["T-1003", "T-2367"]  # words and number prefixes as before


@OFFSCREEN_NOISE
def test_typing_an_amount_in_the_window_lists_that_ticket(qtbot, tmp_path):
    from gui_support import make_services, open_window

    from ows_desktop.basics.paths import AppPaths

    paths = AppPaths.resolve(tmp_path / "profile").ensure()
    store = open_store(paths.database)
    try:
        store.upsert_tickets(
            [tk("T-1001", lines=(ln("A", 1, 23.67),)), tk("T-1002", lines=(ln("B", 1, 5.0),))]
        )
        window = open_window(qtbot, make_services(paths, store))
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        window.connection_dialog().reject()
        page = window.receipts
        qtbot.waitUntil(lambda: page.total() == 2)
        with qtbot.waitSignal(page.model.queryChanged, timeout=3000):
            qtbot.keyClicks(page.filter_bar.search, "23.67")
        qtbot.waitUntil(lambda: page.total() == 1)
        assert page.model.ticket_row(0).key == "T-1001"
        window.close()
    finally:
        store.close()
