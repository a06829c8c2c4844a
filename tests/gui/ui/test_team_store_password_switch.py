"""Connection ▸ Switch to a connection whose team store refuses its password (a wrong one saved, a wrong
``OWS_DESKTOP_STORE_PASSWORD``, or none): the window asks for it as at start-up (ui/store_password.py, one
code path) and opens the store once the server took it; Cancel leaves the window on the store it was on,
with one banner saying the switch was cancelled and why. The switch ended in the application's excepthook
("Unexpected error", a traceback in the log), the list of connections already pointing at the new one."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from gui_support import NOW, OFFSCREEN_NOISE
from pg_cluster import PASSWORD_GROUP, Cluster
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from team_roles import Hidden, Team, build_team, kept_out_of_logs

from ows_desktop.app import open_qt_settings, window_session
from ows_desktop.basics.connections import ConnectionBook
from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.store.postgres.connect import KEYRING_SERVICE, PASSWORD_ENV, parse_url
from ows_desktop.ui.store_password import StorePasswordDialog
from ows_desktop.ui.window_session import WindowSession

pytestmark = OFFSCREEN_NOISE


ALSO_WRONG = Hidden("also-wrong-" + uuid.uuid4().hex[:6])
SAVED_WRONG = Hidden("saved-wrong-" + uuid.uuid4().hex[:6])


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


@pytest.fixture
def right(team: Team, monkeypatch: pytest.MonkeyPatch) -> str:
    """The manager's password (she logs in with one; the investigator of the window's first store does not)."""
    password = Hidden("Right-" + uuid.uuid4().hex[:10])
    team.admin(f"ALTER ROLE {team.manager} PASSWORD '{password}'")
    team.admin(f"GRANT {PASSWORD_GROUP} TO {team.manager}")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return password


@pytest.fixture
def session(paths: Any, team: Team, memory_keyring: Any) -> Iterator[Callable[..., WindowSession]]:
    """The window on the investigator's team store (connection "default"), and a connection "Manager" on
    the manager's, which asks for a password."""
    opened: list[WindowSession] = []

    def make(env: dict[str, str] | None = None, manager_store: str = "") -> WindowSession:
        open_qt_settings(paths.settings_file).set("store/url", team.url(team.investigator))
        entry = ConnectionBook(paths).add("Manager")
        open_qt_settings(entry.settings_file).set("store/url", manager_store or team.url(team.manager))
        made = window_session(
            paths, credentials=MemoryCredentialStore(), env=env or {}, tz=UTC, now=lambda: NOW, video=False
        )
        opened.append(made)
        return made

    yield make
    for made in opened:
        made.close()


def answering(answers: list[Callable[[Any], None]]) -> Callable[[], None]:
    """Answer each password dialog in turn as it shows (a dialog's ``exec()`` runs its own event loop); returns
    what stops it. It never stops looking before that: in a CI run the password dialog waited forever inside
    the test's wait (a nested ``exec()`` that the wait's time-out cannot end) — an error in this loop had ended
    it, most likely an earlier test's dialog being deleted while still the active modal window (its
    ``isVisible()`` raises), or another modal window taking the first answer. Any other modal window is
    rejected; a password dialog beyond ``answers`` too, which fails the test (``answers`` not emptied)."""
    running = [True]

    def look() -> None:
        shown = QApplication.activeModalWidget()
        if not running:
            return
        try:
            if shown is not None and shiboken6.isValid(shown) and shown.isVisible():
                if isinstance(shown, StorePasswordDialog) and answers:
                    answers.pop(0)(shown)
                else:
                    shown.reject()
        finally:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    return running.clear


def switch(
    qtbot: Any, made: WindowSession, name: str, answers: list[Callable[[Any], None]], opens: bool = True
) -> Any:
    """Pick ``name`` in Connection ▸ Switch to, as the person does, answer the windows that show, and wait
    for the new window (``opens``: returned once the old one closed) or the old one's banner naming ``name``."""
    old = made.window
    stop = answering(answers)
    try:
        (action,) = [a for a in old.connection_list.menu.actions() if a.text() == name]
        action.trigger()
        if opens:
            qtbot.waitUntil(lambda: made.window is not old, timeout=20_000)
        else:
            qtbot.waitUntil(
                lambda: made.switching is None and name in old.banner.title_text(), timeout=20_000
            )
    finally:
        stop()
    assert answers == []  # every window expected came
    if not opens:
        return None
    qtbot.waitUntil(lambda: old.closed, timeout=10_000)
    qtbot.addWidget(made.window)
    return made.window


def typed(password: str, remember: bool = True, seen: list[Any] | None = None) -> Callable[[Any], None]:
    def answer(dialog: Any) -> None:
        if seen is not None:
            seen.append((dialog.objectName(), dialog.parent(), dialog.message_label.text()))
        dialog.remember_box.setChecked(remember)
        dialog.password_edit.setText(password)
        dialog.accept()

    return answer


