"""Snapshot says where the picture went in the window's status bar, on the Receipts tab and on the Cases tab
(the tester: in the Cases tab the status bar stayed silent, the picture saved somewhere unsaid)."""

from __future__ import annotations

from dataclasses import replace

from gui_support import OFFSCREEN_NOISE, make_services, open_window

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE


def playing(qtbot, pane):
    qtbot.waitUntil(lambda: pane.leader() is not None and bool(pane.leader()._player.requests))
    pane.leader()._player.start(5_000)
    qtbot.waitUntil(lambda: pane.snapshot_button.isEnabled())


def test_snapshot_is_confirmed_in_the_status_bar_on_the_receipts_and_the_cases_tab(
    qtbot, paths, filled_store, tmp_path
):
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=FakeMediaBackend(),
                       snapshot_dir=tmp_path / "snaps")  # fmt: skip
    window = open_window(qtbot, services)
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.model.rowCount() > 0)
    row = receipts.model.ticket_row(0)
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    receipts.select_key(row.key)
    status = window.statusBar()

    pane = window.cameras.video
    playing(qtbot, pane)
    pane.snapshot_button.click()
    [first] = list((tmp_path / "snaps").glob("*.png"))
    assert status.currentMessage() == f"Snapshot saved: {first}"

    status.clearMessage()
    filled_store.cases.new_case("Voids", tickets=[row.key])
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() == 1)
    page.ticket_table.setCurrentIndex(page.tickets.index(0, 0))
    assert page.video is not None and page.video is not pane
    playing(qtbot, page.video)
    page.video.snapshot_button.click()
    [second] = [p for p in (tmp_path / "snaps").glob("*.png") if p != first]
    assert status.currentMessage() == f"Snapshot saved: {second}"
