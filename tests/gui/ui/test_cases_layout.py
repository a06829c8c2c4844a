"""The Cases tab's room: at 1440 px the case's ticket table showed "S0…" and "Ine…" and hid Total behind its
scroll bar; at 1024×700 the receipt pane was about 70 px tall and cut its text mid-line (the case list, the
history under the tickets and the video under the receipt all took their share of one column)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gui_support import OFFSCREEN_NOISE, followed, make_services, open_window

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.itemmodels.ticket_columns import COL_LOCATION, COL_OPERATOR, COL_TERMINAL, COL_TOTAL
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.store.cases import CaseFilter
from ows_desktop.ui.column_fit import content_width, least_width

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, filled_store):
    """The case's receipts each with a camera (the video, its transport and clock under the receipt)."""
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=FakeMediaBackend())
    cameras.add_camera("Register overhead", "http://nvr.local/live/1", camera_id="cam1")
    with filled_store.reader() as reader:
        for location, terminal in reader.terminals():
            cameras.set_terminal_cameras(location, terminal, ["cam1"])
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    window.connection_dialog().reject()
    receipts = window.receipts
    qtbot.waitUntil(lambda: receipts.total() is not None and receipts.model.rowCount() > 3)
    rows = [receipts.model.ticket_row(r) for r in range(receipts.model.rowCount())]
    stores = {row.location: row.key for row in rows}  # one receipt of each store
    filled_store.cases.new_case("Large cash refunds", tickets=list(stores.values()))
    return window


def show_case(qtbot, window, width: int, height: int):
    # the room a playing picture takes (16:9 of the pane's width, its camera row, transport and clock): the
    # fake backend offscreen draws none, and the video then took no room from the receipt
    window.cases.video.setMinimumHeight(300 * 9 // 16 + 110)
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    page = window.cases
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.case_table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.tickets.rowCount() > 1 and page.receipt.ticket() is not None)
    qtbot.waitUntil(lambda: page.video.transport.isVisible())  # the video plays under or beside it
    return page


def test_at_1440_the_case_tickets_show_store_register_operator_and_total_whole(qtbot, window) -> None:
    page = show_case(qtbot, window, 1440, 900)
    table = page.ticket_table
    header = table.horizontalHeader()
    for column in (COL_LOCATION, COL_TERMINAL, COL_OPERATOR, COL_TOTAL):
        qtbot.waitUntil(lambda c=column: header.sectionSize(c) >= content_width(table, c))  # not elided
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionViewportPosition(column) >= 0 and right <= table.viewport().width(), column
    assert table.horizontalScrollBar().maximum() == 0
    assert page.receipt.height() >= 300 and page.receipt.width() >= 400


def test_at_1024x700_the_receipt_has_room_to_be_read(qtbot, window) -> None:
    page = show_case(qtbot, window, 1024, 700)
    receipt = page.receipt.browser
    assert receipt.viewport().height() >= 220, receipt.viewport().height()  # a dozen lines, not two
    assert receipt.viewport().width() >= 300
    assert (
        page.ticket_table.viewport().height() >= 2 * page.ticket_table.verticalHeader().defaultSectionSize()
    )
    assert page.history.height() >= 60  # the history keeps a few lines too


