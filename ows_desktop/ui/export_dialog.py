"""File ▸ Export evidence…: says which tickets an export will hold and lets the person choose — the selected
receipts, the flagged tickets, or the current filter — with the count of each, the format and the folder.
Nothing is exported without the person seeing "N tickets: …" first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.ui.dialog_title import fit_title

FORMATS = {
    QT_TRANSLATE_NOOP("export_dialog", "PDF case report"): "pdf",
    QT_TRANSLATE_NOOP("export_dialog", "CSV"): "csv",
    QT_TRANSLATE_NOOP("export_dialog", "JSON"): "json",
}
KIND_WORDS = {
    "selection": "selection",
    "flagged": "flagged",
    "filter": QT_TRANSLATE_NOOP("export_dialog", "current filter"),
    "case": QT_TRANSLATE_NOOP("export_dialog", "the case's tickets"),
}


class ExportDialog(QDialog):
    """``choices``: (kind, label, count) for "selection", "flagged" and "filter" (or a case's "case" alone);
    ``preferred``: the kind chosen at first (the first with tickets otherwise)."""

    def __init__(
        self,
        choices: list[tuple[str, str, int]],
        *,
        preferred: str = "",
        fmt: str = "pdf",
        folder: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export evidence"))
        self._counts = {kind: count for kind, _label, count in choices}
        self.buttons_by_kind: dict[str, QRadioButton] = {}
        self._group = QButtonGroup(self)
        which = QVBoxLayout()
        for kind, label, count in choices:
            button = QRadioButton(
                self.tr("{label} — %Ln ticket(s)", "", count).format(label=label),
                self,
            )
            button.setObjectName(f"export_{kind}")
            button.setEnabled(count > 0)
            button.toggled.connect(self._update)
            self._group.addButton(button)
            self.buttons_by_kind[kind] = button
            which.addWidget(button)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        for label, value in FORMATS.items():
            self.format_combo.addItem(QCoreApplication.translate("export_dialog", label), value)
        self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(fmt)))  # Preferences ▸ Evidence
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("exportFolder")
        self.folder_edit.setAccessibleName(self.tr("Export folder"))
        self.format_combo.setAccessibleName(self.tr("Export format"))
        self.folder_edit.setPlaceholderText(self.tr("A new or empty folder"))
        self.folder_edit.setText(folder)
        self.folder_edit.textChanged.connect(self._update)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)

        self.summary = QLabel(self)
        self.summary.setObjectName("exportSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.export_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("Export"))
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Tickets:"), which)
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(QLabel(self.tr("&Folder:"), self, buddy=self.folder_edit), folder_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.button_box)
        start = preferred if self._counts.get(preferred, 0) > 0 else ""
        start = start or next((k for k, _l, c in choices if c > 0), "")
        if start:
            self.buttons_by_kind[start].setChecked(True)
        self._update()
        fit_title(self, 520)  # the title bar shows the whole title (ui/dialog_title.py)

    def kind(self) -> str:
        return next((k for k, b in self.buttons_by_kind.items() if b.isChecked()), "")

    def count(self) -> int:
        return self._counts.get(self.kind(), 0)

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    @Slot()
    def _browse(self) -> None:
        typed = self.folder()  # start where the proposed folder would be made, else in the home folder
        start = next((p for p in (typed, *(typed.parents if typed else ())) if p and p.is_dir()), Path.home())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into an empty folder"), str(start))
        if folder:
            self.folder_edit.setText(folder)

    @Slot()
    def _update(self) -> None:
        kind, count = self.kind(), self.count()
        self.summary.setText(
            self.tr("%Ln ticket(s): {get}", "", count).format(
                get=QCoreApplication.translate("export_dialog", KIND_WORDS.get(kind, kind)),
            )
            if kind
            else self.tr("Nothing to export: no ticket is selected, flagged or listed.")
        )
        self.export_button.setEnabled(bool(kind) and count > 0 and self.folder() is not None)


__all__ = ["FORMATS", "ExportDialog"]
