"""Counts in the core's plain English output (the command line, the PDF case report): "1 ticket has",
"800 tickets have", never "ticket(s)". The window counts in the person's language with Qt's plural forms
(ui/translation.py); this is for text that stays English. No Qt here."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` with thousands separators and ``noun`` in its number: "1 ticket", "1,200 tickets"."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def verb(count: int, one: str, many: str) -> str:
    """The verb agreeing with ``count``: ``verb(1, "has", "have")`` is "has"."""
    return one if count == 1 else many
