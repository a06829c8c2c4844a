"""The core's words and sentences, translated where the window shows them.

:func:`core_label` translates the core's fixed vocabulary: review states and built-in flag reasons
(store.review) and case statuses (store.cases). :func:`core_text` translates the sentences the core marks
with ``ows_desktop.basics.messages.QT_TRANSLATE_NOOP`` (error details, rule titles and descriptions, audit
lines, video hints...): lupdate extracts those from the core modules themselves.

The core stays Qt-free and English (the CLI prints these words as they are); the window passes them
through :func:`core_label`. Each word is listed here with ``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate``
extracts it; tests/gui/ui/test_translations.py checks the list still holds every word the core defines."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from ows_desktop.basics.messages import Message, Number, Phrase

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
    # store.cases.CLOSED_LABELS
    QT_TRANSLATE_NOOP("CoreLabels", "Closed (loss confirmed)"),
    QT_TRANSLATE_NOOP("CoreLabels", "Closed (no loss)"),
)


def core_label(word: str) -> str:
    """``word`` in the window's language (a word the core does not define, e.g. a reason the investigator
    typed, comes back as it is). A word the core marked itself (a rule's title) is translated in its context."""
    if isinstance(word, Phrase | Message):
        return core_text(word)
    return QCoreApplication.translate(CONTEXT, word)


def core_text(value: object) -> str:
    """A core sentence (:class:`Message`/:class:`Phrase`) in the window's language; a field that is one too is
    translated, a decimal number follows the locale, any other field (a host, a server's or a file's words) is
    shown as it came. A plain ``str`` comes back as it is (it came from outside, or is not marked)."""
    if isinstance(value, Message):
        template = QCoreApplication.translate(value.phrase.context, value.phrase)
        fields = {name: core_text(field) for name, field in value.fields.items()}
        try:
            return template.format(**fields)
        except (KeyError, IndexError, ValueError):  # a translation that lost a field: English beats nothing
            return str.format(value.phrase, **fields)
    if isinstance(value, Phrase):
        return QCoreApplication.translate(value.context, value)
    if isinstance(value, list | tuple):
        return ", ".join(core_text(item) for item in value)
    if isinstance(value, Number):  # ".1f", ".2g": the same precision, the locale's digits
        kind = value.spec[-1] if value.spec[-1:] in ("f", "g", "e") else "g"
        places = value.spec.lstrip(".").rstrip("fge")
        return QLocale().toString(float(value), kind, int(places) if places.isdigit() else 6)
    if isinstance(value, float):  # an int stays as it is: it may be a port, an HTTP status or a year
        return QLocale().toString(value, "g", 6)
    return str(value)
