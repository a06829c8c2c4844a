"""Every sortable table's header points its sort arrow the way people read it: ▼ when the biggest / newest
comes first, ▲ when the smallest / oldest does (the receipts table had it; the users and exceptions tables
drew ▲ over a biggest-first column). The arrow stands where the title leaves room: a right-aligned title
("Total", "Per 100") had its last letter drawn over."""

from __future__ import annotations

from datetime import UTC, date

from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from test_gui_time_rule import arrow_rows
from test_review_ui import sample_ranking

from ows_desktop.itemmodels.exceptions import COL_PEERS, COL_RATE
from ows_desktop.ui.exceptions_view import ExceptionsView
from ows_desktop.ui.header_style import SortArrowStyle
from ows_desktop.ui.theme import WINDOW_STYLESHEET
from ows_desktop.ui.users_page import UsersPage

pytestmark = OFFSCREEN_NOISE


def test_the_users_and_exceptions_tables_point_their_arrows_as_the_receipts_do(qtbot) -> None:
    exceptions = ExceptionsView(lambda _start, _end, by: sample_ranking(by), tz=UTC, today=date(2026, 3, 7))
    users = UsersPage(jobs=None, open_client=None, tz=UTC)  # type: ignore[arg-type]
    for page in (exceptions, users):
        qtbot.addWidget(page)
        page.resize(900, 400)
        page.show()
        qtbot.waitExposed(page)
        table = page.table
        header: QHeaderView = table.horizontalHeader()
        assert len(header.findChildren(SortArrowStyle)) == 1  # its child: it lives as long as the header
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 260)  # its title far from the right end, where the arrow stands alone
        table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        rows = arrow_rows(header, 0)
        assert len(rows) >= 2 and rows[0] > rows[-1], rows  # wide on top: ▼
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        rows = arrow_rows(header, 0)
        assert len(rows) >= 2 and rows[0] < rows[-1], rows  # wide at the bottom: ▲


def test_the_rankings_sorted_column_shows_its_arrow_clear_of_its_title(qtbot) -> None:
    """The exceptions ranking opens sorted by "vs store peers": a right-aligned title ended under the arrow
    (its last letter drawn over). The column is a sentence, left-aligned: at the section's right end only the
    arrow is drawn, a clean ▼."""
    view = ExceptionsView(lambda _start, _end, by: sample_ranking(by), tz=UTC, today=date(2026, 3, 7))
    qtbot.addWidget(view)
    view.resize(1200, 400)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_PEERS
    rows = arrow_rows(header, COL_PEERS)
    assert len(rows) >= 2 and rows == sorted(rows, reverse=True) and rows[0] > rows[-1], rows  # ▼ alone


def _dark_columns(header: QHeaderView, column: int) -> dict[int, list[int]]:
    """For each x of a section's inside (borders left out), the ys of its dark pixels: the title and arrow."""
    image = header.grab().toImage()
    left = header.sectionViewportPosition(column)
    found: dict[int, list[int]] = {}
    for x in range(left + 2, left + header.sectionSize(column) - 2):
        ys = [y for y in range(image.height()) if image.pixelColor(x, y).lightness() < 110]
        if ys:
            found[x] = ys
    return found


def _arrow_rows(added: dict[int, list[int]]) -> list[int]:
    """Dark pixels per row of what was added: the arrow's shape, top to bottom."""
    rows: dict[int, int] = {}
    for ys in added.values():
        for y in ys:
            rows[y] = rows.get(y, 0) + 1
    return [rows[y] for y in sorted(rows)]


def test_a_right_aligned_title_keeps_its_last_letter_the_arrow_stands_just_before_it(qtbot) -> None:
    """At the right end the arrow covered "Total"'s last letter; at the far left it read as the neighbouring
    column's: it stands just before the title, "▼ Per 100"."""
    view = ExceptionsView(lambda _start, _end, by: sample_ranking(by), tz=UTC, today=date(2026, 3, 7))
    view.setStyleSheet(WINDOW_STYLESHEET)  # as in the window: the sheet lays the title across the section
    qtbot.addWidget(view)
    view.resize(1200, 400)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    table, header = view.table, view.table.horizontalHeader()
    header.setSectionResizeMode(COL_RATE, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(COL_RATE, 160)  # room on the left of the right-aligned "Per 100"
    title = _dark_columns(header, COL_RATE)  # not sorted by it yet: the title alone
    title_left = min(title)
    for order, wide_on_top in ((Qt.SortOrder.DescendingOrder, True), (Qt.SortOrder.AscendingOrder, False)):
        table.sortByColumn(COL_RATE, order)
        shown = _dark_columns(header, COL_RATE)
        assert {x: shown.get(x) for x in title} == title  # nothing drawn over the title
        added = {x: ys for x, ys in shown.items() if x not in title}
        assert added and max(added) < title_left  # the arrow stands before the title...
        assert title_left - max(added) <= 12  # ...beside it, not at the section's far end
        rows = _arrow_rows(added)
        assert len(rows) >= 2 and (rows[0] > rows[-1]) == wide_on_top, rows  # ▼ / ▲
