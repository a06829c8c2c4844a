"""Text from a ticket, the server or a person as the window must show it to be read as stored: a bidi
control as a mark (a right-to-left override before "01.99" would make it read "99.10"), a hidden character
as a mark, a symbol or emoji no installed font draws by its name — the transform the PDF uses
(``export.pdftext.visible``), with the fonts the window draws with (colour emoji fonts included)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ows_desktop.export.fonts import glyph_checker
from ows_desktop.export.pdftext import visible


def shown_text(value: str) -> str:
    """``value`` as the window shows it (plain text; escape it for HTML)."""
    return visible(value, _window_glyphs())


_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def shown_cell(value: Any, role: int) -> Any:
    """An item model's ``value`` for ``role`` as the window shows it: its text and tooltip through
    :func:`shown_text` (an operator's name with a right-to-left override read reversed in the Users and
    Exceptions tabs while the receipt table marked it)."""
    return shown_text(value) if isinstance(value, str) and value and role in _TEXT_ROLES else value


@functools.cache
def _window_glyphs() -> Callable[[int], bool]:
    """Whether the window's font (with the shipped CJK fonts and any emoji or symbol font) draws a character,
    asked once per character."""
    return functools.cache(glyph_checker(QApplication.font(), colour=True))


__all__ = ["shown_cell", "shown_text"]
