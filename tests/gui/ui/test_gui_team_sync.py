"""The window's Sync on a PostgreSQL team store, through the sync child process as the app runs it: the tickets
land in the team store (no SQLite file is written); a team store that belongs to another OWS tenant is
refused in plain words before anything is written; while another workstation holds the team's sync claim the
window says who syncs and watches, then syncs what is left; the database password reaches the child through
its pipe only (never its argv or environment).

Real throwaway PostgreSQL cluster (tests/pg_cluster.py) and the simulator; run with OWS_REQUIRE_POSTGRES=1."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from gui_support import KEY, OFFSCREEN_NOISE, SECRET, connected_services, open_window, wait_connected
from pg_cluster import PASSWORD_GROUP, Cluster
from PySide6.QtCore import Qt

from ows_desktop.store.postgres.connect import password_from, save_password
from ows_desktop.store.url import open_store_url
from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE
NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
SYNC_MS = 60_000


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def team(pg_url):
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    yield store
    store.close()


def _press_sync(qtbot, window, *, expect: str) -> None:
    window.sync_bar.set_sync_range(SyncRange("last7"))  # the simulated tickets are from days before "now"
    with qtbot.waitSignal(window.syncFinished, timeout=SYNC_MS) as done:
        qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
    assert done.args == [expect], window.banner.detail_text()


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch):
    """The window (and its sync process) in an empty working directory: a process that took the store URL
    for a file path would create ``postgresql:/…`` there."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)


def _sqlite_files(paths) -> list[Path]:
    """SQLite files the sync wrote: in the data dir, or wherever a store URL taken for a path points."""
    in_data = [p for p in Path(paths.data_dir).rglob("*") if p.suffix.startswith(".sqlite")]
    return in_data + list(Path.cwd().iterdir())


def test_sync_in_the_window_lands_the_tickets_in_the_team_store(qtbot, paths, team, pg_url, sim):
    window = open_window(qtbot, connected_services(paths, team, sim))
    wait_connected(qtbot, window)
    _press_sync(qtbot, window, expect="succeeded")

    keys = [key for (key,) in _sql(pg_url, "SELECT key FROM tickets")]
    assert len(keys) == len(set(keys)) == sim.generator.count()
    assert _sql(pg_url, "SELECT count(*) FROM sync_windows WHERE done = 0") == [(0,)]
    (bound,) = _sql(pg_url, "SELECT tickets_endpoint FROM team_tenant")
    assert bound[0]  # the first sync bound the store to the tenant it reached, as the CLI's sync does
    assert _sqlite_files(paths) == []
    qtbot.waitUntil(lambda: window.receipts.total() == sim.generator.count())  # the table shows them
    # the status bar says where they are: not "on this computer"
    qtbot.waitUntil(lambda: window.cache_label.text().endswith("tickets in the team store"))


def test_the_status_bar_says_how_far_the_team_store_is_synced_whoever_synced_it(
    qtbot, paths, team, pg_url, sim
):
    """A workstation that never synced (a manager's: the sync service syncs) said "Never synced" over a
    current team store, and its count stayed as it was when the window opened."""
    from ows_desktop.ows.client import OwsClient, make_http_client
    from ows_desktop.ows.timestamps import from_epoch_us
    from ows_desktop.sync.engine import SyncEngine
    from ows_desktop.ui.sync_controller import utc_text

    window = open_window(qtbot, connected_services(paths, team, sim))
    qtbot.waitUntil(lambda: window.last_sync_label.text() == "Team store not synced yet")
    assert window.cache_label.text() == "0 tickets in the team store"
    lo, hi = sim.generator.persist_range()
    colleague = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)  # another workstation's sync
    try:
        with make_http_client() as http:
            SyncEngine(OwsClient(http, sim.api_url, KEY, SECRET), colleague).run(
                from_epoch_us(lo), from_epoch_us(hi)
            )
    finally:
        colleague.close()
    count = f"{sim.generator.count():,} tickets in the team store"
    qtbot.waitUntil(lambda: window.cache_label.text() == count, timeout=10_000)  # told by live updates
    with team.reader() as reader:
        finished = reader.last_sync_finished()
    # when that sync finished (this workstation's zone, the display's), and how far the store is synced: the
    # sync claimed nothing, so the store does not know who ran it
    last = f"Last sync {finished:%Y-%m-%d %H:%M}"  # the window's "today" is not the sync's day here
    qtbot.waitUntil(lambda: window.last_sync_label.text().startswith(last + " · synced up to "))
    assert " by " not in window.last_sync_label.text()
    assert utc_text(from_epoch_us(hi)) in window.last_sync_label.toolTip()
    assert f"Last sync finished {utc_text(finished)}." in window.last_sync_label.toolTip()


