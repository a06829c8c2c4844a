"""Preferences ▸ Rules: each built-in exception rule with its plain description, on/off, its weight in the
Exceptions ranking and its thresholds (``rules/<id>/...`` keys, see rules/definitions.py). The window's next
rule run, the Exceptions view, exports and the CLI all read these same keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.rules.definitions import (
    RULE_DEFAULTS,
    RULES,
    Param,
    Rule,
    parse_hours,
    parse_location_map,
)
from ows_desktop.store.zones import parse_zone
from ows_desktop.ui.preferences_fields import (
    Field,
    FieldEditors,
    add_problem_label,
    clear_problem,
    show_problem,
)

# the range and unit of each numeric threshold (rules/definitions.py only knows its default)
LIMITS: dict[str, tuple[float, float, str]] = {
    "min_lines": (1, 100, ""),
    "days": (1, 365, QT_TRANSLATE_NOOP("preferences_pages", " days")),  # translated where shown (page_text)
    "seconds": (1, 3600, " s"),
    "percent": (0, 100, " %"),
    "min_total": (0, 1_000_000, ""),
    "min_reduction_percent": (0, 100, " %"),
}
CHECKS: dict[str, Any] = {
    "hours": parse_hours,
    "timezone": parse_zone,
    "location_hours": lambda text: parse_location_map(text, parse_hours),
    "location_timezones": lambda text: parse_location_map(text, parse_zone),
}


def _param_field(rule: Rule, param: Param) -> Field:
    key = f"rules/{rule.id}/{param.name}"
    description = core_text(param.description)
    label = description[:1].upper() + description[1:]
    label = label.split(",")[0].split(" (")[0] + ":"
    default = RULE_DEFAULTS[key]
    if isinstance(default, bool):
        return Field(key, f"{label.rstrip(':')}", "bool", default, description)
    if isinstance(default, int | float):
        low, high, suffix = LIMITS.get(param.name, (0, 1_000_000, ""))
        kind = "int" if isinstance(default, int) else "float"
        return Field(key, label, kind, default, description, low, high, suffix)
    return Field(key, label, "text", default, description, check=CHECKS.get(param.name))


def rule_fields(rule: Rule) -> list[Field]:
    fields = [
        Field(f"rules/{rule.id}/enabled", QCoreApplication.translate("preferences_rules", "Run “{title}”").format(title=core_text(rule.title)), "bool", True, core_text(rule.description)),
        Field(f"rules/{rule.id}/weight", QCoreApplication.translate("preferences_rules", "Weight in the ranking:"), "float", float(rule.weight),
              QCoreApplication.translate("preferences_rules", "How much one exception of this rule counts in the Exceptions ranking (0: not at all)."),
              0, 100, zero_text=QCoreApplication.translate("preferences_rules", "Not counted")),
    ]  # fmt: skip
    return fields + [_param_field(rule, param) for param in rule.params]


def wrap_long_labels(form: QFormLayout) -> None:
    """A threshold's label is its plain description, up to a sentence long (longer still in French): each
    label goes above its editor, and a long one wraps, so the page never needs a horizontal scroll bar
    (which cut the editors off at the dialog's edge)."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel) and label.sizeHint().width() > WRAP_WIDTH:
            label.setWordWrap(True)
            label.setMinimumWidth(WRAP_WIDTH)  # else Qt wraps it into a narrow column


WRAP_WIDTH = 320  # px: wider labels wrap


class RulesPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = self.tr("Rules")
        self.setObjectName("preferencesRules")
        self.setAccessibleName(self.tr("Rules preferences"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Used by the next rule run, in this window (Exceptions ▸ Re-run rules) and on the command line; weights change the ranking at once."
            ),
            self,
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Exception rules"))
        inner = QWidget(scroll)
        column = QVBoxLayout(inner)
        self.editors: list[FieldEditors] = []
        self.groups: dict[str, QGroupBox] = {}
        for rule in RULES:
            title, text = core_text(rule.title), core_text(rule.description)
            group = QGroupBox(title, inner)
            group.setObjectName(f"rule:{rule.id}")
            group.setAccessibleName(title)
            group.setAccessibleDescription(text)
            group_layout = QVBoxLayout(group)
            description = QLabel(text, group)
            description.setTextFormat(Qt.TextFormat.PlainText)
            description.setWordWrap(True)
            group_layout.addWidget(description)
            form = QFormLayout()
            group_layout.addLayout(form)
            self.editors.append(FieldEditors(rule_fields(rule), group, form))
            self.groups[rule.id] = group
            wrap_long_labels(form)
            column.addWidget(group)
        column.addStretch(1)
        scroll.setWidget(inner)
        self.scroll = scroll
        layout.addWidget(scroll, 1)
        self.problem_label = add_problem_label(self, layout)

    def editor(self, key: str) -> QWidget:
        return next(e.editors[key] for e in self.editors if key in e.editors)

    def load(self, settings: Any) -> None:
        for editors in self.editors:
            editors.load(settings.get)

    def restore_defaults(self) -> None:
        for editors in self.editors:
            editors.restore_defaults()
        self.problem_label.hide()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for editors in self.editors:
            out.update(editors.values())
        return out

    def problem(self) -> str | None:
        clear_problem(self.problem_label, self)
        for editors in self.editors:
            found = editors.problem()
            if found is not None:
                text, widget = found
                self.scroll.ensureWidgetVisible(widget)
                show_problem(self.problem_label, text, widget)
                return text
        return None

    def secret_write(self) -> None:
        """Nothing to keep in the keyring: everything is in the settings file."""