def test_the_case_buttons_stay_put_when_the_next_cases_lines_wrap(qtbot, window, filled_store) -> None:
    """The Status picker and the buttons under the case's header moved down a line when a case's title wrapped
    its first line, and back up for the next case: the header keeps the height of four lines (its two, each
    wrapped once: the loss's words often are)."""
    page = show_case(qtbot, window, 1440, 900)
    header = page.header
    with filled_store.reader() as reader:
        (first,) = reader.cases.cases(CaseFilter())

    def buttons_at() -> tuple[int, int]:
        return page.note_button.mapTo(page, page.note_button.rect().topLeft()).y(), header.height()

    def needed() -> int:  # the height its text takes at its width (the reserved height aside)
        reserved = header.minimumHeight()
        header.setMinimumHeight(0)
        try:
            return header.heightForWidth(header.width())
        finally:
            header.setMinimumHeight(reserved)

    qtbot.waitUntil(lambda: header.text().count("\n") == 1)
    short, before = buttons_at(), needed()
    long_title, width = "Refunds", header.width()  # its line wraps once: 1.3 widths and more
    while header.fontMetrics().horizontalAdvance(f"{first.number} · {long_title}") < 1.3 * width:
        long_title += " without a receipt"
    filled_store.cases.update_case(first.number, title=long_title)
    page.refresh()
    qtbot.waitUntil(lambda: long_title in header.text() and not page.reading())
    assert before < needed()  # a line more...
    assert buttons_at() == short  # ...in the height kept for it


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_a_title_too_long_for_four_lines_ends_in_an_ellipsis_and_the_buttons_stay(
    qtbot, window, filled_store, size
) -> None:
    """A tester's case whose title wrapped to five lines and more moved the Status picker and the buttons down
    (the header kept four lines' height at least, not at most). Now the title is cut with "…" to keep the
    header in four lines, the case's second line (its status and loss) still shown; the whole text, plain,
    is the header's tooltip."""
    from PySide6 import QtGui
    from PySide6.QtCore import QRect, Qt

    from ows_desktop.ui.case_header import HEADER_LINES, wrapped_height

    page = show_case(qtbot, window, *size)
    header = page.header
    with filled_store.reader() as reader:
        (case,) = reader.cases.cases(CaseFilter())

    def buttons_at() -> list[QRect]:
        return [
            QRect(widget.mapTo(page, widget.rect().topLeft()), widget.size())
            for widget in (page.status_combo, page.assign_button, page.note_button, page.remove_button)
        ]

    qtbot.waitUntil(lambda: "Large cash refunds\n" in header.text() and not page.reading())
    short = buttons_at()
    assert header.toolTip() == ""  # nothing cut: no tooltip
    title = "Refunds <b>after</b> closing"  # as typed: never read as markup
    while header.fontMetrics().horizontalAdvance(title) < 6 * header.width():
        title += " without a receipt"
    with followed(qtbot, window):
        filled_store.cases.update_case(case.number, title=title)
    qtbot.waitUntil(lambda: title in header.whole_text() and not page.reading())
    assert buttons_at() == short  # where they were for a short title
    room, four = header.contentsRect().width(), "\n".join("x" * HEADER_LINES)
    assert wrapped_height(header.fontMetrics(), header.whole_text(), room) > wrapped_height(
        header.fontMetrics(), four, room
    )  # its whole text takes more than four lines
    shown, (_title, second) = header.text(), header.whole_text().split("\n")
    assert shown.count("\n") < HEADER_LINES, shown  # four lines at most, as drawn below
    assert shown.endswith("\n" + second) and "Status: Open" in second  # the case's second line whole...
    assert shown.removesuffix("\n" + second).endswith("…")  # ...under its title, cut
    flags = int(Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    drawn = header.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), flags, shown)
    assert drawn.height() <= header.contentsRect().height() and drawn.width() <= room  # none cut off
    assert header.toolTip() == QtGui.Qt.convertFromPlainText(
        header.whole_text(), Qt.WhiteSpaceMode.WhiteSpaceNormal
    )
    assert "&lt;b&gt;after&lt;/b&gt;" in header.toolTip()  # the title's own "<b>", shown as typed


