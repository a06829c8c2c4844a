"""Which cameras are chosen in the mapping panel's lists: read and set the chosen rows of a list view by
camera id, the one camera an Edit/Delete applies to, and the lists' search boxes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget

from ows_desktop.store.cameras import MAX_CAMERAS_PER_TERMINAL, Camera

_LIMIT = QT_TRANSLATE_NOOP(
    "mapping_dialog", "At most {most} cameras can be mapped to a terminal: remove one before adding another."
)
LIMIT_MESSAGE = _LIMIT.format(most=MAX_CAMERAS_PER_TERMINAL)  # in English; the panel shows limit_message()


def limit_message() -> str:
    return QCoreApplication.translate("mapping_dialog", _LIMIT).format(most=MAX_CAMERAS_PER_TERMINAL)


def search_box(parent: QWidget, name: str, placeholder: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setObjectName(name)
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


def chosen_ids(view: QAbstractItemView, model: Any) -> list[str]:
    """The ids of the cameras chosen in ``view`` (``model`` has ``camera(row)``), in row order."""
    rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    return [c.id for c in (model.camera(r) for r in rows) if c is not None]


def choose_ids(view: QAbstractItemView, ids: list[str], wanted: tuple[str, ...]) -> None:
    """Choose exactly the rows of ``view`` whose camera id (``ids`` in row order) is ``wanted``."""
    selection = view.selectionModel()
    selection.clearSelection()
    model = view.model()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row, camera_id in enumerate(ids):
        if camera_id in wanted:
            selection.select(model.index(row, 0), flags)


def chosen_camera(*lists: tuple[QAbstractItemView, Any]) -> Camera | None:
    """The one camera chosen in the first (view, model) that has the focus or a selection, else None."""
    for view, model in lists:
        if view.hasFocus() or view.selectionModel().hasSelection():
            rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
            if len(rows) == 1:
                return model.camera(rows[0])
    return None
