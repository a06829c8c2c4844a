"""Labels of text from a server, a ticket or a file: plain text, a bidi control shown as a mark (a camera's
name with a right-to-left override read reversed in the video pane), and a one-line one that ends in "…"
where it does not fit, never cut off at an edge (the video transport's time field, the sync bar's line)."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from ows_desktop.itemmodels.shown_text import shown_text


class PlainLabel(QLabel):
    """Plain text, shown as stored (:func:`~ows_desktop.itemmodels.shown_text.shown_text`)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:  # type: ignore[override]
        super().setText(shown_text(text))


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" where it does not fit (a long "Connecting to …" in the
    transport's time field), never cut off at an edge; the whole text is its tooltip and accessible
    description, and :meth:`full_text`. It asks for the room of the whole text and shrinks down to its
    minimum width. Shown elided only once visible (a hidden label has no width of its own yet)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._full = text = shown_text(text)
        self.setToolTip(QtGui.Qt.convertFromPlainText(text) if text else "")  # a tooltip would read rich text
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self._elide()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right()
        return QSize(max(width, self.minimumWidth()), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self._full
        if self.isVisible():
            width = self.contentsRect().width() - 2 * self.margin()
            shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != super().text():
            super().setText(shown)


__all__ = ["ElidedLabel"]
