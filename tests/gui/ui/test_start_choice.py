"""At start-up, a way out of a connection whose store cannot be opened (ui/start_choice.py).

A tester made "Connection 2" with the connection dialog's Store field naming a team store whose server takes
the connection and never answers. Its window stayed on its own cache (the field takes effect at the next
start, which nothing said), and from then on every start showed "Connecting…", then "did not answer in
time", then ended (exit 4; Cancel: 2): nothing named the connection or offered another, and no option chose
one; the tester edited ``connections.json`` by hand. Now the dialog says when a store takes effect, the box
names the connection and offers "Open another connection…" (a list of the saved connections, each with its
store, and the one that failed on its cache on this computer), the "Connecting…" window offers it too, and
``ows-desktop gui --connection NAME`` opens one. Quitting keeps the documented exit codes (4/3/2). A
connection becomes the one opened at start-up only once a window has opened on it.

The silent server is real (tests/gui/ui/test_team_store_switch_waits.py's :class:`SilentServer`)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC
from typing import Any

import pytest
import shiboken6
from cli_support import make_ctx
from gui_support import KEY, NOW, OFFSCREEN_NOISE, SECRET
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from test_team_store_switch_waits import SilentServer

from ows_desktop.app import open_qt_settings, run_window, window_session
from ows_desktop.basics.connections import ConnectionBook
from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.store.postgres import connect as pg_connect

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def silent(monkeypatch: pytest.MonkeyPatch) -> Iterator[SilentServer]:
    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 2)  # libpq's least: "did not answer" sooner
    server = SilentServer()
    yield server
    server.close()


def silent_url(silent: SilentServer) -> str:
    return f"postgresql://reviewer@127.0.0.1:{silent.port}/ows"


def unreached_url() -> str:
    with socket.socket() as probe:  # a port nothing listens on: refused at once
        probe.bind(("127.0.0.1", 0))
        return f"postgresql://reviewer@127.0.0.1:{probe.getsockname()[1]}/ows"


def connection_on(paths: Any, name: str, store_url: str, *, current: bool = True) -> None:
    """A saved connection ``name`` whose Store field names ``store_url``; the current one (``current``)."""
    book = ConnectionBook(paths)
    entry = book.add(name) if name != "default" else book.entry(name)
    open_qt_settings(entry.settings_file).set("store/url", store_url)
    if current:
        book.set_current(name)


def shown(kind: str) -> QWidget | None:
    """The visible window of the start-up named ``kind`` (its object name), else None."""
    for widget in QApplication.topLevelWidgets():
        if shiboken6.isValid(widget) and widget.objectName() == kind and widget.isVisible():
            return widget
    return None


class Answers:
    """The start-up's windows answered in turn: each step a window's object name and what to do with it."""

    def __init__(self, steps: list[tuple[str, Callable[[Any], None]]]) -> None:
        self.steps = list(steps)
        self.failed: list[BaseException] = []
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        if not self.steps:
            return
        kind, act = self.steps[0]
        widget = shown(kind)
        if widget is None:
            QTimer.singleShot(20, self._look)
            return
        self.steps.pop(0)
        try:
            act(widget)
        except BaseException as exc:  # said after the start-up ended
            self.failed.append(exc)
            widget.close()
        QTimer.singleShot(20, self._look)

    def check(self) -> None:
        if self.failed:
            raise self.failed[0]
        assert self.steps == [], f"never shown: {[kind for kind, _ in self.steps]}"


def start(paths: Any, answers: Answers, **options: Any) -> tuple[int, list[Any]]:
    """``ows-desktop gui`` in this process; the exit status and what each window opened showed (closed at once)."""
    opened: list[Any] = []

    def seen(window: Any) -> None:
        opened.append(
            {
                "connection": window._services.connection_name,
                "team": window._services.team_store,
                "banner": (window.banner.title_text(), window.banner.detail_text()),
            }
        )
        if window.connection_dialog() is not None:  # a first start's: not left on screen for the next test
            window.connection_dialog().reject()
        window.close()

    code = run_window(
        QApplication.instance(), paths, credentials=MemoryCredentialStore(), on_window=seen, **options
    )
    answers.check()
    return code, opened


def box_said(into: list[dict[str, Any]], press: str | None) -> Callable[[Any], None]:
    """Note what the box says and which buttons it has; press the one named ``press`` (None: close it)."""

    def act(box: Any) -> None:
        assert isinstance(box, QMessageBox)
        into.append(
            {
                "title": box.windowTitle(),
                "text": box.text(),
                "more": box.informativeText(),
                "buttons": [b.text() for b in box.buttons()],
                "default": box.defaultButton().text(),
            }
        )
        (button,) = [b for b in box.buttons() if b.text() == press] if press else [box.escapeButton()]
        button.click()

    return act


def chooser_said(into: list[dict[str, Any]], pick: str | None) -> Callable[[Any], None]:
    """Note the chooser's lines and the one selected; open the line ``pick`` (None: the one selected)."""

    def act(dialog: Any) -> None:
        lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        into.append(
            {"message": dialog.message.text(), "lines": lines, "selected": dialog.list.currentItem().text()}
        )
        if pick is not None:
            dialog.list.setCurrentRow(lines.index(pick))
        dialog.open_button.click()

    return act


