"""What the search does with a search engine's syntax typed into it, said exactly (the line over the receipt list
and the empty list's hint). The search has no operators: every whitespace-separated word is matched at the
start of a word of the ticket (:func:`ows_desktop.store.fulltext.match_expression`), all of them AND-ed:

- OR, AND and NOT are words like any other (``choc OR ines`` lists the receipts holding choc, or… and ines);
- quotes (straight or typographic; not an apostrophe inside a word, as in O'Brien) are dropped with the other
  marks, so ``"chocolate bar"`` is the two words, in any order, not a phrase;
- ``*`` is dropped too (``choc*`` is ``choc``);
- a leading minus excludes nothing (``-void`` lists the void tickets), except on an amount searched alone:
  ``-70.17`` finds the total −70.17 (a refund), not 70.17 (:func:`ows_desktop.store.query_plan.amount_match`).

A tester read "a leading minus … ignored" under ``-70.17`` listing the refund alone: each part is said only for
what was typed, and the minus as the search treats it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.store.query_plan import amount_of

OPERATORS = QT_TRANSLATE_NOOP("search_syntax", "OR, AND and NOT are searched as words, not operators")
QUOTES = QT_TRANSLATE_NOOP("search_syntax", "quotes are ignored (the words are found in any order)")
STAR = QT_TRANSLATE_NOOP("search_syntax", "* is ignored")
MINUS_WORD = QT_TRANSLATE_NOOP("search_syntax", "a leading minus excludes nothing (-void finds void)")
MINUS_AMOUNT = QT_TRANSLATE_NOOP(
    "search_syntax", "{typed} alone finds the total {negative} (a refund), not {positive}"
)
_QUOTES = '"“”„«»'


def _quoted(word: str) -> bool:
    return any(mark in word for mark in _QUOTES) or (word[0] in "'‘" and len(word) > 1) or word[-1] in "'’"


def syntax_parts(text: str) -> list[str]:
    """What the search does with each piece of a search engine's syntax in ``text``, translated, in a fixed
    order (none: [])."""
    translate = QCoreApplication.translate
    words = text.split()
    parts = []
    if any(word in ("OR", "AND", "NOT") for word in words):
        parts.append(translate("search_syntax", OPERATORS))
    if any(_quoted(word) for word in words):
        parts.append(translate("search_syntax", QUOTES))
    if any("*" in word for word in words):
        parts.append(translate("search_syntax", STAR))
    if any(word[0] == "-" and len(word) > 1 for word in words):
        amount = amount_of(text) if len(words) == 1 else None
        if amount is not None and amount < 0:  # the one search a minus changes (store/query_plan.py)
            parts.append(
                translate("search_syntax", MINUS_AMOUNT).format(
                    typed=words[0], negative=money_text(amount), positive=money_text(-amount)
                )
            )
        else:
            parts.append(translate("search_syntax", MINUS_WORD))
    return parts


def has_search_syntax(text: str) -> bool:
    """Whether search text holds a search engine's syntax, which this search does not have."""
    return bool(syntax_parts(text))


def syntax_hint(text: str) -> str:
    """The line over the list: ``OR, AND and NOT are searched as words, not operators; * is ignored.``
    ('' when ``text`` holds no such syntax)."""
    parts = syntax_parts(text)
    if not parts:
        return ""
    joined = QCoreApplication.translate("search_syntax", "; ").join(parts)
    return QCoreApplication.translate("search_syntax", "Search: {parts}.").format(parts=joined)


def syntax_words(text: str) -> str:
    """The parts joined for a sentence of their own (the empty list's hint)."""
    return QCoreApplication.translate("search_syntax", "; ").join(syntax_parts(text))
