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


def _dark_rows(header: QHeaderView, column: int, *, at_left: bool) -> list[int]:
    """Dark pixels per row in the 24 px at one end of a section (the arrow's shape when it stands there)."""
    image = header.grab().toImage()
    left = header.sectionViewportPosition(column)
    xs = (
        range(left + 2, left + 26)
        if at_left
        else range(left + header.sectionSize(column) - 26, left + header.sectionSize(column) - 2)
    )
    rows = []
    for y in range(image.height()):
        dark = sum(1 for x in xs if image.pixelColor(x, y).lightness() < 110)
        if dark:
            rows.append(dark)
    return rows


def test_a_right_aligned_title_keeps_its_last_letter_the_arrow_stands_at_the_free_end(qtbot) -> None:
    view = ExceptionsView(lambda _start, _end, by: sample_ranking(by), tz=UTC, today=date(2026, 3, 7))
    view.setStyleSheet(WINDOW_STYLESHEET)  # as in the window: the sheet lays the title across the section
    qtbot.addWidget(view)
    view.resize(1200, 400)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    table, header = view.table, view.table.horizontalHeader()
    header.setSectionResizeMode(COL_RATE, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(COL_RATE, 140)  # room on the left of the right-aligned "Per 100"
    title = _dark_rows(header, COL_RATE, at_left=False)  # its last letters, not sorted by it yet
    assert title and _dark_rows(header, COL_RATE, at_left=True) == []
    table.sortByColumn(COL_RATE, Qt.SortOrder.DescendingOrder)
    assert _dark_rows(header, COL_RATE, at_left=False) == title  # nothing drawn over the title
    rows = _dark_rows(header, COL_RATE, at_left=True)
    assert len(rows) >= 2 and rows[0] > rows[-1], rows  # ▼ at the free end
    table.sortByColumn(COL_RATE, Qt.SortOrder.AscendingOrder)
    assert _dark_rows(header, COL_RATE, at_left=False) == title
    rows = _dark_rows(header, COL_RATE, at_left=True)
    assert len(rows) >= 2 and rows[0] < rows[-1], rows  # ▲
