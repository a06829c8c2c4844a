"""Help ▸ Open log folder and Help ▸ About: both say where the log files are. Error messages send the person
to the log folder; where no file manager opens it (a bare workstation), the folder's path is said instead of
nothing happening."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ows_desktop import __version__


def open_log_folder(parent: QWidget, log_dir: Path | None) -> str:
    """Open the log folder in the file manager; where it cannot be opened, a box names it (text selectable).
    Returns what the status bar says: the folder, as opened (xdg-open reports success when it starts, even
    where no file manager then shows a folder)."""
    if log_dir is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir))):
        return QCoreApplication.translate("HelpDialogs", "Opening the log folder: {folder}").format(
            folder=str(log_dir)
        )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("HelpDialogs", "Log folder"),
        "",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is shown as it is
    if log_dir is None:
        box.setText(
            QCoreApplication.translate(
                "HelpDialogs", "This session writes no log file (it logs to the terminal only)."
            )
        )
    else:
        text = QCoreApplication.translate(
            "HelpDialogs", "No file manager opened the log folder. The log files are in:\n{folder}"
        )
        box.setText(text.format(folder=str(log_dir)))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return ""


def about(parent: QWidget, log_dir: Path | None) -> None:
    logs = (
        QCoreApplication.translate("HelpDialogs", "Log files: {folder}").format(folder=str(log_dir))
        if log_dir is not None
        else ""
    )
    QMessageBox.about(
        parent,
        QCoreApplication.translate("HelpDialogs", "About OWS Desktop"),
        f"<b>OWS Desktop {__version__}</b><br>"
        + html.escape(
            QCoreApplication.translate(
                "HelpDialogs",
                "Loss-prevention review workstation for OpenEye Web Services point-of-sale tickets.",
            )
        )
        + (f"<br><br>{html.escape(logs)}" if logs else ""),
    )
