"""The window's status bar: its messages name tickets, stores and operators with the server's words, shown as
the table shows them (a right-to-left override in a register's name reversed the rest of "… flagged for
review"), and its labels, plain text too: the connection on the left, the last sync and the cache's count on
the right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QStatusBar

from ows_desktop.itemmodels.shown_text import shown_text


class PlainStatusBar(QStatusBar):
    def showMessage(self, text: str, timeout: int = 0) -> None:
        super().showMessage(shown_text(text), timeout)


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
