"""The mapping panel (ui/mapping_dialog.py) in a window of its own: Management → Point of Sale, or "Map a
camera" in the video pane."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ows_desktop.store.cameras import CameraRepository
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.mapping_dialog import MappingPanel


class MappingDialog(QDialog):
    """The mapping panel in a window (Management → Point of Sale, or "Map a camera" in the video pane)."""

    def __init__(self, repository: CameraRepository, ops: StoreOps, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mappingDialog")
        self.setWindowTitle(self.tr("Terminals and cameras"))
        self.panel = MappingPanel(repository, ops, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(980, 560)

    def open_for(self, location: str | None, terminal: str | None) -> None:
        """Show the dialog with ``terminal`` chosen (non-modal; ``finished`` tells when it closes)."""
        self.panel.reload()
        if terminal:
            self.panel.select_terminal(location or "", terminal)
        self.open()
