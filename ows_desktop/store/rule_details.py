"""A rule's detail text (what :mod:`.rule_sql` writes next to each exception) as a sentence the window can
translate.

The rules' SQL writes each detail in plain English (``1 of 2 lines voided``), the same in both backends, and
the store keeps that text: the CLI and the exports print it as it is. :func:`detail_message` reads a detail
back into a :class:`~ows_desktop.basics.messages.Message` whose English text is exactly the stored one, so
the window shows it in the person's language (numbers in the locale's way) while everything else keeps the
stored words. A detail none of the patterns below reads (one written by an older version, or a new rule's) is
returned as it is: shown in English rather than lost. tests/core/store/test_rule_details.py checks that every
detail the rules write reads back. Keep each pattern next to its rule's SQL text in mind: they change
together. No Qt here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, Number, Phrase

_N = r"(?P<{}>\d+)"
_AMOUNT = r"(?P<{}>-?\d+(?:\.\d+)?)"


def _count(text: str) -> int:
    return int(text)


def _money(text: str) -> Number:
    return Number(float(text), ".2f")


def _whole(text: str) -> Number:
    return Number(float(text), ".0f")


def _tenth(text: str) -> Number:
    return Number(float(text), ".1f")


def _as_is(text: str) -> str:
    return text


# (rule, pattern, phrase, how each field is read). A phrase's English text with its fields filled must be
# the detail itself: ``str(message) == detail`` (the test checks it over every pattern).
_Pattern = tuple[str, re.Pattern[str], Phrase, dict[str, Callable[[str], Any]]]


def _p(rule: str, regex: str, phrase: Phrase, **fields: Callable[[str], Any]) -> _Pattern:
    return rule, re.compile(regex.format(*fields)), phrase, fields


PATTERNS: tuple[_Pattern, ...] = (
    _p("line_void", rf"^{_N} of {_N} lines voided$",
       QT_TRANSLATE_NOOP("rule_details", "{voided} of {lines} lines voided"), voided=_count, lines=_count),
    _p("ticket_void", r"^Ticket voided before tender \(1 line\)$",
       QT_TRANSLATE_NOOP("rule_details", "Ticket voided before tender (1 line)")),
    _p("ticket_void", rf"^Ticket voided before tender \({_N} lines\)$",
       QT_TRANSLATE_NOOP("rule_details", "Ticket voided before tender ({lines} lines)"), lines=_count),
    _p("ticket_void", rf"^Every line voided \({_N}\)$",
       QT_TRANSLATE_NOOP("rule_details", "Every line voided ({lines})"), lines=_count),
    _p("post_void", rf"^Voided after tender \(1 tender, total {_AMOUNT}\)$",
       QT_TRANSLATE_NOOP("rule_details", "Voided after tender (1 tender, total {total})"), total=_money),
    _p("post_void", rf"^Voided after tender \({_N} tenders, total {_AMOUNT}\)$",
       QT_TRANSLATE_NOOP("rule_details", "Voided after tender ({tenders} tenders, total {total})"),
       tenders=_count, total=_money),
    _p("refund", rf"^Refund/return, total {_AMOUNT}$",
       QT_TRANSLATE_NOOP("rule_details", "Refund/return, total {total}"), total=_money),
    _p("refund", r"^1 refunded line on a (?P<{}>.*) ticket$",
       QT_TRANSLATE_NOOP("rule_details", "1 refunded line on a {kind} ticket"), kind=_as_is),
    _p("refund", rf"^{_N} refunded lines on a (?P<{{}}>.*) ticket$",
       QT_TRANSLATE_NOOP("rule_details", "{lines} refunded lines on a {kind} ticket"), lines=_count, kind=_as_is),
    _p("refund_unmatched", r"^Returned (?P<{}>.*): not sold at this store in the (?P<{}>\d+(?:\.\d+)?) days before$",
       QT_TRANSLATE_NOOP("rule_details", "Returned {skus}: not sold at this store in the {days} days before"),
       skus=_as_is, days=_as_is),
    _p("refund_unmatched", r"^Returned (?P<{}>.*): not sold at any store in the (?P<{}>\d+(?:\.\d+)?) days before$",
       QT_TRANSLATE_NOOP("rule_details", "Returned {skus}: not sold at any store in the {days} days before"),
       skus=_as_is, days=_as_is),
    _p("no_sale", r"^Cash drawer opened without a sale$",
       QT_TRANSLATE_NOOP("rule_details", "Cash drawer opened without a sale")),
    _p("void_then_no_sale", rf"^No sale {_N} s after void (?P<{{}}>.*) on this register$",
       QT_TRANSLATE_NOOP("rule_details", "No sale {seconds} s after void {ticket} on this register"),
       seconds=_count, ticket=_as_is),
    _p("discount_percent", rf"^Discount {_AMOUNT} is {_AMOUNT} % of {_AMOUNT}$",
       QT_TRANSLATE_NOOP("rule_details", "Discount {discount} is {percent} % of {base}"),
       discount=_money, percent=_tenth, base=_money),
    _p("discount_self_approved", r"^1 discount approved by the operator who applied it$",
       QT_TRANSLATE_NOOP("rule_details", "1 discount approved by the operator who applied it")),
    _p("discount_self_approved", rf"^{_N} discounts approved by the operator who applied them$",
       QT_TRANSLATE_NOOP("rule_details", "{discounts} discounts approved by the operator who applied them"),
       discounts=_count),
    _p("whole_dollar_cash", rf"^Cash sale of exactly {_AMOUNT}$",
       QT_TRANSLATE_NOOP("rule_details", "Cash sale of exactly {total}"), total=_money),
    _p("price_override", rf"^1 price override, up to {_AMOUNT} % below the original price$",
       QT_TRANSLATE_NOOP("rule_details", "1 price override, up to {percent} % below the original price"),
       percent=_whole),
    _p("price_override", rf"^{_N} price overrides, up to {_AMOUNT} % below the original price$",
       QT_TRANSLATE_NOOP("rule_details", "{overrides} price overrides, up to {percent} % below the original price"),
       overrides=_count, percent=_whole),
    _p("outside_hours",
       r"^Rung up at (?P<{}>\d\d:\d\d) local time, outside opening hours (?P<{}>\d\d:\d\d)–(?P<{}>\d\d:\d\d)$",
       QT_TRANSLATE_NOOP("rule_details", "Rung up at {time} local time, outside opening hours {opens}–{closes}"),
       time=_as_is, opens=_as_is, closes=_as_is),
)  # fmt: skip

_BY_RULE: dict[str, list[_Pattern]] = {}
for _pattern in PATTERNS:
    _BY_RULE.setdefault(_pattern[0], []).append(_pattern)


def detail_message(rule: str, detail: str) -> str:
    """``detail`` as a Message the window translates (its English text unchanged), or as it is when no
    pattern of ``rule`` reads it exactly."""
    for _rule, regex, phrase, fields in _BY_RULE.get(rule, ()):
        found = regex.match(detail)
        if found is None:
            continue
        message = phrase.format(**{name: read(found.group(name)) for name, read in fields.items()})
        if str(message) == detail:  # e.g. "20.0" would come back as "20.00": then keep the stored text
            return message
    return detail
