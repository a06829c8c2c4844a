"""A 1366×768 screen (#10): the window fits, and with no camera mapped the video area collapses to its
message so the receipt keeps room for at least 6 lines."""

from __future__ import annotations

from dataclasses import replace

from gui_support import OFFSCREEN_NOISE, make_services, open_window

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.player.pane_states import PaneState
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE


def test_at_1366x768_the_window_fits_and_the_receipt_shows_six_lines_without_a_camera(
    qtbot, paths, filled_store
):
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=FakeMediaBackend())
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    available = (1366, 768 - 40)  # the screen minus a task bar
    assert (
        window.minimumSizeHint().width() <= available[0] and window.minimumSizeHint().height() <= available[1]
    )
    window.resize(*available)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    window.receipts.select_row(0)
    qtbot.waitUntil(lambda: window.video.state == PaneState.NO_CAMERA)
    assert window.size().width() <= available[0] and window.size().height() <= available[1]
    browser = window.receipts.receipt.browser
    qtbot.waitUntil(lambda: browser.viewport().height() >= 6 * browser.fontMetrics().lineSpacing())
    assert window.video.message()[0] == "No camera mapped to this terminal"  # the message still shows