def test_a_store_that_never_answers_names_its_connection_and_another_one_opens_and_becomes_current(
    qtbot: Any, paths: Any, silent: SilentServer, memory_keyring: Any
) -> None:
    url = silent_url(silent)
    connection_on(paths, "Connection 2", url)
    boxes: list[dict[str, Any]] = []
    lists: list[dict[str, Any]] = []
    answers = Answers(
        [
            ("storeNotOpenedBox", box_said(boxes, "Open another connection…")),
            ("startChoiceDialog", chooser_said(lists, None)),
        ]
    )
    code, opened = start(paths, answers)
    place = f"127.0.0.1:{silent.port}/ows"
    assert boxes == [
        {
            "title": "Cannot open the team store",
            "text": f"The team store at {url} did not answer in time. Check that its server runs and is not "
            "overloaded, and the network to it; then try again.",
            "more": "It is the store of the connection “Connection 2”. Open another connection, or quit.",
            "buttons": ["Open another connection…", "Quit"],
            "default": "Open another connection…",
        }
    ]
    assert lists == [
        {
            "message": "The connection “Connection 2” did not open. Which connection should open?",
            "lines": [
                "default — the ticket cache on this computer",
                f"Connection 2 — the team store {place} (did not open)",
                "Connection 2 — the ticket cache on this computer, not its team store",
            ],
            "selected": "default — the ticket cache on this computer",  # Enter opens one that works
        }
    ]
    assert code == 0 and [w["connection"] for w in opened] == ["default"]
    assert ConnectionBook(paths).current().name == "default"  # the next start opens it, not Connection 2


def test_quit_keeps_the_exit_code_and_the_current_connection(
    qtbot: Any, paths: Any, memory_keyring: Any
) -> None:
    connection_on(paths, "Connection 2", unreached_url())
    boxes: list[dict[str, Any]] = []
    code, opened = start(paths, Answers([("storeNotOpenedBox", box_said(boxes, "Quit"))]))
    assert (code, opened) == (4, [])  # a server not reached, as the command line says it
    assert boxes[0]["text"].startswith("Cannot reach the team store at ")
    assert ConnectionBook(paths).current().name == "Connection 2"  # nothing opened: nothing changed


def test_the_chooser_quit_keeps_the_exit_code_too(qtbot: Any, paths: Any, memory_keyring: Any) -> None:
    connection_on(paths, "Connection 2", unreached_url())

    def quit_chooser(dialog: Any) -> None:
        dialog.quit_button.click()

    answers = Answers(
        [("storeNotOpenedBox", box_said([], "Open another connection…")), ("startChoiceDialog", quit_chooser)]
    )
    assert start(paths, answers) == (4, [])
    assert ConnectionBook(paths).current().name == "Connection 2"


def test_while_it_connects_another_connection_can_be_opened_and_cancel_still_ends_it(
    qtbot: Any, paths: Any, silent: SilentServer, memory_keyring: Any
) -> None:
    connection_on(paths, "Connection 2", silent_url(silent))
    said: list[tuple[str, list[str]]] = []

    def other(dialog: Any) -> None:
        buttons = dialog.findChild(QDialogButtonBox).buttons()
        said.append((dialog.message.text(), sorted(b.text() for b in buttons)))
        dialog.other_button.click()

    code, opened = start(
        paths, Answers([("connectingDialog", other), ("startChoiceDialog", chooser_said([], None))])
    )
    assert said == [
        (
            f"Opening the connection “Connection 2”: connecting to its team store 127.0.0.1:{silent.port}/ows… "
            "The window opens once it answers.",
            ["Cancel", "Open another connection…"],
        )
    ]
    assert code == 0 and [w["connection"] for w in opened] == ["default"]
    assert ConnectionBook(paths).current().name == "default"

    connection_on(paths, "Connection 2", silent_url(silent))  # current again: Cancel ends it, exit 2

    def cancel(dialog: Any) -> None:
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()

    assert start(paths, Answers([("connectingDialog", cancel)])) == (2, [])
    assert ConnectionBook(paths).current().name == "Connection 2"


def test_a_lone_connection_on_a_team_store_that_fails_opens_on_the_cache_on_this_computer(
    qtbot: Any, paths: Any, memory_keyring: Any
) -> None:
    url = unreached_url()
    connection_on(paths, "default", url)
    lists: list[dict[str, Any]] = []
    answers = Answers(
        [
            ("storeNotOpenedBox", box_said([], "Open another connection…")),
            ("startChoiceDialog", chooser_said(lists, None)),
        ]
    )
    code, opened = start(paths, answers)
    place = url.split("@", 1)[1]
    assert lists[0]["lines"] == [
        f"default — the team store {place} (did not open)",
        "default — the ticket cache on this computer, not its team store",
    ]
    assert lists[0]["selected"] == "default — the ticket cache on this computer, not its team store"
    assert code == 0
    assert opened == [
        {
            "connection": "default",
            "team": "",  # its cache, not a team store
            "banner": (
                "“default” is open on the ticket cache on this computer.",
                f"Its store, the team store {place}, did not open; the next start tries it again. To change "
                "it: Connection ▸ Edit connection… ▸ Store.",
            ),
        }
    ]
    assert open_qt_settings(paths.settings_file).get("store/url") == url  # the person's choice, kept


