"""Moving a ticket table's current row: :func:`select_current`, and a move (J, End) that waits for rows still
being read, made when they land (:class:`PendingMove`).

The Receipts table reads its next page inside the key press (itemmodels/tickets.py): J at its last loaded row
moves to the next one at once, End to the last. A case's tickets are read in jobs instead
(itemmodels/case_ticket_model.py): J or End at the last loaded row asked for the next page and stayed where
it was, and the rows that came did not move it — the person pressed J and nothing happened. The table
(ui/ticket_table.py) now hands such a move to :class:`PendingMove`, which makes it when the rows land, as the
Receipts table would have at the press: once, and only while the current row is still the one the move
started from (a person who moved meanwhile, or chose another case or order, keeps her place).

Signals:
    due(QModelIndex, bool): the rows a move waited for landed: the index to make the current, selected row
        (in view), and whether the move was End (True: the table says when there is still more to read).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QTableView

SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


def select_current(table: QTableView, index: QModelIndex, *, scroll: bool) -> None:
    """Make ``index``'s row the current, selected one; ``scroll``: into view, else the rows in view stay where
    they are — also the view's own scroll to a new current row is held back (while a listing is shown it used the
    scroll bar's old range, and at the range's end the view read a page more)."""
    auto = table.hasAutoScroll()
    table.setAutoScroll(False)
    try:
        table.selectionModel().setCurrentIndex(index, SELECT_ROW)
    finally:
        table.setAutoScroll(auto)
    if scroll:
        table.scrollTo(index)


class PendingMove(QObject):
    """The move of ``table`` (showing ``model``) waiting for rows, if any."""

    due = Signal(QModelIndex, bool)

    def __init__(self, table: QTableView, model: QAbstractItemModel) -> None:
        super().__init__(table)
        self._table, self._model = table, model
        self._start: QPersistentModelIndex | None = None  # the row the move starts from (None: no move)
        self._step: int | None = None  # rows down from there; None: to the last row (End)
        model.rowsInserted.connect(self._landed)
        model.modelReset.connect(self.drop)  # another case, another order: nothing to move through
        table.selectionModel().currentRowChanged.connect(self._moved)

    @property
    def waiting(self) -> bool:
        """A move waits for its rows."""
        return self._start is not None

    def wait(self, start: QModelIndex, step: int | None) -> None:
        """Move ``step`` rows down from ``start`` (None: to the last row) once the rows asked for land; J
        pressed again meanwhile adds its step."""
        if self._start is not None and self._start == start and None not in (step, self._step):
            step = (step or 0) + (self._step or 0)
        self._start, self._step = QPersistentModelIndex(start), step

    @Slot()
    def drop(self) -> None:
        self._start = None

    @Slot(QModelIndex, QModelIndex)
    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The person moved elsewhere (K, a click, another case): the move waiting is dropped."""
        if self._start is not None and current.row() != self._start.row():
            self.drop()

    @Slot(QModelIndex, int, int)
    def _landed(self, parent: QModelIndex, _first: int, _last: int) -> None:
        start, model = self._start, self._model
        if start is None or parent.isValid():
            return
        current = self._table.currentIndex()
        if not start.isValid() or current.row() != start.row():  # its row gone, or the person moved
            self.drop()
            return
        count, end = model.rowCount(), self._step is None
        row = count - 1 if end else start.row() + (self._step or 0)
        if (row >= count or (end and row == start.row())) and model.canFetchMore(QModelIndex()):
            return  # other rows landed (above): those asked for are still to come
        self.drop()
        self.due.emit(model.index(min(row, count - 1), max(0, current.column())), end)


__all__ = ["SELECT_ROW", "PendingMove", "select_current"]
