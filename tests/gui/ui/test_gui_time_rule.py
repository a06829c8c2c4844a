"""One time rule, everywhere (#10): the table and the receipt show the store's local time with its zone
label — as on the paper receipt — and this workstation's time only when asked (hover)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta, timezone

from gui_support import (
    OFFSCREEN_NOISE,
    make_services,
    open_window,
)
from PySide6.QtCore import QPoint, Qt

from ows_desktop.basics.store_time import zone_label, zone_offset
from ows_desktop.itemmodels.ticket_columns import COL_TIME

pytestmark = OFFSCREEN_NOISE


def test_table_and_receipt_show_the_stores_time_with_its_zone(qtbot, browsing):
    page = browsing.receipts
    row = page.model.ticket_row(0)
    assert row.utc_offset_min not in (None, 0)  # the simulated stores are not on UTC
    local = (row.start.astimezone(UTC) + timedelta(minutes=row.utc_offset_min)).strftime("%Y-%m-%d %H:%M:%S")
    label = zone_label(row.utc_offset_min)
    cell = page.model.index(0, COL_TIME)
    assert cell.data() == f"{local} {zone_offset(row.utc_offset_min)}"  # compact in the list: −05:00
    assert "(this workstation)" in cell.data(Qt.ItemDataRole.ToolTipRole)  # asked for: on hover only
    page.select_row(0)
    text = page.receipt.text()
    started = (row.start.astimezone(UTC) + timedelta(minutes=row.utc_offset_min)).strftime("%H:%M:%S")
    assert f"{started} {label}" in text
    assert row.start.astimezone(UTC).strftime("%H:%M:%S ") not in text  # not the workstation's (UTC) time


def arrow_rows(header, column: int) -> list[int]:
    """Dark pixels per row at the right end of a header section: the sort arrow's shape, top to bottom."""
    image = header.grab().toImage()
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    rows = []
    for y in range(image.height()):
        dark = sum(1 for x in range(right - 30, right) if image.pixelColor(x, y).lightness() < 110)
        if dark:
            rows.append(dark)
    return rows


def test_the_time_columns_sort_arrow_points_the_way_the_list_runs(qtbot, browsing):
    """#10: "newest first" showed ▲. Now ▼ for newest first (descending), ▲ for oldest first."""
    page = browsing.receipts
    header = page.table.horizontalHeader()
    assert page.model.query.descending and page.sort_label.full_text() == "sorted by time, newest first"
    rows = arrow_rows(header, COL_TIME)
    assert len(rows) >= 2 and rows[0] > rows[-1]  # wide on top: ▼
    with qtbot.waitSignal(page.model.queryChanged):
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().topLeft() + QPoint(20, 8)
        )
    assert not page.model.query.descending and page.sort_label.full_text() == "sorted by time, oldest first"
    rows = arrow_rows(header, COL_TIME)
    assert len(rows) >= 2 and rows[0] < rows[-1]  # wide at the bottom: ▲


TOKYO = timezone(timedelta(hours=9))  # this workstation, for the test: far from every simulated store


def choose_time_zone(qtbot, window, text: str) -> None:
    """Edit ▸ Preferences… ▸ Display ▸ Show ticket times in: ``text``, OK."""
    dialog = window.preferences.open()
    dialog.show_page("Display")
    combo = dialog.pages["Display"].fields.editors["display/time_zone"]
    assert combo.accessibleName() == "Show ticket times in"
    combo.setCurrentIndex(combo.findText(text))
    qtbot.mouseClick(dialog.button_box.button(dialog.button_box.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_preferences_switch_table_and_receipt_between_store_and_workstation_time(qtbot, paths, filled_store):
    window = open_window(qtbot, replace(make_services(paths, filled_store), tz=TOKYO))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    qtbot.waitUntil(lambda: window.receipts.total() is not None)
    page = window.receipts
    row = page.model.ticket_row(0)
    store = (row.start.astimezone(UTC) + timedelta(minutes=row.utc_offset_min)).replace(tzinfo=None)
    ours = row.start.astimezone(TOKYO).replace(tzinfo=None)
    page.select_row(0)
    cell = page.model.index(0, COL_TIME)
    # the default: the store's time
    assert cell.data() == f"{store:%Y-%m-%d %H:%M:%S} {zone_offset(row.utc_offset_min)}"
    assert f"{store:%H:%M:%S} {zone_label(row.utc_offset_min)}" in page.receipt.text()

    choose_time_zone(qtbot, window, "This workstation's time")  # applies at once
    assert cell.data() == f"{ours:%Y-%m-%d %H:%M:%S} +09:00"
    assert f"{ours:%H:%M:%S} UTC+09:00" in page.receipt.text()
    assert f"{store:%H:%M:%S} {zone_label(row.utc_offset_min)}" not in page.receipt.text()

    choose_time_zone(qtbot, window, "Store time")
    assert cell.data() == f"{store:%Y-%m-%d %H:%M:%S} {zone_offset(row.utc_offset_min)}"
    assert f"{store:%H:%M:%S} {zone_label(row.utc_offset_min)}" in page.receipt.text()
