"""The Exceptions tab ranks people by the employee ID their tickets carry: a tester saw "Ines Brontë" ranked as
one row (E1014 at S027 and E1053 at S063, 209 tickets), whose refund count listed both stores' refunds. Each ID
is a row named with it, and a click lists exactly that ID's tickets, with the operator picker showing whom.
On the SQLite cache and on a PostgreSQL team store."""

from __future__ import annotations

import pytest
from gui_support import OFFSCREEN_NOISE, click_to_receipts, make_services, receipts_window
from PySide6.QtCore import QDate, Qt
from review_helpers import INES, store_namesakes

from ows_desktop.itemmodels.exceptions import COL_NAME, FIXED_COLUMNS

pytestmark = [OFFSCREEN_NOISE, pytest.mark.both_backends]


@pytest.fixture
def window(qtbot, paths, store):
    store_namesakes(store)
    return receipts_window(qtbot, make_services(paths, store))


def test_each_employee_id_is_a_row_whose_click_lists_exactly_its_tickets(qtbot, window) -> None:
    view = window.exceptions
    window.tabs.setCurrentWidget(view)
    view.from_edit.setDate(QDate(2026, 3, 1))
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.to_edit.setDate(QDate(2026, 3, 3))
    proxy = view.table.model()
    names = {proxy.index(r, COL_NAME).data(): r for r in range(proxy.rowCount())}
    assert set(names) == {
        f"{INES} (E1014)",
        f"{INES} (E1053)",
        f"S063 · {INES} (no employee ID)",
        "Ana / Ana M. (E2001)",
    }
    tip = proxy.index(names[f"{INES} (E1014)"], COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Employee ID E1014, at S027\n")
    unknown = proxy.index(names[f"S063 · {INES} (no employee ID)"], COL_NAME)
    assert "no employee ID" in unknown.data(Qt.ItemDataRole.ToolTipRole)

    refund = next(c for c in range(FIXED_COLUMNS, proxy.columnCount())
                  if proxy.headerData(c, Qt.Orientation.Horizontal) == "Refund / return")  # fmt: skip
    index = proxy.index(names[f"{INES} (E1014)"], refund)
    assert index.data() == "3"
    page = click_to_receipts(qtbot, window, view.table, index)
    page.model.fetch_until(10)
    rows = [page.model.ticket_row(r) for r in range(page.model.rowCount())]
    assert page.total() == 3 and {row.key for row in rows} == {f"s027-ines-r{i}" for i in range(3)}
    assert {(row.operator, row.operator_id) for row in rows} == {(INES, "E1014")}
    assert page.filter_bar.pickers["operator"].currentText() == f"{INES} (E1014)"
    assert page.model.query.operator_keys == ("id:E1014",)

    # the other Ines: her own four refunds, not E1014's
    window.tabs.setCurrentWidget(view)
    index = proxy.index(names[f"{INES} (E1053)"], refund)
    page = click_to_receipts(qtbot, window, view.table, index)
    page.model.fetch_until(10)
    rows = [page.model.ticket_row(r) for r in range(page.model.rowCount())]
    assert {row.key for row in rows} == {f"s063-ines-r{i}" for i in range(4)}

    # her name without an ID at S063: that ticket alone
    window.tabs.setCurrentWidget(view)
    page = click_to_receipts(
        qtbot, window, view.table, proxy.index(names[f"S063 · {INES} (no employee ID)"], 0)
    )
    page.model.fetch_until(10)
    assert [page.model.ticket_row(r).key for r in range(page.model.rowCount())] == ["s063-noid-r0"]
    assert page.filter_bar.pickers["operator"].currentText() == f"{INES} (no employee ID) · S063"