def test_the_status_bar_says_when_the_team_stores_last_sync_finished_and_who_ran_it(
    qtbot, paths, team, pg_url, sim
):
    """A team store showed how far it is synced, never when a sync last finished nor whose it was."""
    from ows_desktop.sync.shared import workstation
    from ows_desktop.ui.sync_controller import utc_text

    window = open_window(qtbot, connected_services(paths, team, sim))
    wait_connected(qtbot, window)
    _press_sync(qtbot, window, expect="succeeded")  # the window's sync claims the team's sync: its name
    with team.reader() as reader:
        finished = reader.last_sync_finished()
    who = workstation()
    shown = f"Last sync {finished:%Y-%m-%d %H:%M} by {who}"
    qtbot.waitUntil(lambda: window.last_sync_label.text().startswith(shown))
    assert f"Last sync finished {utc_text(finished)} by {who}." in window.last_sync_label.toolTip()
    # a later sync has claimed the store since (it failed, or still runs): who ran the last one is not known
    _sql(pg_url, "UPDATE sync_status SET started_us = started_us + 3600000000, finished_us = NULL")
    window.sync.refresh_stats()
    qtbot.waitUntil(lambda: window.last_sync_label.text().startswith(f"Last sync {finished:%Y-%m-%d %H:%M}"))
    qtbot.waitUntil(lambda: " by " not in window.last_sync_label.text())


def test_without_an_ows_account_the_window_says_the_team_stores_tickets_can_be_browsed(qtbot, paths, team):
    from gui_support import make_services

    from ows_desktop.basics.credentials import MemoryCredentialStore

    window = open_window(qtbot, make_services(paths, team, MemoryCredentialStore()))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None, timeout=5000)  # the first run asks
    window.connection_dialog().reject()  # a manager has no API key: the sync service syncs
    qtbot.waitUntil(lambda: window.banner.message is not None)
    assert window.banner.title_text() == "Not connected to OWS."
    assert (
        window.banner.detail_text() == "Tickets in the team store can be browsed; connect to sync new ones."
    )


def test_a_team_store_of_another_tenant_is_refused_in_plain_words(qtbot, paths, team, pg_url, sim):
    _sql(
        pg_url,
        "INSERT INTO team_tenant VALUES (1, 'https://other.example', 'https://other.example/tickets', 0)",
    )
    window = open_window(qtbot, connected_services(paths, team, sim))
    wait_connected(qtbot, window)
    _press_sync(qtbot, window, expect="failed")

    assert window.banner.title_text() == "The sync could not start."
    detail = window.banner.detail_text()
    assert "belongs to the OWS tenant https://other.example/tickets" in detail
    assert "nothing was synced" in detail and "Traceback" not in detail and "\n" not in detail
    assert _sql(pg_url, "SELECT count(*) FROM tickets") == [(0,)]
    assert _sql(pg_url, "SELECT count(*) FROM sync_windows") == [(0,)]
    assert _sqlite_files(paths) == []


def test_a_second_workstation_is_told_who_syncs_and_watches_then_syncs_the_rest(
    qtbot, paths, team, pg_url, sim
):
    lo, hi = sim.generator.persist_range()
    colleague = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    claim = colleague.try_claim_sync("alice@ws-12", lo, hi)
    assert claim is not None
    window = open_window(qtbot, connected_services(paths, team, sim))
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SyncRange("last7"))
    outcomes: list[str] = []
    window.syncFinished.connect(outcomes.append)
    try:
        with claim:
            qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: window.banner.message is not None, timeout=SYNC_MS)
            title = window.banner.title_text()
            assert title.startswith("Sync already running on alice@ws-12 since "), title
            assert title.endswith("— watching its progress")
            assert window.sync_bar.running and not outcomes  # this window's sync watches; it did not fail
            assert _sql(pg_url, "SELECT count(*) FROM tickets") == [(0,)]
        # the colleague's sync ended (its claim with it): this window takes the claim and syncs the range
        qtbot.waitUntil(lambda: bool(outcomes), timeout=SYNC_MS)
    finally:
        colleague.close()
    assert outcomes == ["succeeded"], window.banner.detail_text()
    assert _sql(pg_url, "SELECT count(*) FROM tickets") == [(sim.generator.count(),)]
    assert window.banner.message is None  # the "watching" banner went with the watched sync


