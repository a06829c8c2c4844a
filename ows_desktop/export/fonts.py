"""The fonts OWS Desktop ships for Chinese, Japanese and Korean text (``resources/fonts``), registered with Qt
wherever it draws text, and what the fonts Qt draws with can draw.

Why: a workstation without a CJK font drew those product names as empty boxes, in the window and in
evidence PDFs, where the name was also missing from the PDF's text (nothing to search or copy): the exhibit
no longer said what was sold. Droid Sans Fallback (Apache 2.0, ~4 MB) draws Chinese and Japanese; it has no
Hangul syllables, so NanumSquare (SIL OFL 1.1, ~0.7 MB) draws Korean. They are registered once per process
that draws (the window, the command line's PDF export, the PDF's drawing process); the report's faces name
them after their own (export/pdf.py), so the PDF is the same on every workstation, and in the window Qt's
fallback finds them for text the system's fonts cannot draw.

Text in a script no font here draws is another matter: Qt draws a letter no font has as the missing glyph (a
hollow box), and a letter of a script that needs OpenType shaping (Devanagari, Tamil, Khmer, Sinhala...) that
no font here can shape with Qt's box engine — solid black boxes that look like redactions and swallow the
punctuation after them. :func:`drawn_checker` asks Qt how it lays a character out, so the PDF names such text
instead (export/pdftext.py)."""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import QMessageLogContext, QPointF, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPaintDevice, QTextLayout

from ows_desktop.basics.paths import resources_dir

log = logging.getLogger(__name__)

# Chinese and Japanese (ideographs, kana), then Korean (Hangul syllables): each file's families in this order.
FALLBACK_FILES = ("DroidSansFallbackFull.ttf", "NanumSquareR.ttf")
FONT_DATABASE = "qt.text.font.db"  # Qt's messages while it looks for a font ("OpenType support missing")


@functools.cache
def fallback_families() -> tuple[str, ...]:
    """Register the shipped fonts (a Q(Gui)Application must exist; once per process) and return their
    families; a file that cannot be read is left out (logged: its scripts are then drawn with the system's
    fonts only)."""
    families: list[str] = []
    for name in FALLBACK_FILES:
        path = resources_dir() / "fonts" / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning(
                "The font %s could not be loaded; CJK text is drawn with the system's fonts only", path
            )
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return tuple(families)


def glyph_checker(font: QFont, *, colour: bool = False) -> Callable[[int], bool]:
    """Whether the report's font, the shipped CJK fonts or an installed emoji/symbol font (Qt falls back to
    it) draws a character; colour emoji fonts only with ``colour`` (the window draws them, a PDF cannot)."""
    names = {family: family.lower() for family in QFontDatabase.families()}
    symbols = [
        f for f, n in names.items() if ("emoji" in n or "symbola" in n) and (colour or "color" not in n)
    ]
    families = [font.family(), *fallback_families(), *symbols]
    metrics = [QFontMetricsF(QFont(family)) for family in families]
    return lambda cp: any(m.inFontUcs4(cp) for m in metrics)


def drawn_checker(fonts: Sequence[QFont], device: QPaintDevice) -> Callable[[str], bool]:
    """Whether Qt draws a character with each of ``fonts`` on ``device`` as a real glyph: laid out as the
    PDF lays it out, with Qt's own font fallback, it gets a glyph of a font that has it — not the missing
    glyph (index 0, a hollow box) nor one of Qt's box engine (every character the same glyph, a solid box:
    no font here can shape the script). Qt's font-database warnings while it looks are not printed."""

    def drawn(ch: str) -> bool:
        with quiet_font_database():
            for font in fonts:
                layout = QTextLayout(ch, font, device)
                layout.beginLayout()
                line = layout.createLine()
                line.setLineWidth(1e9)
                line.setPosition(QPointF(0, 0))
                layout.endLayout()
                for run in layout.glyphRuns():
                    if 0 in run.glyphIndexes() or _box(run.rawFont().glyphIndexesForString("ab")):
                        return False
        return True

    return drawn


def _box(glyphs: list[int]) -> bool:
    """Qt's box engine gives every character the same glyph (do not ask its family name: Qt crashes)."""
    return len(glyphs) == 2 and glyphs[0] == glyphs[1] != 0


@contextlib.contextmanager
def quiet_font_database() -> Iterator[None]:
    """Qt's font-database messages dropped while Qt looks for a font for a script no font here draws
    ("OpenType support missing for ..." per font and script: noise on the command line's stderr); other
    messages go where they went."""

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if context.category == FONT_DATABASE:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(f"{context.category}: {message}" if context.category else message, file=sys.stderr)

    previous: Any = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


__all__ = ["FALLBACK_FILES", "drawn_checker", "fallback_families", "glyph_checker", "quiet_font_database"]
