"""The team store's server stops under the open window (``pg_ctl stop -m fast``) and the person goes on working:
Ctrl+F, a search and Enter, ↓, F, Ctrl+4 (a tester's report: each of these waited 10 s on the GUI thread for a
connection attempt, the window stopped answering for 10-30 s at a time, then the table emptied to "No tickets
match …" under a red "could not be read" banner, and after the server was back nothing was read again until a
new search, the status still "Ticket cache unavailable").

Now, while the server is away, the GUI thread makes no connection attempt, borrows no connection and runs no
statement (a spy records the thread of each); the rows shown stay, under the amber banner that says they may
be out of date; and once the server is back the window reconnects by itself, runs the search typed meanwhile,
reads the receipt and the status bar again and clears the banner, without any input. Real throwaway cluster
(tests/pg_cluster.py)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, fill_store, make_services, receipts_window
from network_spy import NetworkSpy
from pg_cluster import Cluster
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ows_desktop.store.url import open_store_url

pytestmark = OFFSCREEN_NOISE
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
DROPPED = "The connection to the team store dropped. Reconnecting…"
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


def test_while_the_team_store_is_away_the_window_answers_keeps_its_rows_and_comes_back_by_itself(
    qtbot: Any, paths: Any, pg_cluster: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as seed:
        fill_store(seed)
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    try:
        window = receipts_window(qtbot, make_services(paths, store))
        window.banner.clear()  # "Not connected to OWS.": this test is about the store
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        page, status = window.receipts, window.cache_label
        page.focus_table()
        qtbot.waitUntil(lambda: "Total" in page.receipt.text())
        qtbot.waitUntil(lambda: "in the team store" in status.text())
        shown = [page.model.rowid(r) for r in range(page.model.rowCount())]
        spy = NetworkSpy(monkeypatch)
        try:
            pg_cluster.stop()
            qtbot.waitUntil(lambda: window.banner.title_text() == DROPPED, timeout=30_000)
            spy.on = True
            qtbot.keyClick(window, Qt.Key.Key_F, CTRL)  # Edit ▸ Find
            qtbot.keyClicks(QApplication.focusWidget(), "chocolate")
            press(qtbot, Qt.Key.Key_Return)  # the search cannot run: the rows shown stay
            assert [page.model.rowid(r) for r in range(page.model.rowCount())] == shown
            assert page.table_stack.currentWidget() is page.table  # not "No tickets match …"
            page.focus_table()
            press(qtbot, Qt.Key.Key_Down)
            press(qtbot, Qt.Key.Key_F)  # flag the receipt shown: its flag cannot be read, nothing changes
            assert "could not be read" in window.statusBar().currentMessage()
            press(qtbot, Qt.Key.Key_E, CTRL)  # File ▸ Export evidence…: nothing to count the choices with
            assert "cannot start" in window.statusBar().currentMessage()
            press(qtbot, Qt.Key.Key_End)  # the table's end: more rows asked for
            press(qtbot, Qt.Key.Key_4, CTRL)  # Cases: its list is read in a job, which fails
            assert window.tabs.currentWidget() is window.cases
            qtbot.waitUntil(lambda: not window.cases.reading(), timeout=30_000)
            press(qtbot, Qt.Key.Key_1, CTRL)
            window.sync.refresh_stats()  # the status bar's figures, read in a job: unavailable now
            qtbot.waitUntil(lambda: status.text() == "Ticket cache unavailable", timeout=30_000)

            assert spy.made_by(threading.main_thread()) == []  # the GUI thread never waited on the network
            assert [page.model.rowid(r) for r in range(page.model.rowCount())] == shown  # the rows stay
            assert page.table_stack.currentWidget() is page.table  # not "No tickets match …"
            assert window.banner.title_text() == DROPPED  # amber, not a red "could not be read"
            assert "may be out of date" in window.banner.detail_text()
        finally:
            pg_cluster.start()
        spy.on = False
        # no input from here on: the window reconnects, reads what it shows again and says so
        qtbot.waitUntil(lambda: window.banner.message is None, timeout=30_000)
        qtbot.waitUntil(lambda: page.model.query.text == "chocolate")  # the search typed meanwhile runs
        qtbot.waitUntil(lambda: "in the team store" in status.text())
        qtbot.waitUntil(lambda: "Total" in page.receipt.text())
        assert page.model.rowCount() > 0
        window.close()
    finally:
        store.close()
