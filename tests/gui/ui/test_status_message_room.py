"""A long status bar message was cut off at "Last sync" with no "…": in French the refund link's "La vente … que ce
remboursement annule ne fait pas partie des tickets synchronisés : synchronisez les jours où elle a été
enregistré" lost its last letters and the end of the sentence at 1366 px. A message now ends in "…" where it
does not fit, whole in the tooltip over it (and in ``currentMessage``), and the refund link's says it in words
that fit at 1366 px in English and in French."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import make_services, offline_window
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)  # tooltip

NEVER_SYNCED = {
    "en": "The sale T-S058-R01-000001 is not among the synced tickets: sync the days it was rung up.",
    "fr": "La vente T-S058-R01-000001 n’est pas dans les tickets synchronisés : synchronisez les jours où elle a "
    "été enregistrée.",
}


def _plain(tip: str) -> str:
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def test_a_long_status_message_ends_in_an_ellipsis_and_is_whole_in_its_tooltip(
    qtbot: Any, paths: Any, filled_store: Any, language: str
) -> None:
    window = offline_window(qtbot, make_services(paths, filled_store))
    window.resize(1366, 768)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.width() == 1366)

    window.original_sale.show_original("T-S058-R01-000001")  # a refund's sale never synced
    said = NEVER_SYNCED[language]
    assert bar.currentMessage() == said
    room = bar.message_rect()
    assert bar.shown_message() == said  # whole, in the room left of "Last sync"
    assert bar.fontMetrics().horizontalAdvance(said) <= room.width()

    whole = "A status message far longer than its room: " + "every word of it still said. " * 12
    bar.showMessage(whole, 60_000)
    assert bar.currentMessage() == whole  # what was said stays whole
    shown = bar.shown_message()
    assert shown.endswith("…") and whole.startswith(shown[:-1]) and len(shown) < len(whole)
    assert bar.fontMetrics().horizontalAdvance(shown) <= room.width()
    permanent = [w for w in bar.children() if getattr(w, "isVisible", lambda: False)() and w.x() > 0]
    assert permanent and all(room.right() < w.x() for w in permanent)  # left of "Last sync", drawn in full
    bar.grab()  # its paintEvent runs (a failure in it would show as a Qt warning)

    at = room.center()
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, at, bar.mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert _plain(QToolTip.text()) == whole  # the whole message on hover
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())

    bar.showMessage("Short.", 60_000)
    assert bar.shown_message() == "Short."
    QApplication.sendEvent(
        bar, QHelpEvent(QEvent.Type.ToolTip, QPoint(10, 5), bar.mapToGlobal(QPoint(10, 5)))
    )
    qtbot.wait(50)
    assert not QToolTip.isVisible()  # a message that fits has no tooltip of its own
