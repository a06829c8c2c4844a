"""The Cases tab's case list at 1440×900 and 1024×700: its eight columns scrolled sideways at both (the
title wrapped on two lines, the status and loss out of sight). The columns read most are shown whole or cut
with "…" (the tooltip shows the text whole), the others hidden until the list is wider; the header's menu
brings one back (ui/case_columns.py)."""

from __future__ import annotations

import json

from gui_support import OFFSCREEN_NOISE, X11_WINDOW_WITH_CAMERAS, run_on_x11

from ows_desktop.itemmodels.cases import COL_LOSS, COL_NUMBER, COL_STATUS, COL_SUBJECT, COL_TITLE

pytestmark = OFFSCREEN_NOISE

FIT_SCRIPT = (
    X11_WINDOW_WITH_CAMERAS
    + """
from PySide6.QtCore import Qt
for title, operator, location, who in (
    ("Large cash refunds at the front registers, week 47", "Ana Lucia Fernandes", "S027", "Dana Reyes"),
    ("Voids after closing", None, "S003", "jane"),
):
    store.cases.new_case(title, operator=operator, location=location, assignee=who)
window.show()
window.start()
until(lambda: window.connection_dialog() is not None)
window.connection_dialog().reject()
page = window.cases
window.tabs.setCurrentWidget(page)
until(lambda: page.model.rowCount() == 2 and not page.reading())
table, header = page.case_table, page.case_table.horizontalHeader()
for width, height in ((1440, 900), (1024, 700)):
    window.resize(width, height)
    until(lambda: window.width() == width and window.height() == height)
    app.processEvents()  # the layouts it posted
    QTest.qWait(50)
    bar = table.horizontalScrollBar()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    title = page.model.index(1, 1)  # the long title: cut, with its tooltip
    print("FIT " + json.dumps({
        "width": width, "viewport": table.viewport().width(), "scroll": bar.maximum() if bar.isVisible() else 0,
        "shown": shown, "right": max(header.sectionViewportPosition(c) + header.sectionSize(c) for c in shown),
        "title": [header.sectionSize(1), table.fontMetrics().horizontalAdvance(title.data())],
        "tip": title.data(Qt.ItemDataRole.ToolTipRole), "wrap": table.wordWrap(),
    }))
page.columns.choose(2, True)  # the person shows Subject from the header's menu (at 1024)
app.processEvents()
print("CHOSEN " + json.dumps(not header.isSectionHidden(2)))
window.close()
store.close()
"""
)


def test_the_case_list_fits_without_scrolling_sideways_at_1440_and_1024(tmp_path) -> None:
    """On X11 (Xvfb): no sideways scroll bar; title and status in view at both widths, the title cut with
    its whole text in the tooltip; a column the person asks for comes back."""
    result = run_on_x11(FIT_SCRIPT, tmp_path)
    fits = [json.loads(line[4:]) for line in result.stdout.splitlines() if line.startswith("FIT ")]
    assert [fit["width"] for fit in fits] == [1440, 1024], result.stdout + result.stderr[-3000:]
    for fit in fits:
        assert fit["scroll"] == 0 and fit["right"] <= fit["viewport"], fit
        assert {COL_TITLE, COL_STATUS, COL_LOSS} <= set(fit["shown"]), fit
        assert not fit["wrap"] and fit["tip"] == "Large cash refunds at the front registers, week 47"
        width, text = fit["title"]
        assert width < text, fit  # cut with "…": the tooltip says it whole
    wide, narrow = fits
    assert set(narrow["shown"]) < set(wide["shown"]) and COL_SUBJECT not in narrow["shown"]
    assert "CHOSEN true" in result.stdout


def shown_page(qtbot, reader, store, width: int, height: int):  # type: ignore[no-untyped-def]
    """The Cases tab on its own at ``width`` × ``height``, its list read."""
    from datetime import UTC

    from gui_support import cases_read

    from ows_desktop.ui.cases_page import CasesPage

    page = CasesPage(reader=reader, store=store, tz=UTC)
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    cases_read(qtbot, page)
    return page


