"""Connection ▸ Switch to a connection on a team store that does not answer (ui/store_switch.py): the store is
opened off the GUI thread, so the window the person is on keeps running its event loop, says it is connecting
and offers to cancel; then it says in the store's plain words why the switch did not happen, or opens the new
window. Before, the switch opened the store and borrowed the readers' pool's first connection on the GUI
thread: a server that accepts TCP and never speaks, or one at its connection limit, froze the window (no
repaint, no click, no close) until the connect time-out.

The servers are real: a local TCP listener that accepts and never speaks (:class:`SilentServer`), and the
session's PostgreSQL cluster with a role limited to one session (the store opens on it; its readers' pool
gets none)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC
from typing import Any

import pytest
from gui_support import NOW, OFFSCREEN_NOISE
from pg_cluster import Cluster
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from team_roles import Team, build_team, one_session_for_the_manager, sessions_of

from ows_desktop.app import open_qt_settings, window_session
from ows_desktop.basics.connections import ConnectionBook
from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.store.postgres import connect as pg_connect
from ows_desktop.store.postgres.connect import parse_url

pytestmark = OFFSCREEN_NOISE


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never says a word, until :meth:`hang_up`."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.port = self._socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="silent-server")
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                self.accepted.append(self._socket.accept()[0])
            except TimeoutError:
                continue

    def hang_up(self) -> None:
        """Close what it accepted: a client still waiting gets its answer (the connection closed) at once."""
        for conn in list(self.accepted):
            conn.close()

    def all_ended_by_client(self) -> bool:
        """Whether the client closed each connection it opened here (read to its end; one still open does not
        end within a short wait)."""
        for conn in list(self.accepted):
            conn.settimeout(0.5)
            try:
                while conn.recv(4096):  # the startup packet, then the end
                    pass
            except TimeoutError:
                return False
            except OSError:  # reset by the client: ended too
                continue
        return bool(self.accepted)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.hang_up()
        self._socket.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture
def session(paths: Any, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The window's session on the default connection (its tenant's cache); the test adds a team one."""
    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 2)  # libpq's least: the tests end sooner
    made = window_session(
        paths, credentials=MemoryCredentialStore(), env={}, tz=UTC, now=lambda: NOW, video=False
    )
    yield made
    made.close()  # waits for a switch's job: no thread is left running


def team_connection(paths: Any, url: str, name: str = "Team") -> str:
    entry = ConnectionBook(paths).add(name)
    open_qt_settings(entry.settings_file).set("store/url", url)
    return name


def pick(qtbot: Any, window: Any, name: str) -> None:
    """Connection ▸ Switch to ▸ ``name``, as the person does; returns once the window says it is connecting."""
    (action,) = [a for a in window.connection_list.menu.actions() if a.text() == name]
    action.trigger()
    qtbot.waitUntil(lambda: window.banner.title_text() == f"Connecting to {name}…")


def cancel_button(window: Any) -> QPushButton:
    (button,) = [
        b for b in window.banner.findChildren(QPushButton) if b.property("bannerAction") == "cancel_switch"
    ]
    return button


def still_working(qtbot: Any, made: Any, window: Any, ticks: int = 3) -> bool:
    """While the switch waits, a timer started now fires ``ticks`` times: the event loop runs."""
    fired: list[bool] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: fired.append(made.switching is not None))
    timer.start()
    try:
        qtbot.waitUntil(lambda: len(fired) >= ticks, timeout=10_000)
    finally:
        timer.stop()
    return all(fired[:ticks]) and not window.closed and window.isVisible()


def test_while_a_switch_waits_on_a_server_that_never_answers_the_window_keeps_working_then_says_why(
    qtbot: Any, paths: Any, session: Any, silent: SilentServer
) -> None:
    url = f"postgresql://reviewer@127.0.0.1:{silent.port}/ows"
    name = team_connection(paths, url)
    first = session.open()
    qtbot.addWidget(first)
    pick(qtbot, first, name)
    assert first.banner.detail_text() == (
        f"Opening the team store 127.0.0.1:{silent.port}/ows. This window stays on the store it is on, and "
        "usable, until it answers."
    )
    assert cancel_button(first).text() == "Cancel the switch"
    assert still_working(qtbot, session, first)
    qtbot.waitUntil(lambda: session.switching is None, timeout=20_000)
    assert (first.banner.title_text(), first.banner.detail_text()) == (
        "Could not switch to Team.",
        f"The team store at {parse_url(url)} did not answer in time. Check that its server runs and is not "
        "overloaded, and the network to it; then try again.",
    )
    assert first.banner.message is not None and first.banner.message.actions == ()  # no Cancel left
    assert session.window is first and not first.closed
    assert ConnectionBook(paths).current().name == "default"


