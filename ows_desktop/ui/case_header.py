"""The selected case's header on the Cases tab: its two lines (the number and title; the subject, status,
assignee, tickets and loss) in the height of :data:`HEADER_LINES` lines whatever their length, so the Status
picker and the buttons under it never move.

A case's lines wrap to three or four and the next case's do not: the header keeps the height of four lines
(the buttons moved a line up and down from one case to the next). A title long enough to wrap to a fifth line
made the header taller still, and the buttons moved down again. Now what does not fit ends in "…": the title
gives up its lines first, down to one, then the second line its last words (the loss's words); a word wider
than the header is cut with "…" too, never at the header's edge. The whole text is the header's tooltip
(plain text: titles, names and reasons are shown as typed) and its accessible description."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPaintDevice,
    QResizeEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QWidget

HEADER_LINES = 4  # the case's two lines, each wrapped once (its loss words often are), in one height
_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)  # as QLabel's
_TALL = 100_000  # px: room enough to measure any text's height at a width


def wrapped_height(metrics: QFontMetrics, text: str, width: int) -> int:
    """The height ``text`` takes wrapped at words at ``width`` px, as a word-wrapped plain-text QLabel lays it
    out (QLabel measures and draws plain text so: QFontMetrics.boundingRect, QPainter.drawText)."""
    return metrics.boundingRect(QRect(0, 0, width, _TALL), _WRAP, text).height()


def _lines(text: str, font: QFont, device: QPaintDevice, width: int) -> list[tuple[str, bool]]:
    """``text`` (one paragraph) wrapped at words at ``width`` px: each line's text, and whether it is wider
    than ``width`` (a word too long to wrap)."""
    layout = QTextLayout(text, font, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        lines.append((text[start : start + length], line.naturalTextWidth() > width))
    layout.endLayout()
    return lines


def fitted(text: str, font: QFont, device: QPaintDevice, width: int, room: int, lines: int) -> str:
    """``text`` as it fits in ``lines`` lines of ``width`` px, and ``room`` px of height, wrapped at words:
    whole, or cut with "…" — the first paragraph's lines given up first, down to one, then the last
    paragraph's with more than one —, each line of a cut paragraph ending where the whole text's did."""
    if width <= 0 or not text:
        return text
    metrics = QFontMetrics(font, device)
    paragraphs = text.split("\n")
    laid = [_lines(paragraph, font, device, width) for paragraph in paragraphs]
    keep = [len(paragraph) for paragraph in laid]
    while True:
        shown = "\n".join(
            _kept(paragraph, lines_of, kept, metrics, width)
            for paragraph, lines_of, kept in zip(paragraphs, laid, keep, strict=True)
        )
        if (sum(keep) <= lines and wrapped_height(metrics, shown, width) <= room) or not _give(keep):
            return shown


def _give(keep: list[int]) -> bool:
    """One line fewer: the first paragraph's while it has more than one, then the last one's that has; False
    when every paragraph is down to one."""
    given = 0 if keep[0] > 1 else max((i for i, kept in enumerate(keep) if kept > 1), default=-1)
    if given < 0:
        return False
    keep[given] -= 1
    return True


def _kept(paragraph: str, lines: list[tuple[str, bool]], kept: int, metrics: QFontMetrics, width: int) -> str:
    """``paragraph`` in its first ``kept`` of ``lines``: whole when it has them all (and no word wider than
    ``width``), else those lines, each ending where it did, the last one with "…" where the rest is cut (and
    a word wider than ``width`` too)."""
    if kept == len(lines) and not any(wide for _line, wide in lines):
        return paragraph
    shown = []
    for n, (line, wide) in enumerate(lines[:kept]):
        rest = "".join(text for text, _wide in lines[n:]) if n == kept - 1 else line
        cut = rest != line or wide
        shown.append(
            metrics.elidedText(rest.strip(), Qt.TextElideMode.ElideRight, width) if cut else line.rstrip()
        )
    return "\n".join(shown)


class CaseHeader(QLabel):
    """The case's header: plain text, wrapped at words, :data:`HEADER_LINES` lines high whatever its text
    (see the module); :meth:`whole_text` is the text set, :meth:`text` what it shows."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        self.setTextFormat(Qt.TextFormat.PlainText)  # titles, names and reasons are shown as typed
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._whole = ""
        self._fit_height()
        self.setText(text)

    def whole_text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._whole = text
        self.setAccessibleDescription(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
            self._elide()

    def _fit_height(self) -> None:
        """The height of :data:`HEADER_LINES` lines in the header's font, neither more nor less."""
        margins, lines = self.contentsMargins(), "\n".join("x" * HEADER_LINES)
        extra = margins.top() + margins.bottom() + 2 * self.margin()
        self.setFixedHeight(wrapped_height(self.fontMetrics(), lines, _TALL) + extra)

    def _elide(self) -> None:
        """Show the text as it fits at the header's width; whole while hidden (no width of its own yet)."""
        shown = self._whole
        if self.isVisible():
            area = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
            shown = fitted(self._whole, self.font(), self, area.width(), area.height(), HEADER_LINES)
        cut = shown != self._whole
        tip = QtGui.Qt.convertFromPlainText(self._whole, Qt.WhiteSpaceMode.WhiteSpaceNormal) if cut else ""
        self.setToolTip(tip)  # a tooltip would read rich text: plain, converted
        if shown != super().text():
            super().setText(shown)


__all__ = ["HEADER_LINES", "CaseHeader", "fitted"]
