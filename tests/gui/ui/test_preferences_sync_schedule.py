"""Preferences ▸ Sync ▸ Sync on its own every N minutes (#18): while the window is open it starts the same
sync as the Sync button, one at a time, and 0 turns it off. A "minute" is shortened for the test."""

from __future__ import annotations

from itertools import pairwise

from gui_support import OFFSCREEN_NOISE, connected_services, open_window, wait_connected
from PySide6.QtCore import Qt

from ows_desktop.store import TicketQuery
from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE


def set_schedule(qtbot, window, minutes: int) -> None:
    """Edit ▸ Preferences… ▸ Sync ▸ Sync on its own every: ``minutes``, typed, then OK."""
    dialog = window.preferences.open()
    dialog.show_page("Sync")
    spin = dialog.pages["Sync"].fields.editors["sync/every_minutes"]
    assert spin.accessibleName() == "Sync on its own every"
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(minutes))
    qtbot.mouseClick(dialog.button_box.button(dialog.button_box.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_window_syncs_on_its_own_on_the_schedule_and_stops_at_zero(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SyncRange("last7"))
    running: list[bool] = []
    finished: list[str] = []
    window.sync.runningChanged.connect(running.append)
    window.syncFinished.connect(finished.append)
    assert not window.sync.schedule.isActive()  # off by default

    window.sync.minute_ms = 20  # one "minute" of the schedule, for the test
    set_schedule(qtbot, window, 1)
    qtbot.waitUntil(lambda: len(finished) >= 2, timeout=60_000)  # two syncs, nobody pressed Sync
    assert set(finished) == {"succeeded"}
    assert running[0] is True  # one at a time: a tick during a sync is skipped (never True, True)
    assert all(before != after for before, after in pairwise(running))
    with store.reader() as reader:
        assert reader.count(TicketQuery()) > 0

    set_schedule(qtbot, window, 0)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30_000)
    assert not window.sync.schedule.isActive()