def test_closing_the_window_while_a_switch_waits_closes_it_and_opens_no_other(
    qtbot: Any, paths: Any, session: Any, silent: SilentServer
) -> None:
    name = team_connection(paths, f"postgresql://reviewer@127.0.0.1:{silent.port}/ows")
    first = session.open()
    qtbot.addWidget(first)
    pick(qtbot, first, name)
    first.close()  # as the person does with the title bar's ✕, while the store does not answer
    assert first.closed and not first.isVisible()
    session.close()  # waits for the switch's job: it gives up at the connect time-out
    assert silent.all_ended_by_client()  # no job left waiting on the server after the session closed
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == []
    assert ConnectionBook(paths).current().name == "default"


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


@pytest.fixture
def one_session_only(team: Team) -> Iterator[str]:
    with one_session_for_the_manager(team) as manager:
        yield manager


def test_cancel_while_the_readers_pool_waits_at_the_connection_limit_closes_that_store(
    qtbot: Any, paths: Any, session: Any, team: Team, one_session_only: str
) -> None:
    name = team_connection(paths, team.url(team.manager), "Manager")
    first = session.open()
    qtbot.addWidget(first)
    pick(qtbot, first, name)
    qtbot.waitUntil(lambda: sessions_of(team, team.manager) == 1, timeout=10_000)  # the store's own session
    assert still_working(qtbot, session, first)  # its readers' pool waits for a second one
    qtbot.mouseClick(cancel_button(first), Qt.MouseButton.LeftButton)
    assert session.switching is None
    assert (first.banner.title_text(), first.banner.detail_text()) == (
        "Switch to Manager cancelled.",
        "This window stays on the store it was on.",
    )
    qtbot.waitUntil(lambda: sessions_of(team, team.manager) == 0, timeout=20_000)  # that store: closed
    jobs = session._switching._jobs  # the switch's job ended, its answer delivered to the window
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20_000)
    assert first.banner.title_text() == "Switch to Manager cancelled."  # the refusal that came after: dropped
    assert session.window is first and not first.closed
    assert ConnectionBook(paths).current().name == "default"


def test_a_switch_to_a_team_store_that_answers_opens_its_window(
    qtbot: Any, paths: Any, session: Any, team: Team
) -> None:
    url = team.url(team.investigator)
    name = team_connection(paths, url, "Investigator")
    first = session.open()
    qtbot.addWidget(first)
    pick(qtbot, first, name)
    qtbot.waitUntil(lambda: session.window is not first, timeout=20_000)
    second = session.window
    qtbot.addWidget(second)
    assert first.closed and second.isVisible()
    assert second._services.store.location == parse_url(url)
    assert ConnectionBook(paths).current().name == "Investigator"
    assert second.banner.title_text() != "Connecting to Investigator…"


def test_at_start_up_a_store_that_never_answers_says_it_is_connecting_and_cancel_ends_it(
    qtbot: Any, paths: Any, silent: SilentServer, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ows-desktop --store URL`` of a server that takes the connection and never answers: nothing showed for
    the connect time-outs (up to half a minute), then a box; the person could not tell it had started, nor
    stop it. The store now opens off the GUI thread, a window says which team store it is connecting to, and
    its Cancel ends the start-up: no window, exit 2."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from ows_desktop.app import EXIT_INPUT, run_window

    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 2)
    url = f"postgresql://reviewer@127.0.0.1:{silent.port}/ows"
    seen: list[str] = []
    boxes: list[str] = []
    opened: list[Any] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):  # the old start-up's "cannot open" after the time-out
            boxes.append(box.text())
            box.reject()
            return
        (dialog,) = [w for w in QApplication.topLevelWidgets() if w.objectName() == "connectingDialog"] or [
            None
        ]
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.message.text())
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, look)
    code = run_window(
        QApplication.instance(), paths, credentials=MemoryCredentialStore(), store_url=url,
        on_window=opened.append,
    )  # fmt: skip
    assert seen == [
        f"Connecting to the team store 127.0.0.1:{silent.port}/ows… The window opens once it answers."
    ]
    assert (code, opened, boxes) == (EXIT_INPUT, [], [])
    qtbot.waitUntil(silent.all_ended_by_client, timeout=10_000)  # the opening let go at its time-out


def test_at_start_up_a_store_not_reached_ends_with_the_command_lines_exit_code(
    qtbot: Any, paths: Any, memory_keyring: Any
) -> None:
    """Nothing listening on the store's port: the box says it cannot reach the store, and the app ends with 4, as
    ``ows-desktop --store URL case list`` does for the same server (the window ended with 2, "input to fix")."""
    from PySide6.QtWidgets import QMessageBox

    from ows_desktop.app import run_window
    from ows_desktop.cli.context import EXIT_NETWORK

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    said: list[str] = []

    def acknowledge() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, acknowledge)
            return
        said.append(box.text())
        box.accept()

    QTimer.singleShot(0, acknowledge)
    url = f"postgresql://reviewer@127.0.0.1:{port}/ows"
    code = run_window(QApplication.instance(), paths, credentials=MemoryCredentialStore(), store_url=url)
    assert code == EXIT_NETWORK
    assert said and said[0].startswith(
        f"Cannot reach the team store at postgresql://reviewer@127.0.0.1:{port}/ows."
    )
