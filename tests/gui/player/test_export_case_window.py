"""The window's "Export case" saves every mapped camera's clip (real libVLC, simulated recorder over HTTP),
counts the tickets as it goes and can be cancelled while clips are being cut, leaving nothing behind."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from gui_support import make_services, open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QToolButton

from ows_desktop.app import open_qt_settings
from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.camera.mapping_file import install_demo_cameras
from ows_desktop.export.verify import verify_folder
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.player.libvlc import VlcMediaBackend
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.simulator.recorder import FakeRecorder
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.store.cameras import CameraRepository

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, paths, tmp_path):
    if not VlcMediaBackend(headless=True).availability().ok:
        if os.environ.get("CI"):
            pytest.fail("CI must have libVLC (libvlc5 + vlc-plugin-base)")
        pytest.skip("libVLC is not installed")
    gen = TicketGenerator(SimConfig(stores=1, terminals_per_store=1, days=1, tickets_per_store_day=4))
    with (
        open_store(tmp_path / "cache" / "tickets.sqlite3") as store,
        FakeRecorder(burned_clock=True) as recorder,
    ):
        store.upsert_tickets([normalise_ticket(gen.ticket(i)) for i in range(gen.count())])
        install_demo_cameras(store, gen.terminals(), recorder)
        with store.reader() as reader:
            keys = [row.key for row in reader.page(TicketQuery(), 10)[0]]
        number = store.cases.new_case("Voids", operator="Operator 1", tickets=keys).number
        cameras = CameraRepository(store, MemoryCameraSecrets())
        services = replace(make_services(paths, store), cameras=cameras)
        services.settings.set("player/preroll_seconds", 2)
        services.settings.set("player/postroll_seconds", 2)
        w = open_window(qtbot, services)
        qtbot.waitUntil(lambda: w.connection_dialog() is not None)
        w.connection_dialog().reject()
        yield w, number, len(cameras.mappings()[0].cameras)


def test_export_case_counts_and_a_cancel_during_the_clips_leaves_nothing(qtbot, window, tmp_path):
    w, number, _cameras = window
    out = tmp_path / "evidence" / "case"
    seen = []

    def cancel_when_counting():
        dialog = w.export.progress_dialog
        if dialog is None or dialog.value() < 1:
            qtbot.wait(5)
            return False
        seen.append(dialog.labelText())
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return True

    with qtbot.waitSignal(w.exportFinished, timeout=120_000) as done:
        w.case_actions.export_case(number, "json", out)
        qtbot.waitUntil(cancel_when_counting, timeout=60_000)
    assert done.args == [""]
    assert seen and seen[0].startswith("Exported ") and seen[0].endswith("of 4 tickets…")
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert w.statusBar().currentMessage() == "Export cancelled; nothing was written."


def test_export_case_saves_every_cameras_clip(qtbot, window, tmp_path):
    w, number, cameras = window
    out = tmp_path / "case"
    with qtbot.waitSignal(w.exportFinished, timeout=120_000) as done:
        w.case_actions.export_case(number, "json", out)
    assert done.args == [str(out)]
    clips = json.loads((out / "export.json").read_text())["clips"]
    assert len(clips) == 4 * cameras and all(c["file"] and c["missing"] is None for c in clips)
    assert f"{4 * cameras} video clips" in w.statusBar().currentMessage()
    result = verify_folder(out)
    assert result.ok, result.problems
    assert w.banner.message is None or w.banner.message.level == "info"  # nothing missing: no warning


def test_export_case_without_clips_when_preferences_say_none(qtbot, window, tmp_path, paths):
    """Preferences ▸ Evidence ▸ Include video clips: None — the next export cuts no clip at all."""
    w, number, _cameras = window
    open_qt_settings(paths.settings_file).set("export/clips", "none")  # the one settings file
    out = tmp_path / "case"
    with qtbot.waitSignal(w.exportFinished, timeout=120_000) as done:
        w.case_actions.export_case(number, "json", out)
    assert done.args == [str(out)]
    assert not json.loads((out / "export.json").read_text()).get("clips")
    assert not (out / "clips").exists()
    assert "video clips" not in w.statusBar().currentMessage()


def test_an_export_without_its_clips_says_which_and_why_until_dismissed(qtbot, window, tmp_path):
    """The status line's "N clips missing" goes in 10 s; the person who left the export running sees, when
    back, a warning naming each reason with how many clips it cost, until they dismiss it."""
    w, number, cameras = window
    repo = w._services.cameras
    for camera in repo.mappings()[0].cameras:
        repo.update_camera(camera.id, playback_url=None)  # live only: nothing to look back at
    names = sorted(c.name for c in repo.mappings()[0].cameras)
    assert cameras == 4
    out = tmp_path / "case"
    with qtbot.waitSignal(w.exportFinished, timeout=120_000):
        w.case_actions.export_case(number, "json", out)
    message = w.banner.message
    assert message is not None and message.level == "warning" and w.banner.isVisible()
    assert w.banner.title_text() == (
        f"Exported 4 tickets to {out}, but some of their video evidence is missing."
    )
    live_only = "is live only (no recording to look back at)."
    primary = repo.mappings()[0].primary.name
    assert w.banner.detail_text().splitlines() == [
        *(f"4 video clips missing: Camera {name} {live_only}" for name in names),
        f"4 camera snapshots missing: Camera {primary} {live_only}",
    ]
    w.banner.findChild(QToolButton).click()  # dismissed: gone
    assert not w.banner.isVisible()


def test_an_export_the_audit_trail_missed_still_names_its_missing_clips(qtbot, window, tmp_path):
    """The audit warning replaced the missing clips' (the banner holds one message): both are said."""
    import sqlite3

    w, number, _cameras = window
    repo = w._services.cameras
    for camera in repo.mappings()[0].cameras:
        repo.update_camera(camera.id, playback_url=None)
    out = tmp_path / "case"
    sync = sqlite3.connect(tmp_path / "cache" / "tickets.sqlite3", isolation_level=None)
    try:
        sync.execute("BEGIN IMMEDIATE")  # a sync holding the write lock past the busy timeout
        with qtbot.waitSignal(w.exportFinished, timeout=120_000):
            w.case_actions.export_case(number, "json", out)
    finally:
        sync.rollback()
        sync.close()
    assert w.banner.title_text() == "The export is complete, but the audit trail does not record it."
    lines = w.banner.detail_text().splitlines()
    assert "the cache stayed busy" in lines[0]
    assert any(line.startswith("4 video clips missing: Camera ") for line in lines[1:]), lines
