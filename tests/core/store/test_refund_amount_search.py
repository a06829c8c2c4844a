"""A refund is found by its amount as the person reads it off the receipt: searching ``70.17`` found nothing
while only ``-70.17`` listed the refund of 70.17 (its total is negative, s60). An amount typed without a sign
now finds both the sale and the refund of that amount; typed with its minus, only the refund."""

from __future__ import annotations

import pytest
from review_helpers import ln, tk

from ows_desktop.store import TicketQuery

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)


@pytest.fixture
def store(store):
    store.upsert_tickets(
        [
            tk("T-SALE", lines=(ln("A", 1, 70.17),), total=70.17),
            tk("T-REFUND", status="refund", lines=(ln("A", -1, 70.17, kind="refund"),), total=-70.17),
            tk("T-OTHER", lines=(ln("B", 1, 7.0),), total=7.0),
            tk("T-ZERO", status="void", lines=(ln("C", 1, 0.0),), total=0.0),
        ]
    )
    return store


def keys(store, text: str, **filters) -> list[str]:
    query = TicketQuery(text=text, **filters)
    with store.reader() as reader:
        found = sorted(row.key for row in reader.page(query, 100)[0])
        assert reader.count(query) == len(found)
    return found


def test_an_amount_without_a_sign_finds_the_sale_and_the_refund_of_that_amount(store) -> None:
    assert keys(store, "70.17") == ["T-REFUND", "T-SALE"]
    assert keys(store, "$70.17") == ["T-REFUND", "T-SALE"]
    assert keys(store, "70.17", statuses=("refund",)) == ["T-REFUND"]


def test_an_amount_with_its_sign_is_exact(store) -> None:
    assert keys(store, "-70.17") == ["T-REFUND"]
    assert keys(store, "−70.17") == ["T-REFUND"]
    assert keys(store, "0.00") == ["T-ZERO"]
