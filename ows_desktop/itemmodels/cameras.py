"""Item models of the mapping panel: terminals, the "Not selected" cameras and the "Selected" cameras.

Each list is small (a store's cameras, a chain's terminals), so each model holds its rows and filters them
itself on a search text (case-insensitive, on name, id and URL); nothing here talks to the store. The
"Selected" model shows a Primary check box; checking one asks for it through :attr:`primaryRequested`
(the panel changes the store, then reloads the model) — unchecking the primary is refused with
:attr:`ruleViolated`, because a terminal always has exactly one primary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ows_desktop.itemmodels.shown_text import shown_cell
from ows_desktop.store.cameras import Camera, TerminalSummary

CameraIdRole = Qt.ItemDataRole.UserRole + 1
PrimaryRole = Qt.ItemDataRole.UserRole + 2
LocationRole = Qt.ItemDataRole.UserRole + 3
TerminalRole = Qt.ItemDataRole.UserRole + 4
CountRole = Qt.ItemDataRole.UserRole + 5

_Index = QModelIndex | QPersistentModelIndex


def _matches(camera: Camera, needle: str) -> bool:
    return not needle or any(
        needle in text.casefold() for text in (camera.name, camera.id, camera.display_url)
    )


class _SelectableListModel(QAbstractListModel):
    """A flat list of ``self._rows``, each selectable: what the camera and terminal lists share."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._all: list[Any] = []  # everything, in display order
        self._rows: list[Any] = []  # what the search box lets through
        self._filter = ""

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class CameraListModel(_SelectableListModel):
    """The "Not selected" list: cameras by name."""

    def set_cameras(self, cameras: Sequence[Camera]) -> None:
        self.beginResetModel()
        self._all = sorted(cameras, key=lambda c: (c.name.casefold(), c.id))
        self._rows = [c for c in self._all if _matches(c, self._filter)]
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self.set_cameras(self._all)

    def camera(self, row: int) -> Camera | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def camera_ids(self) -> list[str]:
        return [c.id for c in self._rows]

    def total(self) -> int:
        return len(self._all)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return shown_cell(self._data(index, role), role)  # names typed or read from a file

    def _data(self, index: _Index, role: int) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        camera = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return camera.name
        if role == Qt.ItemDataRole.ToolTipRole:
            # names and URLs come from a mapping file: plain text, shown literally (ui/plain_tips.py)
            return self.tr("{name}\n{display_url}\nid {id}").format(
                name=camera.name, display_url=camera.display_url, id=camera.id
            )
        if role == CameraIdRole:
            return camera.id
        return None


class SelectedCamerasModel(QAbstractTableModel):
    """The "Selected" list of one terminal, in its stored order: name, and a Primary check box."""

    COL_NAME, COL_PRIMARY = 0, 1
    HEADERS = (
        QT_TRANSLATE_NOOP("SelectedCamerasModel", "Camera"),
        QT_TRANSLATE_NOOP("SelectedCamerasModel", "Primary"),
    )
    primaryRequested = Signal(str)  # camera id
    ruleViolated = Signal(str)  # message

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._all: list[Camera] = []
        self._rows: list[Camera] = []
        self._primary: str | None = None
        self._filter = ""

    def set_selection(self, cameras: Sequence[Camera], primary: str | None) -> None:
        self.beginResetModel()
        self._all = list(cameras)
        self._primary = primary
        self._rows = [c for c in self._all if _matches(c, self._filter)]
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self.set_selection(self._all, self._primary)

    def camera(self, row: int) -> Camera | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def camera_ids(self) -> list[str]:
        return [c.id for c in self._rows]

    def total(self) -> int:
        return len(self._all)

    @property
    def primary(self) -> str | None:
        return self._primary

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if horizontal and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == self.COL_PRIMARY:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return shown_cell(self._data(index, role), role)  # names typed or read from a file

    def _data(self, index: _Index, role: int) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        camera = self._rows[index.row()]
        is_primary = camera.id == self._primary
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column == self.COL_NAME:
            return camera.name
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COL_PRIMARY:
            return Qt.CheckState.Checked if is_primary else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_PRIMARY:
                return (
                    self.tr("The primary camera plays first when a receipt is shown")
                    if is_primary
                    else (self.tr("Check to make this the terminal's primary camera"))
                )
            return self.tr("{name}\n{display_url}\nid {id}").format(
                name=camera.name, display_url=camera.display_url, id=camera.id
            )
        if role == CameraIdRole:
            return camera.id
        if role == PrimaryRole:
            return is_primary
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != self.COL_PRIMARY
            or role != Qt.ItemDataRole.CheckStateRole
        ):
            return False
        camera = self.camera(index.row())
        if camera is None:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        if camera.id == self._primary:
            if not checked:
                self.ruleViolated.emit(
                    self.tr(
                        "A terminal always has one primary camera: check another camera to make it the primary."
                    )
                )
            return False
        if checked:
            self.primaryRequested.emit(camera.id)
        return False  # the panel changes the store and reloads this model


class TerminalListModel(_SelectableListModel):
    """Terminals from synced tickets and from the mapping, with how many cameras each has."""

    def set_terminals(self, terminals: Sequence[TerminalSummary]) -> None:
        self.beginResetModel()
        self._all = list(terminals)
        needle = self._filter
        self._rows = [
            t
            for t in self._all
            if not needle or needle in t.terminal.casefold() or needle in t.location.casefold()
        ]
        self.endResetModel()

    def update_terminal(self, summary: TerminalSummary) -> None:
        """Refresh one row in place (after its mapping changed)."""
        for i, t in enumerate(self._all):
            if (t.location, t.terminal) == (summary.location, summary.terminal):
                self._all[i] = summary
        for row, t in enumerate(self._rows):
            if (t.location, t.terminal) == (summary.location, summary.terminal):
                self._rows[row] = summary
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self.set_terminals(self._all)

    def terminal(self, row: int) -> TerminalSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, location: str, terminal: str) -> int:
        for row, t in enumerate(self._rows):
            if (t.location, t.terminal) == (location, terminal):
                return row
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return shown_cell(self._data(index, role), role)  # names typed or read from a file

    def _data(self, index: _Index, role: int) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        t = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            where = f"{t.terminal} · {t.location}" if t.location else t.terminal
            count = (
                self.tr("no camera") if not t.camera_count else self.tr("%Ln camera(s)", "", t.camera_count)
            )
            return f"{where}  ({count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                self.tr("Terminal {terminal}").format(terminal=t.terminal)
                + (self.tr(" at location {location}").format(location=t.location) if t.location else "")
            ]
            if t.primary_name:
                lines.append(self.tr("Primary camera: {name}").format(name=t.primary_name))
            if not t.seen_in_tickets:
                lines.append(self.tr("Not seen in synced tickets yet"))
            return "\n".join(lines)
        if role == LocationRole:
            return t.location
        if role == TerminalRole:
            return t.terminal
        if role == CountRole:
            return t.camera_count
        return None
