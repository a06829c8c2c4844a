"""The mapping panel: pick a terminal, then move cameras between "Not selected" and "Selected".

Like the OWS Point of Sale page: each list has a search box, + moves the chosen "Not selected" cameras to
"Selected" (double-click too), − moves them back, at most 4 are selected, and the Primary check box marks
the terminal's primary camera (the first camera added becomes primary; removing the primary promotes the
next). Every change goes to the store at once, written off the GUI thread (it enforces the same rules and says why
when it refuses; a change that cannot reach the team store's server is said not saved, and the window's banner
names it: ui/store_away.py); the panel disables what the rules forbid and explains it in its message line. Cameras are created, edited and
deleted here too (:class:`~ows_desktop.ui.camera_edit_dialog.CameraEditDialog`; a password goes to the keyring
through the repository). The per-terminal clock offset
corrects a POS clock that drifts from the recorder's."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.cameras import CameraListModel, SelectedCamerasModel, TerminalListModel
from ows_desktop.store.cameras import (
    MAX_CAMERAS_PER_TERMINAL,
    MAX_CLOCK_OFFSET_SECONDS,
    Camera,
    CameraRepository,
    TerminalMapping,
    terminal_label,
)
from ows_desktop.tasks.store_ops import NotSaved, StoreOps
from ows_desktop.ui.accessible_names import labelled, name_mapping_panel
from ows_desktop.ui.camera_choice import LIMIT_MESSAGE as LIMIT_MESSAGE
from ows_desktop.ui.camera_choice import choose_ids, chosen_camera, chosen_ids, limit_message, search_box
from ows_desktop.ui.camera_edit_dialog import CameraEditDialog, confirm_delete_camera
from ows_desktop.ui.store_away import not_saved_line

log = logging.getLogger(__name__)


class MappingPanel(QWidget):
    mappingChanged = Signal(str, str)  # location, terminal
    camerasChanged = Signal()

    def __init__(self, repository: CameraRepository, ops: StoreOps, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mappingPanel")
        self._repo = repository
        self._ops = ops  # every change is written off the GUI thread; the lists show it when it landed
        self._location: str | None = None
        self._terminal: str | None = None
        self._mapping: TerminalMapping | None = None

        # terminals
        self.terminal_search = search_box(self, "terminalSearch", self.tr("Search terminals"))
        self.terminals = TerminalListModel(self)
        self.terminal_view = QListView(self)
        self.terminal_view.setObjectName("terminalList")
        self.terminal_view.setModel(self.terminals)
        self.terminal_view.setUniformItemSizes(True)
        self.terminal_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.terminal_view.selectionModel().currentChanged.connect(self._on_terminal)
        self.terminal_search.textChanged.connect(self._filter_terminals)
        left = QVBoxLayout()
        left.addWidget(labelled(QLabel(self.tr("Terminals"), self), self.terminal_search))
        left.addWidget(self.terminal_search)
        left.addWidget(self.terminal_view, 1)

        # the two lists
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.title.setObjectName("mappingTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.available_search = search_box(self, "notSelectedSearch", self.tr("Search"))
        self.available = CameraListModel(self)
        self.available_view = QListView(self)
        self.available_view.setObjectName("notSelectedList")
        self.available_view.setModel(self.available)
        self.available_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.available_view.doubleClicked.connect(self._on_available_double_click)
        self.available_search.textChanged.connect(self.available.set_filter)

        self.selected_search = search_box(self, "selectedSearch", self.tr("Search"))
        self.selected = SelectedCamerasModel(self)
        self.selected_view = QTableView(self)
        self.selected_view.setObjectName("selectedList")
        self.selected_view.setModel(self.selected)
        self.selected_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.selected_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.selected_view.verticalHeader().setVisible(False)
        self.selected_view.setShowGrid(False)
        header = self.selected_view.horizontalHeader()
        header.setSectionResizeMode(SelectedCamerasModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SelectedCamerasModel.COL_PRIMARY, QHeaderView.ResizeMode.ResizeToContents)
        self.selected_view.doubleClicked.connect(self._on_selected_double_click)
        self.selected_search.textChanged.connect(self.selected.set_filter)
        self.selected.primaryRequested.connect(self.set_primary)
        self.selected.ruleViolated.connect(self._show_rule)

        self.add_button = QPushButton("+", self)
        self.add_button.setObjectName("addCameraButton")
        self.add_button.setToolTip(self.tr("Add the chosen cameras to the terminal"))
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button = QPushButton("−", self)
        self.remove_button.setObjectName("removeCameraButton")
        self.remove_button.setToolTip(self.tr("Remove the chosen cameras from the terminal"))
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.remove_button):
            button.setFixedWidth(40)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.add_button)
        middle.addWidget(self.remove_button)
        middle.addStretch(1)

        self.available_label = QLabel(self.tr("Not selected"), self)
        self.available_label.setTextFormat(Qt.TextFormat.PlainText)
        self.selected_label = QLabel(self)
        self.selected_label.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.selected_label.setObjectName("selectedCount")
        col_a = QVBoxLayout()
        col_a.addWidget(self.available_label)
        col_a.addWidget(self.available_search)
        col_a.addWidget(self.available_view, 1)
        col_b = QVBoxLayout()
        col_b.addWidget(self.selected_label)
        col_b.addWidget(self.selected_search)
        col_b.addWidget(self.selected_view, 1)
        lists = QHBoxLayout()
        lists.addLayout(col_a, 1)
        lists.addLayout(middle)
        lists.addLayout(col_b, 1)

        self.offset = QDoubleSpinBox(self, objectName="clockOffset", decimals=1, singleStep=0.5, suffix=" s")
        self.offset.setRange(-MAX_CLOCK_OFFSET_SECONDS, MAX_CLOCK_OFFSET_SECONDS)
        self.offset.setKeyboardTracking(False)
        self.offset.setToolTip(
            self.tr(
                "Seconds to add to the register's clock to get the recorder's clock\n(positive when the POS clock is behind the recorder)"
            )
        )
        self.offset.valueChanged.connect(self._on_offset)
        offset_row = QHBoxLayout()
        offset_row.addWidget(labelled(QLabel(self.tr("POS clock offset"), self), self.offset))
        offset_row.addWidget(self.offset)
        offset_row.addStretch(1)
        name_mapping_panel(self)

        self.new_camera_button = QPushButton(self.tr("New camera…"), self)
        self.new_camera_button.setObjectName("newCameraButton")
        self.new_camera_button.clicked.connect(lambda: self.edit_camera(None))
        self.edit_camera_button = QPushButton(self.tr("Edit camera…"), self)
        self.edit_camera_button.setObjectName("editCameraButton")
        self.edit_camera_button.clicked.connect(lambda: self.edit_camera(self._chosen_camera()))
        self.delete_camera_button = QPushButton(self.tr("Delete camera"), self)
        self.delete_camera_button.setObjectName("deleteCameraButton")
        self.delete_camera_button.clicked.connect(self._delete_chosen_camera)
        cameras_row = QHBoxLayout()
        cameras_row.addWidget(self.new_camera_button)
        cameras_row.addWidget(self.edit_camera_button)
        cameras_row.addWidget(self.delete_camera_button)
        cameras_row.addStretch(1)

        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.message.setObjectName("mappingMessage")
        self.message.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addLayout(lists, 1)
        right.addLayout(offset_row)
        right.addLayout(cameras_row)
        right.addWidget(self.message)
        self.mapping_box = QGroupBox(self)
        self.mapping_box.setLayout(right)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.mapping_box, 3)

        for view in (self.available_view, self.selected_view):
            view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    # -- public --------------------------------------------------------------------------------------------

    @property
    def current_terminal(self) -> tuple[str, str] | None:
        if self._terminal is None:
            return None
        return self._location or "", self._terminal

    def message_text(self) -> str:
        return self.message.text()

    @Slot()
    def reload(self) -> None:
        """Read terminals and cameras again (keeps the chosen terminal)."""
        self.terminals.set_terminals(self._repo.terminals())
        self._show_terminal()

    def select_terminal(self, location: str, terminal: str) -> bool:
        """Choose a terminal (also one not seen in tickets and not mapped yet: it is listed from now on)."""
        row = self.terminals.row_of(location, terminal)
        if row < 0 and self.terminal_search.text():
            self.terminal_search.clear()
            row = self.terminals.row_of(location, terminal)
        self._location, self._terminal = location, terminal
        if row >= 0:
            self.terminal_view.setCurrentIndex(self.terminals.index(row, 0))
        self._show_terminal()
        return row >= 0

    def choose_available(self, *camera_ids: str) -> None:
        """Select these rows of "Not selected" (what a user's clicks do)."""
        choose_ids(self.available_view, self.available.camera_ids(), camera_ids)

    def choose_selected(self, *camera_ids: str) -> None:
        choose_ids(self.selected_view, self.selected.camera_ids(), camera_ids)

    @Slot()
    def add_selected(self) -> None:
        """+ : move the chosen "Not selected" cameras to "Selected" (rules checked first, store enforces)."""
        if self._terminal is None:
            return
        ids = chosen_ids(self.available_view, self.available)
        if not ids:
            self._show_rule(self.tr("Choose a camera in the Not selected list first."))
            return
        room = MAX_CAMERAS_PER_TERMINAL - self.selected.total()
        if room <= 0 or len(ids) > room:
            self._show_rule(limit_message())
            return
        repo, location, terminal = self._repo, self._location or "", self._terminal

        def add_all() -> TerminalMapping:  # in the store's worker: stops at the first refusal
            return [repo.add_to_terminal(location, terminal, cid) for cid in ids][-1]

        self._apply(add_all, f"add:{sorted(ids)}", clear_rule=True)

    @Slot()
    def remove_selected(self) -> None:
        """− : move the chosen "Selected" cameras back (removing the primary promotes the next camera)."""
        if self._terminal is None:
            return
        ids = chosen_ids(self.selected_view, self.selected)
        if not ids:
            self._show_rule(self.tr("Choose a camera in the Selected list first."))
            return
        repo, location, terminal = self._repo, self._location or "", self._terminal

        def remove_all() -> TerminalMapping:  # in the store's worker: stops at the first refusal
            return [repo.remove_from_terminal(location, terminal, cid) for cid in ids][-1]

        self._apply(remove_all, f"remove:{sorted(ids)}", clear_rule=True)

    @Slot(str)
    def set_primary(self, camera_id: str) -> None:
        if self._terminal is not None:
            repo, location, terminal = self._repo, self._location or "", self._terminal
            self._apply(lambda: repo.set_primary(location, terminal, camera_id), "primary", clear_rule=True)

    def edit_camera(self, camera: Camera | None) -> CameraEditDialog:
        """Open the camera editor (non-modal in tests: the caller may accept it programmatically)."""
        dialog = CameraEditDialog(self._repo, self._ops, camera, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self._on_camera_saved)
        dialog.open()
        return dialog

    def delete_camera(self, camera_id: str, name: str = "") -> None:
        """Delete the camera (off the GUI thread; ``name``: for the banner); the lists show it once it landed."""
        repo = self._repo
        self._ops.run(
            lambda: repo.delete_camera(camera_id),
            owner=self,
            succeeded=lambda _result: self._on_camera_saved(),
            failed=self._show_rule,
            what=self.tr("deleting the camera “{name}”").format(name=name or camera_id),
            about=f"camera-delete:{camera_id}",  # another camera's deletion landing is not this one
            unreached=self._on_refused,
        )

    # -- internals -------------------------------------------------------------------------------------

    def _filter_terminals(self, text: str) -> None:
        self.terminals.set_filter(text)
        if self._terminal is not None:
            row = self.terminals.row_of(self._location or "", self._terminal)
            if row >= 0:
                self.terminal_view.setCurrentIndex(self.terminals.index(row, 0))

    def _on_terminal(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.terminals.terminal(current.row()) if current.isValid() else None
        if summary is None:
            return
        if (summary.location, summary.terminal) != (self._location, self._terminal):
            self._location, self._terminal = summary.location, summary.terminal
            self._show_rule("")
            self._show_terminal()

    def _show_terminal(self) -> None:
        if self._terminal is None and self.terminals.rowCount() > 0:
            first = self.terminals.terminal(0)
            if first is not None:
                self._location, self._terminal = first.location, first.terminal
                self.terminal_view.setCurrentIndex(self.terminals.index(0, 0))
        enabled = self._terminal is not None
        self.mapping_box.setEnabled(enabled)
        if not enabled:
            self.title.setText(self.tr("No terminal yet: sync tickets, or import a mapping file."))
            self._mapping = None
            self.available.set_cameras(self._repo.cameras())
            self.selected.set_selection([], None)
            self._update_buttons()
            return
        location, terminal = self._location or "", self._terminal or ""
        self._mapping = self._repo.mapping(location, terminal)
        self.title.setText(
            terminal_label(location, terminal)[:1].upper() + terminal_label(location, terminal)[1:]
        )
        chosen = set(self._mapping.camera_ids)
        self.available.set_cameras([c for c in self._repo.cameras() if c.id not in chosen])
        self.selected.set_selection(self._mapping.cameras, self._mapping.primary_id)
        self.offset.blockSignals(True)
        self.offset.setValue(self._mapping.clock_offset_seconds)
        self.offset.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        count = self.selected.total()
        text = self.tr("Selected ({count} of {most})")
        self.selected_label.setText(text.format(count=count, most=MAX_CAMERAS_PER_TERMINAL))
        full = count >= MAX_CAMERAS_PER_TERMINAL
        has_available = bool(self.available_view.selectionModel().selectedRows())
        self.add_button.setEnabled(self._terminal is not None and not full and has_available)
        self.add_button.setToolTip(
            limit_message() if full else self.tr("Add the chosen cameras to the terminal")
        )
        self.remove_button.setEnabled(bool(self.selected_view.selectionModel().selectedRows()))
        chosen = self._chosen_camera()
        self.edit_camera_button.setEnabled(chosen is not None)
        self.delete_camera_button.setEnabled(chosen is not None)

    def _apply(self, change: Callable[[], TerminalMapping], kind: str, *, clear_rule: bool = False) -> None:
        """Write a mapping change off the GUI thread; when it landed the lists show the store's answer
        (and a refusal says why: the store enforces the same rules as the buttons). ``kind``: "add" or
        "remove" and the cameras' ids, "primary" or "offset": with the terminal, which change (the banner's)."""
        location, terminal = self._location or "", self._terminal or ""
        what = {
            "add": self.tr("the cameras added to {terminal}"),
            "remove": self.tr("the cameras removed from {terminal}"),
            "primary": self.tr("the main camera of {terminal}"),
            "offset": self.tr("the clock offset of {terminal}"),
        }[kind.split(":")[0]].format(terminal=terminal_label(location, terminal))
        self._ops.run(
            change,
            owner=self,
            succeeded=lambda mapping: self._on_changed(mapping, clear_rule),
            failed=self._on_refused,
            what=what,
            about=f"mapping:{location}/{terminal}:{kind}",
            unreached=self._on_refused,
        )

    def _on_changed(self, mapping: TerminalMapping, clear_rule: bool) -> None:
        buttons = (self.add_button, self.remove_button)  # greyed after: the focus went on to the clock offset
        pressed = self.focusWidget() in buttons  # (one ↑ there shifted the video): the mapped cameras instead
        self._show_terminal()  # re-reads the terminal on show (the change was for it, or the user moved on)
        if pressed and self.focusWidget() not in buttons:
            self.selected_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.terminals.set_terminals(self._repo.terminals())
        self._reselect_terminal()
        self.mappingChanged.emit(mapping.location, mapping.terminal)
        if clear_rule:
            self._show_rule("")

    def _on_refused(self, message: str | NotSaved) -> None:
        """A refusal: said, and the terminal read again. Not saved (the server away): said, nothing read (the
        lists show what was read, the clock offset too)."""
        if isinstance(message, NotSaved):
            self._show_rule(not_saved_line(message))
            offset = self._mapping.clock_offset_seconds if self._mapping is not None else 0.0
            self.offset.blockSignals(True)
            self.offset.setValue(offset)
            self.offset.blockSignals(False)
            return
        text = message[:1].upper() + message[1:]
        self._show_rule(text if text.endswith(".") else text + ".")
        self._show_terminal()

    def _reselect_terminal(self) -> None:
        if self._terminal is None:
            return
        row = self.terminals.row_of(self._location or "", self._terminal)
        if row >= 0:
            self.terminal_view.selectionModel().blockSignals(True)
            self.terminal_view.setCurrentIndex(self.terminals.index(row, 0))
            self.terminal_view.selectionModel().blockSignals(False)

    def _on_offset(self, value: float) -> None:
        if self._terminal is not None:
            repo, location, terminal = self._repo, self._location or "", self._terminal
            self._apply(lambda: repo.set_clock_offset(location, terminal, value), "offset")

    def _on_available_double_click(self, index: QModelIndex) -> None:
        camera = self.available.camera(index.row())
        if camera is not None:
            self.choose_available(camera.id)
            self.add_selected()

    def _on_selected_double_click(self, index: QModelIndex) -> None:
        camera = self.selected.camera(index.row())
        if camera is not None and index.column() == SelectedCamerasModel.COL_NAME:
            self.choose_selected(camera.id)
            self.remove_selected()

    def _show_rule(self, text: str) -> None:
        self.message.setText(text)

    def _chosen_camera(self) -> Camera | None:
        return chosen_camera((self.selected_view, self.selected), (self.available_view, self.available))

    def _delete_chosen_camera(self) -> None:
        camera = self._chosen_camera()
        if camera is None:
            return
        if confirm_delete_camera(camera, self):
            self.delete_camera(camera.id, camera.name)

    def _on_camera_saved(self) -> None:
        self.camerasChanged.emit()
        self.reload()
