"""A read-only tree over a JSON value (the "Raw" tab): one row per object field or array element.

Children are built the first time a node is expanded (``rowCount`` / ``index`` on it), so a large ticket
costs nothing until opened. Nodes live in a flat list and indexes carry the node number as internal id
(no Python object pointers inside ``QModelIndex``)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.shown_text import shown_cell

COL_KEY, COL_VALUE = 0, 1
JsonValueRole = Qt.ItemDataRole.UserRole
JsonPathRole = Qt.ItemDataRole.UserRole + 1

_ROOT = 0


class _Node:
    __slots__ = ("children", "key", "parent", "row", "value")

    def __init__(self, key: str, value: Any, parent: int, row: int):
        self.key = key
        self.value = value
        self.parent = parent
        self.row = row
        self.children: list[int] | None = None


def describe(value: Any) -> str:
    """How a value reads in the Value column."""
    if isinstance(value, dict):
        return counted().fields(len(value))
    if isinstance(value, list):
        return counted().items(len(value))
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class JsonTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._nodes: list[_Node] = [_Node("", None, -1, 0)]

    def set_document(self, value: Any) -> None:
        self.beginResetModel()
        self._nodes = [_Node("", value, -1, 0)]
        self.endResetModel()

    def document(self) -> Any:
        return self._nodes[_ROOT].value

    def path(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """``lineItems[2].description`` for an index."""
        parts: list[str] = []
        node_id = index.internalId() if index.isValid() else _ROOT
        while node_id != _ROOT:
            node = self._nodes[node_id]
            parts.append(node.key)
            node_id = node.parent
        text = ""
        for part in reversed(parts):
            text += part if part.startswith("[") or not text else f".{part}"
        return text

    # -- Qt interface ---------------------------------------------------------------------------------

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if column not in (COL_KEY, COL_VALUE) or row < 0:
            return QModelIndex()
        parent_id = parent.internalId() if parent.isValid() else _ROOT
        if parent.isValid() and parent.column() != COL_KEY:
            return QModelIndex()
        children = self._children(parent_id)
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._nodes[index.internalId()]
        if node.parent == _ROOT or node.parent < 0:
            return QModelIndex()
        parent = self._nodes[node.parent]
        return self.createIndex(parent.row, COL_KEY, node.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != COL_KEY:
            return 0
        node_id = parent.internalId() if parent.isValid() else _ROOT
        value = self._nodes[node_id].value
        if isinstance(value, dict | list):
            return len(value)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not isinstance(self._nodes[index.internalId()].value, dict | list):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section in (0, 1)
        ):
            return (self.tr("Field"), self.tr("Value"))[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return shown_cell(self._data(index, role), role)  # server text: bidi controls marked

    def _data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if role == Qt.ItemDataRole.DisplayRole:
            return node.key if index.column() == COL_KEY else describe(node.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_VALUE and not isinstance(node.value, dict | list):
                return describe(node.value)
            return self.path(index)
        if role == JsonValueRole:
            return node.value
        if role == JsonPathRole:
            return self.path(index)
        return None

    # -- internals ------------------------------------------------------------------------------------

    def _children(self, node_id: int) -> list[int]:
        node = self._nodes[node_id]
        if node.children is None:
            value = node.value
            if isinstance(value, dict):
                items = [(str(k), v) for k, v in value.items()]
            elif isinstance(value, list):
                items = [(f"[{i}]", v) for i, v in enumerate(value)]
            else:
                items = []
            first = len(self._nodes)
            self._nodes.extend(_Node(k, v, node_id, row) for row, (k, v) in enumerate(items))
            node.children = list(range(first, first + len(items)))
        return node.children
