"""An item view's tooltip is shown as plain text: a case title, a user's group from the server or a value of a
ticket's raw JSON holding HTML was drawn as markup by QToolTip (it reads rich text where it sees tags), and
could load an image from a file (ui/plain_tips.py, installed with the application by app_shell)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView, QToolTip

from ows_desktop.ui.app_shell import make_application
from ows_desktop.ui.plain_tips import PlainItemTips

# a tooltip is raised and sized: the offscreen platform says it cannot
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")

HTML = '<h1>Big</h1><img src="file:///etc/passwd">'


def test_an_item_views_tooltip_is_shown_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = make_application()
    make_application()  # called again (tests, the demo): still one filter
    assert len(app.findChildren(PlainItemTips)) == 1
    model = QStandardItemModel(1, 2)
    cell = QStandardItem("Case title")
    cell.setToolTip(HTML)
    model.setItem(0, 0, cell)
    model.setItem(0, 1, QStandardItem("no tooltip"))
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    at = view.visualRect(model.index(0, 0)).center()
    event = QHelpEvent(QEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    shown = QToolTip.text()
    assert "&lt;h1&gt;Big&lt;/h1&gt;" in shown and "<h1>" not in shown and "<img" not in shown
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == HTML  # the model keeps the plain text
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    # a cell without a tooltip of its model's is left to the view (an elided cell's whole text: column_fit)
    at = view.visualRect(model.index(0, 1)).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, QPoint()))
    assert not QToolTip.isVisible()
