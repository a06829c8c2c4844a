"""The writer's ticket row checks the ticket's texts for UTF-8 once and tells the rule facts so
(``facts.extract(..., encodable=True)`` skips their own check): the facts and items it stores must be exactly
what ``facts.extract`` gives on its own, lone surrogates (cleaned to "?") included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.ows.model import Discount, LineItem, Tender, Ticket
from ows_desktop.store import facts
from ows_desktop.store.raw_pages import JsonBytes
from ows_desktop.store.ticket_rows import ticket_record

NOW_US = 1_795_000_000_000_000
# Texts as a POS may send them: plain, accented, and with unpaired surrogates (JSON "\ud800" escapes).
TEXTS = st.one_of(
    st.none(),
    st.sampled_from(["", "S012", "SKU1.2", "Björn", "日本酒", "w\ud800", "\udcff", "bad \udfff x"]),
    st.text(max_size=6),
)
LINES = st.builds(
    LineItem,
    description=TEXTS,
    quantity=st.sampled_from([None, 1.0, 2.0, -1.0]),
    price=st.sampled_from([None, 4.99, 10.0]),
    amount=st.sampled_from([None, 9.98, -4.99]),
    voided=st.booleans(),
    sku=TEXTS,
    kind=st.sampled_from([None, "sale", "refund", "Return"]),
    original_price=st.sampled_from([None, 12.0]),
)
TICKETS = st.builds(
    Ticket,
    key=st.sampled_from(["T-1", "k:abc"]),
    id=TEXTS,
    location=TEXTS,
    terminal=TEXTS,
    operator=TEXTS,
    status=st.sampled_from([None, "sale", "refund", "void", "no_sale"]),
    lines=st.lists(LINES, max_size=5).map(tuple),
    tenders=st.lists(st.builds(Tender, kind=st.sampled_from([None, "cash", "card"])), max_size=2).map(tuple),
    discounts=st.lists(st.builds(Discount, description=TEXTS, amount=st.just(1.0)), max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(TICKETS)
def test_the_row_stores_the_facts_and_items_extract_gives(ticket: Ticket) -> None:
    record = ticket_record(ticket, NOW_US, JsonBytes())
    assert (record.facts, record.items) == facts.extract(ticket)
    for item in record.items:
        item[1].encode("utf-8")  # cleaned: SQLite can store them
        item[2].encode("utf-8")


def test_a_lone_surrogate_in_a_sku_alone_is_cleaned_in_the_items() -> None:
    ticket = Ticket(key="T-1", location="S1", lines=(LineItem(sku="SKU\ud800", quantity=1.0),))
    record = ticket_record(ticket, NOW_US, JsonBytes())
    assert record.items == ((0, "S1", "SKU?", 1),)  # as the row's texts are cleaned
    assert record.terms == "SKU?"
