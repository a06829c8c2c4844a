"""The font OWS Desktop ships for Chinese, Japanese and Korean text (``resources/fonts``), registered with Qt
wherever it draws text.

Why: a workstation without a CJK font drew those product names as empty boxes, in the window and in
evidence PDFs, where the name was also missing from the PDF's text (nothing to search or copy): the exhibit
no longer said what was sold. Droid Sans Fallback (Apache 2.0, ~4 MB) draws those scripts. It is registered
once per process that draws (the window, the command line's PDF export, the PDF's drawing process); the
report's faces name it after their own (export/pdf.py), so the PDF is the same on every workstation, and in
the window Qt's fallback finds it for text the system's fonts cannot draw."""

from __future__ import annotations

import functools
import logging

from PySide6.QtGui import QFontDatabase

from ows_desktop.basics.paths import resources_dir

log = logging.getLogger(__name__)

FALLBACK_FILE = "DroidSansFallbackFull.ttf"


@functools.cache
def fallback_families() -> tuple[str, ...]:
    """Register the shipped font (a Q(Gui)Application must exist; once per process) and return its families;
    none when the file cannot be read (logged: those scripts are then drawn with the system's fonts only)."""
    path = resources_dir() / "fonts" / FALLBACK_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("The font %s could not be loaded; CJK text is drawn with the system's fonts only", path)
        return ()
    return tuple(QFontDatabase.applicationFontFamilies(font_id))


__all__ = ["FALLBACK_FILE", "fallback_families"]
