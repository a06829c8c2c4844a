"""The mapping panel: Not selected / Selected with search, + / −, at most 4, one Primary; the UI enforces the
rules and shows the store's message when the store refuses. The camera models pass qtmodeltester."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.itemmodels.cameras import (
    CameraIdRole,
    CameraListModel,
    PrimaryRole,
    SelectedCamerasModel,
    TerminalListModel,
)
from ows_desktop.ows.model import Ticket
from ows_desktop.store.cameras import CameraRepository, TerminalSummary
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.mapping_dialog import LIMIT_MESSAGE, MappingPanel
from ows_desktop.ui.mapping_window import MappingDialog

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
NAMES = ["Overhead", "Drawer", "Door", "Aisle", "Back office", "Parking"]
# Qt's offscreen platform (the test default) warns about dialogs' size hints: not our problem.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def store(store):
    store.upsert_tickets(
        [
            Ticket(key=k, id=k, location=loc, terminal=t, start=T0, raw={"id": k})
            for k, loc, t in (("a", "S1", "R01"), ("b", "S1", "R02"), ("c", "S2", "R01"))
        ]
    )
    return store


@pytest.fixture
def secrets():
    return MemoryCameraSecrets()


@pytest.fixture
def repo(store, secrets):
    r = CameraRepository(store, secrets)
    for i, name in enumerate(NAMES, 1):
        r.add_camera(name, f"rtsp://cam{i}.local/live", camera_id=f"cam{i}")
    return r


@pytest.fixture
def ops(qapp):
    runner = StoreOps()
    yield runner
    runner.shutdown()
    runner.deleteLater()


@pytest.fixture
def settle(qtbot, ops):
    """Wait until the panel's writes (run off the GUI thread) landed and the lists show them."""
    return lambda: qtbot.waitUntil(lambda: ops.pending == 0)


@pytest.fixture
def panel(qtbot, repo, ops):
    widget = MappingPanel(repo, ops)
    qtbot.addWidget(widget)
    return widget


def selected_ids(panel: MappingPanel) -> list[str]:
    return panel.selected.camera_ids()


def test_terminals_come_from_tickets_and_the_first_is_chosen(panel):
    assert [panel.terminals.terminal(r).terminal for r in range(panel.terminals.rowCount())] == [
        "R01",
        "R02",
        "R01",
    ]
    assert panel.current_terminal == ("S1", "R01")
    assert panel.title.text() == "Terminal R01 at location S1"
    assert panel.available.camera_ids() == ["cam4", "cam5", "cam3", "cam2", "cam1", "cam6"]  # by name
    assert selected_ids(panel) == []
    assert panel.selected_label.text() == "Selected (0 of 4)"


def test_plus_moves_cameras_and_the_first_added_becomes_primary(panel, repo, qtbot, settle):
    panel.choose_available("cam2")
    with qtbot.waitSignal(panel.mappingChanged) as changed:
        panel.add_button.click()
        settle()
    assert changed.args == ["S1", "R01"]
    panel.choose_available("cam1", "cam3")  # several at once are added in the list's order
    panel.add_button.click()
    settle()
    assert selected_ids(panel) == ["cam2", "cam3", "cam1"]
    assert panel.selected.primary == "cam2"
    assert "cam2" not in panel.available.camera_ids()
    assert repo.mapping("S1", "R01").primary_id == "cam2"
    assert panel.selected_label.text() == "Selected (3 of 4)"
    row = panel.terminals.row_of("S1", "R01")
    assert "(3 cameras)" in panel.terminals.index(row, 0).data()


def test_at_most_four_the_ui_refuses_and_says_why(panel, repo, settle):
    panel.choose_available("cam1", "cam2", "cam3")
    panel.add_button.click()
    settle()
    panel.choose_available("cam4", "cam5")  # two more would make five
    assert panel.add_button.isEnabled()
    panel.add_selected()
    settle()
    assert panel.message_text() == LIMIT_MESSAGE
    assert selected_ids(panel) == ["cam3", "cam2", "cam1"]
    panel.choose_available("cam4")
    panel.add_button.click()
    settle()
    panel.choose_available("cam5")
    assert not panel.add_button.isEnabled()
    assert panel.add_button.toolTip() == LIMIT_MESSAGE
    panel.available_view.doubleClicked.emit(panel.available.index(0, 0))
    settle()
    assert panel.message_text() == LIMIT_MESSAGE
    assert len(repo.mapping("S1", "R01").cameras) == 4