def test_the_headers_menu_shows_a_hidden_column_and_hides_a_shown_one(qtbot, store) -> None:
    """A right-click on the case list's header lists every column, checked when shown; the person's choice
    holds whatever the width."""

    store.cases.new_case("Voids after closing", operator="Ana", location="S1")
    with store.reader() as reader:
        page = shown_page(qtbot, reader, store, 1024, 600)
        header = page.case_table.horizontalHeader()
        qtbot.waitUntil(lambda: header.isSectionHidden(COL_SUBJECT))  # a narrow list: the subject waits
        menu = page.columns.columns_menu()  # what a right-click on the header pops up
        actions = menu.actions()
        assert [a.text() for a in actions] == [
            "Case", "Title", "Subject", "Status", "Assignee", "Tickets", "Loss", "Updated"
        ]  # fmt: skip
        assert actions[COL_STATUS].isChecked() and not actions[COL_SUBJECT].isChecked()
        actions[COL_SUBJECT].trigger()  # shown by choice
        actions[COL_STATUS].trigger()  # hidden by choice
        menu.deleteLater()
        assert not header.isSectionHidden(COL_SUBJECT) and header.isSectionHidden(COL_STATUS)
        page.resize(1400, 600)  # wider: the choices hold
        qtbot.waitUntil(lambda: page.case_table.viewport().width() > 300)
        assert not header.isSectionHidden(COL_SUBJECT) and header.isSectionHidden(COL_STATUS)
        assert page.case_table.horizontalScrollBar().maximum() == 0
        page.close()
        page.shutdown()


def test_a_column_shown_by_choice_hides_no_title_status_number_or_loss(qtbot, store) -> None:
    """Ticking Subject at 1440 px hid the Loss without a word: a column the person shows takes the room of
    the lowest columns after those four; when that is not enough, the list scrolls sideways."""

    from ows_desktop.ui.case_columns import PRIORITY

    kept = {COL_TITLE, COL_STATUS, COL_NUMBER, COL_LOSS}  # never hidden silently
    store.cases.new_case("Large cash refunds at the front registers", operator="Ana Lucia Fernandes",
                         location="S027", assignee="Dana Reyes")  # fmt: skip
    with store.reader() as reader:
        page = shown_page(qtbot, reader, store, 1440, 900)
        table, header = page.case_table, page.case_table.horizontalHeader()
        qtbot.waitUntil(lambda: not header.isSectionHidden(COL_LOSS))
        before = page.columns.shown()
        assert kept <= set(before) and COL_SUBJECT not in before
        menu = page.columns.columns_menu()  # right-click on the header, tick Subject
        menu.actions()[COL_SUBJECT].trigger()
        menu.deleteLater()
        after = page.columns.shown()
        assert kept <= set(after) and COL_SUBJECT in after  # the Loss among them
        given_way = [c for c in before if c not in after]
        assert all(PRIORITY.index(c) > PRIORITY.index(k) for c in given_way for k in after if k in before)
        bar = table.horizontalScrollBar()  # what does not fit is scrolled to, pixel by pixel
        qtbot.waitUntil(lambda: bar.maximum() == max(0, header.length() - table.viewport().width()))
        page.resize(1024, 700)  # narrower: the choice still hides none of the four that fit without it
        qtbot.waitUntil(lambda: table.viewport().width() < 300)
        chosen = page.columns.shown()
        page.columns.choose(COL_SUBJECT, False)
        unchosen = page.columns.shown()
        assert COL_SUBJECT in chosen and set(unchosen) & kept <= set(chosen), (chosen, unchosen)
        page.columns.choose(COL_SUBJECT, True)
        assert page.columns.shown() == chosen
        qtbot.waitUntil(lambda: bar.maximum() == header.length() - table.viewport().width() > 0)
        page.close()
        page.shutdown()


def test_the_columns_the_person_chose_are_shown_and_hidden_again_at_the_next_start(
    qtbot, paths, filled_store
) -> None:
    """The header's choices were lost at every start. They are saved with the window's layout (its settings,
    as the Receipts table's header) and restored: Subject shown by choice still hides neither the title nor
    the loss; Status hidden by choice stays hidden whatever the width."""
    from gui_support import cases_read, make_services, offline_window

    from ows_desktop.basics.settings import AppSettings, DictSettingsBackend

    filled_store.cases.new_case("Voids after closing", operator="Ana", location="S1", assignee="Dana Reyes")
    services = make_services(paths, filled_store)

    def cases_tab(window):
        page = window.cases
        window.tabs.setCurrentWidget(page)
        window.resize(1024, 700)
        cases_read(qtbot, page)
        qtbot.waitUntil(lambda: 0 < page.case_table.viewport().width() < 300)
        return page, page.case_table.horizontalHeader()

    first = offline_window(qtbot, services)
    page, header = cases_tab(first)
    assert header.isSectionHidden(COL_SUBJECT) and not header.isSectionHidden(COL_STATUS)
    menu = page.columns.columns_menu()  # a right-click on the header: Subject on, Status off
    menu.actions()[COL_SUBJECT].trigger()
    menu.actions()[COL_STATUS].trigger()
    menu.deleteLater()
    first.close()  # the layout is saved

    window = offline_window(qtbot, make_services(paths, filled_store))  # the settings file read again
    page, header = cases_tab(window)
    assert not header.isSectionHidden(COL_SUBJECT) and header.isSectionHidden(COL_STATUS)
    assert not (header.isSectionHidden(COL_TITLE) or header.isSectionHidden(COL_LOSS))  # none hidden for it
    window.resize(1440, 900)  # wider: the choices hold
    qtbot.waitUntil(lambda: page.case_table.viewport().width() > 300)
    assert not header.isSectionHidden(COL_SUBJECT) and header.isSectionHidden(COL_STATUS)
    for edited in ("[1", '["subject"]', '{"status": "yes", "gone": true}'):  # by hand: no choice, no error
        page.columns.restore_state(AppSettings(DictSettingsBackend({"cases/columns": edited})))
        assert not header.isSectionHidden(COL_STATUS), edited  # fitted as if nothing was chosen


