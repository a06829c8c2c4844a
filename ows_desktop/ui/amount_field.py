"""The filter bar's Min total and Max total fields: an amount typed with either decimal mark, read only where
that cannot be read two ways.

A tester typed "50.5" in French and got 505 (the locale's validator dropped the dot), and "50,5" in English
got 505 (the comma was dropped as a thousands separator). :func:`read_amount` takes ``50.5`` and ``50,5``
alike wherever they are; a mark followed by three digits is a thousands separator only where the locale
groups with it (``1,234`` in English, ``1.234`` in German), and is refused elsewhere as unclear (``1.234`` in
English or French could be 1234 or 1.234): the field is marked, says why in its tooltip (and at Enter), and
is not applied — never a value a thousand or ten times what was meant. An amount read is written back in
the locale's form at Enter ("50.5" becomes "50,5" in French), so the field shows what the filter applies."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from ows_desktop.ui.filter_state import amount_text

SPACES = " \u00a0\u202f"  # a space, a no-break space, a narrow no-break space (French grouping)
GROUPS = SPACES + "'’"  # and the Swiss apostrophe
_CHARS = re.compile(r"[-−+]?[0-9.,'’ \u00a0\u202f]*")


class UnclearAmount(ValueError):
    """Text that reads as two different amounts (``1.234``: 1234 or 1.234)."""

    def __init__(self, thousands: float, decimals: float):
        super().__init__(thousands, decimals)
        self.thousands, self.decimals = thousands, decimals


def read_amount(text: str, group_mark: str) -> float | None:
    """The amount ``text`` is (None: blank). ``group_mark``: the locale's thousands separator. Raises
    UnclearAmount when it could be two amounts, ValueError when it is none."""
    text = text.strip()
    if not text:
        return None
    sign = -1.0 if text[0] in "-−" else 1.0
    body = text[1:].lstrip() if text[0] in "-−+" else text
    marks = [c for c in body if c in ".,"]
    if len(set(marks)) == 2:  # 1,234.50 / 1.234,50: the last mark is the decimal one
        decimal = body[max(body.rfind("."), body.rfind(","))]
        whole, _, cents = body.rpartition(decimal)
        return sign * _number(_grouped(whole, decimal), cents)
    if len(marks) > 1 or not marks:  # 1.234.567, or none: every mark (and space) a thousands separator
        return sign * _number(_grouped(body, ""), "")
    whole, _, cents = body.partition(marks[0])
    digits = whole.strip(GROUPS)
    if len(cents) == 3 and 1 <= len(digits) <= 3 and digits.isdigit() and digits != "0":
        if marks[0] != group_mark:  # a thousands separator elsewhere, three decimals here: never guessed
            raise UnclearAmount(sign * _number(digits + cents, ""), sign * _number(digits, cents))
        return sign * _number(_grouped(body, ""), "")
    return sign * _number(_grouped(whole, marks[0]), cents)


def _grouped(whole: str, decimal: str) -> str:
    """The digits of ``whole``, its thousands separators (any one kind but the decimal mark) in threes."""
    groups = re.split(r"[.,'’ \u00a0\u202f]", whole)
    if len(groups) > 1:
        kinds = set(re.findall(r"[.,'’ \u00a0\u202f]", whole))
        spaces = kinds <= set(SPACES)
        if (len(kinds) > 1 and not spaces) or decimal in kinds:
            raise ValueError(whole)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            raise ValueError(whole)
    digits = "".join(groups)
    if digits and not digits.isdigit():
        raise ValueError(whole)
    return digits


def _number(whole: str, cents: str) -> float:
    if not (whole or cents) or (cents and not cents.isdigit()) or len(whole.lstrip("0")) > 12:
        raise ValueError(whole + cents)  # none, or past a trillion (shown as 1e+20: not an amount typed)
    return float(f"{whole or 0}.{cents or 0}")


class _AmountValidator(QValidator):
    """Keys of an amount only (digits, a sign, the marks, spaces); unclear text is not acceptable."""

    def __init__(self, field: AmountEdit):
        super().__init__(field)
        self._field = field

    def validate(self, text: str, pos: int) -> object:
        if not _CHARS.fullmatch(text):
            return QValidator.State.Invalid
        state = (
            QValidator.State.Acceptable if self._field.problem(text) == "" else QValidator.State.Intermediate
        )
        return state, text, pos


class AmountEdit(QLineEdit):
    """An amount field of the filter bar (:func:`read_amount`). ``value()`` is what the filter applies: None
    while the text is blank or cannot be read, and then the field is marked (``unclear``) and says why."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setValidator(_AmountValidator(self))
        self.editingFinished.connect(self._written_back)  # before the bar's own slot: it reads the text
        self.textChanged.connect(self._mark)

    def value(self) -> float | None:
        try:
            return read_amount(self.text(), QLocale().groupSeparator())
        except ValueError:
            return None

    def problem(self, text: str | None = None) -> str:
        """Why the text is not applied ('' when it is)."""
        text = self.text() if text is None else text
        try:
            read_amount(text, QLocale().groupSeparator())
        except UnclearAmount as two:
            return self.tr(
                "“{typed}” could be {thousands} or {decimals}: type it without a thousands separator, or with "
                "at most two decimals. Not applied."
            ).format(
                typed=text.strip(), thousands=amount_text(two.thousands), decimals=amount_text(two.decimals)
            )
        except ValueError:
            return self.tr("“{typed}” is not an amount; type one such as {example}. Not applied.").format(
                typed=text.strip(), example=amount_text(12.5)
            )
        return ""

    def _mark(self) -> None:
        unclear = self.problem() != ""
        if bool(self.property("unclear")) != unclear:
            self.setProperty("unclear", unclear)
            self.style().unpolish(self)
            self.style().polish(self)

    def _written_back(self) -> None:
        value = self.value()
        if value is not None and self.text() != amount_text(value):
            self.setText(amount_text(value))  # what the filter applies, in the locale's form

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (problem := self.problem()):
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), problem, self)  # said at once
        super().keyPressEvent(event)


__all__ = ["AmountEdit", "UnclearAmount", "read_amount"]
