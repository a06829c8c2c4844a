"""Which open case "Add to case…" chooses for the person (ui/case_match.py).

A tester selected three tickets of one operator at one store, pressed Add to case, and the dialog had chosen
the newest open case, "C-2026-0002 — Store S012 reasons test", though C-2026-0001, about exactly that
operator and store, was in the list: Enter would have filed the tickets in the wrong case. Now it chooses the
latest open case about the tickets' operator (else their store), says so, and chooses none when no open case
is about them: then Enter does nothing until the person picks one."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, landed, make_services, receipts_window, when_modal
from PySide6.QtCore import QItemSelectionModel, Qt

from ows_desktop.store.cases import CaseFilter
from ows_desktop.store.operators import operator_text
from ows_desktop.ui.case_dialogs import AddToCaseDialog

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def window(qtbot: Any, paths: Any, filled_store: Any) -> Any:
    return receipts_window(qtbot, make_services(paths, filled_store), rows=3)


def one_operators_rows(window: Any, count: int = 3) -> list[int]:
    """``count`` rows of the Receipts list whose tickets share their operator and store."""
    model = window.receipts.model
    groups: dict[tuple[str, str], list[int]] = {}
    for row in range(model.rowCount()):
        ticket = model.ticket_row(row)
        if ticket.operator_id and ticket.location:
            groups.setdefault((ticket.operator_id, ticket.location), []).append(row)
    return next(rows[:count] for rows in groups.values() if len(rows) >= count)


def select(window: Any, rows: list[int]) -> list[Any]:
    table, model = window.receipts.table, window.receipts.model
    table.setCurrentIndex(model.index(rows[0], 0))
    for row in rows[1:]:
        table.selectionModel().select(
            model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    return [model.ticket_row(row) for row in rows]


def add_to_case(qtbot: Any, window: Any, act: Any) -> dict[str, Any]:
    """Add to case… on what is selected: what the dialog showed, then ``act(dialog)``."""
    seen: dict[str, Any] = {}

    def look(dialog: AddToCaseDialog) -> None:
        combo = dialog.case_combo
        seen.update(
            shown=combo.currentText() if combo.currentIndex() >= 0 else combo.placeholderText(),
            note=dialog.chosen_note.text() if dialog.chosen_note.isVisible() else None,
            ok=dialog.ok.isEnabled(),
            existing=dialog.existing_radio.isChecked(),
        )
        act(dialog)

    when_modal(AddToCaseDialog, look)
    window.case_actions.ask_add_to_case()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    return seen


def press_enter(qtbot: Any) -> Any:
    def act(dialog: AddToCaseDialog) -> None:
        qtbot.keyClick(dialog.case_combo, Qt.Key.Key_Return)  # the person's Enter, the focus on the list
        if dialog.isVisible():
            dialog.reject()

    return act


def test_the_case_about_the_tickets_operator_and_store_is_chosen_not_the_newest(
    qtbot: Any, window: Any, filled_store: Any
) -> None:
    tickets = select(window, one_operators_rows(window))
    first = tickets[0]
    model = window.receipts.model
    stores = {model.ticket_row(row).location for row in range(model.rowCount())} - {first.location, None}
    other_store = min(stores, default="S999")
    operator = operator_text(first.operator, first.operator_id)
    about = filled_store.cases.new_case(f"{first.operator_id} at {first.location}", operator=operator,
                                        location=first.location)  # fmt: skip
    filled_store.cases.new_case(f"Store {other_store} reasons test", location=other_store)  # the newest
    seen = add_to_case(qtbot, window, press_enter(qtbot))
    assert seen == {
        "shown": f"{about.number} — {first.operator_id} at {first.location} (Open)",
        "note": f"Chosen: {about.number}, the latest open case about these tickets' operator {operator} and "
        f"store {first.location}.",
        "ok": True,
        "existing": True,
    }
    landed(qtbot, window)
    with filled_store.reader() as reader:
        assert sorted(reader.cases.case_tickets(about.number)) == sorted(t.key for t in tickets)


def test_no_open_case_about_the_tickets_none_is_chosen_and_enter_files_nothing(
    qtbot: Any, window: Any, filled_store: Any
) -> None:
    tickets = select(window, one_operators_rows(window))
    newest = filled_store.cases.new_case("Store S999 reasons test", location="S999")
    seen = add_to_case(qtbot, window, press_enter(qtbot))
    assert seen == {
        "shown": "Choose an open case…",
        "note": "No open case is about these tickets' operator or store: choose one, or open a new case.",
        "ok": False,
        "existing": True,
    }
    landed(qtbot, window)
    with filled_store.reader() as reader:
        assert reader.cases.case_tickets(newest.number) == []  # Enter filed nothing
    assert len({t.location for t in tickets}) == 1


def test_a_case_about_the_operator_by_employee_id_alone_is_chosen_over_one_about_the_store(
    qtbot: Any, window: Any, filled_store: Any
) -> None:
    tickets = select(window, one_operators_rows(window))
    first = tickets[0]
    by_id = filled_store.cases.new_case(
        "Sweethearting", operator=first.operator_id.lower()
    )  # any letter case
    filled_store.cases.new_case("Shrink", location=first.location)  # newer, about the store only
    seen = add_to_case(qtbot, window, lambda dialog: dialog.reject())
    assert seen["shown"] == f"{by_id.number} — Sweethearting (Open)"
    assert seen["note"] == (
        f"Chosen: {by_id.number}, the latest open case about these tickets' operator "
        f"{first.operator_id.lower()}."
    )
    mixed = filled_store.cases.new_case(
        "Other cashier", operator="E0000", location=first.location
    )  # not theirs
    assert mixed.number != by_id.number
    seen = add_to_case(qtbot, window, lambda dialog: dialog.reject())
    assert seen["shown"] == f"{by_id.number} — Sweethearting (Open)"  # one naming another operator: never


def test_tickets_of_several_stores_choose_no_case_of_one_store(
    qtbot: Any, window: Any, filled_store: Any
) -> None:
    model = window.receipts.model
    rows = {model.ticket_row(r).location: r for r in range(model.rowCount())}
    assert len(rows) >= 2
    tickets = select(window, list(rows.values())[:2])
    filled_store.cases.new_case("One store", location=tickets[0].location)
    seen = add_to_case(qtbot, window, lambda dialog: dialog.reject())
    assert (seen["shown"], seen["ok"]) == ("Choose an open case…", False)
    landed(qtbot, window)
    with filled_store.reader() as reader:
        assert [c.ticket_count for c in reader.cases.cases(CaseFilter())] == [0]
