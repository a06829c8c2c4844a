"""Every preset of both date pickers works from the window: the receipt filter's time picker narrows the
table to that range, and the sync bar's Sync starts a sync of that range (#10: "Last 7 days" raised a
TypeError, so the filter silently did nothing and Sync did not start)."""

from __future__ import annotations

from datetime import date

import pytest
from gui_support import NOW, OFFSCREEN_NOISE, connected_services, open_window, wait_connected
from PySide6 import QtGui
from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from ows_desktop.store.query import StoreDays, StoreDaysAgo
from ows_desktop.ui.filter_state import preset_back

pytestmark = OFFSCREEN_NOISE


@pytest.mark.parametrize("preset", ["today", "yesterday", "last7", "custom", "any"])
def test_every_time_filter_preset_narrows_the_table(qtbot, browsing, preset):
    page = browsing.receipts
    combo = page.filter_bar.time_combo
    if preset == "any":  # start elsewhere so that choosing "Any time" is a change
        with qtbot.waitSignal(page.model.queryChanged):
            combo.setCurrentIndex(combo.findData("today"))
    if preset == "custom":
        page.filter_bar.date_from.setDate(QDate(2026, 11, 20))
        page.filter_bar.date_to.setDate(QDate(2026, 11, 20))
    with qtbot.waitSignal(page.model.queryChanged, timeout=3000):
        combo.setCurrentIndex(combo.findData(preset))
    query = page.model.query
    assert query.start is None and query.end is None
    # the days each store's calendar reads (the rows show the store's time; test_gui_store_day_ranges.py): a
    # custom range's dates, a quick range counted back from each store's today
    back = preset_back(preset)
    expected = StoreDays(date(2026, 11, 20), date(2026, 11, 20)) if preset == "custom" else None
    assert query.store_days == (StoreDaysAgo(NOW, *back) if back else expected)
    qtbot.waitUntil(lambda: page.total() is not None)
    label = combo.currentText().lower()
    if preset in ("today", "yesterday"):  # the simulated tickets are older
        assert page.total() == 0 and label in page.empty.title.text().lower()
    elif preset == "last7":
        assert page.total() > 0  # NOW is 2 days after the simulated tickets
    else:
        assert page.total() > 0


@pytest.mark.parametrize("preset", ["today", "yesterday", "last7", "custom"])
def test_every_sync_preset_starts_a_sync_of_that_range(qtbot, paths, store, sim, preset):
    window = open_window(qtbot, connected_services(paths, store, sim))
    wait_connected(qtbot, window)
    bar = window.sync_bar
    bar.preset_combo.setCurrentIndex(bar.preset_combo.findData(preset))
    if preset == "custom":
        bar.start_edit.setDateTime(QDateTime(QDate(2026, 11, 20), QTime(0, 0)))
        bar.end_edit.setDateTime(QDateTime(QDate(2026, 11, 21), QTime(0, 0)))
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
        qtbot.mouseClick(bar.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["succeeded"]
    assert "tickets" in bar.detail.full_text()


def test_a_narrow_window_ends_the_sync_line_in_an_ellipsis_with_the_whole_line_in_its_tooltip(
    qtbot, browsing
):
    """At 1024 px, or on a 1366 px laptop at 150 %, "Done: 3840 tickets (3840 new) in 0.4 s · 97 pag" was cut
    off at the window's edge mid-word."""
    browsing.resize(800, 700)  # the window's narrowest: its filter bar wraps to two rows
    line = (
        "Done: 38,400 tickets (38,400 new) in 40.2 s · 970 pages · 955 tickets/s · windows of 6 h · 4 cursors"
    )
    detail = browsing.sync_bar.detail
    detail.setText(line)
    qtbot.waitUntil(lambda: detail.text() != line)
    assert detail.text().endswith("…") and line.startswith(detail.text()[:-1])
    assert detail.full_text() == line and detail.toolTip() == QtGui.Qt.convertFromPlainText(line)
    assert detail.fontMetrics().horizontalAdvance(detail.text()) <= detail.contentsRect().width()