def _children() -> list[int]:
    me = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.append(int(stat.parent.name))
    return found


def _seen_by_children(seen: dict[int, tuple[bytes, bytes]]) -> None:
    for pid in _children():
        try:
            seen[pid] = (Path(f"/proc/{pid}/cmdline").read_bytes(), Path(f"/proc/{pid}/environ").read_bytes())
        except OSError:
            continue


def test_the_database_password_reaches_the_sync_process_through_its_pipe_only(
    qtbot, paths, pg_cluster: Cluster, pg_template: str, pg_url: str, sim, memory_keyring
):
    password = "Db-Secret-" + uuid.uuid4().hex[:8]
    role = "lp_" + uuid.uuid4().hex[:8]
    _sql(
        pg_cluster.url(pg_template),
        f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}' IN ROLE {PASSWORD_GROUP}",
    )
    url = pg_cluster.url(pg_template, user=role)
    from ows_desktop.store.postgres import parse_url

    save_password(parse_url(url), password)  # the OS keyring (here: this process's in-memory one)
    store = open_store_url(url, Path("unused"), password=password_from({}))
    try:
        sim.latency = 0.05  # slow pages: time to look at the running sync process
        window = open_window(qtbot, connected_services(paths, store, sim))
        wait_connected(qtbot, window)
        window.sync_bar.set_sync_range(SyncRange("last7"))
        seen: dict[int, tuple[bytes, bytes]] = {}
        with qtbot.waitSignal(window.syncFinished, timeout=SYNC_MS) as done:
            qtbot.mouseClick(window.sync_bar.sync_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: _seen_by_children(seen) or len(seen) > 0, timeout=SYNC_MS)
        assert done.args == ["succeeded"], window.banner.detail_text()
        # the child could not read this process's in-memory keyring: it connected with the piped password
        assert _sql(pg_url, "SELECT count(*) FROM tickets") == [(sim.generator.count(),)]
    finally:
        store.close()
    assert any(b"multiprocessing" in argv for argv, _env in seen.values())  # the sync process was seen
    secret = password.encode()
    leaked = [pid for pid, (argv, env) in seen.items() if secret in argv or secret in env]
    assert leaked == []  # (the pids only: a failure must not print the password either)
    logs = [p.name for p in Path(paths.log_dir).rglob("*") if p.is_file() and secret in p.read_bytes()]
    assert logs == []


def test_a_refused_database_password_is_the_team_stores_problem_not_the_api_keys(
    qtbot, paths, pg_cluster: Cluster, pg_template: str, pg_url: str, sim, memory_keyring
):
    """The admin changed the role's password while the window was open: the sync process is refused by the
    team store (exit 3), and the banner says so — not that OWS refused the API key."""
    password = "Db-Secret-" + uuid.uuid4().hex[:8]
    role = "lp_" + uuid.uuid4().hex[:8]
    admin = pg_cluster.url(pg_template)
    _sql(admin, f"CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}' IN ROLE {PASSWORD_GROUP}")
    url = pg_cluster.url(pg_template, user=role)
    from ows_desktop.store.postgres import parse_url

    save_password(parse_url(url), password)
    store = open_store_url(url, Path("unused"), password=password_from({}))
    try:
        window = open_window(qtbot, connected_services(paths, store, sim))
        wait_connected(qtbot, window)
        _sql(admin, f"ALTER ROLE {role} PASSWORD 'rotated-{uuid.uuid4().hex[:8]}'")
        _press_sync(qtbot, window, expect="failed")
        assert window.banner.title_text() == "The sync could not use the team store."
        detail = window.banner.detail_text()
        assert "refused the role or its password" in detail and password not in detail
    finally:
        store.close()
    assert _sql(pg_url, "SELECT count(*) FROM tickets") == [(0,)]
