"""A table view that says in its empty viewport why it is empty and what to do, instead of a blank white box
(the Cases tab before the first case, or when its filters hide every case)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTableView, QWidget

MARGIN = 24  # px between the note and the viewport's edges


class PlaceholderTable(QTableView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._note = ""

    def set_placeholder(self, text: str) -> None:
        """The note shown while the table has no row ("" for none); drawn as plain text."""
        if text != self._note:
            self._note = text
            self.viewport().update()

    def placeholder(self) -> str:
        """The note the person sees now: "" while the table shows rows."""
        model = self.model()
        return self._note if model is None or model.rowCount() == 0 else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        note = self.placeholder()
        if not note:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = self.viewport().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), note)
        painter.end()
