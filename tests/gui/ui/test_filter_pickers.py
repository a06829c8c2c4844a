"""The filter bar offers only combinations that can match: the register and operator pickers list the chosen
store's (one of another store goes back to "All registers" or "All operators" when the person picks a store), and a
min total above the max total is marked and named in the empty table instead of "No tickets match"."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from review_helpers import T0

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def page(browsing):
    return browsing.receipts


def _items(combo) -> list[str]:
    return [combo.itemData(i) for i in range(1, combo.count())]


@pytest.mark.parametrize(
    ("picker", "everyone"), [("terminal", "All registers"), ("operator", "All operators")]
)
def test_the_register_and_operator_pickers_list_the_chosen_stores(
    qtbot, page, filled_store, picker, everyone
) -> None:
    """The operator picker listed every cashier of the chain whatever the store chosen: one of another store
    matched no receipt. It now lists the chosen store's, as the register picker does."""
    from ows_desktop.ui.filter_state import operator_choices

    with filled_store.reader() as reader:
        if picker == "terminal":
            pairs = reader.terminals()
        else:  # by employee ID
            pairs = operator_choices(reader.distinct_values("operator"), reader.operators())[1]
    stores = sorted({location for location, _ in pairs})
    assert len(stores) >= 2
    first, second = stores[0], stores[1]
    own = sorted({value for location, value in pairs if location == first})
    theirs = sorted({value for location, value in pairs if location == second})
    only_first = sorted(set(own) - set(theirs))
    assert only_first and len(own) < len({value for _, value in pairs})
    stores_combo, values = page.filter_bar.pickers["location"], page.filter_bar.pickers[picker]
    assert sorted(_items(values)) == sorted({value for _, value in pairs})  # all stores: every value

    with qtbot.waitSignal(page.model.queryChanged):
        stores_combo.setCurrentIndex(stores_combo.findData(first))
    assert sorted(_items(values)) == own
    with qtbot.waitSignal(page.model.queryChanged):
        values.setCurrentIndex(values.findData(only_first[0]))
    field = "terminals" if picker == "terminal" else "operator_keys"
    assert getattr(page.model.query, field) == (only_first[0],)

    # another store: its values only, and the first store's is no longer chosen
    with qtbot.waitSignal(page.model.queryChanged):
        stores_combo.setCurrentIndex(stores_combo.findData(second))
    assert sorted(_items(values)) == theirs
    assert values.currentIndex() == 0 and values.currentText() == everyone
    assert page.model.query.locations == (second,) and getattr(page.model.query, field) == ()
    assert page.model.rowCount() > 0


def test_a_min_total_above_the_max_is_marked_and_named(qtbot, page) -> None:
    bar = page.filter_bar
    qtbot.keyClicks(bar.min_total, "100")
    qtbot.keyClicks(bar.max_total, "20")
    assert bar.min_total.property("crossed") is True and bar.max_total.property("crossed") is True
    assert bar.max_total.toolTip() == "The min total is above the max total: no ticket can match"
    with qtbot.waitSignal(page.model.queryChanged):
        qtbot.keyClick(bar.max_total, Qt.Key.Key_Return)
    assert page.table_stack.currentWidget() is page.empty
    assert page.empty.title.text() == "No ticket can match: the min total 100 is above the max total 20."
    assert page.empty.clear_button.isVisible()

    # typed without Enter, then the list refreshes (a sync's page): the message keeps the applied amounts
    bar.min_total.clear()
    qtbot.keyClicks(bar.min_total, "5")
    page._update_empty()  # what a sync page's live refresh runs
    assert page.empty.title.text() == "No ticket can match: the min total 100 is above the max total 20."
    bar.min_total.clear()
    qtbot.keyClicks(bar.min_total, "100")
    bar.max_total.clear()
    qtbot.keyClicks(bar.max_total, "200")
    assert not bar.min_total.property("crossed") and bar.max_total.toolTip() == ""


def test_registers_without_tickets_are_not_offered_and_unknown_stores_narrow_nothing(qtbot) -> None:
    from ows_desktop.ui.filters import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_choices("location", ["S1", "S2"])
    stores, registers = bar.pickers["location"], bar.pickers["terminal"]
    # S1-R9 once had tickets (the pair is kept) but has none now: not offered
    bar.set_by_store("terminal", ["S1-R1", "S2-R1"], [("S1", "S1-R1"), ("S1", "S1-R9"), ("S2", "S2-R1")])
    stores.setCurrentIndex(stores.findData("S1"))
    assert _items(registers) == ["S1-R1"]
    # the pairs could not be read: every register stays offered, whatever the store
    bar.set_by_store("terminal", ["S1-R1", "S2-R1"], [])
    stores.setCurrentIndex(stores.findData("S2"))
    assert _items(registers) == ["S1-R1", "S2-R1"]


