"""Item tooltips shown as plain text. A view shows its model's ``ToolTipRole`` text through QToolTip, which
reads anything that looks like HTML as rich text: a case title, a user's group from the server or a value of a
ticket's raw JSON holding ``<h1>`` or ``<img src="file:///…">`` was drawn as markup (issue #12's rule: text from
a server, a ticket or a file is shown literally). The models keep returning plain text (tests and accessibility
read it as is); :class:`PlainItemTips`, an event filter on the application, shows every item view's tooltip
converted from plain text instead. A header's tooltips are the app's own words and keep Qt's way."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QToolTip


class PlainItemTips(QObject):
    """Installed on the application by the main window (every view of the process: dialogs too)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip:
            return False
        view = watched.parent()
        if not isinstance(view, QAbstractItemView) or isinstance(view, QHeaderView):
            return False
        if watched is not view.viewport() or not isinstance(event, QHelpEvent):
            return False
        index = view.indexAt(event.pos())
        tip = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        if not isinstance(tip, str) or not tip:
            return False  # no tooltip of the model's: the view's own handling (an elided cell's whole text)
        QToolTip.showText(
            event.globalPos(), QtGui.Qt.convertFromPlainText(tip), watched, view.visualRect(index)
        )
        return True


__all__ = ["PlainItemTips"]
