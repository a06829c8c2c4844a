"""Help ▸ Keyboard shortcuts: every key the window's menus answer to, read from the menus themselves when the
dialog opens, so the list is always what the keys do (a shortcut given to a menu item shows here by itself)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def plain(text: str) -> str:
    """A menu text as read: without its mnemonic marks ("&&" is a literal "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each menu of ``bar`` with the items it has keys for: (menu, [(item, keys as this platform writes them)])."""
    found = []
    for entry in bar.actions():
        menu = entry.menu()
        if menu is None:
            continue
        items = [
            (plain(action.text()), action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            for action in menu.actions()
            if not action.isSeparator() and not action.shortcut().isEmpty()
        ]
        if items:
            found.append((plain(entry.text()), items))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsTree")
        self.tree.setHeaderLabels([self.tr("Menu item"), self.tr("Keys")])
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setRootIsDecorated(False)
        for menu, items in menu_shortcuts(bar):
            group = QTreeWidgetItem(self.tree, [menu])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, keys in items:
                QTreeWidgetItem(group, [text, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(520, 560)