def test_a_store_given_with_store_offers_no_other_connection_and_says_why(
    qtbot: Any, paths: Any, memory_keyring: Any
) -> None:
    ConnectionBook(paths).add("Connection 2")  # another connection: --store would open it too
    boxes: list[dict[str, Any]] = []
    code, opened = start(
        paths, Answers([("storeNotOpenedBox", box_said(boxes, None))]), store_url=unreached_url()
    )
    assert (code, opened) == (4, [])
    assert (boxes[0]["more"], boxes[0]["buttons"]) == (
        "This store was given with --store (or OWS_DESKTOP_STORE): every connection opens it. Start without it "
        "to open a connection's own store.",
        ["Quit"],
    )


def test_connection_opens_that_connection_which_then_becomes_current(
    qtbot: Any, paths: Any, memory_keyring: Any
) -> None:
    ConnectionBook(paths).add("Connection 2")
    code, opened = start(paths, Answers([]), connection="Connection 2")
    assert code == 0 and [w["connection"] for w in opened] == ["Connection 2"]
    assert ConnectionBook(paths).current().name == "Connection 2"


def test_gui_connection_names_a_saved_connection_or_is_refused_in_one_line(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ows_desktop import app
    from ows_desktop.cli.main import main

    started: list[Any] = []
    monkeypatch.setattr(app, "main", lambda *args, **kwargs: started.append(kwargs["connection"]) or 0)
    ctx = make_ctx(tmp_path)
    ConnectionBook(ctx.paths.ensure()).add("Connection 2")
    assert main(["gui", "--connection", "connection 2"], ctx) == 0  # any letter case
    assert main(["gui", "--connection", "Shop"], ctx) == 2
    assert ctx.stderr.getvalue() == (
        "ows-desktop: No saved connection is named 'Shop'; the saved connections: 'default', 'Connection 2'.\n"
    )
    assert started == ["Connection 2"]


def test_the_testers_steps_the_store_field_says_when_it_takes_effect_and_the_next_start_has_a_way_out(
    qtbot: Any, paths: Any, sim: Any, silent: SilentServer, memory_keyring: Any
) -> None:
    """Connection ▸ Switch to ▸ New connection…, its Store field a server that never answers, then a start."""
    session = window_session(
        paths, credentials=MemoryCredentialStore(), env={}, tz=UTC, now=lambda: NOW, video=False
    )
    try:
        first = session.open()
        qtbot.addWidget(first)
        first.connection_list.new_action.trigger()
        qtbot.waitUntil(lambda: session.window is not first, timeout=10_000)
        second = session.window
        qtbot.addWidget(second)
        qtbot.waitUntil(
            lambda: second.connection_dialog() is not None and second.connection_dialog().isVisible()
        )
        dialog = second.connection_dialog()
        assert dialog.store_note.isVisible()
        assert dialog.store_note.text() == "A change of store takes effect the next time OWS Desktop starts."
        dialog.url_edit.setText(sim.api_url)
        dialog.key_edit.setText(KEY)
        dialog.secret_edit.setText(SECRET)
        dialog.store_edit.setText(silent_url(silent))
        with qtbot.waitSignal(second.connectionChanged, timeout=10_000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert (second.banner.title_text(), second.banner.detail_text()) == (
            f"Connected to {sim.api_url.split('://', 1)[1]}.",
            "The store chosen is opened the next time OWS Desktop starts; until then this window stays on the "
            "store it is on.",
        )
        assert second._services.team_store == ""  # what the banner says: still its cache
    finally:
        session.close()
    assert ConnectionBook(paths).current().name == "Connection 2"  # its window opened (on its cache)
    boxes: list[dict[str, Any]] = []
    answers = Answers(
        [
            ("storeNotOpenedBox", box_said(boxes, "Open another connection…")),
            ("startChoiceDialog", chooser_said([], "default — the ticket cache on this computer")),
        ]
    )
    code, opened = start(paths, answers)
    assert (
        boxes[0]["more"]
        == "It is the store of the connection “Connection 2”. Open another connection, or quit."
    )
    assert code == 0 and [w["connection"] for w in opened] == ["default"]
    assert ConnectionBook(paths).current().name == "default"


def test_the_store_field_says_that_store_overrides_it(qtbot: Any, paths: Any, store: Any) -> None:
    from gui_support import make_services, open_window

    services = make_services(paths, store)
    services.store_given = "postgresql://reviewer@db.example:5432/ows"
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None and window.connection_dialog().isVisible())
    assert window.connection_dialog().store_note.text() == (
        "A change of store takes effect the next time OWS Desktop starts without --store: this window was "
        "started with --store (or OWS_DESKTOP_STORE), which overrides this field."
    )
    window.connection_dialog().reject()
    window.close()
