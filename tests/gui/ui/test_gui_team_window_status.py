"""What a window on the team store says it works on, and what it asks for (a tester's report on a real
PostgreSQL): a store manager's window opened with a "Connect to OWS" dialog and a "Not connected to OWS …
connect to sync new ones [Connect…]" banner (README: a manager's window asks for no OWS account), and a
director's or a manager's title and status read "not connected (default)" / "Not connected" while they worked
on the team store. Now both name the team store (host:port/database) and the role's kind, never a password;
a role that does not sync is asked for no OWS account, even with a connection saved in its settings."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from gui_support import KEY, NOW, OFFSCREEN_NOISE, SECRET, make_services, open_window
from pg_cluster import Cluster
from team_roles import Team, build_team

from ows_desktop.app import window_session
from ows_desktop.basics.credentials import Credentials, MemoryCredentialStore
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.store.scope import Scope

pytestmark = OFFSCREEN_NOISE


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


class AskedCredentials(MemoryCredentialStore):
    """No key stored; records that the window asked for one."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def get(self, base_url: str) -> Any:
        self.asked.append(base_url)
        return super().get(base_url)


@pytest.mark.parametrize(("who", "role"), [("manager", "Manager"), ("director", "Director")])
def test_a_window_whose_role_does_not_sync_names_the_team_store_and_asks_for_no_ows_account(
    qtbot: Any, paths: Any, team: Team, who: str, role: str
) -> None:
    # an OWS connection saved in the settings (a refused `sync --base-url` of an earlier version saved it)
    open_ini_settings(paths.settings_file).set("connection/base_url", "http://127.0.0.1:9")
    credentials = AskedCredentials()
    session = window_session(
        paths, credentials=credentials, env={}, tz=UTC, now=lambda: NOW, video=False,
        store_url=team.url(getattr(team, who)),
    )  # fmt: skip
    try:
        window = session.open()
        qtbot.addWidget(window)
        place = f"{team.cluster.host}:{team.cluster.port}/{team.db}"
        assert window.connection_label.text() == f"Team store {place} ({role})"
        assert window.windowTitle().startswith(f"Team store {place} ({role}) ")  # then "(default) — OWS…"
        qtbot.waitUntil(lambda: credentials.asked == ["http://127.0.0.1:9"])  # read quietly: none stored
        qtbot.waitUntil(lambda: window._jobs.pending == 0)  # its answer reached the window
        assert window.connection_dialog() is None and window.banner.message is None
        assert window.connection_label.text() == f"Team store {place} ({role})"  # still, after the answer
        assert "onnected" not in window.windowTitle() + window.connection_label.text()
        assert getattr(team, who) not in window.windowTitle()  # the login is the scope's tooltip's
        window.connections.edit()  # she opens Connection… herself, and thinks better of it
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        window.connection_dialog().reject()
        qtbot.waitUntil(lambda: window.connection_dialog() is None)
        assert window.banner.message is None  # not "Not connected to OWS … connect to sync new ones"
        window.close()
    finally:
        session.close()


def test_a_syncing_roles_window_names_the_team_store_and_its_ows_connection(
    qtbot: Any, paths: Any, filled_store: Any
) -> None:
    credentials = MemoryCredentialStore({"https://api.example.net": Credentials(KEY, SECRET)})
    services = make_services(paths, filled_store, credentials)
    services.settings.set("connection/base_url", "https://api.example.net")
    services.scope, services.team_store = Scope("sync", (), True, "sync_svc"), "db.example:5432/ows"
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection() is not None)
    where = "Team store db.example:5432/ows (Sync)"
    assert window.connection_label.text() == f"{where} · Connected to api.example.net"
    assert window.windowTitle() == f"{where} · api.example.net — OWS Desktop"
    window.connections.set_connection(None)  # signed out: the team store still, and what it lacks to sync
    assert window.connection_label.text() == f"{where} · not connected to OWS"


def test_a_single_seat_window_still_says_not_connected(qtbot: Any, paths: Any, store: Any) -> None:
    window = open_window(qtbot, make_services(paths, store, MemoryCredentialStore()), start=False)
    assert window.connection_label.text() == "Not connected"
    assert window.windowTitle() == "not connected — OWS Desktop"


def test_the_team_stores_place_holds_no_login_nor_password() -> None:
    from ows_desktop.store.postgres.connect import parse_url

    location = parse_url("postgresql://ana@db.example:5433/ows?sslmode=verify-full")
    assert location.place == "db.example:5433/ows"
    assert parse_url("postgresql://ana@[::1]/ows").place == "[::1]:5432/ows"


def test_a_key_that_cannot_be_read_is_no_warning_to_a_role_that_does_not_sync(
    qtbot: Any, paths: Any, filled_store: Any
) -> None:
    """ "The stored API key could not be read … [Connect…]" asked a manager for the account she has no use for."""
    from keyring.errors import KeyringLocked

    from ows_desktop.basics.credentials import KeyringCredentialStore

    asked: list[str] = []

    class Locked(KeyringCredentialStore):
        def get(self, base_url: str) -> Any:
            asked.append(base_url)
            raise KeyringLocked("Failed to unlock the collection!")

    services = make_services(paths, filled_store, Locked(backend=object()))
    services.settings.set("connection/base_url", "https://api.example.net")
    services.scope, services.team_store = Scope("manager", ("S012",), False, "mgr_ana"), "db.example:5432/ows"
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: asked != [] and window._jobs.pending == 0)  # asked, and its failure came back
    assert window.banner.message is None and window.connection_dialog() is None
    assert window.connection_label.text() == "Team store db.example:5432/ows (Manager)"
