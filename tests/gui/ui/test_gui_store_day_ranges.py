"""With times shown in each store's time, every time filter means each store's own calendar days, the days
its rows read (test_gui_store_days.py: Yesterday):

- a custom range "2026-11-23 to 2026-11-23" is that date at every store (it was this workstation's day, so a
  store at UTC+10:00 had ten hours of the 24th listed);
- the Exceptions tab counts its chosen days the same way, and a click on a count lists exactly the tickets
  it counted (the click sent this workstation's days);
- Today is each store's own today, the date its clock reads now: at 02:00 UTC a store at UTC−05:00 is still
  on the 24th (Today came from this workstation's calendar, the 25th, and listed nothing of that store's
  evening). The line above the list names each store's date when they differ.

On the SQLite cache and on a PostgreSQL team store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from gui_support import OFFSCREEN_NOISE, click_to_receipts, make_services, offline_window
from PySide6.QtCore import QDate
from review_helpers import tk

from ows_desktop.itemmodels.exceptions import COL_EXCEPTIONS, COL_NAME
from ows_desktop.itemmodels.ticket_columns import COL_TIME
from ows_desktop.rules import RuleRunner
from ows_desktop.store.query import StoreDays, StoreDaysAgo

pytestmark = [OFFSCREEN_NOISE, pytest.mark.both_backends]

DAY = date(2026, 11, 23)
# key → (store, operator, UTC time, the offset its POS writes; None: a store whose zone is not known)
TICKETS = {
    "a1": ("S058", "Ana", "2026-11-24T02:58", -300),  # 21:58 on the 23rd at S058
    "a2": ("S058", "Ana", "2026-11-23T02:00", -300),  # 21:00 on the 22nd
    "a3": ("S058", "Ana", "2026-11-23T17:00", -300),
    "a4": ("S058", "Ana", "2026-11-23T03:00", -300),  # 22:00 on the 22nd
    "b1": ("S101", "Ben", "2026-11-22T14:10", 600),  # 00:10 on the 23rd at S101
    "b2": ("S101", "Ben", "2026-11-23T14:05", 600),  # 00:05 on the 24th
    "b3": ("S101", "Ben", "2026-11-23T10:00", 600),
    "b4": ("S101", "Ben", "2026-11-23T15:00", 600),  # 01:00 on the 24th
    "c1": ("S777", "Cy", "2026-11-23T00:30", None),
}
ON_THE_DAY = {"a1", "a3", "b1", "b3", "c1"}  # as each store's rows read (UTC's 23rd: a2 a3 a4 b2 b3 b4 c1)


def stored(store, tickets) -> None:
    """No-sales (the no-sale rule's exceptions), stored and ranked."""
    store.upsert_tickets(
        [
            tk(key, start=datetime.fromisoformat(at).replace(tzinfo=UTC), location=location, operator=operator,
               status="no_sale", lines=(), offset_minutes=offset)
            for key, (location, operator, at, offset) in tickets.items()
        ]
    )  # fmt: skip
    RuleRunner.from_settings({"rules/outside_hours/enabled": False}).run_all(store)


def listed(page) -> dict[str, str]:
    """The list's rows: ticket key → the Time cell's text."""
    assert not page.model.has_more()
    return {
        page.model.ticket_row(row).key: page.model.index(row, COL_TIME).data()
        for row in range(page.model.rowCount())
    }


def test_a_custom_range_and_an_exceptions_count_are_each_stores_days(qtbot, paths, store):
    stored(store, TICKETS)
    window = offline_window(qtbot, make_services(paths, store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() == len(TICKETS))

    bar = page.filter_bar  # Custom range…, from the 23rd to the 23rd
    bar.date_from.setDate(QDate(2026, 11, 23))
    bar.date_to.setDate(QDate(2026, 11, 23))
    with qtbot.waitSignal(page.model.queryChanged):
        bar.time_combo.setCurrentIndex(bar.time_combo.findData("custom"))
    rows = listed(page)
    assert set(rows) == ON_THE_DAY and all(text.startswith("2026-11-23 ") for text in rows.values()), rows
    assert page.model.query.store_days == StoreDays(DAY, DAY) and page.model.query.start is None
    span = "2026-11-23 00:00 to 2026-11-24 00:00 in each store's time"
    assert page.range_label.isVisible() and page.range_label.full_text() == f"Chosen days: {span}"
    assert window.export.selection("filter").description == f"2026-11-23 to 2026-11-23 ({span})"

    view = window.exceptions  # the 23rd's counts, one a store
    window.tabs.setCurrentWidget(view)
    view.from_edit.setDate(QDate(2026, 11, 23))
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.to_edit.setDate(QDate(2026, 11, 23))
    assert view.to_edit.toolTip() == "Last day (inclusive), in each store's own time"
    proxy = view.table.model()
    counts = {
        proxy.index(r, COL_NAME).data(): int(proxy.index(r, COL_EXCEPTIONS).data())
        for r in range(proxy.rowCount())
    }
    ana, ben = "S058 · Ana (no employee ID)", "S101 · Ben (no employee ID)"  # tickets without an ID: by store
    assert counts == {
        ana: 2,
        ben: 2,
        "S777 · Cy (no employee ID)": 1,
    }  # a1 and a3; b1 and b3; c1 (UTC days: 3, 3, 1)
    for name, expected in ((ana, {"a1", "a3"}), (ben, {"b1", "b3"})):
        window.tabs.setCurrentWidget(view)
        row = next(r for r in range(proxy.rowCount()) if proxy.index(r, COL_NAME).data() == name)
        page = click_to_receipts(qtbot, window, view.table, proxy.index(row, COL_EXCEPTIONS))
        rows = listed(page)
        assert set(rows) == expected and page.total() == counts[name], name  # what was counted
        assert all(text.startswith("2026-11-23 ") for text in rows.values()), rows
        assert page.range_label.full_text() == f"Chosen days: {span}"


def test_today_is_each_stores_own_today(qtbot, paths, store):
    """A workstation at 02:00 UTC on the 25th: S058 (UTC−05:00) is at 21:00 on the 24th, S101 (UTC+10:00) at
    12:00 on the 25th, S777 (zone not known: UTC, as its rows show) on the 25th."""
    stored(store, {
        "a-today": ("S058", "Ana", "2026-11-25T01:00", -300),  # 20:00 on the 24th at S058
        "a-morning": ("S058", "Ana", "2026-11-24T15:00", -300),
        "a-before": ("S058", "Ana", "2026-11-24T03:00", -300),  # 22:00 on the 23rd
        "b-today": ("S101", "Ben", "2026-11-24T23:00", 600),  # 09:00 on the 25th at S101
        "b-before": ("S101", "Ben", "2026-11-24T10:00", 600),  # 20:00 on the 24th
        "c-today": ("S777", "Cy", "2026-11-25T00:30", None),
        "c-before": ("S777", "Cy", "2026-11-24T23:00", None),
    })  # fmt: skip
    now = datetime(2026, 11, 25, 2, 0, 31, tzinfo=UTC)
    window = offline_window(qtbot, replace(make_services(paths, store), now=lambda: now))
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() == 7)
    combo = page.filter_bar.time_combo
    with qtbot.waitSignal(page.model.queryChanged):
        combo.setCurrentIndex(combo.findData("today"))
    rows = listed(page)
    assert set(rows) == {"a-today", "a-morning", "b-today", "c-today"}, rows
    assert rows["a-today"] == "2026-11-24 20:00:00 −05:00" and rows["b-today"] == "2026-11-25 09:00:00 +10:00"
    assert page.model.query.store_days == StoreDaysAgo(now.replace(second=0), 0, 0)
    today = "2026-11-24 at UTC−05:00; 2026-11-25 at UTC, UTC+10:00"
    assert page.range_label.full_text() == (
        f"Today: {today} — counted back from each store's own today, in its time"
    )
    assert "Counted back from each store's own today: the date its clock reads now." in combo.toolTip()
    with qtbot.waitSignal(page.model.queryChanged):
        combo.setCurrentIndex(combo.findData("yesterday"))
    assert set(listed(page)) == {"a-before", "b-before", "c-before"}
    store_combo = page.filter_bar.pickers["location"]  # one store: its own dates, plainly
    with qtbot.waitSignal(page.model.queryChanged):
        store_combo.setCurrentIndex(store_combo.findData("S058"))
    assert set(listed(page)) == {"a-before"}
    assert (
        page.range_label.full_text() == "Yesterday: 2026-11-23 00:00 to 2026-11-24 00:00 in each store's time"
    )


def test_the_sort_line_says_the_order_is_the_moment_when_the_rows_show_stores_in_several_zones(
    qtbot, paths, store
):
    """A tester read "19:12 −08:00, 19:02 −06:00, 16:56 −08:00" under "sorted by time, newest first" as
    unsorted: the list runs by the moment of sale, each row in its own store's clock. With stores in two zones
    the line says so; in this workstation's time (one clock for every row) it does not need to."""
    from gui_support import choose_time_zone

    stored(store, TICKETS)
    window = offline_window(qtbot, make_services(paths, store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() == len(TICKETS))
    said = "sorted by time, newest first · in the order they happened, each row in its store's clock"
    qtbot.waitUntil(lambda: page.sort_label.full_text() == said)
    choose_time_zone(qtbot, window, "This workstation's time")
    qtbot.waitUntil(lambda: page.sort_label.full_text() == "sorted by time, newest first")


def test_the_exceptions_tab_ends_on_the_stores_today_not_this_workstations(qtbot, paths, store):
    """The Exceptions tab's default last day is the Receipts tab's Today's: at 02:00 UTC on the 25th this
    workstation (UTC) is on the 25th, but S058 (UTC−05:00) is at 21:00 on the 24th — its manager's today, so
    the tab's days end on the 24th (it ended on this workstation's date, the 25th); in this workstation's time,
    on the 25th. With S101 (UTC+10:00, on the 25th) too, on the 25th: every store's today is in."""
    from gui_support import choose_time_zone

    stored(store, {"a-today": ("S058", "Ana", "2026-11-25T01:00", -300)})  # 20:00 on the 24th at S058
    now = datetime(2026, 11, 25, 2, 0, 31, tzinfo=UTC)
    window = offline_window(qtbot, replace(make_services(paths, store), now=lambda: now))
    page, view = window.receipts, window.exceptions
    qtbot.waitUntil(lambda: page.total() == 1)
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.days() == (date(2026, 10, 26), date(2026, 11, 24))  # 30 days, S058's today last
    assert view.store_days() == StoreDays(date(2026, 10, 26), date(2026, 11, 24))
    combo = page.filter_bar.time_combo  # the same day the Receipts tab's Today keeps there
    with qtbot.waitSignal(page.model.queryChanged):
        combo.setCurrentIndex(combo.findData("today"))
    assert page.range_label.full_text() == (
        "Today: 2026-11-24 00:00 to 2026-11-25 00:00 in each store's time"
    )

    choose_time_zone(qtbot, window, "This workstation's time")
    assert view.days() == (date(2026, 10, 27), date(2026, 11, 25)) and view.store_days() is None
    choose_time_zone(qtbot, window, "Store time")
    assert view.days()[1] == date(2026, 11, 24)

    stored(store, {"b-today": ("S101", "Ben", "2026-11-24T23:00", 600)})  # 09:00 on the 25th at S101
    page.reload_choices()  # the stores the Receipts tab's Today reads
    view.refresh()
    assert view.days()[1] == date(2026, 11, 25)

    view.to_edit.setDate(QDate(2026, 11, 20))  # chosen: kept
    view.refresh()
    assert view.days() == (date(2026, 10, 27), date(2026, 11, 20))