def test_a_switch_to_a_store_that_refuses_its_password_asks_for_it_as_at_start_up(
    qtbot: Any, paths: Any, team: Team, right: str, memory_keyring: Any, session: Any, caplog: Any
) -> None:
    url = team.url(team.manager)
    memory_keyring.set_password(KEYRING_SERVICE, parse_url(url).keyring_user, SAVED_WRONG)
    made = session()
    first = made.open()
    qtbot.addWidget(first)
    seen: list[Any] = []
    with caplog.at_level(logging.DEBUG):
        second = switch(qtbot, made, "Manager", [typed(ALSO_WRONG, seen=seen), typed(right, seen=seen)])
    assert second._services.store.location == parse_url(url)  # on the manager's store
    assert ConnectionBook(paths).current().name == "Manager"
    place = f"{team.cluster.host}:{team.cluster.port}/{team.db}"
    assert seen == [
        (
            "storePasswordDialog",
            first,  # over the window the person switches from
            f"The team store {place} refused the password of {team.manager}. "
            f"Type the password of {team.manager} to open it.",
        ),
        (
            "storePasswordDialog",
            first,
            f"The team store {place} refused that password too. Type the password of {team.manager} to open it.",
        ),
    ]
    remembered = memory_keyring.get_password(KEYRING_SERVICE, parse_url(url).keyring_user) == right
    assert remembered  # (booleans: a failure never prints a password)
    assert kept_out_of_logs(caplog.records, paths.log_dir, ALSO_WRONG, right)


def test_cancel_leaves_the_window_on_its_store_and_says_the_switch_was_cancelled(
    qtbot: Any, paths: Any, team: Team, right: str, memory_keyring: Any, session: Any
) -> None:
    made = session()  # no password saved for the manager
    first = made.open()
    qtbot.addWidget(first)
    switch(qtbot, made, "Manager", [lambda dialog: dialog.reject()], opens=False)
    assert made.window is first and not first.closed and first.isVisible()
    assert first._services.store.location == parse_url(team.url(team.investigator))
    assert first.banner.message is not None and first.banner.message.level == "warning"
    place = f"{team.cluster.host}:{team.cluster.port}/{team.db}"
    assert (first.banner.title_text(), first.banner.detail_text()) == (
        "Switch to Manager cancelled.",
        f"The team store {place} refused the password of {team.manager}. "
        "This window stays on the store it was on.",
    )
    assert ConnectionBook(paths).current().name == "default"  # the next start opens this one too
    checked = [a.text() for a in first.connection_list.menu.actions() if a.isChecked()]
    assert checked == ["default"]
    not_saved = (
        memory_keyring.get_password(KEYRING_SERVICE, parse_url(team.url(team.manager)).keyring_user) is None
    )
    assert not_saved


