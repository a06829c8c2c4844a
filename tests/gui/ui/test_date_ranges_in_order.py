"""A range's last day never shows before its first, in the Receipts custom range, the Exceptions tab and the
sync bar alike: moving one end past the other moves the other end to it (the field being typed in is never
changed under the keys). The Receipts fields kept "2026-12-09 – 2026-12-07" while the line above the list
said 12-07 → 12-10 (e08c), the Exceptions tab counted From 2026-12-10 to 2026-12-07 with no line saying which
span (s26), and the sync bar refused the same range (e09)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import QDate, QDateTime, QTime

from ows_desktop.ui.filter_state import FilterState

pytestmark = OFFSCREEN_NOISE


def said(page, start: str, end: str) -> bool:
    """The line above the list says the span from ``start`` 00:00 to ``end`` 00:00 (whatever zone it names)."""
    return re.search(f"{start} 00:00[^,]* to {end} 00:00", page.range_label.full_text()) is not None


def test_the_receipts_range_keeps_its_days_in_order_and_the_span_line_agrees(qtbot, browsing) -> None:
    page = browsing.receipts
    bar = page.filter_bar
    applied: list[FilterState] = []
    bar.changed.connect(applied.append)
    bar.time_combo.setCurrentIndex(bar.time_combo.findData("custom"))
    bar.date_from.setDate(QDate(2026, 12, 5))
    bar.date_to.setDate(QDate(2026, 12, 7))
    bar.date_from.setDate(QDate(2026, 12, 9))  # past the last day: the last day follows
    assert (bar.date_from.date(), bar.date_to.date()) == (QDate(2026, 12, 9), QDate(2026, 12, 9))
    assert (page.filters().date_from, page.filters().date_to) == ("2026-12-09", "2026-12-09")
    assert said(page, "2026-12-09", "2026-12-10")
    bar.date_to.setDate(QDate(2026, 12, 3))  # before the first day: the first day follows
    assert (bar.date_from.date(), bar.date_to.date()) == (QDate(2026, 12, 3), QDate(2026, 12, 3))
    assert said(page, "2026-12-03", "2026-12-04")
    custom = [s for s in applied if s.time_preset == "custom" and s.date_from and s.date_to]
    assert custom and all(s.date_from <= s.date_to for s in custom)  # never applied reversed, not even once
    # a range saved reversed (an older version's settings) shows in the order it is applied
    bar.set_state(FilterState(time_preset="custom", date_from="2026-12-10", date_to="2026-12-07"))
    assert (bar.date_from.date(), bar.date_to.date()) == (QDate(2026, 12, 7), QDate(2026, 12, 10))
    assert said(page, "2026-12-07", "2026-12-11")


def test_the_exceptions_tab_counts_only_days_in_order(qtbot) -> None:
    from ows_desktop.rules import Ranking
    from ows_desktop.ui.exceptions_view import ExceptionsView

    asked: list[tuple[datetime, datetime]] = []

    def loader(start, end, by):
        asked.append((start, end))
        return Ranking(by, start, end, (), ())

    view = ExceptionsView(loader, tz=UTC, today=date(2026, 12, 7))
    qtbot.addWidget(view)
    view.from_edit.setDate(QDate(2026, 12, 10))  # after To: To follows
    assert view.to_edit.date() == QDate(2026, 12, 10)
    assert asked[-1] == (datetime(2026, 12, 10, tzinfo=UTC), datetime(2026, 12, 11, tzinfo=UTC))
    assert all(start < end for start, end in asked)
    view.to_edit.setDate(QDate(2026, 12, 1))
    assert view.from_edit.date() == QDate(2026, 12, 1)


def test_the_sync_bar_keeps_its_start_before_its_end(qtbot) -> None:
    from ows_desktop.ui.sync_bar import SyncBar

    bar = SyncBar()
    qtbot.addWidget(bar)
    bar.start_edit.setDateTime(QDateTime(QDate(2026, 12, 5), QTime(5, 36)))
    bar.end_edit.setDateTime(QDateTime(QDate(2026, 12, 7), QTime(5, 36)))
    bar.start_edit.setDateTime(QDateTime(QDate(2026, 12, 8), QTime(5, 36)))
    assert bar.end_edit.dateTime() == QDateTime(QDate(2026, 12, 8), QTime(5, 36))
    bar.end_edit.setDateTime(QDateTime(QDate(2026, 12, 1), QTime(0, 0)))
    assert bar.start_edit.dateTime() == QDateTime(QDate(2026, 12, 1), QTime(0, 0))


@pytest.mark.parametrize("typed", ["2026-12-09"])
def test_typing_the_first_day_moves_only_the_other_field(qtbot, typed) -> None:
    """Keys typed into From are never undone under the cursor: only To moves."""
    from PySide6.QtCore import Qt

    from ows_desktop.ui.filters import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.time_combo.setCurrentIndex(bar.time_combo.findData("custom"))
    bar.date_from.setDate(QDate(2026, 12, 5))
    bar.date_to.setDate(QDate(2026, 12, 7))
    edit = bar.date_from
    edit.setFocus()
    edit.setSelectedSection(edit.Section.DaySection)
    qtbot.keyClicks(edit, typed[-2:])
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert bar.date_from.date() == QDate(2026, 12, 9) and bar.date_to.date() == QDate(2026, 12, 9)
