""" "Add to case…" where the receipts are: the Ticket menu's action (Ctrl+Shift+C), a button beside the receipt's
tabs, and a right-click on a receipt row (the row clicked joins the selection, as in a file list). The
action's words belong to CaseActions (ui/case_actions.py), which asks what to add where."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ows_desktop.ui.receipts_page import ReceiptsPage


class ReceiptCaseMenu(QMenu):
    """The receipt rows' right-click menu."""

    def __init__(self, receipts: ReceiptsPage, action: QAction) -> None:
        super().__init__(receipts.table)
        self.setObjectName("receiptContextMenu")
        self.addAction(action)
        self._table = receipts.table
        self._table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._table.customContextMenuRequested.connect(self._popup)

    @Slot(QPoint)
    def _popup(self, pos: QPoint) -> None:
        table = self._table
        index = table.indexAt(pos)
        if not index.isValid():
            return
        if not table.selectionModel().isRowSelected(index.row(), index.parent()):
            table.selectRow(index.row())  # right-click on another row: that row is what the menu acts on
        if self.parentWidget() is not table.window():  # the window's, not the table's (ui/case_columns.py)
            self.setParent(table.window(), self.windowFlags())
        self.popup(table.viewport().mapToGlobal(pos))


def add_to_case_action(
    dialog_parent: QWidget, receipts: ReceiptsPage, triggered: Callable[[], None]
) -> tuple[QAction, ReceiptCaseMenu]:
    """The "Add to case…" action (added to ``dialog_parent``), its button and the receipt rows' menu."""
    action = QAction(QCoreApplication.translate("CaseActions", "Add to &case…"), dialog_parent)
    action.setShortcut(QKeySequence("Ctrl+Shift+C"))
    action.setStatusTip(
        QCoreApplication.translate(
            "CaseActions", "Add the selected receipts to an investigation case (or open a new one)"
        )
    )
    action.triggered.connect(triggered)
    dialog_parent.addAction(action)
    button = QToolButton(receipts.receipt)
    button.setObjectName("addToCaseButton")
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    receipts.receipt.setCornerWidget(button, Qt.Corner.TopRightCorner)
    return action, ReceiptCaseMenu(receipts, action)