def test_a_word_wider_than_the_header_is_cut_with_an_ellipsis_not_at_its_edge(qtbot) -> None:
    """A title of one word (a pasted reference) wider than the header: wrapped at words it ran past the
    header's right edge, cut there without a mark. Its line ends in "…" inside the header; a short second
    line stays whole."""
    from PySide6.QtCore import QRect, Qt

    from ows_desktop.ui.case_header import HEADER_LINES, CaseHeader

    header = CaseHeader("")
    qtbot.addWidget(header)
    header.resize(300, header.height())
    header.show()
    qtbot.waitExposed(header)
    word = "REF-" + "0123456789" * 12
    header.setText(f"C-2026-0001 · {word}\nStatus: Open")
    shown, room = header.text(), header.contentsRect().width()
    assert shown.endswith("…\nStatus: Open") and word not in shown, shown
    flags = int(Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    drawn = header.fontMetrics().boundingRect(QRect(0, 0, room, 10_000), flags, shown)
    assert drawn.width() <= room and drawn.height() <= header.contentsRect().height()
    assert shown.count("\n") < HEADER_LINES and header.whole_text().endswith(word + "\nStatus: Open")
    header.setText("C-2026-0001 · Voids\nStatus: Open")  # fits: shown whole, no tooltip
    assert header.text() == header.whole_text() and header.toolTip() == ""


def case_pane_room(qtbot, page, room: int) -> None:  # type: ignore[no-untyped-def]
    """The case's ticket table ``room`` px wide (the person dragged the splitter between the list and the
    case: the list wider, the case narrower)."""
    from PySide6.QtWidgets import QSplitter

    splitter, table = page.findChild(QSplitter, "casesSplitter"), page.ticket_table
    for _ in range(5):
        left, right = splitter.sizes()
        splitter.setSizes([left + table.width() - room, right - table.width() + room])
        qtbot.waitUntil(lambda left=left: table.width() == room or splitter.sizes()[0] != left, timeout=2000)
        if table.width() == room:
            return
    raise AssertionError(f"the case's tickets are {table.width()} px wide, not {room}")


def cut_texts(table) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    """The store, register and operator cells of every row drawn other than whole (as their delegates draw
    them in the column's width): (column, drawn, whole)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    cut = []
    for row in range(table.model().rowCount()):
        for column in (COL_LOCATION, COL_TERMINAL, COL_OPERATOR):
            index, option = table.model().index(row, column), QStyleOptionViewItem()
            table.initViewItemOption(option)
            option.rect = table.visualRect(index)
            drawn = table.itemDelegateForIndex(index).shown_text(option, index)
            if drawn != index.data():
                cut.append((column, drawn, index.data()))
    return cut


def total_in_view(table) -> bool:  # type: ignore[no-untyped-def]
    """The first row's total wholly inside the table's viewport, the table not scrolled sideways."""
    from ows_desktop.itemmodels.ticket_columns import COL_TOTAL

    total = table.visualRect(table.model().index(0, COL_TOTAL))
    return table.horizontalScrollBar().maximum() == 0 and table.viewport().rect().contains(total)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_case_tickets_store_register_and_operator_stay_whole_as_the_case_list_widens(
    qtbot, window, size
) -> None:
    """A tester widened the case list: the case's tickets showed "S0…R02" and "E1021" while the Status column
    kept the room of its widest chip for "Sale". The store, register and operator read whole until the other
    columns gave their room; only then they give way, the total staying in view. A width the person gives a
    column is kept, through a narrower table and the next start."""
    from ows_desktop.itemmodels.ticket_columns import COL_STATUS

    page = show_case(qtbot, window, *size)
    table, header = page.ticket_table, page.ticket_table.horizontalHeader()
    assert page.tickets.rowCount() >= 2 and not cut_texts(table)
    status = header.sectionSize(COL_STATUS)
    shown = [column for column in range(header.count()) if not header.isSectionHidden(column)]
    frame = table.width() - table.viewport().width()
    status_gives = content_width(table, COL_STATUS) - least_width(table, COL_STATUS)
    fits = sum(content_width(table, column) for column in shown) - status_gives + frame  # every name whole
    for room in (table.width() - 150, fits):  # the list dragged wider
        case_pane_room(qtbot, page, room)
        assert not cut_texts(table), room
    assert header.sectionSize(COL_STATUS) < status  # the Status gave its room first
    case_pane_room(qtbot, page, 620)  # the case at its narrowest: the names give way last...
    assert cut_texts(table)
    assert total_in_view(table)  # ...so that the total stays in view, as in the receipts table
    header.resizeSection(COL_OPERATOR, 100)  # the person narrows the operator, widens the store
    header.resizeSection(COL_LOCATION, 140)
    for room in (640, 900, 620):
        case_pane_room(qtbot, page, room)
        sizes = (header.sectionSize(COL_OPERATOR), header.sectionSize(COL_LOCATION))
        assert sizes == (100, 140), room  # as she gave them
        assert COL_LOCATION not in {column for column, _drawn, _whole in cut_texts(table)}, room
    assert {column for column, _drawn, _whole in cut_texts(table)} - {COL_TERMINAL} == {COL_OPERATOR}
    window.close()  # her widths saved, and brought back at the next start
    again = open_window(qtbot, window._services)
    qtbot.waitUntil(lambda: again.connection_dialog() is not None)
    again.connection_dialog().reject()
    page = show_case(qtbot, again, *size)
    table, header = page.ticket_table, page.ticket_table.horizontalHeader()
    assert table.fit.own() == {COL_OPERATOR, COL_LOCATION}
    assert (header.sectionSize(COL_OPERATOR), header.sectionSize(COL_LOCATION)) == (100, 140)
    assert not {column for column, _drawn, _whole in cut_texts(table)} - {COL_OPERATOR}
