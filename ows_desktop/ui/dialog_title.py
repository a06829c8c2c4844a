"""A dialog wide enough for its whole title in the title bar.

The title bar shows a window's title with the application's name after it ("Add to case — OWS Desktop": Qt
appends it, QPlatformWindow::formatWindowTitle), in bold, beside the window's icon and its buttons. A
dialog sized to its contents alone showed "Add to… esktop", and the export's progress "Exporting ev…WS
Desktop", where the window manager cut the middle out. Widgets only."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR_CONTROLS = 160  # a title bar's icon and minimise/maximise/close buttons (Windows, GNOME, KDE)


def shown_title(window: QWidget) -> str:
    """The title as the title bar shows it: with the application's name after it, unless it has it."""
    title, name = window.windowTitle(), QGuiApplication.applicationDisplayName()
    return title if not name or name in title else f"{title} — {name}"


def title_width(window: QWidget) -> int:
    """How wide ``window`` must be for its title bar to show :func:`shown_title` whole."""
    font = QFont(window.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(shown_title(window)) + TITLE_BAR_CONTROLS


def fit_title(window: QWidget, width: int = 0, height: int = 0) -> None:
    """Size ``window`` to its contents, at least ``width`` × ``height``, and wide enough for its title. Call
    it at the end of the constructor, once the layout is built. It sets a size, not a minimum: a minimum
    width set on a window replaces its layout's own minimum, and the Flag dialog's reason field then ran
    out past its right edge."""
    hint = window.sizeHint()
    window.resize(max(hint.width(), width, title_width(window)), max(hint.height(), height))
