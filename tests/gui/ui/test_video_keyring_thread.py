"""The video and a slow keyring (#18): a camera's password is read from the keyring off the GUI thread. With
a locked Secret Service (waiting on its unlock prompt) selecting a receipt whose camera has a password
leaves the window responsive, the video saying it waits for the keyring, and the video starts once the
keyring answered; a refusal shows on the video (Try again asks again), and the password never shows in the window or the log."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import Qt

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.credentials import CredentialError
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.video_pane import PaneState

pytestmark = OFFSCREEN_NOISE

PASSWORD = "c4m-Secret"
WAITING = "Reading the camera's password from the keyring…"


class SlowCameraSecrets(MemoryCameraSecrets):
    """Camera passwords whose reads answer only when released, as a locked Secret Service does after its
    unlock prompt. Asked on the GUI thread it would freeze the window for good: there it answers at once (so
    a broken window fails this test instead of hanging it) and remembers that it was asked there."""

    def __init__(self) -> None:
        super().__init__()
        self.released = threading.Event()
        self.waiting = threading.Event()
        self.asked_on_gui_thread = False
        self.refusal: str | None = None
        self.reads = 0  # off the GUI thread

    def get(self, name: str) -> str | None:
        if threading.current_thread() is threading.main_thread():
            self.asked_on_gui_thread = True
        else:
            self.reads += 1
            self.waiting.set()
            self.released.wait(60)  # a safety net for a failing test only: the tests release it
        if self.refusal is not None:
            raise CredentialError(self.refusal)
        return super().get(name)


@pytest.fixture
def keyring():
    slow = SlowCameraSecrets()
    yield slow
    slow.released.set()


@pytest.fixture
def window(qtbot, paths, filled_store, keyring):
    backend = FakeMediaBackend()
    cameras = CameraRepository(filled_store, keyring)
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=backend)
    w = open_window(qtbot, services)
    qtbot.waitUntil(lambda: w.receipts.model.rowCount() > 1)
    row = w.receipts.model.ticket_row(0)
    camera = cameras.add_camera("Register overhead", f"rtsp://admin:{PASSWORD}@cam1.local/live")
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    w.video.reload()  # as the mapping dialog does: the receipt shown at start reads its camera
    keyring.asked_on_gui_thread = False  # the setup read the old password (to roll back): not the window
    w.backend = backend
    return w


def requests(window):
    return [r for p in window.backend.players for r in p.requests]


def test_a_receipt_with_a_locked_keyring_camera_keeps_the_window_responsive_then_plays(
    qtbot, window, keyring, caplog
):
    caplog.set_level(logging.DEBUG)
    video = window.video
    window.receipts.select_row(0)
    qtbot.waitUntil(lambda: keyring.waiting.is_set() or keyring.asked_on_gui_thread)
    assert not keyring.asked_on_gui_thread  # asked in a job, which waits: the window did not wait for it
    assert video.state == PaneState.LOADING and video.time_label.full_text() == WAITING  # it says so
    assert requests(window) == []  # nothing plays without the password
    table = window.receipts.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # still moving through the receipts meanwhile
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Up)  # back to the first receipt: its camera waits for the keyring
    assert table.currentIndex().row() == 0 and video.time_label.full_text() == WAITING

    keyring.released.set()  # the person unlocked the keyring
    qtbot.waitUntil(lambda: bool(requests(window)))  # the video starts
    request = requests(window)[-1]
    assert request.url == "rtsp://cam1.local/live" and f":rtsp-pwd={PASSWORD}" in request.options
    assert not keyring.asked_on_gui_thread
    assert keyring.reads == 1  # asked once, not once per receipt moved through (no thread piles up waiting)
    assert PASSWORD not in caplog.text
    assert PASSWORD not in video.time_label.full_text() + video.time_label.toolTip()
    assert PASSWORD not in video.camera_label.text() + video.picker.text()


def test_a_keyring_refusal_shows_on_the_video_and_try_again_asks_again(qtbot, window, keyring, caplog):
    caplog.set_level(logging.DEBUG)
    keyring.refusal = "The keyring is locked: unlock it and try again."
    keyring.released.set()  # this keyring answers at once, with a refusal
    video = window.video
    window.receipts.select_row(0)
    assert not keyring.asked_on_gui_thread
    qtbot.waitUntil(lambda: video.state == PaneState.FAILED)
    assert video.message() == ("Cannot play this video", f"Register overhead: {keyring.refusal}")
    assert video.retry_button.isVisibleTo(video) and requests(window) == []

    keyring.refusal = None  # the person unlocked the keyring
    qtbot.mouseClick(video.retry_button, Qt.MouseButton.LeftButton)  # Try again: the keyring is asked again
    qtbot.waitUntil(lambda: bool(requests(window)))
    assert f":rtsp-pwd={PASSWORD}" in requests(window)[-1].options
    assert not keyring.asked_on_gui_thread
    assert PASSWORD not in caplog.text
