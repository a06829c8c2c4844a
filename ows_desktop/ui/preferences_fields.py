"""A page of Edit ▸ Preferences…: a form of settings fields, each one a key of the one settings file
(``basics.settings``, read by the CLI too), its editor, label (the editor's buddy and accessible name), plain
description (tooltip and accessible description), default and check.

A page only edits: nothing is written until the dialog's OK (:mod:`~ows_desktop.ui.preferences`), so Cancel
leaves the settings as they were."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.messages import message_of
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.ui.number_range import with_range_hint
from ows_desktop.ui.wheel_guard import wheel_only_when_focused


@dataclass(frozen=True)
class Field:
    """One setting. ``kind``: "int", "float", "bool", "choice", "text" or "folder". ``check(text)`` raises
    ValueError with a plain sentence when a text is not acceptable. ``zero_text``: what a number field shows
    (and a screen reader reads) instead of 0 where 0 means off — "Off", not "0 min"."""

    key: str
    label: str
    kind: str
    default: Any
    description: str = ""
    minimum: float = 0
    maximum: float = 0
    suffix: str = ""
    decimals: int = 1
    choices: tuple[tuple[str, Any], ...] = ()
    zero_text: str = ""
    check: Callable[[str], Any] | None = field(default=None, compare=False)


def coerce(raw: Any, default: Any) -> Any:
    """A stored value as the type of its default (the default when it cannot be read)."""
    if raw is None:
        return default
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().lower()
            return word in ("1", "true", "yes", "on") if word else default
        if isinstance(default, int):
            return int(float(raw))
        if isinstance(default, float):
            return float(raw)
    except (TypeError, ValueError):
        return default
    return str(raw)


def add_problem_label(page: QWidget, layout: QVBoxLayout) -> QLabel:
    """The line under a page that says, in plain words, why a value is refused (hidden when none is)."""
    label = QLabel(page)
    label.setObjectName("preferencesProblem")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(highlighted-text); background: #b3261e; padding: 4px;")
    label.setAccessibleName(QCoreApplication.translate("preferences_fields", "Problem"))
    label.hide()
    layout.addWidget(label)
    return label


def show_problem(label: QLabel, text: str, editor: QWidget | None) -> None:
    """Refuse a value in place: the reason under the page, the focus on the editor, and the reason first in
    the editor's accessible description, so a screen reader says why when the focus lands there."""
    label.setText(text)
    label.show()
    if editor is None:
        return
    base = editor.property("baseDescription")
    if base is None:
        base = editor.accessibleDescription()
        editor.setProperty("baseDescription", base)
    editor.setAccessibleDescription(f"{text} {base}".strip())
    editor.setFocus(Qt.FocusReason.OtherFocusReason)


def clear_problem(label: QLabel, page: QWidget) -> None:
    """No refused value on the page (any more): hide the reason, give the editors their own descriptions back."""
    label.hide()
    for editor in page.findChildren(QWidget):
        base = editor.property("baseDescription")
        if base is not None:
            editor.setAccessibleDescription(base)
            editor.setProperty("baseDescription", None)


def page_text(text: str) -> str:
    """A field's label, description or choice in the window's language (marked in preferences_pages)."""
    return QCoreApplication.translate("preferences_pages", text) if text else text


def range_text(spec: Field) -> str:
    """``From 0 to 600 s.``: a number field's range, with its unit."""
    suffix = page_text(spec.suffix)

    def shown(value: float) -> str:
        return (str(int(value)) if spec.kind == "int" else f"{value:g}") + suffix

    return QCoreApplication.translate("preferences_fields", "From {low} to {high}.").format(
        low=shown(spec.minimum), high=shown(spec.maximum)
    )