def cases_tab(qtbot, window, width: int = 1440, height: int = 900):  # type: ignore[no-untyped-def]
    """``window``'s Cases tab in view at ``width`` × ``height``, its list read and fitted."""
    from gui_support import cases_read

    page = window.cases
    window.tabs.setCurrentWidget(page)
    window.resize(width, height)
    cases_read(qtbot, page)
    qtbot.waitUntil(lambda: window.width() == width and page.case_table.viewport().width() > 0)
    return page, page.case_table.horizontalHeader()


def drag(header, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """The person's mouse on ``header``: pressed at ``start`` px, dragged to ``end`` px, released."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    viewport, y = header.viewport(), header.height() // 2
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(start, y))
    QTest.mouseMove(viewport, QPoint((start + end) // 2, y))
    QTest.mouseMove(viewport, QPoint(end, y))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(end, y))


def visual_order(header) -> list[int]:  # type: ignore[no-untyped-def]
    return [header.logicalIndex(visual) for visual in range(header.count())]


def test_the_widths_and_order_the_person_gave_the_columns_come_back_at_the_next_start(
    qtbot, paths, filled_store
) -> None:
    """She widened the Loss and dragged it before the Status: both were lost at every start (only which
    columns show was kept). Now they come back, the title giving way to the wider Loss; the fitting hides no
    column it did not hide before."""
    from gui_support import make_services, offline_window

    filled_store.cases.new_case("Voids after closing", operator="Ana", location="S1", assignee="Dana Reyes")
    first = offline_window(qtbot, make_services(paths, filled_store))
    page, header = cases_tab(qtbot, first)
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_LOSS))
    shown, fitted = page.columns.shown(), header.sectionSize(COL_LOSS)
    assert header.visualIndex(COL_STATUS) < header.visualIndex(COL_LOSS)
    edge = header.sectionViewportPosition(COL_LOSS) + fitted - 2  # the Loss's right edge, dragged 30 px
    drag(header, edge, edge + 30)
    widened = header.sectionSize(COL_LOSS)
    assert widened > fitted + 20
    middle = header.sectionViewportPosition(COL_LOSS) + widened // 2  # the Loss dropped on the Status
    drag(header, middle, header.sectionViewportPosition(COL_STATUS) + 3)
    order = visual_order(header)
    assert order.index(COL_LOSS) < order.index(COL_STATUS)
    first.close()  # the layout is saved

    window = offline_window(qtbot, make_services(paths, filled_store))  # the settings file read again
    page, header = cases_tab(qtbot, window)
    table = page.case_table
    qtbot.waitUntil(lambda: header.sectionSize(COL_LOSS) == widened)
    assert visual_order(header) == order and page.columns.shown() == shown
    assert table.horizontalScrollBar().maximum() == 0  # the title gave the Loss its room
    assert header.length() == table.viewport().width()


def test_a_layout_saved_by_an_older_column_set_hides_nothing_and_keeps_what_it_still_names(
    qtbot, paths, filled_store
) -> None:
    """A layout saved before a column was added (Updated) and while another one (gone) still was: what it
    names comes back, the rest is laid out as on a first start, nothing is hidden for it; a layout edited by
    hand into nonsense is read as none."""
    from gui_support import make_services, offline_window

    from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
    from ows_desktop.itemmodels.cases import COL_ASSIGNEE, COL_TICKETS, COL_UPDATED
    from ows_desktop.ui.case_columns import LAYOUT, ORDER

    filled_store.cases.new_case("Voids after closing", operator="Ana", location="S1", assignee="Dana Reyes")
    fresh = offline_window(qtbot, make_services(paths, filled_store))
    page, header = cases_tab(qtbot, fresh)
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_LOSS))
    shown = page.columns.shown()  # at a first start
    assert visual_order(header) == list(ORDER)
    fresh.close()

    older = {
        "widths": {"loss": 80, "gone": 120, "title": "wide"},
        "order": ["number", "gone", "loss", "title", "status", "subject", "assignee", "tickets"],
    }
    services = make_services(paths, filled_store)
    services.settings.set(LAYOUT, json.dumps(older))
    window = offline_window(qtbot, services)
    page, header = cases_tab(qtbot, window)
    table = page.case_table
    qtbot.waitUntil(lambda: header.sectionSize(COL_LOSS) == 80)
    assert visual_order(header) == [
        COL_NUMBER, COL_LOSS, COL_TITLE, COL_STATUS, COL_SUBJECT, COL_ASSIGNEE, COL_TICKETS, COL_UPDATED
    ]  # fmt: skip
    assert page.columns.shown() == shown and table.horizontalScrollBar().maximum() == 0
    edited = (
        "[",
        '{"widths": [1], "order": "loss"}',
        '{"widths": {"loss": -5, "title": 99999, "status": true}}',
    )
    for text in edited:
        page.columns.restore_state(AppSettings(DictSettingsBackend({LAYOUT: text})))
        assert visual_order(header) == list(ORDER), text
        assert page.columns.shown() == shown and table.horizontalScrollBar().maximum() == 0, text
        assert header.sectionSize(COL_LOSS) != 80, text  # fitted to its content again


def test_the_case_tickets_widths_order_and_sort_come_back_at_the_next_start(
    qtbot, paths, filled_store
) -> None:
    """The case's tickets' table (a receipts table) lost the person's widths, order and sort at every start:
    they are kept as the Receipts table's are."""
    from gui_support import cases_read, make_services, offline_window
    from PySide6.QtCore import QPoint, Qt

    from ows_desktop.itemmodels.ticket_columns import COL_OPERATOR, COL_TIME, COL_TOTAL
    from ows_desktop.store.query import TicketQuery

    with filled_store.reader() as reader:
        rows, _after = reader.page(TicketQuery(), 6)
    number = filled_store.cases.new_case("Refunds", tickets=[row.key for row in rows]).number
    first = offline_window(qtbot, make_services(paths, filled_store))
    page, _header = cases_tab(qtbot, first)
    cases_read(qtbot, page, number)
    table, header = page.ticket_table, page.ticket_table.horizontalHeader()
    assert page.tickets.query.sort == "start" and not page.tickets.query.descending  # oldest first
    widths = [header.sectionSize(c) for c in range(header.count())]
    edge = header.sectionViewportPosition(COL_OPERATOR) + widths[COL_OPERATOR] - 2
    drag(header, edge, edge + 40)  # the Operator widened
    assert header.sectionSize(COL_OPERATOR) > widths[COL_OPERATOR] + 30
    middle = header.sectionViewportPosition(COL_TOTAL) + header.sectionSize(COL_TOTAL) // 2
    drag(header, middle, header.sectionViewportPosition(COL_TIME) + 3)  # the Total dropped on the Time
    total = QPoint(header.sectionViewportPosition(COL_TOTAL) + header.sectionSize(COL_TOTAL) // 2, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=total)  # sorted by Total
    cases_read(qtbot, page, refresh=False)
    order, sort = visual_order(header), (page.tickets.query.sort, page.tickets.query.descending)
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert order.index(COL_TOTAL) < order.index(COL_TIME) and sort[0] == "total"
    first.close()  # the layout is saved

    window = offline_window(qtbot, make_services(paths, filled_store))  # the settings file read again
    page, _header = cases_tab(qtbot, window)
    cases_read(qtbot, page, number)
    table, header = page.ticket_table, page.ticket_table.horizontalHeader()
    assert (page.tickets.query.sort, page.tickets.query.descending) == sort
    totals = [page.tickets.ticket_row(r).total for r in range(page.tickets.rowCount())]
    assert totals == sorted(totals, reverse=sort[1])
    assert visual_order(header) == order and header.sortIndicatorSection() == COL_TOTAL
    qtbot.waitUntil(lambda: [header.sectionSize(c) for c in range(header.count())] == widths)
    assert table.horizontalScrollBar().maximum() == 0
