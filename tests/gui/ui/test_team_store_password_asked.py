"""A team store that refuses the password saved in the keyring: the window asks for it (a masked field naming
the role and the team store, "Remember in the keyring" saving it as ``ows-desktop store password`` does), tries
again, and only Cancel ends it, with the refusal's sentence under a title said once. It showed a box "OWS
Desktop — cannot open …e ticket cache — OWS Desktop" (the application's name twice, cut by the title bar)
telling the person to run ``ows-desktop store password URL``, and OK closed the app."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import shiboken6
from gui_support import OFFSCREEN_NOISE
from pg_cluster import PASSWORD_GROUP, Cluster
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from team_roles import Hidden, Team, build_team, kept_out_of_logs

from ows_desktop.app import run_window
from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.cli.context import EXIT_AUTH
from ows_desktop.store.postgres.connect import KEYRING_SERVICE, PASSWORD_ENV, parse_url

pytestmark = OFFSCREEN_NOISE
ALSO_WRONG = Hidden("also-wrong-" + uuid.uuid4().hex[:6])


@pytest.fixture(scope="module")
def team(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Team:
    return build_team(pg_cluster, tmp_path_factory.mktemp("team"))


@pytest.fixture
def manager(team: Team, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The manager's URL and password: she logs in with a password, and the keyring holds a wrong one."""
    right = Hidden("Right-" + uuid.uuid4().hex[:10])
    team.admin(f"ALTER ROLE {team.manager} PASSWORD '{right}'")
    team.admin(f"GRANT {PASSWORD_GROUP} TO {team.manager}")
    url = team.url(team.manager)
    memory_keyring.set_password(KEYRING_SERVICE, parse_url(url).keyring_user, "wrongpw")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    return url, right


def when_modal(act: Callable[[Any], None], running: list[bool]) -> None:
    """Call ``act`` with the next modal window of the start-up (a dialog's ``exec()`` runs its own event loop),
    while ``running``. Only a window of no other (the start-up's come before any): the store now opens while
    the event loop runs, and a window's dialog an earlier test left to be deleted was taken for the first."""
    shown = QApplication.activeModalWidget()
    if not running:
        return
    if (
        shown is None
        or not shiboken6.isValid(shown)  # (one being deleted: raises)
        or not shown.isVisible()
        or shown.parentWidget() is not None
    ):
        QTimer.singleShot(20, lambda: when_modal(act, running))
        return
    act(shown)


def run(paths: Any, url: str, answers: list[Callable[[Any], None]]) -> tuple[int, list[Any]]:
    """``ows-desktop --store URL`` in this process, each modal window answered in turn; the window opened
    (closed at once) and the exit status."""
    opened: list[Any] = []
    failed: list[BaseException] = []
    running = [True]

    def next_answer(shown: Any) -> None:
        try:
            if failed or not answers:
                raise AssertionError(f"an unexpected window: {shown.windowTitle()!r}")
            answers.pop(0)(shown)
        except BaseException as exc:
            failed.append(exc)
            shown.reject()
        QTimer.singleShot(0, lambda: when_modal(next_answer, running))

    QTimer.singleShot(0, lambda: when_modal(next_answer, running))
    app = QApplication.instance()
    try:
        code = run_window(
            app,
            paths,
            credentials=MemoryCredentialStore(),
            store_url=url,
            on_window=lambda w: (opened.append(w), w.close()),
        )
    finally:
        running.clear()
    if failed:
        raise failed[0]
    assert answers == []  # every window expected came
    return code, opened


def test_a_refused_saved_password_is_asked_for_tried_again_and_remembered(
    qtbot: Any, paths: Any, team: Team, manager: tuple[str, str], memory_keyring: Any, caplog: Any
) -> None:
    url, right = manager
    location = parse_url(url)
    seen: list[dict[str, Any]] = []

    def type_password(password: str, remember: bool = True) -> Callable[[Any], None]:
        def answer(dialog: Any) -> None:
            (field,) = dialog.findChildren(QLineEdit)
            seen.append(
                {
                    "title": dialog.windowTitle(),
                    "text": dialog.message_label.text(),
                    "masked": field.echoMode() == QLineEdit.EchoMode.Password,
                    "focused": dialog.focusWidget() is field,
                    "remember": dialog.remember_box.isChecked(),
                }
            )
            dialog.remember_box.setChecked(remember)
            qtbot.keyClicks(field, password)
            qtbot.keyClick(field, Qt.Key.Key_Return)  # the keyboard alone: Enter is OK

        return answer

    with caplog.at_level(logging.DEBUG):
        code, opened = run(paths, url, [type_password(ALSO_WRONG), type_password(right)])
    assert code == 0 and len(opened) == 1
    place = f"{team.cluster.host}:{team.cluster.port}/{team.db}"
    assert [s["title"] for s in seen] == ["Team store password"] * 2
    assert seen[0]["text"] == (
        f"The team store {place} refused the password of {team.manager}. Type the password of "
        f"{team.manager} to open it."
    )
    assert seen[1]["text"] == (
        f"The team store {place} refused that password too. Type the password of {team.manager} to open it."
    )
    assert all(s["masked"] and s["focused"] and s["remember"] for s in seen)
    remembered = memory_keyring.get_password(KEYRING_SERVICE, location.keyring_user) == right
    assert remembered  # (booleans: a failure never prints a password)
    assert kept_out_of_logs(caplog.records, paths.log_dir, ALSO_WRONG, right)


def test_a_password_not_remembered_leaves_the_keyring_as_it_was(
    qtbot: Any, paths: Any, team: Team, manager: tuple[str, str], memory_keyring: Any
) -> None:
    url, right = manager

    def typed(dialog: Any) -> None:
        dialog.remember_box.setChecked(False)
        dialog.password_edit.setText(right)
        dialog.accept()

    code, opened = run(paths, url, [typed])
    assert code == 0 and len(opened) == 1
    untouched = memory_keyring.get_password(KEYRING_SERVICE, parse_url(url).keyring_user) == "wrongpw"
    assert untouched  # (a boolean: a failure would print what the keyring holds)


def test_cancel_ends_it_with_the_refusal_under_a_title_said_once(
    qtbot: Any, paths: Any, team: Team, manager: tuple[str, str], memory_keyring: Any
) -> None:
    url, _right = manager
    said: list[tuple[str, str]] = []

    def acknowledge(box: Any) -> None:
        assert isinstance(box, QMessageBox)
        said.append((box.windowTitle(), box.text()))
        box.accept()

    code, opened = run(paths, url, [lambda dialog: dialog.reject(), acknowledge])
    assert code == EXIT_AUTH and opened == []  # the refusal's own code, as the command line's (it was 2)
    place = f"postgresql://{team.manager}@{team.cluster.host}:{team.cluster.port}/{team.db}"
    assert said == [
        (
            "Cannot open the team store",  # the title bar adds " — OWS Desktop"
            f"The team store {place} refused the role or its password. Save the right password with "
            f"ows-desktop store password URL (or set {PASSWORD_ENV}).",
        )
    ]
    untouched = memory_keyring.get_password(KEYRING_SERVICE, parse_url(url).keyring_user) == "wrongpw"
    assert untouched  # (a boolean: a failure would print what the keyring holds)