def test_clear_filters_leaves_the_focus_in_the_search_and_opens_no_receipt(qtbot, page) -> None:
    """The button disables itself once the filters are clear; the focus Qt handed on reached the table,
    which took it by selecting its first receipt: shown, its video started, nobody chose it."""
    bar = page.filter_bar
    status = bar.pickers["status"]
    with qtbot.waitSignal(page.model.queryChanged):
        status.setCurrentIndex(status.findData("sale"))
    page.window().activateWindow()
    bar.clear_button.setFocus()
    with qtbot.waitSignal(page.model.queryChanged):
        qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert not bar.clear_button.isEnabled() and bar.search.hasFocus()
    assert page.receipt.ticket() is None and not page.table.selectionModel().hasSelection()


def test_the_operator_picker_lists_each_employee_id_with_its_name(qtbot) -> None:
    """Two cashiers of one name (E1014 at S027, E1053 at S063) were one entry of the operator picker ("Ines
    Brontë — in 2 stores"), and choosing it filtered both people's tickets. Each employee ID is an entry of
    its own, named with its ID; a name without an ID is an entry per store, which says it has none; one ID in
    two stores (one person) says so."""
    from ows_desktop.ui.filter_state import operator_choices
    from ows_desktop.ui.filters import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_choices("location", ["S027", "S063"])
    stored = [("S027", "", "Ines Brontë"), ("S027", "E1014", "Ines Brontë"), ("S027", "E7", "Ana Diaz"),
              ("S063", "", "Ines Brontë"), ("S063", "E1053", "Ines Brontë"), ("S063", "E7", "Ana Diaz"),
              ("S063", "E9", "Bo Li"), ("S063", "E10", "Gone")]  # fmt: skip
    bar.set_by_store("operator", *operator_choices(["Ana Diaz", "Bo Li", "Ines Brontë"], stored))
    operators = bar.pickers["operator"]
    labels = [(operators.itemText(i), operators.itemData(i)) for i in range(1, operators.count())]
    assert labels == [
        ("Ana Diaz (E7) — in 2 stores", "id:E7"),
        ("Bo Li (E9)", "id:E9"),
        ("Ines Brontë (E1014)", "id:E1014"),
        ("Ines Brontë (E1053)", "id:E1053"),
        ("Ines Brontë (no employee ID) · S027", 'store:["S027", "Ines Brontë"]'),
        ("Ines Brontë (no employee ID) · S063", 'store:["S063", "Ines Brontë"]'),
    ]
    bar.pickers["location"].setCurrentIndex(bar.pickers["location"].findData("S027"))
    assert [operators.itemText(i) for i in range(1, operators.count())] == [  # that store's own
        "Ana Diaz (E7)",
        "Ines Brontë (E1014)",
        "Ines Brontë (no employee ID) · S027",
    ]
    operators.setCurrentIndex(operators.findData("id:E1014"))
    assert bar.state().to_query(now_utc=T0).operator_keys == ("id:E1014",)


def test_a_saved_operator_filter_is_an_employee_id_not_a_name(qtbot) -> None:
    """A filter an older version saved held the operator's name alone, which stood for every cashier of that
    name: it is not restored (all operators); an operator key is, and sentences name it by its ID."""
    from datetime import UTC

    from ows_desktop.ui.filter_state import FilterState

    old = FilterState.from_json('{"operator": "Ines Brontë", "status": "refund"}')
    assert old == FilterState(status="refund")
    kept = FilterState.from_json(FilterState(operator="id:E1014", status="refund").to_json())
    assert kept.operator == "id:E1014" and kept.to_query(now_utc=T0).operator_keys == ("id:E1014",)
    assert kept.describe() == "operator E1014, status Refund"
    no_id = FilterState(operator='store:["S063", "Ines Brontë"]')
    assert no_id.describe() == "operator Ines Brontë (no employee ID) · S063"
    clicked = FilterState.for_query_filter({"operator_keys": ("id:E1053",), "exceptions": ("refund",)}, UTC)
    assert (clicked.operator, clicked.location, clicked.rules) == ("id:E1053", None, ("refund",))


def test_a_long_operator_keeps_its_employee_id_in_sight_in_the_picker(qtbot) -> None:
    """The picker's width is fixed: "Ines Brontë (E1014)" and "Ines Brontë (E1053)" both read "Ines Brontë …"
    when cut at the end. An operator's name is cut, its employee ID kept whole; other pickers' at the end."""
    from ows_desktop.ui.filter_state import operator_choices
    from ows_desktop.ui.filters import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.resize(1440, 80)
    bar.show()
    qtbot.waitExposed(bar)
    long_name = "Maria-Fernanda Gonzalez-Rodriguez"
    stored = [("S1", "E1007", long_name), ("S1", "E1008", long_name)]
    bar.set_by_store("operator", *operator_choices([long_name], stored))
    operators = bar.pickers["operator"]
    operators.setCurrentIndex(operators.findData("id:E1008"))
    assert operators.elided() and operators.currentText() == f"{long_name} (E1008)"  # read out whole
    shown = operators.shown()
    assert "…" in shown and shown.endswith(" (E1008)") and shown.startswith("M")
    stores = bar.pickers["location"]
    bar.set_choices("location", ["S999 Riverside Shopping Centre and Garden Market"])
    stores.setCurrentIndex(1)
    assert stores.elided() and stores.shown().startswith("S999 River") and stores.shown().endswith("…")
