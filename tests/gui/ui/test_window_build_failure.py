"""A store that opens but whose window then cannot be built (ui/window_session.py): on Connection ▸ Switch to,
that store and everything built for it are closed (its connections, its readers' pool, the live-updates
listener, the window's job pools), the person stays on the window they had, which keeps working, and its
banner says in plain words that the switch did not happen and why; at start-up the same is closed, one box says
why, and the app ends with the documented exit status. Before, the new store stayed open (on a team store its
session and its pool's threads kept running), a switch ended in "Unexpected error" or a banner over a store
left open, and at start-up the error left the window code with no box at all.

The team store's failures are real: a role limited to one session (the window's readers get none), a damaged
``OWS_SIGNING_KEY``. No setting found breaks the window any more (a hand-edited receipt tab index too big for
Qt did, and was the first trigger here): on the cache, a bug is planted where the window restores its layout
from the settings (:class:`Planted`), once the store is open."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from gui_support import NOW, OFFSCREEN_NOISE, fill_store, when_modal
from pg_cluster import Cluster
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from team_roles import Team, build_team, one_session_for_the_manager, sessions_of

from ows_desktop.app import open_qt_settings, run_window, window_session
from ows_desktop.basics.connections import ConnectionBook
from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.store import open_store
from ows_desktop.store.postgres import connect as pg_connect

pytestmark = OFFSCREEN_NOISE

TOO_BIG_TAB = str(2**31)  # Qt's tab index is a 32-bit int: the layout's restore raised OverflowError


class Planted(Exception):
    """A bug planted in the window's build, after its store opened."""


def plant_bug(monkeypatch: Any) -> None:
    """The next window's layout restore raises :class:`Planted`."""
    from ows_desktop.ui import window_state

    def broken(page: Any, settings: Any) -> Any:
        raise Planted("planted")

    monkeypatch.setattr(window_state, "_restore_receipts", broken)


DAMAGED_KEY = "damaged-signing-key-c0ffee"  # not base64 of 32 bytes: refused, and never shown


def open_files(*paths: Path) -> list[str]:
    """This process's open files that are one of ``paths`` or their SQLite companions (-wal, -shm)."""
    wanted = tuple(os.path.realpath(p) for p in paths)
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(wanted):
            held.append(target)
    return held


def cache(path: Path, *, tickets: bool = True) -> Path:
    store = open_store(path)
    try:
        if tickets:
            fill_store(store)
    finally:
        store.close()
    return path


def moves_the_receipt(qtbot: Any, window: Any) -> bool:
    """↓ in the Receipts table shows the next receipt: the window still works."""
    page = window.receipts
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    page.focus_table()
    qtbot.waitUntil(lambda: page.receipt.ticket() is not None)
    before = page.receipt.ticket().key
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.receipt.ticket().key != before)
    return page.receipt.ticket().key == page.current_key() == page.model.ticket_row(1).key


@contextmanager
def started(qtbot: Any, paths: Any, *, first_run: bool = True) -> Iterator[tuple[Any, Any]]:
    """The session and the window it opens at start-up (``first_run``: its connection dialog declined — no OWS
    account, browsing what is stored); the session closed after."""
    session = window_session(
        paths, credentials=MemoryCredentialStore(), env={}, tz=UTC, now=lambda: NOW, video=False
    )
    try:
        window = session.open()
        qtbot.addWidget(window)
        if first_run:
            qtbot.waitUntil(lambda: window.connection_dialog() is not None)
            window.connection_dialog().reject()
        yield session, window
    finally:
        session.close()


def pick(window: Any, name: str) -> None:
    """Connection ▸ Switch to ▸ ``name``, as the person does."""
    (action,) = [a for a in window.connection_list.menu.actions() if a.text() == name]
    action.trigger()


def test_a_switch_whose_window_cannot_be_built_closes_that_store_and_leaves_the_window_working(
    qtbot: Any, paths: Any, tmp_path: Path, caplog: Any, monkeypatch: Any
) -> None:
    mine = cache(tmp_path / "mine.sqlite3")
    theirs = cache(tmp_path / "theirs.sqlite3")
    open_qt_settings(paths.settings_file).set("store/url", f"sqlite:{mine}")
    entry = ConnectionBook(paths).add("Franchise B")
    open_qt_settings(entry.settings_file).set("store/url", f"sqlite:{theirs}")
    with started(qtbot, paths) as (session, first):
        plant_bug(monkeypatch)
        with caplog.at_level(logging.INFO):
            pick(first, "Franchise B")
            qtbot.waitUntil(lambda: "Franchise B" in first.banner.title_text())
        assert session.window is first and not first.closed and first.isVisible()
        assert open_files(theirs) == []  # its writer, the window's reader, the live listener's: all closed
        assert open_files(mine) != []  # (the window shown is on its own cache)
        message = first.banner.message
        assert message is not None and message.level == "error"
        assert (first.banner.title_text(), first.banner.detail_text()) == (
            "Could not switch to Franchise B.",
            "An unexpected error (Planted) stopped it. The details are in the log. "
            "This window stays on the store it was on.",
        )
        assert message.actions == ("open_logs",)
        logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is Planted]
        assert [r.getMessage() for r in logged] == [
            "Did not switch to Franchise B: its window could not be built"
        ]  # the traceback in the log, once; none on screen
        assert ConnectionBook(paths).current().name == "default"
        checked = [a.text() for a in first.connection_list.menu.actions() if a.isChecked()]
        assert checked == ["default"]
        assert moves_the_receipt(qtbot, first)
        assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [first]


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


