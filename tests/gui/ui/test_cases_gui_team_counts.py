"""The Cases tab on the team store for a login that may not see all of a case's tickets (a tester's report; the
command line's side: tests/core/store/test_team_case_counts.py): an assignee whose store was revoked read "0"
tickets and a loss of 0.00 for a case the director saw whole. The list and the case's header say "1 of 2",
and a loss added up from the visible tickets only says so; hidden tickets are counted, never named."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, cases_read, make_services, open_window
from pg_cluster import Cluster
from PySide6.QtCore import Qt
from team_roles import Team, build_team, ok

from ows_desktop.itemmodels.cases import COL_LOSS, COL_TICKETS
from ows_desktop.store.url import open_store_url
from ows_desktop.ui.case_dialogs import CaseChoice

pytestmark = OFFSCREEN_NOISE


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


def test_the_cases_tab_says_how_many_of_a_cases_tickets_are_visible(
    qtbot: Any, team: Team, tmp_path: Path, paths: Any
) -> None:
    owner, director = team.url(team.owner), team.url(team.director)
    bo = f"bo_{uuid.uuid4().hex[:8]}"
    ok(tmp_path, "store", "grant", bo, "--role", "investigator", "--locations", "S012,S099", "--store", owner)
    new = ("--store", director, "case", "new", "--assignee", bo, "--json")
    one = json.loads(ok(tmp_path, *new, "One store", "--ticket", "S099-T1"))["number"]
    two = json.loads(ok(tmp_path, *new, "Two stores", "--ticket", "S012-T1", "--ticket", "S099-T2"))["number"]
    whole = json.loads(ok(tmp_path, *new, "Seen whole", "--ticket", "S012-T2"))["number"]
    ok(tmp_path, "store", "revoke", bo, "--locations", "S099", "--store", owner)

    store = open_store_url(team.url(bo), tmp_path / "unused.db", password=lambda _l: None)
    try:
        window = open_window(qtbot, make_services(paths, store))
        page = window.cases
        cases_read(qtbot, page, two)  # read in jobs (ui/latest_read.py)
        model = page.model

        def cell(number: str, column: int, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
            return model.index(model.row_of(number), column).data(role)

        assert cell(two, COL_TICKETS) == "1 of 2" and cell(two, COL_LOSS) == "≥ 11.00"
        assert cell(two, COL_TICKETS, Qt.ItemDataRole.ToolTipRole) == "1 of 2 visible to you"
        assert cell(two, COL_LOSS, Qt.ItemDataRole.ToolTipRole).startswith(
            "Added up from the tickets visible to you only"
        )
        assert cell(one, COL_TICKETS) == "0 of 1" and cell(one, COL_LOSS) == "—"  # was "0" and "0.00"
        assert "none of its tickets is visible to you" in cell(one, COL_LOSS, Qt.ItemDataRole.ToolTipRole)
        assert cell(whole, COL_TICKETS) == "1" and cell(whole, COL_LOSS) == "12.00"  # nothing hidden: as ever
        assert cell(whole, COL_TICKETS, Qt.ItemDataRole.ToolTipRole) is None
        header = page.header.text()
        assert "Tickets: 1 of 2 visible to you · Loss: ≥ 11.00 (Added up from the tickets visible" in header
        export = page.export_button  # its evidence would leave the hidden ticket out: refused, saying why
        assert (
            not export.isEnabled()
            and "would leave out 1 ticket in a store you may not see" in export.toolTip()
        )
        cases_read(qtbot, page, whole)
        assert page.export_button.isEnabled() and page.export_button.toolTip() == ""
        assert "S099-T" not in header + str(
            [cell(n, c, r) for n in (one, two) for c in (COL_TICKETS, COL_LOSS)
             for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]
        )  # fmt: skip
        said = lambda text, _ms: text == f"Added to case {two}: it holds 3 tickets now."  # noqa: E731 (was 2)
        with qtbot.waitSignal(window.case_actions.statusMessage, check_params_cb=said, timeout=10_000):
            window.case_actions.add_to_case(["S012-T0"], CaseChoice(number=two))
        qtbot.waitUntil(lambda: cell(two, COL_TICKETS) == "2 of 3")
        window.close()
    finally:
        store.close()


def test_the_cases_tab_says_a_ticket_retention_removed_is_gone_not_in_a_store_you_may_not_see(
    qtbot: Any, pg_cluster: Cluster, tmp_path: Path, paths: Any
) -> None:
    """``store retention`` dropped the month of one ticket of case "Old and new" and of the only ticket of
    "Only old" (tests/core/store/test_team_case_counts.py: the command line's side). The tab counted them as
    "in a store you may not see" (the director's loss tooltip: "not counted: 0 tickets in stores you may not
    see"); now, for the manager (of S012) and the director alike, they are removed by retention, counted
    and never named, in the list, the case's header and its history."""
    from team_roles import retention_team

    team, both, old = retention_team(pg_cluster, tmp_path)
    tip = Qt.ItemDataRole.ToolTipRole
    added = lambda history: next(line for line in history.splitlines() if "added" in line)  # noqa: E731

    def shown_to(login: str, number: str) -> tuple[Any, str, str]:
        """The list's model, the case's header and its history as ``login``'s window shows them."""
        store = open_store_url(team.url(login), tmp_path / "unused.db", password=lambda _l: None)
        try:
            window = open_window(qtbot, make_services(paths, store))
            page = window.cases
            with qtbot.waitSignal(page.case_history.shown, timeout=10_000):
                cases_read(qtbot, page, number)
            header, history = page.header.text(), page.history.toPlainText()
            texts = {(n, c, r): page.model.index(page.model.row_of(n), c).data(r)
                     for n in (both, old) for c in (COL_TICKETS, COL_LOSS)
                     for r in (Qt.ItemDataRole.DisplayRole, tip)}  # fmt: skip
            exportable = page.export_button.isEnabled() or page.export_button.toolTip()
            window.close()
            return texts, header, history + f"\nexport: {exportable}"
        finally:
            store.close()

    cells, header, history = shown_to(team.manager, both)  # S012 only: S099-NEW is hidden from her
    assert cells[both, COL_TICKETS, Qt.ItemDataRole.DisplayRole] == "1 of 2"
    assert cells[both, COL_TICKETS, tip] == "1 of 2 visible to you, 1 removed by retention"
    assert cells[both, COL_LOSS, Qt.ItemDataRole.DisplayRole] == "≥ 7.00"
    assert cells[both, COL_LOSS, tip] == (
        "Added up from the tickets visible to you only, each counted as positive; not counted: 1 ticket in a "
        "store you may not see and 1 ticket removed by retention"
    )
    assert "Tickets: 1 of 2 visible to you, 1 removed by retention · Loss: ≥ 7.00 (Added up from" in header
    assert added(history).endswith(
        "added 3 tickets: Ticket S012-NEW (S012) and 1 ticket in a store you may not see and 1 ticket since "
        "removed by retention"
    )
    everything = str(cells) + header + history

    cells, header, history = shown_to(team.director, both)  # every store: only retention left them out
    assert cells[both, COL_TICKETS, Qt.ItemDataRole.DisplayRole] == "2"
    assert cells[both, COL_TICKETS, tip] == "2, 1 removed by retention"
    assert cells[both, COL_LOSS, Qt.ItemDataRole.DisplayRole] == "≥ 14.00"
    assert cells[both, COL_LOSS, tip] == (
        "Added up from the tickets still in the store only, each counted as positive; not counted: 1 ticket "
        "removed by retention"
    )
    assert cells[old, COL_TICKETS, Qt.ItemDataRole.DisplayRole] == "0"  # its only ticket: gone
    assert cells[old, COL_TICKETS, tip] == "0, 1 removed by retention"
    assert cells[old, COL_LOSS, Qt.ItemDataRole.DisplayRole] == "—"
    assert cells[old, COL_LOSS, tip] == "Not shown: retention removed its tickets"
    assert "Tickets: 2, 1 removed by retention · Loss: ≥ 14.00 (Added up from the tickets still in" in header
    assert added(history).endswith(
        "added 3 tickets: Ticket S012-NEW (S012), Ticket S099-NEW (S099) and 1 ticket since removed by "
        "retention"
    )
    assert "export: True" in history  # the export counts them apart too (export/bundle.py)
    everything += str(cells) + header + history
    assert "S012-T1" not in everything and "S044-T1" not in everything  # counted, never named
    assert "may not see" not in str(cells) + header + history  # the director sees every store


def test_the_cases_tab_counts_a_ticket_added_back_in_a_store_he_may_not_see_as_hidden_not_retained(
    qtbot: Any, pg_cluster: Cluster, tmp_path: Path, paths: Any
) -> None:
    """Retention removed S099-T2 from case "Old and new"; its month synced again, the director added it back.
    The investigator (S012 and S044) read it as "removed by retention" (the ``case_retention`` row stayed, and
    the case's row of it is hidden from him), and Export case… was not greyed for it (the command line's side:
    tests/core/store/test_team_case_retention_again.py)."""
    from team_roles import retain_old_month, retention_team, sync_again

    team, both, _old = retention_team(pg_cluster, tmp_path)  # S012-T1 removed from it
    director = team.url(team.director)
    sync_again(team, tmp_path, "S099-T2")
    ok(tmp_path, "--store", director, "case", "add", both, "S099-T2")
    retain_old_month(team, tmp_path)
    sync_again(team, tmp_path, "S099-T2")
    ok(tmp_path, "--store", director, "case", "add", both, "S099-T2")  # the case's again

    store = open_store_url(team.url(team.investigator), tmp_path / "unused.db", password=lambda _l: None)
    try:
        window = open_window(qtbot, make_services(paths, store))
        page = window.cases
        cases_read(qtbot, page, both)
        tickets = page.model.index(page.model.row_of(both), COL_TICKETS)
        assert tickets.data() == "1 of 3"  # was "1 of 2"
        assert tickets.data(Qt.ItemDataRole.ToolTipRole) == "1 of 3 visible to you, 1 removed by retention"
        assert "Tickets: 1 of 3 visible to you, 1 removed by retention · Loss: ≥ 7.00" in page.header.text()
        export = page.export_button
        assert not export.isEnabled() and "2 tickets in stores you may not see" in export.toolTip()
        assert "S099-T2" not in page.header.text() + page.history.toPlainText()
        window.close()
    finally:
        store.close()