def test_the_store_has_the_last_word(panel, repo, settle):
    panel.choose_available("cam1", "cam2", "cam3")
    panel.add_button.click()
    settle()
    repo.add_to_terminal("S1", "R01", "cam4")  # another window filled the terminal meanwhile
    panel.choose_available("cam5")
    panel.add_selected()
    settle()
    assert "it already has 4 cameras" in panel.message_text()
    assert selected_ids(panel) == ["cam3", "cam2", "cam1", "cam4"]  # the panel shows the stored truth


def test_primary_checkbox_moves_the_primary_and_cannot_be_unchecked(panel, repo, settle):
    panel.choose_available("cam1", "cam2")
    panel.add_button.click()
    settle()
    model = panel.selected
    second = model.index(1, SelectedCamerasModel.COL_PRIMARY)
    assert model.data(second, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.flags(second) & Qt.ItemFlag.ItemIsUserCheckable
    assert selected_ids(panel) == ["cam2", "cam1"]
    model.setData(second, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    settle()
    assert repo.mapping("S1", "R01").primary_id == "cam1"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.setData(model.index(1, 1), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    settle()
    assert "always has one primary camera" in panel.message_text()
    assert repo.mapping("S1", "R01").primary_id == "cam1"


def test_minus_removes_and_removing_the_primary_promotes_the_next(panel, repo, settle):
    panel.choose_available("cam1", "cam2", "cam3")
    panel.add_button.click()
    settle()
    assert selected_ids(panel) == ["cam3", "cam2", "cam1"] and panel.selected.primary == "cam3"
    panel.choose_selected("cam3")
    panel.remove_button.click()
    settle()
    assert selected_ids(panel) == ["cam2", "cam1"]
    assert panel.selected.primary == "cam2"
    assert "cam3" in panel.available.camera_ids()
    panel.selected_view.doubleClicked.emit(panel.selected.index(0, SelectedCamerasModel.COL_NAME))
    settle()
    assert selected_ids(panel) == ["cam1"] and repo.mapping("S1", "R01").primary_id == "cam1"
    panel.remove_selected()
    settle()
    assert "Choose a camera in the Selected list first." in panel.message_text()


def test_search_boxes_filter_both_lists(panel, settle):
    panel.choose_available("cam1", "cam2", "cam3")
    panel.add_button.click()
    settle()
    panel.available_search.setText("PARK")
    assert panel.available.camera_ids() == ["cam6"]
    panel.available_search.setText("cam4.local")  # URLs match too
    assert panel.available.camera_ids() == ["cam4"]
    panel.selected_search.setText("dr")
    assert selected_ids(panel) == ["cam2"]
    assert panel.selected.total() == 3  # the rule counts every selected camera, not the visible ones
    panel.terminal_search.setText("s2")
    assert panel.terminals.rowCount() == 1


def test_switching_terminal_and_preparing_an_unseen_one(panel, repo, settle):
    panel.select_terminal("S1", "R02")
    assert panel.title.text() == "Terminal R02 at location S1"
    panel.select_terminal("S9", "R07")  # not in any ticket yet
    panel.choose_available("cam6")
    panel.add_button.click()
    settle()
    assert repo.mapping("S9", "R07").camera_ids == ("cam6",)
    panel.reload()
    assert panel.terminals.row_of("S9", "R07") >= 0


def test_clock_offset(panel, repo, settle):
    panel.offset.setValue(-1.5)
    settle()
    assert repo.mapping("S1", "R01").clock_offset_seconds == -1.5


def test_new_camera_dialog_validates_and_keeps_the_password_in_the_keyring(panel, repo, secrets, settle):
    dialog = panel.edit_camera(None)
    dialog.name.setText("Till 3")
    dialog.url.setText("ftp://cam/1")
    assert not dialog.save_button.isEnabled() and "'ftp'" in dialog.error.text()
    dialog.url.setText("rtsp://admin@till3.local/live")
    dialog.playback.setText("http://nvr/play?begin={begin}")
    assert "unknown field" in dialog.error.text()
    dialog.playback.setText("http://nvr/play?start={start:epoch}")
    dialog.password.setText("till-pw")
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    settle()
    camera = dialog.result_camera
    assert camera.url == "rtsp://admin@till3.local/live" and camera.has_password
    assert secrets.get(camera.id) == "till-pw"
    assert camera.id in panel.available.camera_ids()
    edit = panel.edit_camera(camera)
    edit.name.setText("Till 3 (new)")
    edit.save_button.click()
    settle()
    assert repo.camera(camera.id).name == "Till 3 (new)" and secrets.get(camera.id) == "till-pw"


def test_deleting_a_camera_updates_the_lists(panel, repo, settle):
    panel.choose_available("cam1", "cam2")
    panel.add_button.click()
    settle()
    panel.delete_camera("cam1")
    settle()
    assert selected_ids(panel) == ["cam2"] and panel.selected.primary == "cam2"
    panel.delete_camera("cam1")
    settle()
    assert "no such camera" in panel.message_text()


def test_a_change_waits_for_a_locked_cache_off_the_gui_thread(panel, repo, store, ops, qtbot):
    sync = sqlite3.connect(store.path, isolation_level=None)  # stands in for a long sync transaction
    sync.execute("BEGIN IMMEDIATE")
    try:
        panel.choose_available("cam2")
        panel.add_button.click()  # returns at once: the write waits for the lock in the store's worker
        assert ops.pending == 1
        panel.available_search.setText("door")  # the panel keeps working meanwhile
        assert panel.available.camera_ids() == ["cam3"]
        assert repo.mapping("S1", "R01").camera_ids == ()
    finally:
        sync.execute("ROLLBACK")
        sync.close()
    qtbot.waitUntil(lambda: ops.pending == 0)
    assert repo.mapping("S1", "R01").camera_ids == ("cam2",)
    assert selected_ids(panel) == ["cam2"] and panel.message_text() == ""


def test_dialog_opens_on_the_requested_terminal(qtbot, repo, ops):
    dialog = MappingDialog(repo, ops)
    qtbot.addWidget(dialog)
    dialog.open_for("S2", "R01")
    assert dialog.panel.current_terminal == ("S2", "R01")
    dialog.reject()


# --------------------------------------------------------------------------------------------- models
def test_camera_models_pass_the_model_tester(qtmodeltester, repo):
    cameras = repo.cameras()
    available = CameraListModel()
    available.set_cameras(cameras)
    qtmodeltester.check(available)
    assert available.index(0, 0).data(CameraIdRole) == "cam4"
    available.set_filter("o")
    qtmodeltester.check(available)

    selected = SelectedCamerasModel()
    selected.set_selection(cameras[:3], "cam2")
    qtmodeltester.check(selected)
    assert [selected.index(r, 0).data(PrimaryRole) for r in range(3)] == [False, True, False]
    assert selected.headerData(1, Qt.Orientation.Horizontal) == "Primary"
    selected.set_filter("zzz")
    qtmodeltester.check(selected)
    assert selected.rowCount() == 0 and selected.total() == 3

    terminals = TerminalListModel()
    terminals.set_terminals(
        [TerminalSummary("S1", "R01", 2, "Overhead", True), TerminalSummary("", "R09", 0, None, False)]
    )
    qtmodeltester.check(terminals)
    assert terminals.index(0, 0).data() == "R01 · S1  (2 cameras)"
    assert terminals.index(1, 0).data() == "R09  (no camera)"
    assert "Not seen in synced tickets yet" in terminals.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    terminals.update_terminal(TerminalSummary("S1", "R01", 1, "Door", True))
    assert terminals.index(0, 0).data() == "R01 · S1  (1 camera)"
    # names from a mapping file or the server: a bidi control is a mark, never obeyed (shown_text.py)
    terminals.set_terminals([TerminalSummary("S1", "R\u202e10", 1, "Door", True)])
    assert terminals.index(0, 0).data() == "R[RLO]10 · S1  (1 camera)"
    from dataclasses import replace

    available.set_cameras([replace(cameras[0], name="Door \u202ekcab")])
    assert available.index(0, 0).data() == "Door [RLO]kcab"


def test_after_plus_the_focus_is_on_the_mapped_cameras_not_the_clock_offset(panel, qtbot, settle):
    """+ greyed once its camera moved, and Qt handed the focus to the next field, the POS clock offset, where
    one ↑ (meant for the list) shifted the video against the receipt by half a second."""
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.choose_available("cam2")
    panel.add_button.setFocus()
    qtbot.waitUntil(panel.add_button.hasFocus)
    qtbot.keyClick(panel.add_button, Qt.Key.Key_Space)
    settle()
    qtbot.waitUntil(lambda: panel.selected.camera_ids() == ["cam2"])
    assert not panel.offset.hasFocus() and panel.selected_view.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert panel.offset.value() == 0.0
