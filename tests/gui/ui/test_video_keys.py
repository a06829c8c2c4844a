"""The video's transport from the keyboard (a tester working by keyboard alone had to Tab through every
receipt line to reach play, the frame steps and Snapshot, and F1 listed no video key): Space in the receipt
list plays and pauses, "," and "." step a frame while paused, Alt+←/→ skip 5 s, Ctrl+Shift+S takes a
snapshot — each pressing the button of the video on screen, on the Receipts and on the Cases tab; Space typed
in the search box stays a space."""

from __future__ import annotations

from dataclasses import replace

from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QSignalSpy, QTest

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE


def playing(qtbot, pane):
    qtbot.waitUntil(lambda: pane.leader() is not None and bool(pane.leader()._player.requests))
    pane.leader()._player.start(5_000)
    qtbot.waitUntil(lambda: pane.state == "playing")


def test_the_transport_answers_its_keys_on_the_receipts_and_the_cases_tab(
    qtbot, paths, filled_store, tmp_path
):
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=FakeMediaBackend(),
                       snapshot_dir=tmp_path / "snaps")  # fmt: skip
    window = offline_window(qtbot, services)
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.model.rowCount() > 0)
    row = receipts.model.ticket_row(0)
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    receipts.select_key(row.key)
    pane = window.cameras.video
    playing(qtbot, pane)
    table = receipts.table
    table.setFocus()

    QTest.keyClick(table, Qt.Key.Key_Space)  # in the list: pause
    qtbot.waitUntil(lambda: pane.state == "paused")
    steps = QSignalSpy(pane.frame_button.clicked)
    backs = QSignalSpy(pane.frame_back_button.clicked)
    QTest.keyClick(table, Qt.Key.Key_Period)
    QTest.keyClick(table, Qt.Key.Key_Comma)
    assert (steps.count(), backs.count()) == (1, 1)
    skips = QSignalSpy(pane.forward_button.clicked)
    QTest.keyClick(table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert skips.count() == 1
    QTest.keyClick(
        table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert len(list((tmp_path / "snaps").glob("*.png"))) == 1
    QTest.keyClick(table, Qt.Key.Key_Space)  # and play again
    qtbot.waitUntil(lambda: pane.state == "playing")

    search = receipts.filter_bar.search  # Space typed in a field is a space, the video plays on
    search.setFocus()
    QTest.keyClicks(search, "a b")
    assert search.text() == "a b" and pane.state == "playing"
    search.clear()

    filled_store.cases.new_case("Voids", tickets=[row.key])  # the Cases tab's own video
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() == 1)
    page.ticket_table.setCurrentIndex(page.tickets.index(0, 0))
    playing(qtbot, page.video)
    page.ticket_table.setFocus()
    QTest.keyClick(page.ticket_table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.video.state == "paused")
    assert pane.state == "playing"  # the Receipts tab's video, out of sight, untouched

    shown = [
        a.shortcut().toString()
        for a in window.findChildren(type(window.flag_action))
        if a.objectName().startswith("video_")
    ]
    assert sorted(shown) == sorted(["Space", "Alt+Left", "Alt+Right", ",", ".", "Ctrl+Shift+S"])
