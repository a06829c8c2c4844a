"""A 1366×768 screen (#10): the window fits, and with no camera mapped the video area collapses to its
message so the receipt keeps room for at least 6 lines."""

from __future__ import annotations

from dataclasses import replace

from gui_support import OFFSCREEN_NOISE, make_services, open_window, run_on_x11
from PySide6.QtCore import QRect
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.player.pane_states import PaneState
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE


def _item_rows(browser: QTextBrowser) -> list[QRect]:
    """Where the receipt's line items are in the browser's viewport (the anchors ``line:<i>``), in order."""
    doc, rows = browser.document(), {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href.startswith("line:") and int(href[5:]) not in rows:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position())
                rows[int(href[5:])] = browser.cursorRect(cursor)
            it += 1
        block = block.next()
    return [rows[i] for i in sorted(rows)]


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
    receipt = window.receipts.receipt
    row = 0
    while True:  # a receipt with more than six line items, picked as a person would: click its row
        window.receipts.select_row(row)
        qtbot.waitUntil(lambda: receipt.ticket() is not None)
        if len(receipt.ticket().lines) > 6:
            break
        row += 1
    qtbot.waitUntil(lambda: window.video.state == PaneState.NO_CAMERA)
    assert window.size().width() <= available[0] and window.size().height() <= available[1]
    assert window.video.message()[0] == "No camera mapped to this terminal"  # the message still shows
    assert window.video.isVisible() and window.video.message_page.isVisible()
    assert not window.video.transport.isVisible()  # nothing to play: no transport under the message
    browser = receipt.browser

    title = window.video.message_title

    def six_items_and_the_message_in_view() -> bool:
        rows, viewport = _item_rows(browser), browser.viewport().rect()
        return (
            len(rows) > 6
            and all(viewport.contains(r) for r in rows[:6])  # the first six items, without scrolling
            and title.visibleRegion().boundingRect() == title.rect()  # and the whole message title
        )

    qtbot.waitUntil(six_items_and_the_message_in_view)
    assert browser.verticalScrollBar().value() == 0


FIT_SCRIPT = """
import pathlib, sys, tempfile
sys.path.insert(0, sys.argv[1])
from PySide6.QtWidgets import QApplication
app = QApplication([])
from gui_support import make_services
from ows_desktop.basics.paths import AppPaths
from ows_desktop.store import open_store
from ows_desktop.ui.main_window import MainWindow
paths = AppPaths.resolve(pathlib.Path(tempfile.mkdtemp()) / "p").ensure()
store = open_store(paths.database)
window = MainWindow(make_services(paths, store))
window.show()
app.processEvents()
area, frame = window.screen().availableGeometry(), window.frameGeometry()
print("FITS" if area.contains(frame) else f"OFF-SCREEN {frame} outside {area}")
window.close()
store.close()
"""


def test_on_a_1366x768_screen_the_window_opens_inside_it(tmp_path):
    result = run_on_x11(FIT_SCRIPT, tmp_path, screen="1366x768")
    assert "FITS" in result.stdout, result.stdout + result.stderr


def test_a_receipt_with_a_camera_gets_the_video_back_at_its_size(qtbot, paths, filled_store):
    """The collapse is only while there is nothing to play: the next receipt whose register has a camera
    shows the video (and its transport) with its share of the height back."""
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=FakeMediaBackend())
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    window.resize(1366, 768 - 40)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 1)
    video, side = window.video, window.video.parentWidget()  # the receipt over the video
    window.receipts.select_row(0)
    qtbot.waitUntil(lambda: video.state == PaneState.NO_CAMERA and video.height() < side.height() / 4)
    row = window.receipts.model.ticket_row(1)
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    window.receipts.select_row(1)
    qtbot.waitUntil(lambda: video.state not in (PaneState.NO_CAMERA, PaneState.NO_TICKET))
    # its share, the receipt keeping room for its first line items at this height (camera_link.RECEIPT_ROOM)
    qtbot.waitUntil(lambda: video.height() > side.height() / 4 and video.transport.isVisible())
