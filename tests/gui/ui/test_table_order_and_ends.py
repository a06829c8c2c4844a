"""The receipt table over more than a page of rows (found driving the window): a sort keeps the receipt the
person is on (clicking a column's header selected the first row of the new order, its receipt and video
replacing the one being looked at; the ticket is looked for further than the first page), and Home and End
go to the first and the last receipt of the whole list (End crossed the columns, Ctrl+End stopped at the
rows loaded so far)."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, fill_store, make_services, receipts_window, small_config
from PySide6.QtCore import QPoint, Qt

from ows_desktop.itemmodels.ticket_columns import COL_TOTAL

pytestmark = OFFSCREEN_NOISE


@pytest.fixture(params=[160])
def browsing(qtbot, paths, store, request):
    """The window on 640 receipts (4 × the parameter): more than a page of the table's model."""
    fill_store(store, small_config(tickets_per_store_day=request.param))
    return receipts_window(qtbot, make_services(paths, store))


@pytest.mark.parametrize("browsing", [160, 650], indirect=True)  # 2,600 receipts: found past row 2,000 too
def test_sorting_by_a_column_keeps_the_receipt_shown_selected_and_in_view(qtbot, browsing, store) -> None:
    page = browsing.receipts
    model, table = page.model, page.table
    with store.reader() as reader:
        assert reader.count(model.query) > 3 * model.page_size
    first_page = [model.ticket_row(row) for row in range(model.page_size)]
    biggest = max(first_page, key=lambda row: (row.total or 0, row.key))  # far down in the ascending order
    assert page.select_key(biggest.key)
    qtbot.waitUntil(lambda: page.current_key() == biggest.key)

    header = table.horizontalHeader()
    seen: list[int] = []
    for _ in range(2):  # ascending (the biggest near the end), then descending (first)
        with qtbot.waitSignal(model.queryChanged):
            x = header.sectionViewportPosition(COL_TOTAL) + header.sectionSize(COL_TOTAL) // 2
            qtbot.mouseClick(
                header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
            )
        assert model.query.sort == "total"
        row = model.row_of_key(biggest.key)
        seen.append(row)
        assert row >= 0 and table.currentIndex().row() == row
        assert page.current_key() == biggest.key == page.acting_key()
        assert [r.key for r in page.selected_rows()] == [biggest.key]
        assert page.receipt.ticket() is not None and page.receipt.ticket().key == biggest.key
        assert 0 <= table.rowViewportPosition(row) < table.viewport().height()  # scrolled into view
    assert seen[0] >= model.page_size * (
        10 if model.rowCount() > 2400 else 1
    )  # beyond the first page(s) read


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier])
def test_home_and_end_go_to_the_first_and_the_last_receipt_of_the_list(
    qtbot, browsing, store, modifier
) -> None:
    page = browsing.receipts
    model, table = page.model, page.table
    with store.reader() as reader:
        total = reader.count(model.query)
        oldest = list(reader.iter_rows(model.query))[-1].key
    assert model.rowCount() < total  # a page loaded, the rest not yet
    page.focus_table()
    qtbot.keyClick(table, Qt.Key.Key_End, modifier)
    qtbot.waitUntil(lambda: page.current_key() == oldest)
    assert table.currentIndex().row() == total - 1 == model.rowCount() - 1
    assert [row.key for row in page.selected_rows()] == [oldest] and page.acting_key() == oldest
    assert 0 <= table.rowViewportPosition(total - 1) < table.viewport().height()
    qtbot.keyClick(table, Qt.Key.Key_Home, modifier)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 0)
    assert page.current_key() == model.ticket_row(0).key == page.acting_key()


@pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)  # tooltip, offscreen
def test_end_reads_a_long_list_a_stretch_at_a_time_and_says_so(qtbot, browsing, store, monkeypatch) -> None:
    from PySide6.QtWidgets import QToolTip

    from ows_desktop.ui import ticket_table

    monkeypatch.setattr(ticket_table, "END_REACH", 50)  # 200-row pages: End reads to row 400 of 640
    page = browsing.receipts
    table = page.table
    with store.reader() as reader:
        total = reader.count(page.model.query)
    page.focus_table()
    qtbot.keyClick(table, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: table.currentIndex().row() == 399)
    assert QToolTip.text() == "400 receipts read: End again reads further."
    qtbot.keyClick(table, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: table.currentIndex().row() == total - 1)
