"""Help ▸ Open log folder said nothing where no file manager opens folders, though error messages send the
person there; the box now names the folder, and About says where the log files are."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ows_desktop.ui import help_dialogs

pytestmark = OFFSCREEN_NOISE


def test_a_log_folder_no_file_manager_opens_is_named(qtbot, tmp_path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or False)
    parent = QWidget()
    qtbot.addWidget(parent)
    help_dialogs.open_log_folder(parent, tmp_path / "logs")
    assert opened == [str(tmp_path / "logs")]  # asked first
    box = parent.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert box.text() == f"No file manager opened the log folder. The log files are in:\n{tmp_path / 'logs'}"

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    other = QWidget()
    qtbot.addWidget(other)
    said = help_dialogs.open_log_folder(other, tmp_path / "logs")
    assert other.findChild(QMessageBox) is None  # the file manager shows it, and the status bar names it
    assert said == f"Opening the log folder: {tmp_path / 'logs'}"  # (xdg-open says yes even when none does)


def test_about_says_where_the_log_files_are(qtbot, tmp_path, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.append(text))
    help_dialogs.about(QWidget(), tmp_path / "logs")
    assert said and said[0].endswith(f"<br><br>Log files: {tmp_path / 'logs'}")
