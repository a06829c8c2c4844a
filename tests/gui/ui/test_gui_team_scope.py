"""A store manager's workstation on the team store (issue #16): the status bar says who is signed in and
what she sees, export is greyed out with the reason, and the receipts table's item model holds only her
store's tickets — because the database returns no other, not because the window filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, cases_read, fill_store, make_services, open_window, small_config
from pg_cluster import Cluster
from team_roles import Team, build_team

from ows_desktop.itemmodels.tickets import TicketTableModel
from ows_desktop.store import TicketQuery
from ows_desktop.store.scope import Scope
from ows_desktop.store.url import open_store_url

pytestmark = OFFSCREEN_NOISE


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


@pytest.mark.parametrize(("who", "stores"), [("manager", {"S012"}), ("investigator", {"S012", "S044"})])
def test_the_receipts_model_on_the_team_store_holds_only_the_roles_stores(
    qtmodeltester: Any, team: Team, tmp_path: Path, who: str, stores: set[str]
) -> None:
    store = open_store_url(team.url(getattr(team, who)), tmp_path / "unused.db", password=lambda _l: None)
    reader = store.reader()
    try:
        model = TicketTableModel(reader)
        model.set_query(TicketQuery())
        qtmodeltester.check(model)
        rows = [model.ticket_row(r) for r in range(model.rowCount())]
        assert {row.location for row in rows if row} == stores and len(rows) == 3 * len(stores)
        assert store.scope() == Scope(who, tuple(sorted(stores)), False, getattr(team, who))
    finally:
        reader.close()
        store.close()


@pytest.mark.parametrize(
    ("scope", "label", "exports"),
    [
        (Scope("manager", ("S012",), False, "mgr_ana"), "Manager · 1 store", False),
        (
            Scope("investigator", tuple(f"S{i:03}" for i in range(12)), False, "inv_bo"),
            "Investigator · 12 stores",
            True,
        ),
        (Scope("director", (), True, "dir_cy"), "Director · all stores", True),
    ],
)
def test_the_window_shows_the_scope_and_greys_out_what_the_role_may_not_use(
    qtbot: Any, filled_store: Any, paths: Any, scope: Scope, label: str, exports: bool
) -> None:
    services = make_services(paths, filled_store)
    services.scope = scope
    window = open_window(qtbot, services)
    assert window.scope_label.text() == label
    # none of these roles syncs (the sync service does): Sync is greyed, says why, and asks for no OWS account
    assert not window.sync_action.isEnabled() and not window.sync_bar.sync_button.isEnabled()
    assert f"{scope.user}'s role does not sync it" in window.sync_bar.sync_button.toolTip()
    said = lambda text, _ms: "sync service keeps it current" in text  # noqa: E731
    with qtbot.waitSignal(window.sync.statusMessage, check_params_cb=said, timeout=2000):
        assert window.start_sync() is False  # reached another way (the empty table's Sync now): refused
    qtbot.wait(50)
    assert window.connection_dialog() is None
    assert scope.user in window.scope_label.toolTip()
    assert window.export_action.isEnabled() is exports
    assert window.flag_action.isEnabled()  # every one of these roles reviews
    if not exports:
        assert "investigators and the director" in window.export_action.toolTip()
        refused = lambda text, _ms: "investigators and the director" in text  # noqa: E731
        with qtbot.waitSignal(window.export.statusMessage, check_params_cb=refused, timeout=2000):
            window.export.start("csv", paths.data_dir / "evidence")  # reached another way: refused, not run
        assert not (paths.data_dir / "evidence").exists()


def test_a_single_seat_window_shows_no_scope(qtbot: Any, filled_store: Any, paths: Any) -> None:
    window = open_window(qtbot, make_services(paths, filled_store))
    assert window.scope_label is None and window.export_action.isEnabled()


def test_an_investigators_export_from_the_window_names_her_login_not_the_computers_os_user(
    qtbot: Any, team: Team, tmp_path: Path, paths: Any
) -> None:
    import json

    from ows_desktop.store.review import current_user

    store = open_store_url(team.url(team.investigator), tmp_path / "unused.db", password=lambda _l: None)
    try:
        window = open_window(qtbot, make_services(paths, store))
        out = tmp_path / "evidence"
        with qtbot.waitSignal(window.exportFinished, timeout=60_000) as done:
            window.export.start("json", out, kind="filter")
        assert done.args == [str(out)]
        custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
        assert custody["exporter"]["investigator"] == team.investigator != current_user()
        assert custody["exporter"]["os_user"] == current_user()  # still recorded, beside it
    finally:
        window.close()
        store.close()


@pytest.mark.parametrize("role", ["owner", "sync"])
def test_the_owner_and_the_sync_login_may_sync_from_the_window(
    qtbot: Any, filled_store: Any, paths: Any, role: str
) -> None:
    services = make_services(paths, filled_store)
    services.scope = Scope(role, (), True, f"{role}_login")
    window = open_window(qtbot, services)
    assert window.sync_action.isEnabled() and window.sync_bar.sync_button.isEnabled()
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)  # its first run asks for the account


@pytest.mark.parametrize(("role", "syncs"), [("manager", False), ("director", False), ("sync", True)])
def test_the_users_tab_says_who_lists_the_ows_users_to_a_role_that_has_no_ows_account(
    qtbot: Any, filled_store: Any, paths: Any, role: str, syncs: bool
) -> None:
    """A manager's Users tab said "Connect to OWS to list its users." in a window that never asks her for an
    OWS account (the sync service syncs): the tab lists OWS's users with an OWS account, the syncing one."""
    services = make_services(paths, filled_store)
    services.scope = Scope(role, ("S012",) if role == "manager" else (), role != "manager", f"{role}_login")
    window = open_window(qtbot, services)
    window.tabs.setCurrentWidget(window.users)
    status = window.users.status.text()
    if syncs:  # its window asks for the account (its first run): connecting lists the users
        assert status == "Connect to OWS to list its users."
        return
    assert status == (
        "OWS users are listed with the OWS account that syncs the team store; this window reads the team "
        "store without one."
    )
    assert not window.users.reload_button.isEnabled()
    qtbot.wait(50)
    assert window.connection_dialog() is None  # nor is she asked for one


