"""A first sync of "Today" against a server whose data is older says that Today holds no tickets and
offers a wider range, which then syncs the data (#10: the window just showed an empty table). A range that
already holds the last 7 days is never offered them again: it points to a custom range."""

from __future__ import annotations

from datetime import timedelta

from gui_support import (
    KEY,
    NOW,
    OFFSCREEN_NOISE,
    SECRET,
    connected_services,
    open_window,
    small_config,
    wait_connected,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from ows_desktop.simulator import FakeOws
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


def banner_buttons(window) -> list[str]:
    return [b.text() for b in window.banner.findChildren(QPushButton) if not b.isHidden()]


def test_an_empty_last_7_days_points_to_a_custom_range_not_to_the_last_7_days_again(qtbot, paths, store):
    """Today held nothing, "Sync the last 7 days" held nothing either, and the banner offered "Sync the last 7
    days" again, its text telling to sync them."""
    month_old = small_config(start=NOW - timedelta(days=30))  # OWS holds tickets of a month ago only
    with FakeOws(month_old, key=KEY, secret=SECRET, empty_page_rate=0.0) as server:
        window = open_window(qtbot, connected_services(paths, store, server))
        wait_connected(qtbot, window)
        window.sync_bar.set_sync_range(SyncRange("today"))
        with qtbot.waitSignal(window.syncFinished, timeout=30_000):
            qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
        assert banner_buttons(window) == ["Sync the last 7 days"]
        assert "Sync the last 7 days, or choose a Custom range…" in window.banner.detail_text()
        (wider,) = [b for b in window.banner.findChildren(QPushButton) if b.text() == "Sync the last 7 days"]
        with qtbot.waitSignal(window.syncFinished, timeout=30_000) as done:
            qtbot.mouseClick(wider, Qt.MouseButton.LeftButton)
        assert done.args == ["succeeded"]
        qtbot.waitUntil(lambda: banner_buttons(window) == ["Choose a custom range…"])
        assert window.banner.title_text() == "Last 7 days holds no tickets."
        assert window.banner.detail_text() == (
            "OWS has no ticket received in that range. Choose a Custom range… in the sync bar with the days "
            "OWS holds (ows-desktop fake-server prints the dates its data covers)."
        )
        (custom,) = [b for b in window.banner.findChildren(QPushButton) if not b.isHidden()]
        qtbot.mouseClick(custom, Qt.MouseButton.LeftButton)
        assert window.sync_bar.sync_range().preset == "custom" and window.sync_bar.start_edit.isVisible()
        assert window.banner.message is None
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sync_bar.start_edit)  # type the start


def test_a_custom_range_holding_the_last_7_days_is_not_offered_them(qtbot, paths, store):
    month_old = small_config(start=NOW - timedelta(days=30))
    with FakeOws(month_old, key=KEY, secret=SECRET, empty_page_rate=0.0) as server:
        window = open_window(qtbot, connected_services(paths, store, server))
        wait_connected(qtbot, window)
        window.sync_bar.set_sync_range(SyncRange("custom", "2026-11-10T00:00", "2026-11-24T12:00"))
        with qtbot.waitSignal(window.syncFinished, timeout=30_000):
            qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
        assert window.banner.title_text() == "That range holds no tickets."
        assert banner_buttons(window) == ["Choose a custom range…"]
        window.sync_bar.set_sync_range(SyncRange("custom", "2026-11-01T00:00", "2026-11-05T00:00"))
        with qtbot.waitSignal(window.syncFinished, timeout=30_000):  # days before the last 7: offered them
            qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: banner_buttons(window) == ["Sync the last 7 days"])
