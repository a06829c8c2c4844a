"""Which characters of a receipt no font on this computer draws, so the receipt can say so.

Qt draws a letter no installed font has as a hollow box, and a script no font here can shape (Devanagari,
Tamil, Khmer... without a font for them) as solid boxes: an item's name or an operator's becomes a row of
boxes, and nothing says the text is there. The PDF names such text (export/pdfscripts.py); the window keeps
the text (it can be copied, and shows once a font is installed) and the receipt says which script it is in.
The same check as the PDF's (export.fonts.drawn_checker), asked once a character and remembered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont, QPaintDevice

from ows_desktop.export.fonts import drawn_checker
from ows_desktop.export.pdfscripts import script, script_label
from ows_desktop.export.pdftext import checked

FIRST_CHECKED = (
    0x0300  # below: Latin, Greek's neighbours and the window's own punctuation, drawn by any UI font
)


class Undrawable:
    """``scripts(text)``: the scripts of ``text`` that ``font`` does not draw, by name ("Devanagari"), and ""
    for characters of no script (a symbol, an emoji)."""

    def __init__(self, font: QFont, device: QPaintDevice) -> None:
        self._drawn: Callable[[str], bool] = drawn_checker([font], device)
        self._known: dict[str, bool] = {}

    def scripts(self, text: str) -> list[str]:
        # the PDF's filter too: spaces, format characters, marks and variation selectors are not asked about
        missing = {
            ch for ch in set(text) if ord(ch) >= FIRST_CHECKED and checked(ch) and not self._is_drawn(ch)
        }
        names = {script(ch) for ch in missing}
        labels = sorted(script_label(name) for name in names if name)
        return labels + ([""] if None in names else [])

    def _is_drawn(self, ch: str) -> bool:
        known = self._known.get(ch)
        if known is None:
            known = self._known[ch] = self._drawn(ch)
        return known


__all__ = ["Undrawable"]