@pytest.mark.parametrize(("role", "syncs"), [("manager", False), ("sync", True)])
def test_an_empty_table_on_the_team_store_speaks_of_it_and_offers_sync_to_who_syncs(
    qtbot: Any, store: Any, paths: Any, role: str, syncs: bool
) -> None:
    """ "Sync to fetch tickets … They are kept on this computer" (and a Sync now button) over an empty team
    store, for a manager who does not sync and whose tickets are not on her computer."""
    services = make_services(paths, store)
    services.scope = Scope(role, ("S777",) if role == "manager" else (), role != "manager", f"{role}_login")
    window = open_window(qtbot, services)
    empty = window.receipts.empty
    qtbot.waitUntil(lambda: window.receipts.table_stack.currentWidget() is empty)
    assert empty.title.text() == "No tickets in the team store yet."
    assert "on this computer" not in empty.hint.text()
    assert empty.sync_button.isVisibleTo(empty) is syncs


def test_a_keyring_that_refuses_the_api_key_on_the_team_store_speaks_of_the_team_stores_tickets(
    qtbot: Any, store: Any, paths: Any
) -> None:
    from keyring.errors import KeyringLocked

    from ows_desktop.basics.credentials import KeyringCredentialStore

    class Locked(KeyringCredentialStore):
        def get(self, base_url: str) -> Any:
            raise KeyringLocked("Failed to unlock the collection!")

    services = make_services(paths, store, Locked(backend=object()))
    services.settings.set("connection/base_url", "https://api.example.net")
    services.scope = Scope("sync", (), True, "sync_login")
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.banner.message is not None)
    assert window.banner.title_text() == "The stored API key could not be read."
    assert window.banner.detail_text().endswith("You can still browse the team store's tickets.")


def test_a_manager_reads_cases_but_every_change_is_greyed_with_the_reason(
    qtbot: Any, filled_store: Any, paths: Any
) -> None:
    """Add to case… and the case's buttons ended on the database's "permission denied for table cases. Ask
    the admin to grant it" for a manager, whom the team store lets read cases only."""
    with filled_store.reader() as reader:
        key = next(iter(reader.iter_rows(TicketQuery()))).key
    case = filled_store.cases.new_case("Read only", tickets=[key])
    services = make_services(paths, filled_store)
    services.scope = Scope("manager", ("S012",), False, "mgr_ana")
    window = open_window(qtbot, services)
    reason = "Cases are for investigators and the director; mgr_ana may read them but not change them."
    assert (
        not window.case_actions.add_action.isEnabled() and window.case_actions.add_action.toolTip() == reason
    )
    cases_read(qtbot, window.cases, case.number)
    assert window.cases.current_case().number == case.number  # she reads it
    page = window.cases
    for widget in (page.new_button, page.status_combo, page.assign_button, page.loss_button, page.note_button,
                   page.remove_button):  # fmt: skip
        assert not widget.isEnabled() and widget.toolTip() == reason
    assert (
        not page.export_button.isEnabled()
        and "investigators and the director" in page.export_button.toolTip()
    )
    run = window.exceptions.run_button  # the rules' findings: she reads them, the sync service writes them
    assert not run.isEnabled() and "Re-running the rules is for investigators" in run.toolTip()


@pytest.mark.parametrize(
    ("scope", "said"),
    [
        (Scope("investigator", ("S012",), False, "inv_bo"), "1,200 tickets of your stores in the team store"),
        (Scope("director", (), True, "dir_cy"), "1,200 tickets in the team store"),
    ],
)
def test_the_status_bars_count_is_of_what_the_person_sees(
    qtbot: Any, store: Any, paths: Any, scope: Scope, said: str
) -> None:
    """An investigator of one store read "1,200 tickets in the team store" of a store holding 4,800: the count
    is of her stores (the database returns no other), and says so."""
    from ows_desktop.ui.translation import install_translation

    fill_store(store, small_config(tickets_per_store_day=300))
    services = make_services(paths, store)
    services.scope = scope
    language = install_translation("C")  # LANG=C, as the app reads it: English, numbers grouped
    try:
        window = open_window(qtbot, services)
        qtbot.waitUntil(lambda: window.cache_label.text() == said)
    finally:
        language.remove()
