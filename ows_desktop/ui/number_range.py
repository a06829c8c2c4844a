"""A number box that says, beside itself, why a key typed into it was refused.

Qt's spin box takes no key that would make its value impossible: typing 500 into a box of at most 120 gave 50,
the last 0 silently dropped, and the person saw a wrong value and no reason. :func:`with_range_hint` puts the
box in a row with a hint after it ("At most 120 min."), shown when a typed key is refused and hidden at the
next change of the box's text. The hint sits in the room the row leaves after the box: nothing moves when it
shows. (The range is also in the box's tooltip and accessible description, where Preferences says it.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget

NumberBox = QSpinBox | QDoubleSpinBox


def with_range_hint(box: NumberBox, parent: QWidget) -> QWidget:
    """``box`` in a row of its own with its hint (``rangeHint``) after it; the row's ``editor`` property is the
    box (a form's label is the box's buddy)."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    box.setParent(row)
    layout.addWidget(box)
    hint = QLabel(row)
    hint.setObjectName("rangeHint")
    hint.setTextFormat(Qt.TextFormat.PlainText)
    hint.hide()
    layout.addWidget(hint)
    layout.addStretch(1)
    row.setProperty("editor", box)
    RangeHint(box, hint)
    return row


class RangeHint(QObject):
    """Shows ``hint`` when a key typed into ``box`` is refused; hides it when the box's text changes."""

    def __init__(self, box: NumberBox, hint: QLabel) -> None:
        super().__init__(box)
        self._box = box
        self._hint = hint
        box.installEventFilter(self)  # the box hands its keys on to its line edit
        box.textChanged.connect(self._on_text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            typed = event.text()
            control = event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
            )
            if typed and typed.isprintable() and not control:
                reason = self.refusal(typed)
                if reason:
                    self._hint.setText(reason)
                    self._hint.show()
        return super().eventFilter(watched, event)

    def refusal(self, typed: str) -> str | None:
        """Why the box would refuse ``typed`` where its cursor is (None: it takes it)."""
        box = self._box
        edit = box.lineEdit()
        text, at = edit.text(), edit.cursorPosition()
        if edit.hasSelectedText():  # typing replaces the selection
            at = edit.selectionStart()
            text = text[:at] + text[at + len(edit.selectedText()) :]
        candidate = text[:at] + typed + text[at:]
        if box.validate(candidate, at + len(typed))[0] != QValidator.State.Invalid:
            return None
        number = candidate.removeprefix(box.prefix()).removesuffix(box.suffix()).strip()
        value, ok = box.locale().toDouble(number)
        if ok and value > box.maximum():
            return self.tr("At most {high}.").format(high=self._bound(box.maximum()))
        if ok and value < box.minimum():
            return self.tr("At least {low}.").format(low=self._bound(box.minimum()))
        if ok and isinstance(box, QDoubleSpinBox):
            return self.tr("At most %Ln decimal(s).", "", box.decimals())
        return self.tr("A number from {low} to {high}.").format(
            low=self._bound(box.minimum()), high=self._bound(box.maximum())
        )

    def _bound(self, value: float) -> str:
        """A bound as the box writes its numbers, with its unit: ``120 min``."""
        box = self._box
        number = (
            box.textFromValue(int(value))
            if isinstance(box, QSpinBox)
            else box.locale().toString(value, "g", 15)
        )
        return f"{box.prefix()}{number}{box.suffix()}"

    @Slot(str)
    def _on_text(self, _text: str) -> None:
        self._hint.hide()


__all__ = ["RangeHint", "with_range_hint"]
