"""The filter bar's own widgets, made so that no control of the bar moves when a value changes.

A tester set a date range (the bar took two rows), picked a store (the register and operator pickers, sized
to what they listed, narrowed: the bar fit one row again) and "Clear filters" landed where "Any status" had
been: the next click, meant for the status list, cleared every filter. So the bar's parts keep their sizes
whatever they show: :class:`PickerCombo` is as wide as its "All …" entry or ``PICKER_CHARS`` characters,
whatever it lists (a longer value ends in "…", in full in its tooltip and in the list it drops down); the
exception filter's chip shows in a :class:`ChipSlot`, whose room on the one row follows the bar's width alone
and which takes only what is left on a row of its own; :func:`keep_room` keeps a hidden widget's room.
:class:`SearchLineEdit`: ↓ hands the focus to the table."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)

from ows_desktop.ui.delegates import elide_keeping_bracket

PICKER_CHARS = 14  # "S027 Downtown", "Ana Diaz": most values in full
CHIP_LEAST_CHARS = 16  # "Refund without…  ✕" (the whole text in its tooltip)
CLOSE_MARK = "✕"
QWIDGETSIZE_MAX = (1 << 24) - 1


def keep_room(widget: QWidget) -> None:
    """``widget`` keeps its room in its layout while hidden: showing it moves nothing beside it."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


class SearchLineEdit(QLineEdit):
    """Down arrow hands the focus to the table (keyboard-only review); Esc empties the search."""

    focusResults = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.focusResults.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class PickerCombo(QComboBox):
    """A filter picker whose width never follows its values: the room of its first entry ``everything`` ("All
    stores", data None) or of ``PICKER_CHARS`` characters. ``fixed_list``: a list that never changes (the
    time presets) asks for the room of its longest entry and shrinks to that width where the row has less.
    ``keep_end``: a value too long keeps its last bracket whole, its name cut (an operator's employee ID)."""

    def __init__(self, everything: str, parent: QWidget | None = None, *, fixed_list: bool = False,
                 keep_end: bool = False):  # fmt: skip
        super().__init__(parent)
        self._everything = everything
        self._fixed_list = fixed_list
        self._keep_end = keep_end

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return option

    def _width(self, texts: list[str]) -> int:
        metrics = self.fontMetrics()
        text = max([metrics.averageCharWidth() * PICKER_CHARS, *map(metrics.horizontalAdvance, texts)])
        contents = QSize(text, metrics.height() + 2)
        size = self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, self._option(), contents, self)
        return size.width()

    def sizeHint(self) -> QSize:
        every = [self.itemText(i) for i in range(self.count())] if self._fixed_list else []
        return QSize(self._width([self._everything, *every]), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width([self._everything]), super().minimumSizeHint().height())

    def _room(self, option: QStyleOptionComboBox) -> int:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return field.width() - 2  # the label is drawn 1 px in from each side

    def elided(self) -> bool:
        """The value shown is cut with "…" (it is longer than the picker)."""
        return self.fontMetrics().horizontalAdvance(self.currentText()) > self._room(self._option())

    def shown(self) -> str:
        """The value as the picker draws it: cut with "…" when it is longer than the picker ("Ines Br… (E1014)")."""
        text, room, metrics = self.currentText(), self._room(self._option()), self.fontMetrics()
        if self._keep_end:
            return elide_keeping_bracket(metrics, text, room)
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.elided():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip and self.elided()
        ):  # the whole value, then what the picker does
            plain = QtGui.Qt.convertFromPlainText
            text = plain(self.currentText()) + plain(self.toolTip())
            QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
            return True
        return super().event(event)


class RuleChip(QPushButton):
    """The exception filter's chip ("Exception: {rule}  ✕"): it shrinks where its :class:`ChipSlot` has less
    room than its text, the text shortened to fit ("Refund with…  ✕"), the ✕ kept, the whole text in its
    tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # a button's never shrinks

    def _chrome(self) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        empty = QSize(0, self.fontMetrics().height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, empty, self).width()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as drawn: the whole text, or where it does not fit its words after a colon (the rule's
        title without "Exception: ") and "…" before the ✕ (in full in the tooltip)."""
        text, metrics = self.text(), self.fontMetrics()
        room = self.width() - self._chrome()
        if metrics.horizontalAdvance(text) <= room:
            return text
        head, mark = (
            (text[: -len(CLOSE_MARK)].rstrip(), "  " + CLOSE_MARK)
            if text.endswith(CLOSE_MARK)
            else (text, "")
        )
        head = head.split(":", 1)[-1].strip() or head
        return (
            metrics.elidedText(head, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(mark))
            + mark
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.shown_text() != self.text():  # cut: its whole text
            plain = QtGui.Qt.convertFromPlainText
            QToolTip.showText(event.globalPos(), plain(self.text()) + plain(self.toolTip()), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)


class ChipSlot(QWidget):
    """Where the :class:`RuleChip` shows, at the end of the bar, whether it shows or not. On a row of its own
    (:meth:`reserve` False) it takes only what the row leaves: the chip never pushes a control aside. On the
    one row it shares what the row leaves with the search box (a quarter; at least ``CHIP_LEAST_CHARS``
    characters): by the bar's width alone, never by what the chip says."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chip = RuleChip(self)
        keep_room(self.chip)  # the row's height, hidden or not
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chip)
        row.addStretch(1)
        self.reserve(False)

    def least_room(self) -> int:
        """The least width it takes on the one row."""
        return self.chip._chrome() + self.fontMetrics().averageCharWidth() * CHIP_LEAST_CHARS

    def minimumSizeHint(self) -> QSize:
        return QSize(self.least_room(), super().minimumSizeHint().height())

    def reserve(self, on: bool) -> None:
        policy = QSizePolicy.Policy.Preferred if on else QSizePolicy.Policy.Ignored
        self.setSizePolicy(policy, QSizePolicy.Policy.Fixed)


__all__ = [
    "CHIP_LEAST_CHARS",
    "PICKER_CHARS",
    "ChipSlot",
    "PickerCombo",
    "RuleChip",
    "SearchLineEdit",
    "keep_room",
]
