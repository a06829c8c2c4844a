"""The time field under the video is narrow: a long status ("Connecting to Register overhead (S044)…")
ends in "…" where it does not fit, never cut off at its left edge, and the whole text stays available in its
tooltip and to a screen reader; with room again it shows whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gui_support import OFFSCREEN_NOISE
from PySide6 import QtGui

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
from ows_desktop.ows.model import Ticket
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.video_pane import PaneState, VideoPane

START = datetime(2026, 11, 20, 14, 3, 5, tzinfo=UTC)
TICKET = Ticket(
    key="K1", id="K1", location="S044", terminal="R01", start=START, end=START + timedelta(seconds=20)
)
pytestmark = OFFSCREEN_NOISE

LONG = "Connecting to Register overhead (S044)…"


def test_a_long_status_is_elided_to_fit_and_kept_whole_in_the_tooltip(qtbot, store):
    cameras = CameraRepository(store, MemoryCameraSecrets())
    cameras.add_camera("Register overhead (S044)", "http://nvr.local/live/1", camera_id="cam1")
    cameras.set_terminal_cameras("S044", "R01", ["cam1"])
    pane = VideoPane(FakeMediaBackend(), cameras, AppSettings(DictSettingsBackend()))
    qtbot.addWidget(pane)
    pane.resize(360, 300)
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_ticket(TICKET)
    assert pane.state == PaneState.LOADING
    label = pane.time_label

    def fits() -> bool:
        return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()

    assert label.full_text() == LONG
    qtbot.waitUntil(lambda: label.contentsRect().width() < label.sizeHint().width())  # laid out: too narrow
    assert fits()
    assert label.text().endswith("…") and LONG.startswith(label.text()[:-1])  # its start, then "…"
    assert label.toolTip() == QtGui.Qt.convertFromPlainText(LONG)  # the whole text, as plain text
    assert label.accessibleDescription() == LONG

    pane.resize(1200, 300)  # room again: the whole text shows
    qtbot.waitUntil(lambda: label.text() == LONG)
    assert fits()
    pane.shutdown()
