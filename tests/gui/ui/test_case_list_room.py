"""The case list's columns hidden for room are the least read first (ui/case_columns.py). A tester's list at
1366×768 showed Case, Title, Status and Loss; Status ▸ Loss confirmed on a case (with a loss set by hand)
widened the Status, the Loss no longer fitted and the Assignee, shorter, took its place."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE

from ows_desktop.itemmodels.cases import COL_ASSIGNEE, COL_LOSS, COL_NUMBER, COL_STATUS, COL_TITLE

pytestmark = OFFSCREEN_NOISE


def concluded_page(qtbot, reader, store):  # type: ignore[no-untyped-def]
    """The Cases tab on its own at 1366×768: a case concluded "Loss confirmed", its loss set by hand."""
    from datetime import UTC

    from gui_support import cases_read

    from ows_desktop.store.cases import LOSS_CONFIRMED
    from ows_desktop.ui.cases_page import CasesPage

    store.cases.new_case("Voids after closing", operator="Ana", location="S1", assignee="jane")
    number = store.cases.new_case("Refunds at S063 week 49", assignee="Dana Reyes").number
    store.cases.update_case(number, status=LOSS_CONFIRMED)
    store.cases.set_loss(number, 123456.78, "Confirmed on video")
    page = CasesPage(reader=reader, store=store, tz=UTC)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    cases_read(qtbot, page)
    return page


def list_room(qtbot, page, room: int) -> None:  # type: ignore[no-untyped-def]
    """The case list's viewport ``room`` px wide (the splitter between it and the case dragged)."""
    from PySide6.QtWidgets import QSplitter

    splitter, viewport = page.findChild(QSplitter, "casesSplitter"), page.case_table.viewport()
    for _ in range(5):
        left, right = splitter.sizes()
        splitter.setSizes([left + room - viewport.width(), right - room + viewport.width()])
        qtbot.waitUntil(
            lambda left=left: viewport.width() == room or splitter.sizes()[0] != left, timeout=2000
        )
        if viewport.width() == room:
            return
    raise AssertionError(f"the list is {viewport.width()} px, not {room}")


def test_the_columns_hidden_for_room_are_always_the_least_read(qtbot, store) -> None:
    """At every width the list's columns are the first ones of PRIORITY: the Assignee never shows in the
    Loss's place, nor a lower column in a wider one's; and there is no sideways scroll bar."""
    from ows_desktop.ui.case_columns import KEPT, PRIORITY, least_widths

    with store.reader() as reader:
        page = concluded_page(qtbot, reader, store)
        table, header = page.case_table, page.case_table.horizontalHeader()
        least = least_widths(table)
        four = sum(least[c] for c in KEPT)
        seen = set()
        for room in range(four - 200, four + 2 * least[COL_ASSIGNEE], 6):
            list_room(qtbot, page, room)
            shown = page.columns.shown()
            seen.add(len(shown))
            assert shown == list(PRIORITY[: len(shown)]), (room, shown)
            assert table.horizontalScrollBar().maximum() == 0 and header.length() <= room, room
        assert {2, 3, 4, 5} <= seen  # the Loss, the number and the Assignee each came and went
        page.close()
        page.shutdown()


def test_the_title_is_cut_shorter_rather_than_the_loss_hidden_for_a_few_pixels(qtbot, store) -> None:
    """The tester's list: a few pixels short of the four first columns at their least. The title gives
    them, the Loss and the case number stay, the Assignee does not take either's place. The header's menu
    says what is shown; a column the person hides or shows there stays as she chose."""
    from ows_desktop.ui.case_columns import KEPT, TITLE_SHORT, least_widths

    with store.reader() as reader:
        page = concluded_page(qtbot, reader, store)
        table, header = page.case_table, page.case_table.horizontalHeader()
        least = least_widths(table)
        room = sum(least[c] for c in KEPT) - 12  # the Status "Loss confirmed" and the loss "123,456.78 *"
        list_room(qtbot, page, room)
        assert page.columns.shown() == [COL_TITLE, COL_STATUS, COL_LOSS, COL_NUMBER]
        assert header.length() == room and table.horizontalScrollBar().maximum() == 0
        # the title gave the 12 px (and more, down to a word, for the status to read whole)
        assert (
            least[COL_TITLE] - 12
            >= header.sectionSize(COL_TITLE)
            > table.fontMetrics().horizontalAdvance(TITLE_SHORT)
        )
        menu = page.columns.columns_menu()  # what a right-click on the header pops up
        actions = menu.actions()
        assert actions[COL_LOSS].isChecked() and not actions[COL_ASSIGNEE].isChecked()
        actions[COL_ASSIGNEE].trigger()  # shown by choice: the four stay, the list scrolls sideways
        actions[COL_LOSS].trigger()  # hidden by choice
        menu.deleteLater()
        for width in (room, room + 150, room - 60):
            list_room(qtbot, page, width)
            shown = page.columns.shown()
            assert COL_ASSIGNEE in shown and COL_LOSS not in shown, (width, shown)
        page.columns.choose(COL_LOSS, True)  # shown again by choice: the Assignee keeps its place too
        list_room(qtbot, page, room)
        assert page.columns.shown() == [COL_TITLE, COL_STATUS, COL_LOSS, COL_NUMBER, COL_ASSIGNEE]
        assert table.horizontalScrollBar().maximum() > 0  # what is chosen more than fits: scrolled to
        page.close()
        page.shutdown()


