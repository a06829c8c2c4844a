"""A table header's title too wide for its section ends with "…", and the header's tooltip names it whole.

At a 1024 px window the receipts header showed "Regist" and "Opera": the header cut nothing itself (its
elide mode was none), and where it did cut it measured the title in regular letters while the window's
style sheet draws titles bold, so "Store" ran into the next section cut at its "e" (ui/header_style.py)."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from gui_support import OFFSCREEN_NOISE, X11_RECEIPT_WITH_VIDEO, run_on_x11
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QHeaderView, QToolTip

from ows_desktop.itemmodels.users import COL_EMAIL
from ows_desktop.ui.header_style import title_cut
from ows_desktop.ui.theme import WINDOW_STYLESHEET
from ows_desktop.ui.users_page import UsersPage

pytestmark = OFFSCREEN_NOISE

TITLES_SCRIPT = (
    X11_RECEIPT_WITH_VIDEO
    + """
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QFont, QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QToolTip
from ows_desktop.ui.header_style import title_cut
table, header = page.table, page.table.horizontalHeader()
window.resize(1024, 700)
until(lambda: window.width() == 1024)
app.processEvents()  # the layouts it posted
QTest.qWait(50)
image = header.grab().toImage()
bold = QFont(table.font())
bold.setWeight(QFont.Weight.DemiBold)  # the letters the window's style sheet draws titles in
drawn = QFontMetrics(bold)
dots = drawn.horizontalAdvance("…")
sections = []
for section in range(header.count()):
    left, size = header.sectionViewportPosition(section), header.sectionSize(section)
    ink = [(x, y) for x in range(left, left + size - 1) for y in range(image.height() - 2)
           if image.pixelColor(x, y).lightness() < 110]  # the title's letters (not the section's borders)
    right = max((x for x, _y in ink), default=left)
    last = [y for x, y in ink if x > right - dots + 1]  # the ink of the title's last character
    tip = None
    if title_cut(header, section):
        middle = QPoint(left + size // 2, header.height() // 2)
        app.sendEvent(header.viewport(), QHelpEvent(QEvent.Type.ToolTip, middle, header.viewport().mapToGlobal(middle)))
        tip = QToolTip.text()
        QToolTip.hideText()
    title = page.model.headerData(section, Qt.Orientation.Horizontal)
    sections.append({
        "title": title, "left": left, "size": size, "sorted": section == header.sortIndicatorSection(),
        "wide": drawn.horizontalAdvance(title) > size - 2 * 8,  # the style sheet's padding: 8 px a side
        "cut": title_cut(header, section),
        "ink_right": right, "last_height": (max(last) - min(last) + 1) if last else 0, "tip": tip,
    })
print("HEADER " + json.dumps({"sections": sections, "text_height": drawn.height()}))
window.close()
store.close()
"""
)


def test_at_a_1024_px_window_a_cut_header_title_ends_with_an_ellipsis_and_its_tooltip_names_it(tmp_path):
    """On X11 (Xvfb), the header as drawn: a title wider than its room in the bold letters it is drawn in
    ends in three dots (ink a few pixels high, where a letter cut short is a letter's height)."""
    result = run_on_x11(TITLES_SCRIPT, tmp_path, screen="1024x700")
    lines = [line[7:] for line in result.stdout.splitlines() if line.startswith("HEADER ")]
    assert lines, result.stdout + result.stderr[-3000:]
    shown = json.loads(lines[0])
    sections, letter = shown["sections"], shown["text_height"]
    wide = [s for s in sections if s["wide"] and not s["sorted"]]  # the sorted one: its arrow at the end
    assert {"Store", "Register", "Operator"} <= {s["title"] for s in wide}, sections  # narrow at 1024 px
    for section in wide:
        assert 0 < section["last_height"] <= letter // 4, section  # "…": dots, not a letter cut short
        assert section["cut"] and section["title"] in section["tip"], section  # the tooltip names it whole
    for section in sections:
        if not section["wide"] and not section["sorted"]:
            assert section["last_height"] > letter // 4, section  # a whole title ends with its letter


@pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)  # a tooltip, offscreen
def test_a_cut_title_is_named_whole_in_the_headers_tooltip(qtbot) -> None:
    """The users table's columns have no tooltip of their own: over a cut title the header names it."""
    users = UsersPage(jobs=None, open_client=None, tz=UTC)  # type: ignore[arg-type]
    qtbot.addWidget(users)
    users.setStyleSheet(WINDOW_STYLESHEET)
    users.resize(900, 400)
    users.show()
    qtbot.waitExposed(users)
    header = users.table.horizontalHeader()
    section = COL_EMAIL
    title = users.table.model().headerData(section, Qt.Orientation.Horizontal)
    header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)

    def tooltip() -> str:
        QToolTip.hideText()
        middle = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, 8)
        QApplication.sendEvent(
            header.viewport(), QHelpEvent(QEvent.Type.ToolTip, middle, header.viewport().mapToGlobal(middle))
        )
        return QToolTip.text() if QToolTip.isVisible() else ""

    header.resizeSection(section, 300)
    assert not title_cut(header, section) and tooltip() == ""  # whole: no tooltip of its own
    header.resizeSection(section, 40)
    assert title_cut(header, section) and title in tooltip()
    QToolTip.hideText()
