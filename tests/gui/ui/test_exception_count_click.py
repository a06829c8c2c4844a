"""The number a person clicks in the Exceptions tab's Exceptions column is the number of receipts the click
lists, and the figure ``ows-desktop exceptions`` prints: a tester saw 41 on Emma Johnson's row and got 37
receipts (41 counted findings — one ticket can have several rules' exceptions — 37 the tickets with any).
On the SQLite cache and on a PostgreSQL team store."""

from __future__ import annotations

import json

import pytest
from cli_support import ctx_on
from gui_support import OFFSCREEN_NOISE, click_to_receipts, make_services, receipts_window
from PySide6.QtCore import QDate
from review_helpers import EMMA, store_two_rules_each

from ows_desktop.cli.main import main
from ows_desktop.itemmodels.exceptions import COL_EXCEPTIONS, COL_NAME, SortRole

pytestmark = [OFFSCREEN_NOISE, pytest.mark.both_backends]


@pytest.fixture
def window(qtbot, paths, store):
    store_two_rules_each(store)
    return receipts_window(qtbot, make_services(paths, store))


def test_the_exceptions_count_is_what_its_click_lists_and_the_cli_prints(
    qtbot, window, paths, store_backend: str, request: pytest.FixtureRequest
) -> None:
    view = window.exceptions
    window.tabs.setCurrentWidget(view)
    view.from_edit.setDate(QDate(2026, 3, 1))
    with qtbot.waitSignal(view.model.modelReset, timeout=10_000):
        view.to_edit.setDate(QDate(2026, 3, 3))
    proxy = view.table.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, COL_NAME).data() == f"{EMMA} (E1001)")
    index = proxy.index(row, COL_EXCEPTIONS)
    shown = int(index.data())
    assert index.data(SortRole) == shown
    view.table.scrollTo(index)
    page = click_to_receipts(qtbot, window, view.table, index)
    page.model.fetch_until(shown + 1)
    rows = [page.model.ticket_row(r) for r in range(page.model.rowCount())]
    assert page.total() == len(rows) == shown  # the number clicked is the number listed
    assert all(r.operator == EMMA and r.operator_id == "E1001" and r.exceptions for r in rows)
    assert shown == 6  # 6 tickets with an exception; 4 of them have two rules' (10 findings)
    assert "2 operators, 7 tickets with an exception" in view.status.text()  # the column's sum (Bob: 1)

    start, end = view.time_range()
    team = {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}
    ctx = ctx_on(paths, team)
    assert main(["exceptions", "--json", "--from", start.isoformat(), "--to", end.isoformat()], ctx) == 0
    printed = next(r for r in json.loads(ctx.stdout.getvalue()) if r["name"] == EMMA)
    assert printed["tickets_with_exceptions"] == shown  # the CLI's figure is the window's
