"""How many rows are selected, counted from the selection's ranges: F and the pane's "2 receipts selected"
asked selectedRows(), which builds an index a row (1.8 s for 130,000 rows after Ctrl+A)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QStandardItemModel

from ows_desktop.ui.chosen_row import selected_rows_count

ROWS = QItemSelectionModel.SelectionFlag.Rows


def test_overlapping_and_split_ranges_count_each_row_once(qapp) -> None:
    model = QStandardItemModel(100, 3)
    selection = QItemSelectionModel(model)
    select = QItemSelectionModel.SelectionFlag.Select | ROWS
    selection.select(model.index(2, 0), select)
    selection.select(model.index(3, 0), select)
    selection.select(QItemSelection(model.index(1, 0), model.index(10, 2)), select)  # over the two
    selection.select(model.index(50, 1), select)
    assert selected_rows_count(selection) == len(selection.selectedRows()) == 11
    deselect = QItemSelectionModel.SelectionFlag.Deselect | ROWS
    selection.select(QItemSelection(model.index(5, 0), model.index(7, 2)), deselect)  # a hole in the middle
    assert selected_rows_count(selection) == len(selection.selectedRows()) == 8
    selection.clear()
    assert selected_rows_count(selection) == 0
