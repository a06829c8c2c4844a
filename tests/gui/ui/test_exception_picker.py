"""A ticket with a voided line is found from the filter bar. A store manager chose Status "Void" to find a
sale with a voided line and got only the voided tickets: the status is the ticket's own. The bar's exception
picker lists the rules (Line void, Whole-ticket void, …) and lists the tickets each rule found, as the
Exceptions tab's cells do; the Status filter keeps its meaning. A set of rules from the Exceptions tab shows in
the picker too, and the picker keeps its place and width whatever it shows."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from review_helpers import ln, tk

from ows_desktop.rules import RuleRunner
from ows_desktop.ui.filter_state import FilterState

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot, paths, store):
    store.upsert_tickets(
        [
            tk("LINE-VOID", lines=(ln("A"), ln("B", voided=True))),  # a sale that went through, a line voided
            tk("TICKET-VOID", status="void", tenders=()),  # the whole ticket voided before tender
            tk("CLEAN"),
        ]
    )
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)
    w = offline_window(qtbot, make_services(paths, store))
    qtbot.waitUntil(lambda: w.receipts.total() == 3)
    return w


def listed(page) -> list[str]:
    return sorted(page.model.ticket_row(r).key for r in range(page.model.rowCount()))


def choose(qtbot, page, combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    with qtbot.waitSignal(page.model.queryChanged):
        combo.setCurrentIndex(index)


def test_the_exception_picker_lists_a_ticket_with_a_voided_line_the_status_filter_does_not(qtbot, window):
    page = window.receipts
    bar = page.filter_bar
    status, picker = bar.pickers["status"], bar.exception_picker
    assert picker.objectName() == "exceptionFilter" and picker.accessibleName() == "Exception filter"
    assert picker.currentText() == "No exception filter"
    place, width = picker.geometry(), picker.sizeHint().width()
    qtbot.waitUntil(lambda: status.findData("void") >= 0)
    choose(qtbot, page, status, "void")  # the ticket's status: the voided ticket only, as before
    qtbot.waitUntil(lambda: listed(page) == ["TICKET-VOID"])
    assert "a voided line: the exception filter" in status.toolTip()
    choose(qtbot, page, status, None)
    line_void = picker.findText("Line void")
    assert picker.itemData(line_void, 3) == "Lines voided on a ticket that went through."  # its tooltip
    choose(qtbot, page, picker, "line_void")
    qtbot.waitUntil(lambda: listed(page) == ["LINE-VOID"])
    assert bar.state().rules == ("line_void",) and bar.state().status is None
    assert bar.rule_chip.isVisible() and bar.clear_button.isEnabled()
    choose(qtbot, page, picker, picker.itemData(picker.findText("Any exception")))
    qtbot.waitUntil(lambda: listed(page) == ["LINE-VOID", "TICKET-VOID"])
    # the Exceptions tab's cell of two rules: shown in the picker as such, the picker as wide and where it was
    bar.set_state(FilterState(rules=("ticket_void", "line_void")))
    qtbot.waitUntil(lambda: listed(page) == ["LINE-VOID", "TICKET-VOID"])
    assert picker.currentText() == "Any of 2 exceptions"
    bar.set_state(FilterState(rules=("line_void",)))
    assert picker.currentText() == "Line void" and picker.findText("Any of 2 exceptions") < 0
    assert picker.geometry() == place and picker.sizeHint().width() == width
    with qtbot.waitSignal(page.model.queryChanged):
        bar.rule_chip.click()  # the chip takes the filter off: the picker follows
    assert picker.currentText() == "No exception filter" and bar.state().rules == ()
    qtbot.waitUntil(lambda: listed(page) == ["CLEAN", "LINE-VOID", "TICKET-VOID"])
