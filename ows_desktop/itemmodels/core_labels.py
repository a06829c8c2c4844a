"""The core's fixed vocabulary, translated where the window shows it: review states and built-in flag
reasons (store.review), case statuses (store.cases) and exception rule titles (rules.definitions).

The core stays Qt-free and English (the CLI prints these words as they are); the window passes them
through :func:`core_label`. Each word is listed here with ``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate``
extracts it; tests/gui/ui/test_translations.py checks the list still holds every word the core defines."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CoreLabels"

WORDS = (
    # store.review.STATE_LABELS
    QT_TRANSLATE_NOOP("CoreLabels", "To review"),
    QT_TRANSLATE_NOOP("CoreLabels", "Confirmed"),
    QT_TRANSLATE_NOOP("CoreLabels", "Cleared"),
    # store.review.REASONS
    QT_TRANSLATE_NOOP("CoreLabels", "Void abuse"),
    QT_TRANSLATE_NOOP("CoreLabels", "Refund fraud"),
    QT_TRANSLATE_NOOP("CoreLabels", "No-sale"),
    QT_TRANSLATE_NOOP("CoreLabels", "Discount abuse"),
    QT_TRANSLATE_NOOP("CoreLabels", "Sweethearting"),
    # store.cases.STATUS_LABELS
    QT_TRANSLATE_NOOP("CoreLabels", "Open"),
    QT_TRANSLATE_NOOP("CoreLabels", "In progress"),
    QT_TRANSLATE_NOOP("CoreLabels", "Loss confirmed"),
    QT_TRANSLATE_NOOP("CoreLabels", "No loss"),
    QT_TRANSLATE_NOOP("CoreLabels", "Closed"),
    # rules.definitions.RULES titles
    QT_TRANSLATE_NOOP("CoreLabels", "Line void"),
    QT_TRANSLATE_NOOP("CoreLabels", "Whole-ticket void"),
    QT_TRANSLATE_NOOP("CoreLabels", "Post void"),
    QT_TRANSLATE_NOOP("CoreLabels", "Refund / return"),
    QT_TRANSLATE_NOOP("CoreLabels", "Refund without a sale"),
    QT_TRANSLATE_NOOP("CoreLabels", "No-sale drawer open"),
    QT_TRANSLATE_NOOP("CoreLabels", "Void then no-sale"),
    QT_TRANSLATE_NOOP("CoreLabels", "Large discount"),
    QT_TRANSLATE_NOOP("CoreLabels", "Self-approved discount"),
    QT_TRANSLATE_NOOP("CoreLabels", "Whole-dollar cash sale"),
    QT_TRANSLATE_NOOP("CoreLabels", "Price override"),
    QT_TRANSLATE_NOOP("CoreLabels", "Outside opening hours"),
)


def core_label(word: str) -> str:
    """``word`` in the window's language (a word the core does not define, e.g. a reason the investigator
    typed, comes back as it is)."""
    return QCoreApplication.translate(CONTEXT, word)
