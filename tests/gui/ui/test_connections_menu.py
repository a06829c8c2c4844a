"""Issue #11, several OWS accounts side by side in the window: Connection ▸ Switch to opens the other
connection with its own keyring entry, ticket cache, settings and layout, and switching back shows the first
account's tickets and flags again."""

from __future__ import annotations

from datetime import UTC

from gui_support import (
    KEY,
    NOW,
    OFFSCREEN_NOISE,
    SECRET,
    small_config,
)

from ows_desktop.app import open_qt_settings, window_session
from ows_desktop.basics.connections import ConnectionBook
from ows_desktop.basics.credentials import Credentials, MemoryCredentialStore
from ows_desktop.simulator import FakeOws
from ows_desktop.store import TicketQuery
from ows_desktop.ui.filter_state import SyncRange
from ows_desktop.ui.window_session import WindowSession

pytestmark = OFFSCREEN_NOISE
RANGE_A = SyncRange("custom", "2026-11-19T00:00:00", "2026-11-24T00:00:00")
RANGE_B = SyncRange("custom", "2026-11-18T00:00:00", "2026-11-24T00:00:00")


def _sync(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.connection() is not None, timeout=5000)
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as finished:
        assert window.start_sync()
    assert finished.args == ["succeeded"]


def _keys(window) -> set[str]:
    with window._services.store.reader() as reader:
        return {row.key for row in reader.iter_rows(TicketQuery())}


def _flagged(window) -> set[str]:
    with window._services.store.reader() as reader:
        return {row.key for row in reader.iter_rows(TicketQuery(flagged=True))}


def _switch(qtbot, session: WindowSession, name: str):
    old = session.window
    menu = old.connection_list.menu
    assert menu.title() == "S&witch to"
    menu.actions()[[a.text() for a in menu.actions()].index(name)].trigger()
    qtbot.waitUntil(lambda: session.window is not old and old.closed, timeout=10_000)
    qtbot.addWidget(session.window)
    return session.window


def test_switching_connections_from_the_menu_keeps_each_accounts_cache_settings_and_layout(qtbot, paths):
    with (
        FakeOws(small_config(seed=11), key=KEY, secret=SECRET, empty_page_rate=0.0) as sim_a,
        FakeOws(
            small_config(seed=12, tickets_per_store_day=55),
            key="key-b",
            secret="secret-b",
            empty_page_rate=0.0,
        ) as sim_b,
    ):
        book = ConnectionBook(paths)
        entry_b = book.add("Franchise B")
        credentials = MemoryCredentialStore(
            {
                sim_a.api_url: Credentials(KEY, SECRET),  # the default connection: the plain URL's entry
                entry_b.keyring_account(sim_b.api_url): Credentials("key-b", "secret-b"),
            }
        )
        open_qt_settings(paths.settings_file).set("connection/base_url", sim_a.api_url)
        open_qt_settings(entry_b.settings_file).set("connection/base_url", sim_b.api_url)
        quick = {"max_attempts": 2, "base_delay": 0.05, "max_delay": 0.1}
        session = window_session(
            paths, credentials=credentials, env={}, tz=UTC, now=lambda: NOW, sync_retry=quick, video=False
        )
        try:
            window_a = session.open()
            qtbot.addWidget(window_a)
            assert [a.text() for a in window_a.connection_list.menu.actions()][:2] == [
                "default",
                "Franchise B",
            ]
            window_a.sync_bar.set_sync_range(RANGE_A)
            _sync(qtbot, window_a)
            ids_a = {sim_a.generator.ticket_id(i) for i in range(sim_a.generator.count())}
            assert _keys(window_a) == ids_a
            flagged = sorted(ids_a)[0]
            window_a._services.store.review.flag_ticket(flagged, reason="case A", who="jane")

            window_b = _switch(qtbot, session, "Franchise B")
            assert "(Franchise B)" in window_b.windowTitle()
            assert window_b.sync_bar.sync_range() != RANGE_A  # its own settings and layout
            window_b.sync_bar.set_sync_range(RANGE_B)
            _sync(qtbot, window_b)
            ids_b = {sim_b.generator.ticket_id(i) for i in range(sim_b.generator.count())}
            assert ids_b != ids_a
            assert _keys(window_b) == ids_b
            assert _flagged(window_b) == set()
            assert sim_b.counters.get("auth_failures", 0) == 0  # B's own key, from B's keyring entry

            window_a2 = _switch(qtbot, session, "default")
            qtbot.waitUntil(lambda: window_a2.connection() is not None, timeout=5000)
            assert window_a2.connection().base_url == sim_a.api_url
            assert _keys(window_a2) == ids_a
            assert _flagged(window_a2) == {flagged}
            assert window_a2.sync_bar.sync_range() == RANGE_A
            qtbot.waitUntil(lambda: window_a2.receipts.total() == len(ids_a))
        finally:
            session.close()


