"""Names and labels for assistive technology where a dialog's layout alone gives none: a field is reached
through its label (the label's buddy: Alt+letter, and what a screen reader announces with it), and a list,
table, combo box or symbol button carries an explicit accessible name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from ows_desktop.ui.mapping_dialog import MappingPanel


def labelled(label: QLabel, field: QWidget) -> QLabel:
    """``label`` names ``field`` (its buddy); returned for ``layout.addWidget(labelled(...))``."""
    label.setBuddy(field)
    return label


def name_widgets(*pairs: tuple[QWidget, str]) -> None:
    for widget, name in pairs:
        widget.setAccessibleName(name)
        if not widget.accessibleDescription() and widget.toolTip():
            widget.setAccessibleDescription(widget.toolTip())


def name_mapping_panel(panel: MappingPanel) -> None:
    """Terminals and cameras: the searches are named by the labels above them, the lists by what they hold."""
    panel.available_label.setBuddy(panel.available_search)
    panel.selected_label.setBuddy(panel.selected_search)
    name_widgets(
        (panel.terminal_search, QCoreApplication.translate("accessible_names", "Search terminals")),
        (panel.terminal_view, QCoreApplication.translate("accessible_names", "Terminals")),
        (
            panel.available_search,
            QCoreApplication.translate("accessible_names", "Search the cameras not selected"),
        ),
        (panel.available_view, QCoreApplication.translate("accessible_names", "Cameras not selected")),
        (
            panel.selected_search,
            QCoreApplication.translate("accessible_names", "Search the terminal's cameras"),
        ),
        (panel.selected_view, QCoreApplication.translate("accessible_names", "The terminal's cameras")),
        (panel.add_button, QCoreApplication.translate("accessible_names", "Add the chosen cameras")),
        (panel.remove_button, QCoreApplication.translate("accessible_names", "Remove the chosen cameras")),
        (panel.offset, QCoreApplication.translate("accessible_names", "POS clock offset")),
    )