@pytest.fixture
def one_session_only(team: Team) -> Iterator[str]:
    with one_session_for_the_manager(team) as manager:
        yield manager


def test_a_switch_to_a_team_store_that_fails_while_its_window_is_built_closes_its_sessions_and_pool(
    qtbot: Any, paths: Any, team: Team, one_session_only: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 2)  # how long a reader waits for a session
    open_qt_settings(paths.settings_file).set("store/url", team.url(team.investigator))
    entry = ConnectionBook(paths).add("Manager")
    open_qt_settings(entry.settings_file).set("store/url", team.url(team.manager))
    with started(qtbot, paths, first_run=False) as (session, first):
        pick(first, "Manager")  # the store opens off the GUI thread: "Connecting to Manager…" meanwhile
        qtbot.waitUntil(lambda: first.banner.title_text() == "Could not switch to Manager.", timeout=20_000)
        assert session.window is first and not first.closed and first.isVisible()
        qtbot.waitUntil(lambda: sessions_of(team, team.manager) == 0)  # the store's and its pool's: closed
        place = f"postgresql://{team.manager}@{team.cluster.host}:{team.cluster.port}/{team.db}"
        assert (first.banner.title_text(), first.banner.detail_text()) == (
            "Could not switch to Manager.",
            f"The team store at {place} refused the connection: this login already has as many connections "
            "open as the server allows it. Close other OWS Desktop windows or commands signed in with it, or ask "
            "the admin to raise its connection limit, then try again.",
        )
        assert ConnectionBook(paths).current().name == "default"
        assert moves_the_receipt(qtbot, first)
        assert sessions_of(team, team.investigator) > 0  # the window shown is on the investigator's store


def run(paths: Any, answer: Callable[[Any], None], store_url: str | None = None) -> tuple[int, list[Any]]:
    """``ows-desktop`` in this process, its one box answered; the exit status and the windows opened."""
    opened: list[Any] = []
    when_modal(QMessageBox, answer)
    code = run_window(
        QApplication.instance(),
        paths,
        credentials=MemoryCredentialStore(),
        store_url=store_url,
        on_window=lambda w: (opened.append(w), w.close()),
    )
    return code, opened


def said(boxes: list[tuple[str, str]]) -> Callable[[Any], None]:
    def answer(box: Any) -> None:
        boxes.append((box.windowTitle(), box.text()))
        box.accept()

    return answer


def test_at_start_up_a_window_that_cannot_be_built_closes_its_team_store_says_why_and_exits_2(
    qtbot: Any, paths: Any, team: Team, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    monkeypatch.setenv("OWS_SIGNING_KEY", DAMAGED_KEY)  # read once the store is open, for the exports
    boxes: list[tuple[str, str]] = []
    with caplog.at_level(logging.DEBUG):
        code, opened = run(paths, said(boxes), store_url=team.url(team.director))
    assert (code, opened) == (2, [])
    assert boxes == [
        (
            "The window could not open",  # the title bar adds " — OWS Desktop"
            "The OWS_SIGNING_KEY environment variable does not hold a signing key (base64 of 32 bytes). "
            "Fix or remove it; nothing was written.",
        )
    ]
    qtbot.waitUntil(lambda: sessions_of(team, team.director) == 0)  # the store it opened: closed
    shown = [r.getMessage() for r in caplog.records] + [text for box in boxes for text in box]
    assert not any(DAMAGED_KEY in text for text in shown)


def test_at_start_up_an_unexpected_error_building_the_window_closes_the_cache_and_exits_1(
    qtbot: Any, paths: Any, caplog: Any, monkeypatch: Any
) -> None:
    mine = cache(paths.database, tickets=False)
    plant_bug(monkeypatch)
    boxes: list[tuple[str, str]] = []
    with caplog.at_level(logging.DEBUG):
        code, opened = run(paths, said(boxes), store_url=f"sqlite:{mine}")
    assert (code, opened) == (1, [])
    assert boxes == [
        (
            "The window could not open",
            f"An unexpected error (Planted) stopped it. The details were written to {paths.log_file}; "
            "please send that file to support.",
        )
    ]
    assert open_files(mine) == []  # its writer, the window's reader, the live listener's: all closed
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is Planted]
    assert [r.getMessage() for r in logged] == ["The window could not open"]


def test_a_receipt_tab_index_edited_too_big_for_qt_opens_the_window_on_its_first_tab(
    qtbot: Any, paths: Any
) -> None:
    """``receipts/receipt_tab = 2147483648`` in a hand-edited settings file: Qt's tab index is a 32-bit int,
    and the layout's restore raised OverflowError — the window never opened."""
    mine = cache(paths.database)
    open_ini_settings(paths.settings_file).set("receipts/receipt_tab", TOO_BIG_TAB)
    with started(qtbot, paths) as (_session, window):
        assert window.receipts.receipt.currentIndex() == 0
        assert moves_the_receipt(qtbot, window)
    assert open_files(mine) == []
