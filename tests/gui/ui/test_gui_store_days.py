"""Yesterday is the day the rows read: with times shown in the store's time, each store's own calendar day
(a store at UTC−05:00 and one at UTC+10:00 are different spans of UTC time), with this workstation's time,
this workstation's day; the exact span is shown next to the list and in the time filter's tooltip, and an
export of the list runs the same query.

A tester on a UTC workstation chose Yesterday with store S058 (UTC−05:00): the list held a ticket of
2026-12-05 19:51 −05:00 and left out one of 2026-12-06 21:58 −05:00, five hours of the wrong day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from gui_support import NOW, OFFSCREEN_NOISE, choose_time_zone, make_services, offline_window
from PySide6.QtCore import Qt

from ows_desktop.itemmodels.ticket_columns import COL_TIME
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store.query import StoreDaysAgo

pytestmark = OFFSCREEN_NOISE

YESTERDAY = (NOW - timedelta(days=1)).date()  # the tests' clock: 2026-11-24 12:00 UTC, this workstation UTC
# key → (store, start as its POS wrote it; no offset: a store whose zone is not known, shown in UTC)
TICKETS = {
    "a1": ("S058", "2026-11-22T19:51:35-05:00"),  # 00:51 UTC on the 23rd: the 22nd at the store
    "a2": ("S058", "2026-11-23T21:58:00-05:00"),  # 02:58 UTC on the 24th: the 23rd at the store
    "a3": ("S058", "2026-11-23T12:00:00-05:00"),
    "b1": ("S101", "2026-11-23T00:10:00+10:00"),  # 14:10 UTC on the 22nd: the 23rd at the store
    "b2": ("S101", "2026-11-24T00:05:00+10:00"),  # 14:05 UTC on the 23rd: the 24th at the store
    "c1": ("S777", "2026-11-23T00:30:00"),
    "c2": ("S777", "2026-11-22T23:30:00"),
}


def ticket(key: str, location: str, written: str) -> Ticket:
    start = datetime.fromisoformat(written)
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    return Ticket(
        key=key, id=key, location=location, terminal="POS 1", start=start, persisted=start, total=4.5,
        status="sale", lines=(LineItem(description="Coffee", sku="C1"),), raw={"id": key, "startDate": written},
    )  # fmt: skip


def listed(page) -> dict[str, str]:
    """The list's rows: ticket key → the Time cell's text."""
    assert not page.model.has_more()
    return {
        page.model.ticket_row(row).key: page.model.index(row, COL_TIME).data()
        for row in range(page.model.rowCount())
    }


# a combo box's list, clicked: Qt's offscreen platform cannot raise it or grab the keyboard for it
@pytest.mark.qt_log_ignore("This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)")
def test_yesterday_lists_the_day_each_row_reads_and_says_which_span_it_is(qtbot, paths, store):
    assert date(2026, 11, 23) == YESTERDAY
    store.upsert_tickets([ticket(key, *where) for key, where in TICKETS.items()])
    window = offline_window(qtbot, make_services(paths, store))
    page = window.receipts
    qtbot.waitUntil(lambda: page.total() == len(TICKETS))
    assert not page.range_label.isVisible()  # any time: no span to say

    combo = page.filter_bar.time_combo
    with qtbot.waitSignal(page.model.queryChanged):  # click Yesterday in its list (store time: the default)
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible)
        item = view.visualRect(view.model().index(combo.findData("yesterday"), 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=item.center())
    assert combo.currentText() == "Yesterday"
    rows = listed(page)
    assert set(rows) == {"a2", "a3", "b1", "c1"}
    assert rows["a2"] == "2026-11-23 21:58:00 −05:00" and rows["b1"] == "2026-11-23 00:10:00 +10:00"
    assert all(text.startswith("2026-11-23 ") for text in rows.values())  # the day every row reads
    qtbot.waitUntil(lambda: page.total() == 4)
    span = "2026-11-23 00:00 to 2026-11-24 00:00 in each store's time"
    assert page.range_label.isVisible() and page.range_label.full_text() == f"Yesterday: {span}"
    assert combo.toolTip() == (
        f"Only tickets that started in this period.\nYesterday: {span}\n"
        "Counted back from each store's own today: the date its clock reads now.\n"
        "A store whose time zone is not known: its UTC day, as its rows show."
    )
    assert page.model.query.store_days == StoreDaysAgo(NOW, 1, 1)  # every store is on the 24th at 12:00 UTC
    # the export of the list runs the very query listed, and names its span
    chosen = window.export.selection("filter")
    assert chosen.query.store_days == page.model.query.store_days and chosen.query.start is None
    assert chosen.description == f"yesterday ({span})"

    # the store picker too: S058's day is 05:00 UTC to 05:00 UTC
    store_combo = page.filter_bar.pickers["location"]
    with qtbot.waitSignal(page.model.queryChanged):
        store_combo.setCurrentIndex(store_combo.findData("S058"))
    assert set(listed(page)) == {"a2", "a3"}
    with qtbot.waitSignal(page.model.queryChanged):
        store_combo.setCurrentIndex(0)

    # times shown in this workstation's time (UTC here): Yesterday is this workstation's day
    with qtbot.waitSignal(page.model.queryChanged):
        choose_time_zone(qtbot, window, "This workstation's time")
    rows = listed(page)
    assert set(rows) == {"a1", "a3", "b2", "c1"}
    assert rows["a1"] == "2026-11-23 00:51:35 +00:00"
    assert all(text.startswith("2026-11-23 ") for text in rows.values())
    assert page.range_label.full_text() == (
        "Yesterday: 2026-11-23 00:00 UTC+00:00 to 2026-11-24 00:00 UTC+00:00, this workstation's time"
    )
    assert page.model.query.store_days is None
    assert page.model.query.start == datetime(2026, 11, 23, tzinfo=UTC)