def test_editing_the_connection_to_another_tenant_opens_that_tenants_own_cache(qtbot, paths):
    from ows_desktop.ui.services import Connection

    with (
        FakeOws(small_config(seed=11), key=KEY, secret=SECRET, empty_page_rate=0.0) as sim_a,
        FakeOws(
            small_config(seed=12, tickets_per_store_day=55), key=KEY, secret=SECRET, empty_page_rate=0.0
        ) as sim_b,
    ):
        credentials = MemoryCredentialStore(
            {sim_a.api_url: Credentials(KEY, SECRET), sim_b.api_url: Credentials(KEY, SECRET)}
        )
        open_qt_settings(paths.settings_file).set("connection/base_url", sim_a.api_url)
        quick = {"max_attempts": 2, "base_delay": 0.05, "max_delay": 0.1}
        session = window_session(
            paths, credentials=credentials, env={}, tz=UTC, now=lambda: NOW, sync_retry=quick, video=False
        )
        try:
            window_a = session.open()
            qtbot.addWidget(window_a)
            window_a.sync_bar.set_sync_range(RANGE_A)
            _sync(qtbot, window_a)
            ids_a = _keys(window_a)
            # what Connection ▸ Edit connection… does when accepted with another API Access URL
            window_a._services.settings.set("connection/base_url", sim_b.api_url)
            window_a.connections.set_connection(Connection(sim_b.api_url, Credentials(KEY, SECRET)))
            qtbot.waitUntil(lambda: session.window is not window_a and window_a.closed, timeout=10_000)
            window_b = session.window
            qtbot.addWidget(window_b)
            assert _keys(window_b) == set()  # not tenant A's tickets under tenant B's name
            _sync(qtbot, window_b)
            assert _keys(window_b) == {sim_b.generator.ticket_id(i) for i in range(sim_b.generator.count())}
            assert _keys(window_b) != ids_a
        finally:
            session.close()


def test_new_connection_from_the_menu_opens_an_empty_window_that_asks_for_the_account(qtbot, paths):
    with FakeOws(small_config(seed=11), key=KEY, secret=SECRET, empty_page_rate=0.0) as sim_a:
        credentials = MemoryCredentialStore({sim_a.api_url: Credentials(KEY, SECRET)})
        open_qt_settings(paths.settings_file).set("connection/base_url", sim_a.api_url)
        session = window_session(paths, credentials=credentials, env={}, tz=UTC, now=lambda: NOW, video=False)
        try:
            first = session.open()
            qtbot.addWidget(first)
            qtbot.waitUntil(lambda: first.connection() is not None, timeout=5000)
            first.connection_list.new_action.trigger()
            qtbot.waitUntil(lambda: session.window is not first and first.closed, timeout=10_000)
            second = session.window
            qtbot.addWidget(second)
            assert session.book.names() == ["default", "Connection 2"]
            assert "(Connection 2)" in second.windowTitle()
            qtbot.waitUntil(
                lambda: second.connection_dialog() is not None, timeout=5000
            )  # asks for the account
            assert second.connection() is None
            assert [a.text() for a in second.connection_list.menu.actions()][:2] == [
                "default",
                "Connection 2",
            ]
            second.connection_dialog().reject()
        finally:
            session.close()
