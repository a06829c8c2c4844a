"""A read-only table of a few hundred records at most (users, cases): the rows, the headers, selection
flags; a subclass says what each cell shows (:meth:`RecordTable.cell`). Larger tables (tickets) page lazily
from the store instead."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ows_desktop.itemmodels.shown_text import shown_cell

Record = TypeVar("Record")


class RecordTable(QAbstractTableModel, Generic[Record]):
    headers: tuple[str, ...] = ()  # marked with QT_TRANSLATE_NOOP(header_context, ...)
    header_context = ""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._records: list[Record] = []

    def set_records(self, records: Sequence[Record]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Record | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def cell(self, record: Record, column: int, role: int) -> Any:
        """What ``role`` shows for ``record`` in ``column`` (None: nothing)."""
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return QCoreApplication.translate(self.header_context, self.headers[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        return shown_cell(self.cell(self._records[index.row()], index.column(), role), role)
