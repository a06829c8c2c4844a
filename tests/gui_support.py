"""Helpers of the GUI tests: a small simulated OWS configuration, filling a store, the composed main window.
The fixtures (``sim``, ``paths``, ``store``, ``filled_store``) are in the conftest files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest

from ows_desktop.app import open_qt_settings
from ows_desktop.basics.credentials import Credentials, MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator import FakeOws, SimConfig, TicketGenerator

KEY, SECRET = "gui-key", "gui-secret"
# Qt's offscreen platform (conftest's default) warns once per window with a minimum size: not our problem.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
SIM_START = datetime(2026, 11, 20, tzinfo=UTC)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the tests' "now": after every simulated ticket


def small_config(**overrides: Any) -> SimConfig:
    values: dict[str, Any] = {
        "seed": 11,
        "stores": 2,
        "terminals_per_store": 2,
        "days": 2,
        "tickets_per_store_day": 40,
        "start": SIM_START,
    }
    values.update(overrides)
    return SimConfig(**values)


def fill_store(store: Any, config: SimConfig | None = None) -> TicketGenerator:
    generator = TicketGenerator(config or small_config())
    store.upsert_tickets([normalise_ticket(generator.ticket(i)) for i in range(generator.count())])
    return generator


def make_services(paths: AppPaths, store: Any, credentials: Any = None, settings: Any = None) -> Any:
    from ows_desktop.app import build_services

    quick = {"max_attempts": 2, "base_delay": 0.05, "max_delay": 0.1}  # a dead server fails fast here
    return build_services(
        paths,
        credentials=credentials or MemoryCredentialStore(),
        settings=settings or open_qt_settings(paths.settings_file),
        store=store,
        env={},
        tz=UTC,
        now=lambda: NOW,
        sync_retry=quick,
    )


def open_window(qtbot: Any, services: Any, *, start: bool = True) -> Any:
    from ows_desktop.ui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if start:
        window.start()
    return window


@contextmanager
def followed(qtbot: Any, window: Any) -> Iterator[None]:
    """A case changed in the block, by the store itself (a colleague, the command line), reaches ``window``
    through its change feed before the test goes on: the Cases tab follows it by reading again, and a reading
    landing later, in the middle of what the test does next, raced it (ui/case_live.py)."""
    live = window._services.live
    if live is None:
        yield
        return
    with qtbot.waitSignal(
        live.reviewChanged,
        timeout=10_000,
        check_params_cb=lambda keys: any(k.startswith("case:") for k in keys),
    ):
        yield


def receipts_window(qtbot: Any, services: Any, *, rows: int = 0) -> Any:
    """The window opened, its first-run connection dialog dismissed (browsing what is stored), and the
    Receipts tab's count read, with more than ``rows`` rows listed when asked."""
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.total() is not None and (not rows or receipts.model.rowCount() > rows))
    return window


def offline_window(qtbot: Any, services: Any) -> Any:
    """The window opened, its first-run connection dialog dismissed (browsing what is stored), and active."""
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def connected_services(paths: AppPaths, store: Any, server: FakeOws, *, secret: str = SECRET) -> Any:
    credentials = MemoryCredentialStore({server.api_url: Credentials(KEY, secret)})
    services = make_services(paths, store, credentials)
    services.settings.set("connection/base_url", server.api_url)
    return services


def wait_connected(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: window.connection() is not None, timeout=5000)


def run_on_x11(script: str, tmp_path: Any, screen: str = "1440x900") -> Any:
    """Run ``script`` (Python; ``sys.argv[1]`` is the tests folder, for ``gui_support``) in a child process
    on Qt's real X11 platform under its own Xvfb: what the offscreen platform of the other tests lacks (a
    window manager's screen geometry, the X11 key bindings). Skips without ``xvfb-run``."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed")
    tests = str(Path(__file__).resolve().parent)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": str(tmp_path)}
    return subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24 -nolisten tcp", sys.executable, "-c", script, tests],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


X11_UNTIL = """
def until(test):
    for _ in range(6000):  # a minute at most: a hung child fails the test, it does not hang it
        if test():
            return
        QTest.qWait(10)
    raise SystemExit("NEVER")
"""  # a run_on_x11 script's wait (QTest imported before it)

X11_WINDOW_WITH_CAMERAS = (
    """
import json, pathlib, sys, tempfile
from dataclasses import replace
sys.path.insert(0, sys.argv[1])
from ows_desktop.ui.app_shell import make_application
app = make_application(palette="light")
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from gui_support import fill_store, make_services
from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.paths import AppPaths
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store import open_store
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.main_window import MainWindow

"""
    + X11_UNTIL
    + """
paths = AppPaths.resolve(pathlib.Path(tempfile.mkdtemp()) / "p").ensure()
store = open_store(paths.database)
fill_store(store)
cameras = CameraRepository(store, MemoryCameraSecrets())
window = MainWindow(replace(make_services(paths, store), cameras=cameras, media_backend=FakeMediaBackend()))
"""
)  # the start of a run_on_x11 script: a window on a filled cache, its cameras to map, a fake player

X11_RECEIPT_WITH_VIDEO = (
    X11_WINDOW_WITH_CAMERAS
    + """
