"""Sentences the core writes for a person, in English, that the window shows in the person's language.

The core stays Qt-free and English: the CLI prints ``str(message)``. A sentence the window may show is marked
with :func:`QT_TRANSLATE_NOOP` ("context", "English text with {fields}") and filled with ``.format(...)``:

    raise KeyringError(QT_TRANSLATE_NOOP("credentials", "The keyring refused {what}.").format(what=name))

The marker returns a :class:`Phrase` (a ``str`` holding the English text and its context); ``.format`` returns a
:class:`Message` (a ``str`` holding the filled English sentence, the phrase and the fields). Both are plain
strings wherever the core uses them. ``pyside6-lupdate`` reads the marker by its name (it imports nothing), so
``packaging/translations.py`` extracts these sentences into the window's ``.ts`` files; the window turns a
Phrase/Message back into its language with ``ows_desktop.itemmodels.core_labels.core_text``, translating the
phrase and every field that is itself a Phrase/Message. Any other field (a host name, a server's or a
file's words, a ticket number) is shown exactly as it came.

A ``str`` operation on a Message (``+``, an f-string, ``str()``) gives plain English text: keep the Message
whole up to where the window shows it (``AppError.message`` hands the one an error was raised with)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Phrase(str):
    """English text marked for translation, with its translation ``context``."""

    context: str

    def __new__(cls, context: str, source: str) -> Phrase:
        phrase = super().__new__(cls, source)
        phrase.context = context
        return phrase

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        """Pickling (a worker process's error) keeps the context."""
        return (self.context, str(self))

    def format(self, *args: object, **fields: Any) -> Message:
        """The English sentence with ``fields`` filled in, keeping what the window needs to translate it."""
        if args:
            raise TypeError("a Phrase is filled with named fields only")
        return Message(self, fields)


class Message(str):
    """A :class:`Phrase` filled with fields: ``str`` is the English sentence (what the CLI prints)."""

    phrase: Phrase
    fields: Mapping[str, Any]

    def __new__(cls, phrase: Phrase, fields: Mapping[str, Any]) -> Message:
        message = super().__new__(cls, str.format(phrase, **{k: english(v) for k, v in fields.items()}))
        message.phrase = phrase
        message.fields = dict(fields)
        return message

    def __getnewargs__(self) -> tuple[Phrase, Mapping[str, Any]]:  # type: ignore[override]
        return (self.phrase, self.fields)


class Number(float):
    """A decimal field written with a format (``Number(2.34, ".1f")``): the CLI writes ``2.3``, the window
    writes it the locale's way (``2,3`` in French)."""

    spec: str

    def __new__(cls, value: float, spec: str) -> Number:
        number = super().__new__(cls, value)
        number.spec = spec
        return number

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]
        return (float(self), self.spec)

    def __str__(self) -> str:
        return format(float(self), self.spec)


def english(value: object) -> str:
    """A field as the English sentence shows it: a list is joined with commas."""
    if isinstance(value, list | tuple):
        return ", ".join(english(item) for item in value)
    return str(value)


def QT_TRANSLATE_NOOP(context: str, source: str) -> Phrase:
    """Mark ``source`` for translation in ``context`` (no Qt here: the window translates it when shown)."""
    return Phrase(context, source)


def message_of(error: BaseException) -> str:
    """The sentence an error was raised with, as a Message when it is one (``str(error)`` loses that)."""
    first = error.args[0] if error.args else None
    if isinstance(first, str) and len(error.args) == 1:
        return first
    return str(error)