def test_a_store_that_cannot_be_opened_leaves_the_window_where_it_was_and_says_why(
    qtbot: Any, paths: Any, team: Team, session: Any, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "tickets.sqlite3"
    made = session(manager_store=f"sqlite:{missing}")
    first = made.open()
    qtbot.addWidget(first)
    switch(qtbot, made, "Manager", [], opens=False)
    assert made.window is first and not first.closed
    assert first.banner.message is not None and first.banner.message.level == "error"
    assert (first.banner.title_text(), first.banner.detail_text()) == (
        "Could not switch to Manager.",
        f"The folder {missing.parent} does not exist: create it first, or give another store path.",
    )
    assert ConnectionBook(paths).current().name == "default"


def test_a_typed_password_wins_over_a_wrong_one_in_the_environment_for_the_session(
    qtbot: Any, paths: Any, team: Team, right: str, memory_keyring: Any, session: Any
) -> None:
    made = session(env={PASSWORD_ENV: ALSO_WRONG})
    first = made.open()  # the investigator logs in without one: the environment's is not tried
    qtbot.addWidget(first)
    second = switch(qtbot, made, "Manager", [typed(right, remember=False)])
    store = second._services.store
    handed = store.password() == right  # what Sync hands its process (a boolean: never printed)
    assert handed
    with store.reader() as reader:  # a reading connection of the pool
        assert reader is not None
    switch(qtbot, made, "default", [])
    qtbot.waitUntil(lambda: second.closed, timeout=10_000)
    qtbot.addWidget(made.window)
    third = made.window
    switch(qtbot, made, "Manager", [])  # not asked again
    qtbot.waitUntil(lambda: third.closed, timeout=10_000)
    qtbot.addWidget(made.window)
    assert made.window._services.store.location == parse_url(team.url(team.manager))
    assert kept_out_of_logs([], paths.log_dir, ALSO_WRONG, right)  # the log files
    not_saved = (
        memory_keyring.get_password(KEYRING_SERVICE, parse_url(team.url(team.manager)).keyring_user) is None
    )
    assert not_saved


def test_the_lookup_is_handed_only_the_password_the_server_took(team: Team, right: str) -> None:
    """A typed password is tried on a connection of its own: a wrong one never reaches the window's lookup,
    whose other connections (the running window's readers, its listener) would use it meanwhile."""
    from ows_desktop.store.postgres.connect import connect
    from ows_desktop.ui.store_password import open_asking

    location = parse_url(team.url(team.manager))

    class Lookup:
        def __init__(self) -> None:
            self.used: list[str] = []

        def __call__(self, _location: Any) -> str | None:
            return self.used[-1] if self.used else SAVED_WRONG

        def use(self, _location: Any, password: str) -> None:
            self.used.append(password)

    lookup = Lookup()
    answers = [(ALSO_WRONG, False), (right, False)]
    opened = open_asking(lambda: connect(location, lookup), lookup, lambda _l, _again: answers.pop(0))
    opened.close()
    handed = [password == right for password in lookup.used]  # booleans: a failure never prints a password
    assert not answers and handed == [True]


def test_the_password_typed_on_a_switch_is_tried_off_the_gui_thread(
    qtbot: Any, team: Team, right: str, memory_keyring: Any, session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The switch opened the store in a job, but the password typed after a refusal was tried (and saved to
    the keyring) on the GUI thread: a server that answers the refusal, then stalls, froze the window up to the
    connect time-out. Each try now runs in the switch's job, a refused one asked for again as before."""
    import ows_desktop.store.postgres.connect as pg_connect
    import ows_desktop.ui.store_password as store_password

    on_gui_thread: list[bool] = []
    real_connect, real_save = pg_connect.connect, pg_connect.save_password

    def watched_connect(*args: Any, **kwargs: Any) -> Any:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_connect(*args, **kwargs)

    def watched_save(*args: Any, **kwargs: Any) -> Any:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return real_save(*args, **kwargs)

    monkeypatch.setattr(store_password, "connect", watched_connect)
    monkeypatch.setattr(store_password, "save_password", watched_save)
    made = session()
    first = made.open()
    qtbot.addWidget(first)
    switch(qtbot, made, "Manager", [typed(ALSO_WRONG), typed(right)])
    assert made.window._services.store.location == parse_url(team.url(team.manager))
    assert len(on_gui_thread) == 3  # the wrong one, the right one, the right one saved
    assert not any(on_gui_thread)
    user = parse_url(team.url(team.manager)).keyring_user
    remembered = memory_keyring.get_password(KEYRING_SERVICE, user) == right
    assert remembered  # (a boolean: a failure never prints a password)


def test_a_switch_cancelled_while_its_typed_password_is_tried_hands_nothing_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cancel while the switch's job tried the password typed: the job still handed it to the window's lookup and
    saved it in the keyring (a reviewer's reading). Once cancelled, it does neither."""
    import types

    import ows_desktop.ui.store_password as store_password

    saved: list[bool] = []
    monkeypatch.setattr(
        store_password, "connect", lambda *_a, **_k: types.SimpleNamespace(close=lambda: None)
    )
    monkeypatch.setattr(store_password, "save_password", lambda *_a: saved.append(True))

    class Lookup:
        def __init__(self) -> None:
            self.used: list[bool] = []

        def use(self, _location: Any, _password: str) -> None:
            self.used.append(True)

    lookup, cancelled = Lookup(), threading.Event()
    typed = store_password.TypedPassword(parse_url("postgresql://ana@10.0.0.5:5432/ows"), "typed", True)
    cancelled.set()
    typed.take(lookup, cancelled)
    assert (lookup.used, saved) == ([], [])
    typed.take(lookup, threading.Event())  # not cancelled: handed over and remembered
    assert (lookup.used, saved) == ([True], [True])


def test_a_password_asked_again_keeps_remember_as_the_person_left_it(
    qtbot: Any, team: Team, right: str, memory_keyring: Any, session: Any
) -> None:
    """ "Remember in the keyring" unticked, the password refused: the next question came back ticked, and a right
    password typed in a hurry was saved where the person had said not to (a tester's reading)."""
    boxes: list[bool] = []

    def untick_and_type(password: str) -> Callable[[Any], None]:
        def answer(dialog: Any) -> None:
            boxes.append(dialog.remember_box.isChecked())  # as it opened
            dialog.remember_box.setChecked(False)
            dialog.password_edit.setText(password)
            dialog.accept()

        return answer

    made = session()
    first = made.open()
    qtbot.addWidget(first)
    switch(qtbot, made, "Manager", [untick_and_type(ALSO_WRONG), untick_and_type(right)])
    assert boxes == [True, False]  # ticked at first; asked again, as left
    user = parse_url(team.url(team.manager)).keyring_user
    not_saved = memory_keyring.get_password(KEYRING_SERVICE, user) is None
    assert not_saved
