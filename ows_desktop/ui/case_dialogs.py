"""The Cases dialogs: "Add to case…" (an open case, or a new one prefilled from the tickets' subject) and
"New case…". They only collect what the user chose; the writes run through StoreOps (ui/case_actions.py).
Case and ticket texts are shown as plain text.

A new case's store, register and operator are picked among those the cache's tickets name (typing completes
them, any part of a name matching whatever its accents and letter case: "bronte" finds "Yuki Brontë (E1031)");
a value the cache does not know is asked about before the dialog closes (a typo would become what the case's
evidence says it is about; a store not synced yet may be right), offering the known value it is near when
there is one ("Use “Yuki Brontë (E1031)”": put in the field, and the dialog goes on). An employee ID typed
as the operator that names one operator becomes that operator, as the picker lists it, when the field is left
and when OK is pressed (:meth:`~ows_desktop.store.case_subjects.KnownSubjects.operator_of`): "E1031" was stored
as the case's subject, "operator E1031", where the picker offered "Yuki Brontë (E1031)"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.store.case_subjects import KnownSubjects, Unknown, folded
from ows_desktop.store.cases import Case
from ows_desktop.store.operators import operator_key, operator_text
from ows_desktop.store.query import TicketRow
from ows_desktop.ui.case_match import case_about
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


FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1  # a known value without accents, in one letter case


class FoldedCompleter(QCompleter):
    """Matches the text typed, folded, within each value's folded text (:data:`FOLDED_ROLE`); puts the value
    as shown."""

    def splitPath(self, path: str) -> list[str]:
        return [folded(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class SubjectPicker(QComboBox):
    """A store, register or operator: one the cache knows (shown as the window shows text from a ticket), or
    typed; typing lists the known ones holding what was typed."""

    def __init__(self, values: Sequence[str], value: str | None, name: str, parent: QWidget) -> None:
        super().__init__(parent, objectName=name, editable=True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        for known in values:
            self.addItem(shown_text(known), known)
            self.setItemData(self.count() - 1, folded(known), FOLDED_ROLE)
        completer = FoldedCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.setCompletionRole(FOLDED_ROLE)
        known_at = self.findData(value) if value else -1
        self.setCurrentIndex(known_at)
        if known_at < 0:
            self.setEditText(value or "")

    def value(self) -> str | None:
        """The value chosen (a known one as stored, whatever its marks on screen), or the text typed."""
        text = self.currentText().strip()
        at = self.findText(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive)
        return str(self.itemData(at)) if at >= 0 else (text or None)


class CaseFields(QWidget):
    """Title, subject (operator, store, register: picked among those ``known``) and assignee of a new case."""

    def __init__(self, subject: NewCase, parent: QWidget | None = None, known: KnownSubjects | None = None):
        super().__init__(parent)
        self.known = known  # None: nothing to pick from, nothing checked
        values = known or KnownSubjects()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.title = QLineEdit(subject.title, self)
        self.title.setObjectName("caseTitle")
        self.operator = SubjectPicker(values.operators, subject.operator, "caseOperator", self)
        self.location = SubjectPicker(values.stores, subject.location, "caseStore", self)
        self.terminal = SubjectPicker(values.registers, subject.terminal, "caseRegister", self)
        self.assignee = QLineEdit(subject.assignee or "", self)
        for label, edit in (
            (self.tr("Title"), self.title),
            (self.tr("Operator"), self.operator),
            (self.tr("Store"), self.location),
            (self.tr("Register"), self.terminal),
            (self.tr("Assignee"), self.assignee),
        ):
            form.addRow(label, edit)
            if isinstance(edit, SubjectPicker):  # a line edit takes its row's label; a combo box says none
                edit.setAccessibleName(label)
        self.operator.lineEdit().editingFinished.connect(
            self._operator_as_listed
        )  # Tab, Return, a click away

    def _operator_as_listed(self) -> None:
        """An employee ID typed that names one operator: that operator in the field, as the picker lists it."""
        typed = self.operator.currentText().strip()
        listed = self.known.operator_of(typed) if self.known is not None else typed
        if listed != typed and (at := self.operator.findData(listed)) >= 0:
            self.operator.setCurrentIndex(at)

    def _operator(self) -> str | None:
        """The operator chosen or typed; an employee ID that names one operator is that operator."""
        value = self.operator.value()
        return self.known.operator_of(value) if value and self.known is not None else value

    def value(self) -> NewCase:
        return NewCase(
            self.title.text().strip(),
            self._operator(),
            self.location.value(),
            self.terminal.value(),
            self.assignee.text().strip() or None,
        )

    def unknown(self) -> list[Unknown]:
        """The store, register and operator the cache does not know."""
        value = self.value()
        if self.known is None:
            return []
        return self.known.unknown(location=value.location, terminal=value.terminal, operator=value.operator)

    def keep_unknown(self) -> bool:
        """Whether the values the cache does not know are to be kept (asked; none: True). The known values
        suggested, taken: in their fields, and any other unknown asked about. Not kept: the first such field
        has the focus, to correct."""
        unknown = self.unknown()
        if not unknown:
            return True
        answer = ask_keep_unknown(self, unknown)
        picker = {"store": self.location, "register": self.terminal, "operator": self.operator}
        if answer == "use":
            for item in unknown:
                if item.near:
                    field = picker[item.kind]
                    field.setCurrentIndex(field.findData(item.near))  # a known value: listed
            return self.keep_unknown()  # the others, with nothing to suggest
        if answer == "keep":
            return True
        field = picker[unknown[0].kind]
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.lineEdit().selectAll()
        return False


def subject_of(rows: Sequence[TicketRow]) -> NewCase:
    """A new case's fields from the tickets: the operator (by employee ID: ``Ines Brontë (E1014)``; two cashiers
    of one name share none), store and register they share."""

    def shared(values: list[str | None]) -> str | None:
        found = {v for v in values if v}
        return found.pop() if len(found) == 1 else None

    named = [r for r in rows if r.operator or r.operator_id]
    one = shared([operator_key(r.operator_id, r.operator, r.location) for r in named])
    operator = None if one is None else named[0].operator
    if one is not None and named[0].operator_id:
        operator = operator_text(named[0].operator, named[0].operator_id)
    location = shared([r.location for r in rows])
    terminal = shared([r.terminal for r in rows])
    title = (
        QCoreApplication.translate("case_actions", "Operator {operator}").format(operator=operator)
        if operator
        else (
            QCoreApplication.translate("case_actions", "Store {location}").format(location=location)
            if location
            else ""
        )
    )
    return NewCase(title, operator, location, terminal)


def ask_keep_unknown(parent: QWidget, unknown: Sequence[Unknown]) -> str:
    """Ask whether to keep a store, register or operator no synced ticket names (plain text: it was typed):
    "keep", "change", or "use" the known values suggested (offered first when there are)."""
    lines = []
    for item in unknown:
        sentence = {
            "store": QCoreApplication.translate(
                "case_dialogs", "No ticket synced to this computer names the store “{value}”."
            ),
            "register": QCoreApplication.translate(
                "case_dialogs", "No ticket synced to this computer names the register “{value}”."
            ),
            "operator": QCoreApplication.translate(
                "case_dialogs", "No ticket synced to this computer names the operator “{value}”."
            ),
        }[item.kind].format(value=shown_text(item.value))
        if item.near:
            sentence += " " + QCoreApplication.translate("case_dialogs", "Did you mean “{value}”?").format(
                value=shown_text(item.near)
            )
        lines.append(sentence)
    lines.append(
        QCoreApplication.translate(
            "case_dialogs",
            "It may be right (a store whose tickets are not synced yet), or a typo: the case's evidence will "
            "name it as what the case is about.",
        )
    )
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("case_dialogs", "Not among the synced tickets"),
        "",
        parent=parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("\n\n".join(lines))
    near = [item.near for item in unknown if item.near]
    use = None
    if near:  # taking the suggestion meant typing it again
        use = box.addButton(
            QCoreApplication.translate("case_dialogs", "Use “{value}”").format(
                value=shown_text(near[0]).replace("&", "&&")  # not a shortcut key
            )
            if len(near) == 1
            else QCoreApplication.translate("case_dialogs", "Use the values suggested"),
            QMessageBox.ButtonRole.AcceptRole,
        )
    keep = box.addButton(
        QCoreApplication.translate("case_dialogs", "Keep it"), QMessageBox.ButtonRole.AcceptRole
    )
    change = box.addButton(
        QCoreApplication.translate("case_dialogs", "Change it"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(use or change)
    box.setEscapeButton(change)
    box.setObjectName("unknownSubjectQuestion")
    fit_title(box, 420)
    box.exec()
    clicked = box.clickedButton()
    return "use" if use is not None and clicked is use else "keep" if clicked is keep else "change"


class NewCaseDialog(QDialog):
    """A new case's fields, filled with ``subject``; ``refused``: why that case was not saved, said above them
    (the dialog offered again, filled with what was typed)."""

    def __init__(
        self,
        subject: NewCase,
        parent: QWidget | None = None,
        known: KnownSubjects | None = None,
        refused: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New case"))
        self.fields = CaseFields(subject, self, known)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.refusal = QLabel(refused, self, objectName="caseRefusal", wordWrap=True, visible=bool(refused))
        self.refusal.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.refusal)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.fields.title.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.ok.setEnabled(bool(subject.title.strip()))
        fit_title(self)

    def value(self) -> NewCase:
        return self.fields.value()

    def accept(self) -> None:
        if self.fields.keep_unknown():  # else the dialog stays open, the value to correct in focus
            super().accept()


class AddToCaseDialog(QDialog):
    """Choose an open case for ``count`` tickets, or open a new one (prefilled with ``subject``; its store,
    register and operator picked among those ``known``)."""

    def __init__(
        self,
        count: int,
        cases: Sequence[Case],
        subject: NewCase,
        parent: QWidget | None = None,
        known: KnownSubjects | None = None,
    ):
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
        chosen = case_about(
            cases, subject
        )  # the case about these tickets, else none: never the newest blindly
        self.case_combo.setPlaceholderText(self.tr("Choose an open case…"))
        self.case_combo.setCurrentIndex(cases.index(chosen) if chosen is not None else -1)
        self.chosen_note = QLabel(self._chosen_text(chosen), self, objectName="caseChosenNote", wordWrap=True)
        self.chosen_note.setTextFormat(Qt.TextFormat.PlainText)  # the case's subject, as typed
        self.chosen_note.setVisible(bool(cases))
        self.fields = CaseFields(subject, self, known)
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
        layout.addWidget(self.chosen_note)
        layout.addWidget(self.new_radio)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        self.existing_radio.toggled.connect(self._update)
        self.case_combo.currentIndexChanged.connect(self._update)
        self.fields.title.textChanged.connect(self._update)
        self.existing_radio.setEnabled(bool(cases))
        (self.existing_radio if cases else self.new_radio).setChecked(True)
        self._update()
        # the person types at once: the open cases to pick from, else the new case's title
        (self.case_combo if cases else self.fields.title).setFocus()
        self.new_radio.toggled.connect(lambda on: on and self.fields.title.setFocus())
        fit_title(self)

    def _chosen_text(self, chosen: Case | None) -> str:
        """Why the list shows the case it shows, or none."""
        if chosen is None:
            return self.tr(
                "No open case is about these tickets' operator or store: choose one, or open a new case."
            )
        about = [
            text.format(value=value)
            for text, value in (
                (self.tr("operator {value}"), chosen.operator),
                (self.tr("store {value}"), chosen.location),
                (self.tr("register {value}"), chosen.terminal),
            )
            if value
        ]
        if len(about) > 1:
            about = [
                self.tr("{first} and {last}").format(first=self.tr(", ").join(about[:-1]), last=about[-1])
            ]
        return self.tr("Chosen: {number}, the latest open case about these tickets' {about}.").format(
            number=chosen.number, about=about[0]
        )

    def _update(self, *_args: object) -> None:
        existing = self.existing_radio.isChecked()
        self.case_combo.setEnabled(existing)
        self.fields.setEnabled(not existing)
        picked = self.case_combo.currentIndex() >= 0  # none chosen for the person: OK waits for her choice
        self.ok.setEnabled(picked if existing else bool(self.fields.title.text().strip()))

    def accept(self) -> None:
        if self.existing_radio.isChecked():
            if self.case_combo.currentIndex() >= 0:
                super().accept()
        elif self.fields.keep_unknown():
            super().accept()

    def choice(self) -> CaseChoice:
        if self.existing_radio.isChecked():
            return CaseChoice(number=self.case_combo.currentData())
        return CaseChoice(new=self.fields.value())


__all__ = [
    "AddToCaseDialog",
    "CaseChoice",
    "CaseFields",
    "FoldedCompleter",
    "NewCase",
    "NewCaseDialog",
    "SubjectPicker",
    "ask_keep_unknown",
    "subject_of",
]
