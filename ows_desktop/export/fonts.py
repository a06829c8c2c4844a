"""The fonts OWS Desktop ships for Chinese, Japanese and Korean text (``resources/fonts``), registered with Qt
wherever it draws text.

Why: a workstation without a CJK font drew those product names as empty boxes, in the window and in
evidence PDFs, where the name was also missing from the PDF's text (nothing to search or copy): the exhibit
no longer said what was sold. Droid Sans Fallback (Apache 2.0, ~4 MB) draws Chinese and Japanese; it has no
Hangul syllables, so NanumSquare (SIL OFL 1.1, ~0.7 MB) draws Korean. They are registered once per process
that draws (the window, the command line's PDF export, the PDF's drawing process); the report's faces name
them after their own (export/pdf.py), so the PDF is the same on every workstation, and in the window Qt's
fallback finds them for text the system's fonts cannot draw."""

from __future__ import annotations

import functools
import logging

from PySide6.QtGui import QFontDatabase

from ows_desktop.basics.paths import resources_dir

log = logging.getLogger(__name__)

# Chinese and Japanese (ideographs, kana), then Korean (Hangul syllables): each file's families in this order.
FALLBACK_FILES = ("DroidSansFallbackFull.ttf", "NanumSquareR.ttf")


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


__all__ = ["FALLBACK_FILES", "fallback_families"]