def test_the_title_is_cut_to_a_word_before_the_status_is_cut(qtbot, store) -> None:
    """A tester's list cut the Status ("Closed (no…", "Loss confir…") while the title still read "Void
    pattern …": a closed "no loss" case read like a closed "loss confirmed" one. The title gives its room
    first, down to a word; only then is the status cut."""
    from ows_desktop.ui.case_columns import KEPT, TITLE_SHORT, least_widths
    from ows_desktop.ui.column_fit import CELL_MARGIN, text_width

    with store.reader() as reader:
        page = concluded_page(qtbot, reader, store)
        table, header = page.case_table, page.case_table.horizontalHeader()
        least = least_widths(table)
        status = text_width(table, "Loss confirmed") + CELL_MARGIN
        assert status > least[COL_STATUS]  # the status may be cut down to "In progress"...
        short = text_width(table, TITLE_SHORT) + CELL_MARGIN
        room = sum(least[c] for c in KEPT) - (least[COL_TITLE] - short) + (status - least[COL_STATUS])
        list_room(qtbot, page, room)
        assert page.columns.shown() == [COL_TITLE, COL_STATUS, COL_LOSS, COL_NUMBER]
        assert header.sectionSize(COL_STATUS) >= status  # ...but shows whole while the title can give
        assert header.sectionSize(COL_TITLE) == short
        list_room(qtbot, page, room - 10)  # narrower still: the status gives now, the title stays a word
        assert header.sectionSize(COL_TITLE) == short and header.sectionSize(COL_STATUS) == status - 10
        page.close()
        page.shutdown()


def test_a_twelve_digit_loss_is_cut_in_the_middle_and_the_case_number_stays(
    qtbot, qtmodeltester, store
) -> None:
    """A tester's list at 1366 px: a loss of 123,456,789,012.00 widened the Loss column until the case number
    was hidden. The number stays in view, whole; the loss is cut in the middle ("…", its cents and "*" kept)
    and its tooltip says it whole first; a loss of 123,456.78 still reads whole."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyleOptionViewItem

    from ows_desktop.itemmodels.cases import COL_LOSS, COL_NUMBER
    from ows_desktop.ui.case_columns import loss_most
    from ows_desktop.ui.column_fit import CELL_MARGIN, text_width

    with store.reader() as reader:
        page = concluded_page(qtbot, reader, store)
        big = store.cases.new_case("Region-wide count", assignee="Dana Reyes").number
        store.cases.set_loss(big, 123_456_789_012.0, "Count of the whole region")
        page.refresh()
        qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.reading())
        table, header = page.case_table, page.case_table.horizontalHeader()
        row = page.model.row_of(big)
        figure = page.model.index(row, COL_LOSS).data()
        assert figure == "123,456,789,012.00 *"
        qtbot.waitUntil(lambda: not header.isSectionHidden(COL_NUMBER))
        number = page.model.index(row, COL_NUMBER).data()
        left = header.sectionViewportPosition(COL_NUMBER)
        assert left >= 0 and left + header.sectionSize(COL_NUMBER) <= table.viewport().width()  # in view
        assert header.sectionSize(COL_NUMBER) >= text_width(table, number) + CELL_MARGIN  # and whole
        assert table.horizontalScrollBar().maximum() == 0
        loss = header.sectionSize(COL_LOSS)
        smaller = text_width(table, "123,456.78 *") + CELL_MARGIN
        assert smaller <= loss_most(table) <= loss  # the smaller loss whole
        assert loss < text_width(table, figure) + CELL_MARGIN  # the big one cut...
        cell, option = page.model.index(row, COL_LOSS), QStyleOptionViewItem()
        table.initViewItemOption(option)  # the list's own: cut at the right (a title)
        table.itemDelegateForIndex(cell).initStyleOption(option, cell)
        assert option.textElideMode == Qt.TextElideMode.ElideMiddle  # "123,45…012.00 *"
        tip = cell.data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith(figure + "\nSet by hand: Count of the whole region")  # ...whole in its tooltip
        qtmodeltester.check(page.model)
        list_room(qtbot, page, 700)  # the list dragged wider: the big loss reads whole
        assert header.sectionSize(COL_LOSS) >= text_width(table, figure) + CELL_MARGIN
        page.close()
        page.shutdown()
