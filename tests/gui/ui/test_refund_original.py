"""A refund's receipt names the sale it returns ("Refund of T-…"): the id is a link that shows that sale on
the Receipts tab, from the Receipts tab's receipt and from a case's; a sale never synced is said so."""

from __future__ import annotations

from datetime import timedelta

from gui_support import OFFSCREEN_NOISE, click_link, make_services, receipts_window
from review_helpers import T0, tk

from ows_desktop.ui.filter_state import FilterState
from ows_desktop.ui.receipt_html import ORIGINAL_SALE_LINK

pytestmark = OFFSCREEN_NOISE


def test_the_refund_of_link_shows_the_sale_the_refund_returns(qtbot, paths, filled_store):
    later = T0 + timedelta(hours=2)
    filled_store.upsert_tickets(
        [
            tk("T-SALE-77", location="S9"),
            tk(
                "T-REFUND-78",
                status="refund",
                location="S9",
                start=later,
                raw={"originalTicketId": "T-SALE-77"},
            ),
            tk("T-REFUND-79", status="refund", start=later, raw={"originalTicketId": "T-NEVER-SYNCED"}),
        ]
    )
    window = receipts_window(qtbot, make_services(paths, filled_store))
    page = window.receipts
    page.filter_bar.set_state(FilterState(text="T-REFUND-78", status="refund"))  # a filter the sale fails
    qtbot.waitUntil(lambda: page.total() == 1)
    page.select_row(0)
    assert "Refund of" in page.receipt.text() and "T-SALE-77" in page.receipt.text()

    click_link(qtbot, page.receipt, ORIGINAL_SALE_LINK)
    qtbot.waitUntil(lambda: page.current_key() == "T-SALE-77")
    assert page.filter_bar.state() == FilterState(text="T-SALE-77")  # listed: the refund filter cleared
    assert page.filter_bar.search.text() == "T-SALE-77"  # the person sees why the list holds it
    assert page.table.current_selected_row().key == "T-SALE-77"  # selected, and its receipt shown
    assert page.receipt.ticket().key == "T-SALE-77" and "Refund of" not in page.receipt.text()
    assert window.statusBar().currentMessage() == "Showing the sale T-SALE-77 that the refund returns."

    # from a case's receipt: the Receipts tab is shown with the sale
    window.show_cases()
    window.cases.receipt.show_ticket(_ticket(filled_store, "T-REFUND-78"))
    page.filter_bar.set_state(FilterState(status="refund"))
    click_link(qtbot, window.cases.receipt, ORIGINAL_SALE_LINK)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is page)
    assert page.current_key() == "T-SALE-77" and page.filter_bar.state() == FilterState(text="T-SALE-77")

    # a sale that was never synced: said so, and nothing the person chose changes
    page.filter_bar.set_state(FilterState(text="T-REFUND-79"))
    qtbot.waitUntil(lambda: page.total() == 1)
    page.select_row(0)
    click_link(qtbot, page.receipt, ORIGINAL_SALE_LINK)
    assert window.statusBar().currentMessage() == (
        "The sale T-NEVER-SYNCED is not among the synced tickets: sync the days it was rung up."
    )
    assert page.current_key() == "T-REFUND-79" and page.filter_bar.state() == FilterState(text="T-REFUND-79")


def _ticket(store, key):
    with store.reader() as reader:
        return reader.ticket(key)
