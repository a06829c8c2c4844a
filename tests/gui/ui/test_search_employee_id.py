"""Investigators name people by employee ID: typed in the Receipts search box (``e1014``, any case) it lists that
employee's tickets and counts them, and the Operator column shows the ID beside the name ("Ines Brontë
(E1014)", as the operator picker and the case subjects name a person), cut keeping the ID where the column is
narrow (ui.delegates.OperatorCellDelegate)."""

from __future__ import annotations

from datetime import timedelta

from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QStyleOptionViewItem
from review_helpers import T0, ln, tk

from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.ticket_columns import COL_OPERATOR
from ows_desktop.ui.delegates import OperatorCellDelegate, elide_keeping_bracket

INES = "Ines Brontë"


def tickets() -> list:  # type: ignore[type-arg]
    at = [T0 + timedelta(minutes=i) for i in range(6)]
    return [
        tk("a1", start=at[0], location="S027", operator=INES, operator_id="E1014", lines=(ln("COKE"),)),
        tk("a2", start=at[1], location="S027", operator=INES, operator_id="E1014"),
        tk("b1", start=at[2], location="S063", operator=INES, operator_id="E1053"),
        tk("c1", start=at[3], location="S063", operator="Cy"),  # no employee ID: the name alone
        tk("d1", start=at[4], location="S063", operator=None, operator_id="E2001"),  # the ID alone
        tk("e1", start=at[5], location="S063", operator="Al", operator_id="E3001"),
    ]


@OFFSCREEN_NOISE
def test_an_employee_id_typed_in_the_search_box_lists_and_counts_that_employees_tickets(
    qtbot, paths, store
) -> None:  # type: ignore[no-untyped-def]
    store.upsert_tickets(tickets())
    window = offline_window(qtbot, make_services(paths, store))
    page = window.receipts
    model = page.model
    qtbot.waitUntil(lambda: page.total() == 6)
    operators = {
        model.ticket_row(r).key: model.index(r, COL_OPERATOR).data() for r in range(model.rowCount())
    }
    assert operators == {
        "a1": "Ines Brontë (E1014)",
        "a2": "Ines Brontë (E1014)",
        "b1": "Ines Brontë (E1053)",
        "c1": "Cy",
        "d1": "E2001",
        "e1": "Al (E3001)",
    }
    row = next(r for r in range(model.rowCount()) if model.ticket_row(r).key == "b1")
    assert model.index(row, COL_OPERATOR).data(Qt.ItemDataRole.AccessibleTextRole) == "Ines Brontë (E1053)"

    with qtbot.waitSignal(model.queryChanged, timeout=3000):
        qtbot.keyClicks(page.filter_bar.search, "e1014")
    qtbot.waitUntil(lambda: page.total() == 2 and model.rowCount() == 2)
    assert model.query.text == "e1014"
    assert sorted(model.ticket_row(r).key for r in range(2)) == ["a1", "a2"]
    qtbot.waitUntil(lambda: page.count_label.text() == counted().receipts(2))
    assert page.count_label.text() == "2 receipts"

    page.filter_bar.search.clear()
    with qtbot.waitSignal(model.queryChanged, timeout=3000):
        qtbot.keyClicks(page.filter_bar.search, "E1014 coke")  # every word must match
    qtbot.waitUntil(lambda: page.total() == 1 and model.rowCount() == 1)
    assert model.ticket_row(0).key == "a1" and page.count_label.text() == counted().receipts(1)

    page.filter_bar.search.clear()
    qtbot.waitUntil(lambda: page.total() == 6 and model.rowCount() == 6)
    model.sort(COL_OPERATOR, Qt.SortOrder.AscendingOrder)  # by name, as the cells start
    qtbot.waitUntil(lambda: model.query.sort == "operator" and model.rowCount() == 6)
    names = [model.ticket_row(r).operator or "" for r in range(6)]
    assert names == sorted(names) and names[-3:] == [INES] * 3
    window.close()


def test_a_narrow_operator_cell_keeps_the_employee_id_whole(qapp) -> None:  # type: ignore[no-untyped-def]
    fm = QFontMetricsF(QFont())
    text = "Ines Brontë (E1014)"
    whole = fm.horizontalAdvance(text)
    assert elide_keeping_bracket(fm, text, whole, bare=True) == text
    cut = elide_keeping_bracket(fm, text, fm.horizontalAdvance("Ines … (E1014)"), bare=True)
    assert cut.endswith("… (E1014)") and cut.startswith("Ine"), cut
    assert elide_keeping_bracket(fm, text, fm.horizontalAdvance("E1014 "), bare=True) == "E1014"
    assert elide_keeping_bracket(fm, "Cy Twombly", fm.horizontalAdvance("Cy T…"), bare=True).startswith("Cy")
    # the picker's form: the name's end cut, never the ID alone
    assert elide_keeping_bracket(fm, text, fm.horizontalAdvance("E1014 ")).endswith("…")


@OFFSCREEN_NOISE
def test_the_tables_operator_column_cuts_the_name_and_keeps_the_id(qtbot, paths, store) -> None:  # type: ignore[no-untyped-def]
    store.upsert_tickets(tickets())
    window = offline_window(qtbot, make_services(paths, store))
    page = window.receipts
    table, model = page.table, page.model
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    row = next(r for r in range(model.rowCount()) if model.ticket_row(r).key == "b1")
    index = model.index(row, COL_OPERATOR)
    delegate = table.itemDelegateForIndex(index)
    assert isinstance(delegate, OperatorCellDelegate)
    fm = QFontMetricsF(table.font())
    table.horizontalHeader().resizeSection(COL_OPERATOR, round(fm.horizontalAdvance("Ines … (E1053)")) + 24)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(index)
    shown = delegate.shown_text(option, index)
    assert shown != index.data() and shown.endswith("… (E1053)"), shown
    window.close()
