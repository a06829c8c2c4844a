"""Look and feel: the dark palette for ``--dark``, the exception/status chip colours, the app icon.

Everything else takes its colours from the palette roles, so the window follows the OS light/dark scheme.
The chips are the one exception: fixed mid-tone fills chosen so white text on them reads in both schemes
(contrast ≥ 4.5:1) and so they stay distinct on a light or a dark base. A chip always carries a letter and a
word, never colour alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

from ows_desktop.rules.ticket_marks import MARK_LETTERS

try:
    from PySide6.QtSvg import QSvgRenderer
except ImportError:  # pragma: no cover - QtSvg ships with PySide6-Essentials
    QSvgRenderer = None  # type: ignore[assignment,misc]


@dataclass(frozen=True)
class Chip:
    letter: str
    label: str
    fill: str  # background, white text on it


# the marks' letters are the CLI's too (rules/ticket_marks.py); a status chip's P is not a mark
CHIPS: dict[str, Chip] = {
    "void": Chip(MARK_LETTERS["void"], QT_TRANSLATE_NOOP("theme", "Void"), "#C62828"),
    "refund": Chip(MARK_LETTERS["refund"], QT_TRANSLATE_NOOP("theme", "Refund"), "#6A3FB5"),
    "no_sale": Chip(MARK_LETTERS["no_sale"], QT_TRANSLATE_NOOP("theme", "No sale"), "#B45309"),
    "discount": Chip(MARK_LETTERS["discount"], QT_TRANSLATE_NOOP("theme", "Discount"), "#1F6FB2"),
    "flagged": Chip(MARK_LETTERS["flagged"], QT_TRANSLATE_NOOP("theme", "Flagged"), "#A3195B"),
    "paid_out": Chip("P", QT_TRANSLATE_NOOP("theme", "Paid out"), "#0F766E"),
    "other": Chip(
        MARK_LETTERS["other"], QT_TRANSLATE_NOOP("theme", "Exception"), "#4B5563"
    ),  # another rule's (tooltip: which)
}
STATUS_CHIP_KIND = {"void": "void", "refund": "refund", "no_sale": "no_sale", "paid_out": "paid_out"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A neutral dark palette for Fusion (``--dark`` and screenshots)."""
    p = QPalette()
    window, base, alt, text = QColor("#202226"), QColor("#17181b"), QColor("#24262b"), QColor("#e6e7ea")
    button, mid = QColor("#2b2e33"), QColor("#3a3d44")
    highlight = QColor("#3d7be0")
    disabled = QColor("#7c8089")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.ToolTipBase: QColor("#2f3238"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#8a8f98"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#3f434a"),
        QPalette.ColorRole.Midlight: QColor("#33363c"),
        QPalette.ColorRole.Mid: mid,
        QPalette.ColorRole.Dark: QColor("#141517"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#7aa7ff"),
        QPalette.ColorRole.LinkVisited: QColor("#b28cff"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, mid)
    return p


def light_palette() -> QPalette:
    """A crisp light palette for Fusion (used where the platform gives none, e.g. offscreen screenshots)."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: QColor("#f3f4f6"),
        QPalette.ColorRole.WindowText: QColor("#1d1f23"),
        QPalette.ColorRole.Base: QColor("#ffffff"),
        QPalette.ColorRole.AlternateBase: QColor("#f7f8fa"),
        QPalette.ColorRole.ToolTipBase: QColor("#ffffff"),
        QPalette.ColorRole.ToolTipText: QColor("#1d1f23"),
        QPalette.ColorRole.PlaceholderText: QColor("#80858e"),
        QPalette.ColorRole.Text: QColor("#1d1f23"),
        QPalette.ColorRole.Button: QColor("#fbfbfc"),
        QPalette.ColorRole.ButtonText: QColor("#1d1f23"),
        QPalette.ColorRole.BrightText: QColor("#c62828"),
        QPalette.ColorRole.Light: QColor("#ffffff"),
        QPalette.ColorRole.Midlight: QColor("#e9eaee"),
        QPalette.ColorRole.Mid: QColor("#c9ccd3"),
        QPalette.ColorRole.Dark: QColor("#a4a8b0"),
        QPalette.ColorRole.Shadow: QColor("#6b6f77"),
        QPalette.ColorRole.Highlight: QColor("#2f6fd6"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#1f5fbf"),
        QPalette.ColorRole.LinkVisited: QColor("#6a3fb5"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor("#9a9ea6")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def high_contrast_palette() -> QPalette:
    """White on black with a yellow selection (the usual high-contrast scheme): every text role ≥ 7:1 against
    its background (WCAG AAA), and the frames Fusion draws from Light/Mid/Dark are white or light grey so each
    control keeps a visible outline. Used for Preferences ▸ Display ▸ High contrast, and for "Follow the system"
    when the system asks for more contrast."""
    p = QPalette()
    black, white, yellow, cyan = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00"), QColor("#00ffff")
    roles = {
        QPalette.ColorRole.Window: black,
        QPalette.ColorRole.WindowText: white,
        QPalette.ColorRole.Base: black,
        QPalette.ColorRole.AlternateBase: QColor("#1c1c1c"),
        QPalette.ColorRole.ToolTipBase: black,
        QPalette.ColorRole.ToolTipText: white,
        QPalette.ColorRole.PlaceholderText: QColor("#c8c8c8"),
        QPalette.ColorRole.Text: white,
        QPalette.ColorRole.Button: black,
        QPalette.ColorRole.ButtonText: white,
        QPalette.ColorRole.BrightText: yellow,
        QPalette.ColorRole.Light: white,
        QPalette.ColorRole.Midlight: QColor("#d0d0d0"),
        QPalette.ColorRole.Mid: QColor("#c0c0c0"),
        QPalette.ColorRole.Dark: white,
        QPalette.ColorRole.Shadow: white,
        QPalette.ColorRole.Highlight: yellow,
        QPalette.ColorRole.HighlightedText: black,
        QPalette.ColorRole.Link: cyan,
        QPalette.ColorRole.LinkVisited: QColor("#ff80ff"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor("#a8a8a8")  # 8.7:1 on black: readable, and still unlike the white of enabled text
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#808080"))
    return p


# Fusion draws frames and check boxes a shade darker than the window: on black they vanish. In high contrast
# every editable control gets a white outline and a check box a visible square (filled yellow when checked); the
# video's speed box is yellow while it is not 1× (video_widgets.TransportBar.show_rate).
HIGH_CONTRAST_SHEET = """
QLineEdit, QAbstractSpinBox, QComboBox { border: 1px solid #ffffff; padding: 1px 3px; }
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus { border: 2px solid #ffff00; }
QCheckBox::indicator, QGroupBox::indicator { width: 13px; height: 13px; border: 2px solid #ffffff; background: #000000; }
QCheckBox::indicator:checked, QGroupBox::indicator:checked { background: #ffff00; }
QCheckBox::indicator:disabled { border-color: #a8a8a8; }
QComboBox#speedBox[fast="true"] { background: #ffff00; color: #000000; }
"""


def blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


# The app icon: a receipt with a magnifier, drawn as SVG so it is sharp at any scale.
APP_ICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect x="2" y="2" width="60" height="60" rx="14" fill="#1F4E8C"/>
  <path d="M16 10h26v40l-4.3-3-4.4 3-4.3-3-4.4 3-4.3-3L16 50z" fill="#ffffff"/>
  <rect x="21" y="17" width="16" height="3" rx="1.5" fill="#9BB4D6"/>
  <rect x="21" y="24" width="12" height="3" rx="1.5" fill="#9BB4D6"/>
  <rect x="21" y="31" width="14" height="3" rx="1.5" fill="#C62828"/>
  <circle cx="41" cy="38" r="9" fill="none" stroke="#F2B705" stroke-width="4"/>
  <path d="M47.5 44.5l7 7" stroke="#F2B705" stroke-width="5" stroke-linecap="round"/>
</svg>
"""


def app_icon() -> QIcon:
    icon = QIcon()
    if QSvgRenderer is None:
        return icon
    renderer = QSvgRenderer(QByteArray(APP_ICON_SVG.encode()))
    for size in (16, 24, 32, 48, 64, 128, 256):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def eye_icon(color: QColor, crossed: bool = False) -> QIcon:
    """The show/hide-secret toggle, drawn (sharp at any scale, in the palette's text colour)."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color)
        pen.setWidthF(max(1.2, size / 14))
        painter.setPen(pen)
        s = float(size)
        path = QPainterPath()
        path.moveTo(s * 0.08, s * 0.5)
        path.quadTo(s * 0.5, s * 0.08, s * 0.92, s * 0.5)
        path.quadTo(s * 0.5, s * 0.92, s * 0.08, s * 0.5)
        painter.drawPath(path)
        painter.setBrush(color)
        painter.drawEllipse(QRectF(s * 0.38, s * 0.38, s * 0.24, s * 0.24))
        if crossed:
            painter.drawLine(QPointF(s * 0.15, s * 0.85), QPointF(s * 0.85, s * 0.15))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def write_app_icon(directory: Path) -> Path:
    """Write the icon's SVG (for packaging: .desktop files, installers)."""
    path = directory / "ows-desktop.svg"
    path.write_text(APP_ICON_SVG, encoding="utf-8")
    return path


# Window-level style: only palette() references, so it follows the light/dark palette.
WINDOW_STYLESHEET = """
QFrame#syncBar {
    background: palette(base);
    border: none;
    border-bottom: 1px solid palette(mid);
}
QLabel#syncLabel { color: palette(text); font-weight: 600; }
QLabel#syncDetail { color: palette(placeholder-text); }
QPushButton#syncButton {
    background: palette(highlight);
    color: palette(highlighted-text);
    border: 1px solid palette(highlight);
    border-radius: 4px;
    padding: 4px 20px;
    font-weight: 600;
}
QPushButton#syncButton:hover { border-color: palette(highlighted-text); }
QPushButton#syncButton:disabled {
    background: palette(midlight);
    color: palette(placeholder-text);
    border-color: palette(mid);
}
QHeaderView::section {
    background: palette(window);
    color: palette(text);
    border: none;
    border-bottom: 1px solid palette(mid);
    border-right: 1px solid palette(midlight);
    padding: 5px 8px;
    font-weight: 600;
}
QTableView#ticketTable::item, QTableView#usersTable::item { padding: 0px 6px; }
QLabel#resultCount { font-size: 11pt; }
QLabel#sortLabel, QLabel#emptyHint { color: palette(placeholder-text); }
QLabel#usersStatus { font-size: 11pt; }
QFrame#tableFrame, QFrame#receiptFrame {
    border: 1px solid palette(mid);
    border-radius: 6px;
    background: palette(base);
}
QTextBrowser#receiptBrowser { background: palette(base); }
QStatusBar QLabel { padding: 0px 8px; color: palette(text); }
QTabWidget#mainTabs::tab-bar { left: 12px; }
QTabWidget#mainTabs > QTabBar::tab { padding: 6px 18px; }
QLineEdit[crossed="true"] { border: 2px solid #b3261e; border-radius: 3px; }
QLineEdit[unclear="true"] { border: 2px solid #b3261e; border-radius: 3px; }
QComboBox#speedBox[fast="true"] {
    background: palette(highlight);
    color: palette(highlighted-text);
    border: 1px solid palette(highlight);
    border-radius: 3px;
    padding: 2px 4px 2px 6px;
    font-weight: 600;
}
"""
