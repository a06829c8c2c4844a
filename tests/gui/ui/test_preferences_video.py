"""Preferences ▸ Video changes the next playback (#18): the pre-roll typed in the dialog moves where the
camera's recording starts for the next receipt shown; Cancel leaves the playback as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt

from ows_desktop.app import open_qt_settings
from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.preferences import PreferencesDialog
from ows_desktop.ui.video_pane import VideoPane

pytestmark = OFFSCREEN_NOISE

START = datetime(2026, 11, 20, 14, 3, 5, tzinfo=UTC)
TICKET = Ticket(
    key="K1",
    id="K1",
    location="S1",
    terminal="R01",
    start=START,
    end=START + timedelta(seconds=20),
    lines=(LineItem(description="Item", quantity=1, price=1.0, time=START),),
)


class SilentProbe:
    def check(self, request, done) -> None:
        pass

    def cancel(self) -> None:
        pass


@pytest.fixture
def settings(paths):
    return open_qt_settings(paths.settings_file)  # the window's settings: the file the CLI reads


@pytest.fixture
def pane(qtbot, store, settings, tmp_path):
    repo = CameraRepository(store, MemoryCameraSecrets())
    repo.add_camera(
        "Overhead", "rtsp://cam1.local/live", "http://nvr.local/play?start={start}", camera_id="c1"
    )
    repo.set_terminal_cameras("S1", "R01", ["c1"])
    backend = FakeMediaBackend()
    widget = VideoPane(
        backend, repo, settings, probe_factory=lambda _p: SilentProbe(), snapshot_dir=tmp_path / "snaps"
    )
    qtbot.addWidget(widget)
    widget.backend = backend
    widget.repo = repo
    yield widget
    widget.shutdown()


def played_from(pane) -> str:
    pane.show_ticket(TICKET)
    return pane.backend.players[-1].last_request().url.split("start=")[1]


def set_preroll(qtbot, dialog: PreferencesDialog, seconds: int) -> None:
    dialog.show_page("Video")
    spin = dialog.pages["Video"].fields.editors["player/preroll_seconds"]
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(seconds))


def test_the_preroll_set_in_preferences_moves_the_next_playback(qtbot, pane, settings):
    assert played_from(pane) == "2026-11-20T14:02:55Z"  # the default: 10 s before the ticket
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    set_preroll(qtbot, dialog, 45)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel: nothing changes
    assert played_from(pane) == "2026-11-20T14:02:55Z"

    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    set_preroll(qtbot, dialog, 45)
    qtbot.keyClick(dialog.pages["Video"].fields.editors["player/preroll_seconds"], Qt.Key.Key_Return)  # OK
    assert not dialog.isVisible()
    assert played_from(pane) == "2026-11-20T14:02:20Z"  # 45 s before 14:03:05


def choose_layout(qtbot, settings, text: str) -> None:
    """Preferences ▸ Video ▸ Open a ticket's video as: ``text``, then OK (keyboard only)."""
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page("Video")
    combo = dialog.pages["Video"].fields.editors["video/default_layout"]
    assert combo.accessibleName() == "Open a ticket's video as"
    combo.setCurrentIndex(combo.findText(text))
    qtbot.keyClick(combo, Qt.Key.Key_Return)  # OK
    assert not dialog.isVisible()


def test_the_default_layout_set_in_preferences_opens_the_next_ticket_in_it(qtbot, pane, settings):
    pane.repo.add_camera("Drawer", "rtsp://cam2.local/live", "http://nvr.local/p2?start={start}",
                            camera_id="c2")  # fmt: skip
    pane.repo.set_terminal_cameras("S1", "R01", ["c1", "c2"])
    pane.show()
    pane.show_ticket(TICKET)
    assert not pane.grid and pane.stack.currentWidget() is pane.single  # the default: the primary camera

    choose_layout(qtbot, settings, "All cameras (2×2 grid)")
    pane.show_ticket(TICKET)
    assert pane.grid and pane.grid_button.isChecked()
    assert pane.stack.currentWidget() is pane.grid_page
    assert [t.isVisible() for t in pane.tiles[:2]] == [True, True]

    choose_layout(qtbot, settings, "The primary camera")
    pane.show_ticket(TICKET)
    assert not pane.grid and not pane.grid_button.isChecked()
    assert pane.stack.currentWidget() is pane.single