window.resize(1440, 900)
window.show()
window.start()
until(lambda: window.connection_dialog() is not None)
window.connection_dialog().reject()
page = window.receipts
until(lambda: page.model.rowCount() > 0)
row = page.model.ticket_row(0)  # its register gets a camera: the receipt shows with its video and transport
cameras.add_camera("Register overhead", "rtsp://cam/live", "http://nvr.local/play/1?start={start}", camera_id="cam1")
cameras.set_terminal_cameras(row.location, row.terminal, ["cam1"])
window.video.reload()  # as the mapping dialog does: the receipt shown at start reads its camera
page.select_row(0)
until(lambda: window.video.transport.isVisible())
"""
)  # then: the first receipt selected, its camera's video and transport showing


def window_playing_a_receipt(qtbot: Any, paths: Any, store: Any, snapshot_dir: Any) -> tuple[Any, Any]:
    """(window, row): the window on ``store`` (offline, active) with a fake player, a camera mapped to its
    first receipt's register, that receipt selected and its video playing."""
    from dataclasses import replace

    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.player.fake import FakeMediaBackend
    from ows_desktop.store.cameras import CameraRepository

    cameras = CameraRepository(store, MemoryCameraSecrets())
    services = replace(make_services(paths, store), cameras=cameras, media_backend=FakeMediaBackend(),
                       snapshot_dir=snapshot_dir)  # fmt: skip
    window = offline_window(qtbot, services)
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.model.rowCount() > 0)
    row = receipts.model.ticket_row(0)
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    window.video.reload()  # as the mapping dialog does: the receipt shown at start reads its camera
    receipts.select_key(row.key)
    play_video(qtbot, window.cameras.video)
    return window, row


def case_of_one_ticket(qtbot: Any, window: Any, store: Any, key: str) -> Any:
    """The Cases tab, shown, with a new case of the ticket ``key`` chosen and that ticket selected."""
    store.cases.new_case("Voids", tickets=[key])
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() == 1)
    page.ticket_table.setCurrentIndex(page.tickets.index(0, 0))
    return page


def play_video(qtbot: Any, pane: Any) -> None:
    """The fake player of ``pane`` playing, 5 s into its media."""
    qtbot.waitUntil(lambda: pane.leader() is not None and bool(pane.leader()._player.requests))
    pane.leader()._player.start(5_000)
    qtbot.waitUntil(lambda: pane.state == "playing")


def click_link(qtbot: Any, receipt: Any, href: str) -> None:
    """Click the receipt's link to ``href`` as a person would (scrolled into view first)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    browser = receipt.browser
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + max(1, fragment.length() // 2))
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                qtbot.mouseClick(
                    browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(cursor).center()
                )
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no {href} link in the receipt")


def turn_wheel(widget: Any, notches: int = -1) -> None:
    """Turn the mouse wheel over ``widget`` (negative: towards the person, as to scroll a page down)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def choose_time_zone(qtbot: Any, window: Any, text: str) -> None:
    """Edit ▸ Preferences… ▸ Display ▸ Show ticket times in: ``text``, OK."""
    from PySide6.QtCore import Qt

    dialog = window.preferences.open()
    dialog.show_page("Display")
    combo = dialog.pages["Display"].fields.editors["display/time_zone"]
    combo.setCurrentIndex(combo.findText(text))
    qtbot.mouseClick(dialog.button_box.button(dialog.button_box.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.preferences.dialog is None)


def click_to_receipts(qtbot: Any, window: Any, table: Any, index: Any) -> Any:
    """Click the Exceptions tab's cell ``index`` of ``table`` as a person would; the Receipts page it lists
    those tickets on, once counted."""
    from PySide6.QtCore import Qt

    page = window.receipts
    with qtbot.waitSignal(page.model.queryChanged, timeout=5000):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.total() is not None)
    return page


def cases_read(qtbot: Any, page: Any, select: str | None = None, *, refresh: bool = True) -> Any:
    """The Cases tab re-read (``refresh``; choosing ``select``) and its case list and the case's tickets,
    read in jobs, landed (ui/latest_read.py); ``page``."""
    if refresh:
        page.refresh(select=select)
    qtbot.waitUntil(lambda: not page.reading())
    return page


def landed(qtbot: Any, window: Any) -> None:
    """What a case dialog shows read (in a job; the dialog answered), the window's store writes landed, and
    the Cases tab's re-reading of them (in jobs) too."""
    qtbot.waitUntil(lambda: not window.case_actions.reading())
    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    cases_read(qtbot, window.cases, refresh=False)


def when_modal(kind: Any, act: Any, tries: int = 250) -> None:
    """Run ``act(dialog)`` on the next modal dialog of ``kind`` (a class, or a QMessageBox's object name)
    once it shows (it may open after a read in a job), looking every 20 ms, ``tries`` times at most."""
    import shiboken6
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    dialog = QApplication.activeModalWidget()
    found = shiboken6.isValid(dialog) and (  # an earlier dialog being deleted may still be the modal one
        isinstance(dialog, QMessageBox) and dialog.objectName() == kind
        if isinstance(kind, str)
        else isinstance(dialog, kind)
    )
    if not found or not dialog.isVisible():
        if tries:
            QTimer.singleShot(20, lambda: when_modal(kind, act, tries - 1))
        return
    act(dialog)


def scripted_questions(
    monkeypatch: Any, actions: Any, answers: Any
) -> tuple[list[tuple[str, str]], list[str]]:
    """The case actions' text questions answered from ``answers`` in turn (None: cancelled): what was asked
    ((label, value shown) each) and the store errors said, both filled as the window goes."""
    replies, asked, errors = iter(answers), [], []

    def ask(_title: str, label: str, **kwargs: Any) -> Any:
        asked.append((label, kwargs.get("value", "")))
        return next(replies)

    monkeypatch.setattr(actions, "_ask", ask)
    actions.storeError.connect(errors.append)
    return asked, errors
