"""A rule's stored detail reads back as a sentence the window translates, with exactly the stored English text
(store/rule_details.py). Every detail the rules write on crafted tickets is checked too, on both backends, by
``stored_exceptions`` in tests/core/rules/test_rules.py."""

from __future__ import annotations

import pytest

from ows_desktop.basics.messages import Message, Number
from ows_desktop.store.rule_details import PATTERNS, detail_message

# One detail per pattern, as rule_sql.py writes them.
EXAMPLES = [
    ("line_void", "1 of 2 lines voided", {"voided": 1, "lines": 2}),
    ("ticket_void", "Ticket voided before tender (1 line)", {}),
    ("ticket_void", "Ticket voided before tender (3 lines)", {"lines": 3}),
    ("ticket_void", "Every line voided (1)", {"lines": 1}),
    ("post_void", "Voided after tender (1 tender, total 12.50)", {"total": 12.5}),
    ("post_void", "Voided after tender (2 tenders, total -3.19)", {"tenders": 2, "total": -3.19}),
    ("refund", "Refund/return, total -42.00", {"total": -42.0}),
    ("refund", "1 refunded line on a sale ticket", {"kind": "sale"}),
    ("refund", "3 refunded lines on a exchange ticket", {"lines": 3, "kind": "exchange"}),
    ("refund_unmatched", "Returned SKU-1,<b>x</b>: not sold at this store in the 30 days before",
     {"skus": "SKU-1,<b>x</b>", "days": "30"}),
    ("refund_unmatched", "Returned 4711: not sold at any store in the 7.5 days before",
     {"skus": "4711", "days": "7.5"}),
    ("no_sale", "Cash drawer opened without a sale", {}),
    ("void_then_no_sale", "No sale 12 s after void T-S031-R03-000126 on this register",
     {"seconds": 12, "ticket": "T-S031-R03-000126"}),
    ("discount_percent", "Discount 40.00 is 36.4 % of 110.00", {"discount": 40.0, "percent": 36.4, "base": 110.0}),
    ("discount_self_approved", "1 discount approved by the operator who applied it", {}),
    ("discount_self_approved", "2 discounts approved by the operator who applied them", {"discounts": 2}),
    ("whole_dollar_cash", "Cash sale of exactly 20.00", {"total": 20.0}),
    ("price_override", "1 price override, up to 50 % below the original price", {"percent": 50.0}),
    ("price_override", "4 price overrides, up to 100 % below the original price", {"overrides": 4, "percent": 100.0}),
    ("outside_hours", "Rung up at 23:41 local time, outside opening hours 07:00–22:00",
     {"time": "23:41", "opens": "07:00", "closes": "22:00"}),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "detail", "fields"), EXAMPLES)
def test_a_stored_detail_reads_back_with_its_english_text_unchanged(
    rule: str, detail: str, fields: dict
) -> None:
    message = detail_message(rule, detail)
    assert isinstance(message, Message)
    assert str(message) == detail  # the CLI and the exports print exactly what the store holds
    assert message.phrase.context == "rule_details"
    assert dict(message.fields) == fields
    for value in message.fields.values():  # amounts are numbers the window writes the locale's way
        assert not isinstance(value, float) or isinstance(value, Number)


def test_every_pattern_has_an_example() -> None:
    read = {str(detail_message(rule, detail).phrase) for rule, detail, _ in EXAMPLES}  # type: ignore[attr-defined]
    assert read == {str(phrase) for _, _, phrase, _ in PATTERNS}


@pytest.mark.parametrize(
    ("rule", "detail"),
    [
        ("line_void", "Cash drawer opened without a sale"),  # another rule's words
        ("whole_dollar_cash", "Cash sale of exactly 20.0"),  # would come back as 20.00
        ("ticket_void", "Every line voided (some)"),
        ("a_new_rule", "Something an older or newer version wrote"),
        ("no_sale", ""),
    ],
)
def test_a_detail_no_pattern_reads_exactly_is_kept_as_it_is(rule: str, detail: str) -> None:
    kept = detail_message(rule, detail)
    assert kept == detail
    assert not isinstance(kept, Message)
