"""Connection ▸ Switch to: the window's list of connections (see basics.connections). Picking one asks the
composition root (``app.py``) to open that connection's window: its own key, cache, settings and layout.

Signals:
    switchRequested(str): the name of the connection to open.
    newRequested(): open a new, empty connection (its window asks for the API Access URL and key).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget


class ConnectionMenu(QObject):
    switchRequested = Signal(str)
    newRequested = Signal()

    def __init__(self, names: Sequence[str], current: str | None, parent: QWidget):
        super().__init__(parent)
        self.menu = QMenu(self.tr("S&witch to"), parent)
        self.menu.setObjectName("switchConnectionMenu")
        self.menu.setToolTipsVisible(True)
        group = QActionGroup(self)
        group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        self._current = current
        for name in names:
            action = QAction(name, self)  # plain text: a QAction never renders rich text
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setToolTip(self.tr("Open this connection: its own key, ticket cache, settings and layout"))
            action.triggered.connect(lambda _checked=False, n=name: self._pick(n))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[name] = action
        self.menu.addSeparator()
        self.new_action = QAction(self.tr("&New connection…"), self)
        self.new_action.setToolTip(
            self.tr("Another OWS account (another chain or franchise) next to this one")
        )
        self.new_action.triggered.connect(self.newRequested)
        self.menu.addAction(self.new_action)
        self.menu.setEnabled(bool(names))  # a window made without a list of connections (tests) has none

    def _pick(self, name: str) -> None:
        if self._current in self.actions:  # checked until another window opens (a switch may not happen)
            self.actions[self._current].setChecked(True)
        self.switchRequested.emit(name)  # the current one too: reopened, e.g. on its tenant's own cache
