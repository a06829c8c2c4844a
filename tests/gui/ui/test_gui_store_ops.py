"""Flag writes from the window run off the GUI thread: while a sync (here: another connection) holds the
cache's write lock, F must not freeze the window; the flag lands, and the table shows it, once the lock is
released."""

from __future__ import annotations

import sqlite3
import threading
import time

import shiboken6
from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import QObject, Qt, QTimer

from ows_desktop.ows.model import ticket_name
from ows_desktop.tasks.store_ops import StoreOps

pytestmark = OFFSCREEN_NOISE


def test_f_while_the_cache_is_write_locked_keeps_the_window_responsive(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() is not None and page.model.rowCount() > 2)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.focus_table()
    key = page.current_key()
    assert key is not None

    ticks: list[int] = []
    heartbeat = QTimer(window)
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()

    sync = sqlite3.connect(filled_store.path, isolation_level=None)  # stands in for a long sync transaction
    sync.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(page.table, Qt.Key.Key_F)
        assert window.store_ops.pending == 1  # the write waits for the lock, not the window
        seen = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) >= seen + 3)  # the GUI event loop keeps running
        qtbot.keyClick(page.table, Qt.Key.Key_J)  # and another key press is handled meanwhile
        assert page.current_key() not in (None, key)
        assert window.store_ops.pending == 1
        with filled_store.reader() as reader:
            assert reader.review.flag_of(key) is None
    finally:
        sync.execute("ROLLBACK")
        sync.close()
    heartbeat.stop()

    qtbot.waitUntil(lambda: window.store_ops.pending == 0)
    assert window.banner.message is None or window.banner.message.level != "error"
    with filled_store.reader() as reader:
        assert reader.review.flag_of(key) is not None
    qtbot.waitUntil(lambda: page.model.ticket_row(page.model.row_of_key(key)).flagged)
    with filled_store.reader() as reader:
        name = ticket_name(reader.ticket(key))
    assert window.statusBar().currentMessage() == f"{name} flagged for review"


def test_store_ops_report_on_the_gui_thread_in_submission_order(qtbot):
    ops = StoreOps()
    landed: list[object] = []
    failures: list[str] = []

    def slow_first() -> str:
        time.sleep(0.2)  # a write that waits a while: the later ones still land after it
        return "first"

    def fail() -> None:
        raise RuntimeError("the disk is full")

    ops.run(slow_first, succeeded=landed.append)
    ops.run(fail, succeeded=landed.append, failed=failures.append)
    ops.run(lambda: "third", succeeded=landed.append)
    qtbot.waitUntil(lambda: ops.pending == 0)
    assert landed == ["first", "third"]
    assert failures == ["the disk is full"]
    assert ops.shutdown()
    assert not ops.run(lambda: "late", succeeded=landed.append)
    ops.deleteLater()


def test_a_result_for_a_view_closed_meanwhile_is_dropped_but_the_write_lands(qtbot):
    ops = StoreOps()
    dialog = QObject()  # the view the callback would update, e.g. a mapping dialog closed meanwhile
    release = threading.Event()
    written: list[str] = []
    landed: list[object] = []

    def write() -> str:
        release.wait(10)
        written.append("saved")
        return "saved"

    ops.run(write, owner=dialog, succeeded=landed.append)
    shiboken6.delete(dialog)
    release.set()
    qtbot.waitUntil(lambda: ops.pending == 0)
    assert written == ["saved"]
    assert landed == []
    assert ops.shutdown()
    ops.deleteLater()
