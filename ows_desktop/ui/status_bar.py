"""The window's status bar: its messages name tickets, stores and operators with the server's words, shown as
the table shows them (a right-to-left override in a register's name reversed the rest of "… flagged for
review")."""

from __future__ import annotations

from PySide6.QtWidgets import QStatusBar

from ows_desktop.itemmodels.shown_text import shown_text


class PlainStatusBar(QStatusBar):
    def showMessage(self, text: str, timeout: int = 0) -> None:
        super().showMessage(shown_text(text), timeout)
