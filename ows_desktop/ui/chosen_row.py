"""The receipt a ticket list's page shows follows the selection, not only the current row.

In an extended selection Ctrl+click (or Ctrl+Space) takes the current row off the selection and leaves it
current: the receipt beside went on showing that ticket while "Add to case…" and Shift+F acted on the rows
still selected, which no longer held it. :class:`ChosenRow` says when the current row leaves the selection
(the page then shows how many rows stay selected instead of a receipt) and when it comes back (the page shows
its receipt again) — a change of the current row itself stays the page's ``currentRowChanged``."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QTableView


class ChosenRow(QObject):
    left = Signal(int)  # the current row was taken off the selection; how many rows stay selected
    back = Signal(QModelIndex)  # that row, still current, is selected again

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._away = QPersistentModelIndex()  # the current row while it is off the selection
        selection = table.selectionModel()
        selection.selectionChanged.connect(self._on_selection)
        selection.currentRowChanged.connect(self._on_current)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._away = QPersistentModelIndex()  # a new current row: the page shows it

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, deselected: QItemSelection) -> None:
        current = self._table.currentIndex()
        if not current.isValid():
            return
        row, selection = current.row(), self._table.selectionModel()
        if selection.isRowSelected(row, QModelIndex()):
            if self._away.isValid() and self._away.row() == row:
                self._away = QPersistentModelIndex()
                self.back.emit(current)
        elif any(r.top() <= row <= r.bottom() for r in deselected):
            self._away = QPersistentModelIndex(current)
            self.left.emit(selected_rows_count(selection))


def selected_rows_count(selection: QItemSelectionModel) -> int:
    """How many rows are selected, from the selection's ranges (selectedRows() builds an index a row: 1.8 s
    for 130,000 rows after Ctrl+A)."""
    count, reach = 0, -1  # ranges may overlap (a row selected twice counts once): merged in order of top
    for top, bottom in sorted((r.top(), r.bottom()) for r in selection.selection()):
        if bottom > reach:
            count += bottom - max(top, reach + 1) + 1
            reach = bottom
    return count
