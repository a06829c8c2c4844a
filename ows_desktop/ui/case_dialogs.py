"""The Cases dialogs: "Add to case…" (an open case, or a new one prefilled from the tickets' subject) and
"New case…". They only collect what the user chose; the writes run through StoreOps (ui/case_actions.py).
Case and ticket texts are shown as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.store.cases import Case
from ows_desktop.ui.dialog_title import fit_title


@dataclass(frozen=True)
class NewCase:
    title: str
    operator: str | None = None
    location: str | None = None
    terminal: str | None = None
    assignee: str | None = None


@dataclass(frozen=True)
class CaseChoice:
    """What the "Add to case…" dialog chose: an existing case's number, or a new case."""

    number: str | None = None
    new: NewCase | None = None


class CaseFields(QWidget):
    """Title, subject (operator, store, register) and assignee of a new case."""

    def __init__(self, subject: NewCase, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.title = QLineEdit(subject.title, self)
        self.title.setObjectName("caseTitle")
        self.operator = QLineEdit(subject.operator or "", self)
        self.location = QLineEdit(subject.location or "", self)
        self.terminal = QLineEdit(subject.terminal or "", self)
        self.assignee = QLineEdit(subject.assignee or "", self)
        for label, edit in (
            (self.tr("Title"), self.title),
            (self.tr("Operator"), self.operator),
            (self.tr("Store"), self.location),
            (self.tr("Register"), self.terminal),
            (self.tr("Assignee"), self.assignee),
        ):
            form.addRow(label, edit)

    def value(self) -> NewCase:
        return NewCase(
            self.title.text().strip(),
            self.operator.text().strip() or None,
            self.location.text().strip() or None,
            self.terminal.text().strip() or None,
            self.assignee.text().strip() or None,
        )


class NewCaseDialog(QDialog):
    def __init__(self, subject: NewCase, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New case"))
        self.fields = CaseFields(subject, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.fields.title.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.setEnabled(bool(subject.title.strip()))
        fit_title(self)

    def value(self) -> NewCase:
        return self.fields.value()


class AddToCaseDialog(QDialog):
    """Choose an open case for ``count`` tickets, or open a new one (prefilled with ``subject``)."""

    def __init__(self, count: int, cases: Sequence[Case], subject: NewCase, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add to case"))
        intro = QLabel(
            self.tr("Add %Ln ticket(s) to:", "", count),
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.existing_radio = QRadioButton(self.tr("An open case"), self)
        self.new_radio = QRadioButton(self.tr("A new case"), self)
        group = QButtonGroup(self)
        group.addButton(self.existing_radio)
        group.addButton(self.new_radio)
        self.case_combo = QComboBox(self)
        self.case_combo.setObjectName("caseChoice")
        self.case_combo.setAccessibleName(self.tr("Open case"))
        intro.setBuddy(self.case_combo)
        for case in cases:
            self.case_combo.addItem(
                f"{case.number} — {case.title} ({core_label(case.status_label)})", case.number
            )
        self.fields = CaseFields(subject, self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.existing_radio)
        layout.addWidget(self.case_combo)
        layout.addWidget(self.new_radio)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        self.existing_radio.toggled.connect(self._update)
        self.fields.title.textChanged.connect(self._update)
        self.existing_radio.setEnabled(bool(cases))
        (self.existing_radio if cases else self.new_radio).setChecked(True)
        self._update()
        # the person types at once: the open cases to pick from, else the new case's title
        (self.case_combo if cases else self.fields.title).setFocus()
        self.new_radio.toggled.connect(lambda on: on and self.fields.title.setFocus())
        fit_title(self)

    def _update(self, *_args: object) -> None:
        existing = self.existing_radio.isChecked()
        self.case_combo.setEnabled(existing)
        self.fields.setEnabled(not existing)
        self.ok.setEnabled(existing or bool(self.fields.title.text().strip()))

    def choice(self) -> CaseChoice:
        if self.existing_radio.isChecked():
            return CaseChoice(number=self.case_combo.currentData())
        return CaseChoice(new=self.fields.value())


__all__ = ["AddToCaseDialog", "CaseChoice", "CaseFields", "NewCase", "NewCaseDialog"]
