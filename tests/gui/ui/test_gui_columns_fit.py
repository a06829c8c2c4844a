"""#10: at 1440×900 every column of the receipt list is on screen: the time says the store's time with a
compact zone label ("2026-11-21 18:45:52 −05:00"), not a label so wide it pushes Exceptions off-screen."""

from __future__ import annotations

from datetime import UTC, timedelta

from gui_support import OFFSCREEN_NOISE, make_services, open_window

from ows_desktop.itemmodels.ticket_columns import COL_TIME, COLUMN_COUNT

pytestmark = OFFSCREEN_NOISE


def test_at_1440x900_every_column_header_and_the_whole_time_are_in_view(qtbot, paths, filled_store):
    window = open_window(qtbot, make_services(paths, filled_store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    window.resize(1440, 900 - 40)  # maximised on a 1440×900 screen with a task bar
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    table = page.table
    header = table.horizontalHeader()

    def all_in_view() -> bool:
        width = header.viewport().width()
        return all(
            header.sectionViewportPosition(c) >= 0
            and header.sectionViewportPosition(c) + header.sectionSize(c) <= width
            for c in range(COLUMN_COUNT)
        )

    qtbot.waitUntil(all_in_view)
    assert table.horizontalScrollBar().value() == 0
    for column in range(COLUMN_COUNT):  # each header's title fits its section (nothing elided)
        title = header.model().headerData(column, header.orientation())
        assert header.fontMetrics().horizontalAdvance(title) + 12 <= header.sectionSize(column), title
    # the time is whole: the store's local time and its zone, not cut short
    row = page.model.ticket_row(0)
    local = (row.start.astimezone(UTC) + timedelta(minutes=row.utc_offset_min)).strftime("%Y-%m-%d %H:%M:%S")
    text = page.model.index(0, COL_TIME).data()
    offset = row.utc_offset_min
    zone = f"{'+' if offset >= 0 else '−'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    assert text == f"{local} {zone}"  # the store's time with its zone (UTC offset), as the time rule says
    assert table.fontMetrics().horizontalAdvance(text) + 8 <= header.sectionSize(COL_TIME)
