""" "Refunds over $50": status Refund and Min total 50 listed nothing, and the empty list said only "No tickets
match … total ≥ 50" (s06): a refund's total is negative (the Total column shows −70.17), so the filter that
lists them is Max total −50 (s10). The filter stays exact — it compares the total the column shows — and the
empty list now says why and offers that filter; a click applies it and the fields show it. It names the status
as the picker does ("Refund", not "refund") and the amounts as the Total column ("−2.00", not "-2")."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt

from ows_desktop.ui.filter_state import FilterState

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def page(browsing):
    return browsing.receipts


def test_an_empty_list_of_refunds_over_an_amount_offers_the_negative_total(qtbot, page) -> None:
    bar, empty = page.filter_bar, page.empty
    with qtbot.waitSignal(page.model.queryChanged):
        bar.set_state(FilterState(status="refund", min_total=2.0))
    qtbot.waitUntil(lambda: page.table_stack.currentWidget() is empty)
    assert bar.pickers["status"].currentText() == "Refund"  # the title names it so
    assert empty.title.text() == "No tickets match status Refund, total ≥ 2.00."
    assert empty.hint.text().startswith(
        "Refund totals are negative: a refund of 2.00 or more has a total of −2.00 or less."
    )
    assert empty.suggest_button.isVisible() and empty.suggest_button.text() == "Show total ≤ −2.00"
    with qtbot.waitSignal(page.model.queryChanged):
        qtbot.mouseClick(empty.suggest_button, Qt.MouseButton.LeftButton)
    assert (page.model.query.min_total, page.model.query.max_total) == (None, -2.0)
    assert (bar.min_total.text(), bar.max_total.text()) == ("", "-2")  # the filter shown is the one applied
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.ticket_row(0).total == -3.77


def test_a_range_is_mirrored_and_other_statuses_get_no_such_offer(qtbot, page) -> None:
    bar, empty = page.filter_bar, page.empty
    with qtbot.waitSignal(page.model.queryChanged):
        bar.set_state(FilterState(status="return", min_total=2.0, max_total=5.0))  # a return is a refund
    qtbot.waitUntil(lambda: page.table_stack.currentWidget() is empty)
    assert empty.suggest_button.isVisible() and empty.suggest_button.text() == "Show total −5.00 to −2.00"
    assert "a refund of 2.00 to 5.00 has a total from −5.00 to −2.00" in empty.hint.text()
    with qtbot.waitSignal(page.model.queryChanged):
        bar.set_state(FilterState(status="sale", min_total=1e6))
    qtbot.waitUntil(lambda: page.table_stack.currentWidget() is empty)
    assert not empty.suggest_button.isVisible() and "negative" not in empty.hint.text()