class FieldEditors:
    """The editors of some fields, laid out in a form (one row per field)."""

    def __init__(self, fields: Sequence[Field], parent: QWidget, form: QFormLayout):
        self.fields = tuple(fields)
        self.editors: dict[str, QWidget] = {}
        for spec in self.fields:
            editor = self._make(spec, parent)
            target = editor.property("editor") if isinstance(editor.property("editor"), QWidget) else editor
            target.setObjectName(f"pref:{spec.key}")
            target.setAccessibleName(page_text(spec.label).rstrip(":"))
            described = page_text(spec.description) if spec.description else ""
            if spec.kind in (
                "int",
                "float",
            ):  # a key refused says why beside the box; the help says the range
                described = "\n".join(filter(None, (described, range_text(spec))))
            if described:
                target.setAccessibleDescription(described)
                target.setToolTip(described)
            self.editors[spec.key] = target
            if spec.kind == "bool":
                form.addRow(editor)
            else:
                label = QLabel(page_text(spec.label), parent)
                label.setBuddy(target)
                form.addRow(label, editor)

    @staticmethod
    def _make(spec: Field, parent: QWidget) -> QWidget:
        editor = FieldEditors._editor(spec, parent)
        inner = editor.property("editor")
        target = inner if isinstance(inner, QWidget) else editor
        if isinstance(target, QSpinBox | QDoubleSpinBox | QComboBox):
            wheel_only_when_focused(target)  # a wheel scrolling the page changed a rule's weight on its way
        return editor

    @staticmethod
    def _editor(spec: Field, parent: QWidget) -> QWidget:
        if spec.kind == "int":
            spin = QSpinBox(parent)
            spin.setRange(int(spec.minimum), int(spec.maximum))
            spin.setSuffix(page_text(spec.suffix))
            _zero_text(spin, spec)
            return with_range_hint(spin, parent)  # a key refused (past the maximum) says why beside the box
        if spec.kind == "float":
            dspin = QDoubleSpinBox(parent)
            dspin.setRange(spec.minimum, spec.maximum)
            dspin.setDecimals(spec.decimals)
            dspin.setSuffix(page_text(spec.suffix))
            _zero_text(dspin, spec)
            return with_range_hint(dspin, parent)
        if spec.kind == "bool":
            return QCheckBox(page_text(spec.label), parent)
        if spec.kind == "choice":
            combo = QComboBox(parent)
            for text, value in spec.choices:
                combo.addItem(page_text(text), value)
            return combo
        edit = QLineEdit(parent)
        if spec.kind != "folder":
            return edit
        row = QWidget(parent)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        browse = QPushButton(QCoreApplication.translate("FieldEditors", "Choose…"), row)
        browse.setAccessibleName(
            QCoreApplication.translate("FieldEditors", "Choose {lower}").format(
                lower=page_text(spec.label).rstrip(":").lower()
            )
        )
        browse.clicked.connect(lambda: _choose_folder(edit))
        layout.addWidget(browse)
        row.setProperty("editor", edit)
        return row

    def set_value(self, key: str, value: Any) -> None:
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            editor.setCurrentIndex(max(0, index))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def value(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QDoubleSpinBox):
            return round(editor.value(), editor.decimals())
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QLineEdit):
            return editor.text().strip()
        raise TypeError(key)

    def load(self, read: Callable[[str], Any]) -> None:
        for spec in self.fields:
            self.set_value(spec.key, coerce(read(spec.key), spec.default))

    def restore_defaults(self) -> None:
        for spec in self.fields:
            self.set_value(spec.key, spec.default)

    def values(self) -> dict[str, Any]:
        return {spec.key: self.value(spec.key) for spec in self.fields}

    def problem(self) -> tuple[str, QWidget] | None:
        """The first refused value: (plain sentence naming the field, its editor)."""
        for spec in self.fields:
            if spec.check is None:
                continue
            try:
                spec.check(str(self.value(spec.key)))
            except ValueError as exc:
                reason = core_text(message_of(exc))
                return f"{page_text(spec.label).rstrip(':')}: {reason}", self.editors[spec.key]
        return None


def _zero_text(spin: QSpinBox | QDoubleSpinBox, spec: Field) -> None:
    """Qt shows a spin box's special value text at its minimum: only where that minimum is 0."""
    if spec.zero_text and spec.minimum == 0:
        spin.setSpecialValueText(page_text(spec.zero_text))


class FieldPage(QWidget):
    """A page made of fields only (Sync, Video, Display, Evidence)."""

    def __init__(self, title: str, intro: str, fields: Sequence[Field], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.setObjectName(f"preferences{title}")
        self.setAccessibleName(self.tr("{title} preferences").format(title=title))
        layout = QVBoxLayout(self)
        note = QLabel(intro, self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldEditors(fields, self, form)
        layout.addStretch(1)
        self.problem_label = add_problem_label(self, layout)

    def load(self, settings: Any) -> None:
        self.fields.load(settings.get)

    def restore_defaults(self) -> None:
        self.fields.restore_defaults()
        self.problem_label.hide()

    def values(self) -> dict[str, Any]:
        return self.fields.values()

    def problem(self) -> str | None:
        found = self.fields.problem()
        clear_problem(self.problem_label, self)
        if found is None:
            return None
        text, editor = found
        show_problem(self.problem_label, text, editor)
        return text

    def secret_write(self) -> None:
        """A keyring write for OK (only the Network page has one: the proxy password); none here."""


def existing_folder(text: str) -> None:
    """Empty, or a folder that exists."""
    if text and not Path(text).expanduser().is_dir():
        raise ValueError(f"{text} is not an existing folder; choose one with Choose…, or leave it empty.")


@Slot()
def _choose_folder(edit: QLineEdit) -> None:
    folder = QFileDialog.getExistingDirectory(
        edit, QCoreApplication.translate("preferences_fields", "Choose a folder"), edit.text()
    )
    if folder:
        edit.setText(folder)
