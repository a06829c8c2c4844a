"""A first sync of "Today" against a server whose data is older says that Today holds no tickets and
offers a wider range, which then syncs the data (#10: the window just showed an empty table)."""

from __future__ import annotations

from gui_support import (
    OFFSCREEN_NOISE,
    connected_services,
    open_window,
    wait_connected,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from ows_desktop.store import TicketQuery
from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE


def test_an_empty_today_says_so_and_offers_the_last_7_days(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SyncRange("today"))  # the simulated tickets are from days before
    with qtbot.waitSignal(window.syncFinished, timeout=30_000):
        qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
    assert window.banner.title_text() == "Today holds no tickets."
    button = next(b for b in window.banner.findChildren(QPushButton) if b.text() == "Sync the last 7 days")
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert done.args == ["succeeded"]
    assert window.sync_bar.sync_range().preset == "last7"
    with store.reader() as reader:
        assert reader.count(TicketQuery()) == sim.generator.count()
    assert window.banner.message is None or "holds no tickets" not in window.banner.title_text()


def test_a_sync_that_succeeds_clears_what_an_earlier_sync_warned(qtbot, paths, store, sim):
    """The banner kept "Nothing to sync in that range" (a backwards custom range) after a good sync."""
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SyncRange("custom", "2026-03-05T10:00", "2026-03-01T10:00"))
    qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
    assert window.banner.title_text() == "Nothing to sync in that range."
    window.sync_bar.set_sync_range(SyncRange("last7"))
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as done:
        qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
    assert done.args == ["succeeded"]
    assert window.banner.message is None
