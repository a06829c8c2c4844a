"""File ▸ Export evidence…: says which tickets an export will hold and lets the person choose — the selected
receipts, the flagged tickets, or the current filter — with the count of each, the format and the folder.
Nothing is exported without the person seeing "N tickets: …" first.

The keys typed first go to the folder (the one field to type in); a folder the export would refuse (a file,
a folder with files in it, a path through a file) is refused on Export in the dialog, the reason under the
fields, the dialog open with everything chosen, as Preferences refuses a value (ui/preferences_fields.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.export.audit_check import AuditBreaks
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.errors import UserMessage
from ows_desktop.ui.preferences_fields import add_problem_label, clear_problem, show_problem

FORMATS = {
    QT_TRANSLATE_NOOP("export_dialog", "PDF case report"): "pdf",
    QT_TRANSLATE_NOOP("export_dialog", "CSV"): "csv",
    QT_TRANSLATE_NOOP("export_dialog", "JSON"): "json",
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
        self.folder_edit.textChanged.connect(lambda: clear_problem(self.problem_label, self))
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
        self.problem_label = add_problem_label(self, layout)  # why the folder will not do (plain text)
        self.problem_label.setObjectName("exportProblem")
        layout.addWidget(self.summary)
        layout.addWidget(self.button_box)
        start = preferred if self._counts.get(preferred, 0) > 0 else ""
        start = start or next((k for k, _l, c in choices if c > 0), "")
        if start:
            self.buttons_by_kind[start].setChecked(True)
        self._update()
        fit_title(self, 520)  # the title bar shows the whole title (ui/dialog_title.py)
        # where the person types first (the keys went to a choice and were lost); a proposed folder selected
        self.folder_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.folder_edit.selectAll()

    def kind(self) -> str:
        return next((k for k, b in self.buttons_by_kind.items() if b.isChecked()), "")

    def count(self) -> int:
        return self._counts.get(self.kind(), 0)

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        return Path(text).expanduser() if text else None

    def accept(self) -> None:
        """Export, unless the folder will not do: then the reason under the fields, the focus in the folder
        and the dialog open (the export refused it only after the dialog closed, and everything was lost)."""
        problem = self.folder_problem()
        if problem:
            show_problem(self.problem_label, problem, self.folder_edit)
            return
        super().accept()

    def folder_problem(self) -> str:
        """Why the export would refuse the folder ("" when it will do), as the export checks it."""
        folder = self.folder()
        if folder is None:
            return self.tr("Name a new or an empty folder for the evidence.")
        try:
            if folder.exists() or folder.is_symlink():
                if not folder.is_dir():
                    return self.tr(
                        "{folder} is a file, not a folder. Choose a new or an empty folder."
                    ).format(folder=folder)
                if any(folder.iterdir()):
                    return self.tr(
                        "The folder {folder} is not empty: an evidence folder holds one export only. Choose a "
                        "new or an empty folder."
                    ).format(folder=folder)
                return ""
            above = next((p for p in folder.parents if p.exists()), None)
            if above is not None and not above.is_dir():
                return self.tr("{file} is a file, not a folder: {folder} cannot be made in it.").format(
                    file=above, folder=folder
                )
        except OSError as exc:  # a name too long, no permission to look
            return self.tr("{folder} cannot be used: {reason}").format(
                folder=folder, reason=exc.strerror or type(exc).__name__
            )
        return ""

    def _summary(self, kind: str, count: int) -> str:
        """``3 tickets: selection``: one whole sentence a kind, with its plural forms (the kind's word was
        an English constant put into "%Ln ticket(s): {get}", and French read "1 ticket : selection")."""
        if kind == "selection":
            return self.tr("%Ln ticket(s): selection", "", count)
        if kind == "flagged":
            return self.tr("%Ln ticket(s): flagged", "", count)
        if kind == "case":
            return self.tr("%Ln ticket(s): the case's tickets", "", count)
        return self.tr("%Ln ticket(s): current filter", "", count)

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
        if kind:
            said = self._summary(kind, count)
        elif set(self._counts) == {"case"}:  # a case's export: the case is what has none
            said = self.tr("Nothing to export: the case has no tickets. Add tickets to it first.")
        else:
            said = self.tr("Nothing to export: no ticket is selected, flagged or listed.")
        self.summary.setText(said)
        self.export_button.setEnabled(bool(kind) and count > 0 and self.folder() is not None)


NAMED_TICKETS = 5  # the question names this many tickets, then counts the rest


def broken_trails_text(breaks: AuditBreaks) -> str:
    """``T-1 (2 audit entries: 3, 4), T-9 (1 audit entry: 12) and 2 more``: the tickets whose audit entries
    fail their check."""
    words = counted()
    named = [
        f"{words.audit_entries(len(trail.entries))}: {', '.join(str(i) for i in trail.entries)}"
        for trail in breaks.trails[:NAMED_TICKETS]
    ]
    shown = ", ".join(
        f"{shown_text(trail.ticket_id)} ({entries})"
        for trail, entries in zip(breaks.trails, named, strict=False)
    )
    more = len(breaks.trails) - len(named)
    if more > 0:
        shown += " " + words.more(more)
    return shown


class BrokenAuditQuestion(QMessageBox):
    """Whether to export evidence whose audit entries fail their integrity check, marked as such; Cancel is
    the default (and Escape): nothing is written."""

    def __init__(self, breaks: AuditBreaks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brokenAuditQuestion")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("The audit trail failed its integrity check"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(
            self.tr(
                "The audit trail of %Ln ticket(s) failed its integrity check: {tickets}. These entries were "
                "changed or removed outside OWS Desktop, so the notes and history they hold may not be what "
                "was written.\n\nExport marked: the export says so on the PDF's cover and on each affected "
                "exhibit, in the CSV or JSON and in export.json. Cancel: nothing is exported.",
                "",
                len(breaks.trails),
            ).format(tickets=broken_trails_text(breaks))
        )
        self.export_marked: QAbstractButton = self.addButton(
            self.tr("Export marked"), QMessageBox.ButtonRole.AcceptRole
        )
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(cancel)
        self.setEscapeButton(cancel)
        fit_title(self, 420)


def confirm_export_marked(parent: QWidget, breaks: AuditBreaks) -> bool:
    """Ask before evidence with a failed audit check is exported (:class:`BrokenAuditQuestion`)."""
    box = BrokenAuditQuestion(breaks, parent)
    box.exec()
    return box.clickedButton() is box.export_marked


def marked_warning(result: Any, more: Sequence[str]) -> UserMessage:
    """The banner after an export made despite a failed audit check: which tickets, and ``more`` (what else
    the export lacks)."""
    title = QCoreApplication.translate(
        "export_dialog", "Exported to {folder}, marked: the audit trail failed its integrity check."
    )
    return UserMessage("warning", title.format(folder=result.folder),
                       "\n".join([broken_trails_text(result.audit_breaks), *more]))  # fmt: skip


__all__ = [
    "FORMATS",
    "BrokenAuditQuestion",
    "ExportDialog",
    "broken_trails_text",
    "confirm_export_marked",
    "marked_warning",
]
