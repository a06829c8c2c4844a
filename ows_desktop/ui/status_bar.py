"""The window's status bar: its messages name tickets, stores and operators with the server's words, shown as
the table shows them (a right-to-left override in a register's name reversed the rest of "… flagged for
review"). A message longer than its room (the status bar's left of "Last sync") ends in "…", whole in the
tooltip over it: QStatusBar cut a long French message off at "Last sync" with no sign of it ("… où elle a été
enregistré", the "e" and the end of the sentence gone). The message itself stays whole (``currentMessage``,
``messageChanged``); only its drawing is elided. Its labels are plain text too: the connection on the left, the
last sync and the cache's count on the right."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSizeGrip,
    QStatusBar,
    QStyle,
    QStyleOption,
    QToolTip,
    QWidget,
)

from ows_desktop.itemmodels.shown_text import shown_text


class PlainStatusBar(QStatusBar):
    def showMessage(self, text: str, timeout: int = 0) -> None:
        super().showMessage(shown_text(text), timeout)

    def message_rect(self) -> QRect:
        """Where QStatusBar draws a message: from its left to the first permanent widget (those left visible
        while a message shows) or the size grip, as ``QStatusBarPrivate::messageRect``."""
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left, right = 6, self.width() - 12
        for child in self._shown_children():
            if rtl:
                left = max(left, child.geometry().right() + 1 + (0 if isinstance(child, QSizeGrip) else 2))
            else:
                right = min(right, child.x() - (0 if isinstance(child, QSizeGrip) else 2))
        return QRect(left, 0, right - left, self.height())

    def shown_message(self) -> str:
        """The message as drawn: whole, or ending in "…" where it does not fit."""
        message = self.currentMessage()
        width = self.message_rect().width()
        return self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, max(width, 0))

    def _shown_children(self) -> list[QWidget]:
        children = self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return [child for child in children if child.isVisible() and not child.isWindow()]

    def paintEvent(self, event: QPaintEvent) -> None:
        message = self.currentMessage()
        shown = self.shown_message() if message else message
        if shown == message:
            super().paintEvent(event)
            return
        painter = QPainter(self)  # QStatusBar::paintEvent, with the message elided
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        for child in self._shown_children():
            if not isinstance(child, QSizeGrip):
                frame = QStyleOption()
                frame.rect = child.geometry().adjusted(-2, -1, 2, 1)
                frame.palette = self.palette()
                self.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameStatusBarItem, frame, painter, child
                )
        painter.setPen(self.palette().windowText().color())
        flags = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
        painter.drawText(self.message_rect(), int(flags), shown)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            message, rect = self.currentMessage(), self.message_rect()
            if message and self.shown_message() != message and rect.contains(event.pos()):
                whole = QtGui.Qt.convertFromPlainText(message)  # a tooltip would read rich text
                QToolTip.showText(event.globalPos(), whole, self, rect)
                return True
        return super().event(event)


def add_status_bar(window: QMainWindow) -> tuple[QLabel, QLabel, QLabel]:
    """Give ``window`` its status bar; its connection, last-sync and cache-count labels."""
    connection = QLabel(QCoreApplication.translate("MainWindow", "Not connected"), window)
    connection.setObjectName("connectionStatus")
    last_sync = QLabel(window, objectName="lastSync")
    cache = QLabel(window, objectName="cacheCount")
    for label in (connection, last_sync, cache):  # the server's name, ticket, file or server text
        label.setTextFormat(Qt.TextFormat.PlainText)
    window.setStatusBar(status := PlainStatusBar(window))  # server words in its messages: marked
    status.setSizeGripEnabled(True)
    status.addWidget(connection)
    status.addPermanentWidget(last_sync)
    status.addPermanentWidget(cache)
    return connection, last_sync, cache
