"""The case report's look: its colours, and the escaping every text of it passes through (the export's
redactor first, then HTML-escaped, so a ticket's text is always shown as plain text, on the lines it was
typed on)."""

from __future__ import annotations

from html import escape

from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor

NAVY = "#1f2a44"
ACCENT = "#a3195b"
MUTED = "#5f6673"
RULE = "#c9ced6"
PANEL = "#f3f4f6"
STRIPE = "#f7f8fa"
VOID_RED = "#b3261e"
STATE_COLOURS = {"to_review": "#b45309", "confirmed": "#b3261e", "cleared": "#2e7d32"}


def text(redactor: Redactor | PdfText, value: object) -> str:
    """``value`` redacted and HTML-escaped (None is empty), its line breaks and spaces kept: HTML would join
    a note's lines into one and squeeze a tab's gap (pdftext.TAB) or two typed spaces into one space,
    so such a text is set ``white-space: pre-wrap`` (Qt keeps its line breaks and spaces, and still wraps it
    where it is longer than its column)."""
    shown = redactor.text("" if value is None else str(value))
    if "\n" not in shown and "\r" not in shown and "  " not in shown:
        return escape(shown)  # most texts: one line, single spaces
    shown = shown.replace("\r\n", "\n").replace("\r", "\n")
    return f'<span style="white-space:pre-wrap;">{escape(shown)}</span>'
