"""The Exceptions tab is current after every sync and every flag/review change, without pressing Refresh
(#10: it stayed empty after the first sync)."""

from __future__ import annotations

from gui_support import (
    OFFSCREEN_NOISE,
    connected_services,
    open_window,
    wait_connected,
)
from PySide6.QtCore import QDate

from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE


def test_the_exceptions_tab_follows_syncs_and_flags(qtbot, paths, store, sim):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    view = window.exceptions
    window.tabs.setCurrentWidget(view)
    view.from_edit.setDate(QDate(2026, 11, 19))
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.to_edit.setDate(QDate(2026, 11, 23))
    assert view.model.rowCount() == 0  # nothing synced yet
    window.sync_bar.set_sync_range(SyncRange("custom", "2026-11-19T00:00:00", "2026-11-24T00:00:00"))
    with qtbot.waitSignal(window.syncFinished, timeout=30_000):
        window.start_sync()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)  # no Refresh pressed
    window.tabs.setCurrentWidget(window.receipts)
    window.receipts.select_row(0)
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        window.flag_action.trigger()  # a flag change re-reads the ranking too


def test_a_window_opened_without_a_sync_ranks_when_the_tab_is_first_opened(qtbot, paths, filled_store):
    """The tab was ranked only after a sync, a flag or a rules run: a window opened on a filled cache
    without syncing (offline, or a team store's manager, whom the sync service syncs for) showed it empty,
    without even a line saying why."""
    from gui_support import make_services

    from ows_desktop.rules import RuleConfig, RuleRunner

    RuleRunner(RuleConfig()).run_all(filled_store)  # what an earlier session's sync found
    window = open_window(qtbot, make_services(paths, filled_store))
    view = window.exceptions
    assert view.status.text() == ""  # nothing asked of the store while the tab is hidden
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.status.text() not in ("", "Loading…"))
    assert view.model.rowCount() > 0 and "with an exception: most unusual" in view.status.text()
    window.tabs.setCurrentWidget(window.receipts)
