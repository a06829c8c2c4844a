"""Preferences ▸ Network and a slow keyring (#18): a locked or slow Secret Service (waiting on its unlock
prompt) never freezes the window. Opening Preferences shows the dialog at once and the password field says
"stored in the keyring" when the keyring answers; OK with a new password waits for the keyring, saying so,
then writes the settings; a refusal is shown on the page and nothing is written. The keyring is never asked
on the GUI thread — neither when a sync starts (the sync thread reads the proxy's password)."""

from __future__ import annotations

import threading

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    connected_services,
    make_services,
    offline_window,
    open_window,
    wait_connected,
)
from PySide6.QtCore import Qt

from ows_desktop.basics.credentials import CredentialError
from ows_desktop.basics.proxy import ProxySettings
from ows_desktop.store import TicketQuery
from ows_desktop.ui.filter_state import SyncRange

pytestmark = OFFSCREEN_NOISE

PROXY = ProxySettings("manual", "proxy.example.test", 3128, "lp-user")
STORED = "st0red-Secret"
NEW = "n3w-Secret"


class SlowKeyring:
    """A keyring that answers only when released, as a locked Secret Service does after its unlock prompt.
    Asked on the GUI thread it would freeze the window for good: there it answers at once (so a broken
    window fails this test instead of hanging it) and remembers that it was asked there."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {PROXY.password_name(): STORED}
        self.released = threading.Event()
        self.waiting = threading.Event()
        self.asked_on_gui_thread = False
        self.refusal: str | None = None

    def _wait(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.asked_on_gui_thread = True
            return
        self.waiting.set()
        self.released.wait(60)  # a safety net for a failing test only: the tests release it

    def get(self, name: str) -> str | None:
        self._wait()
        return self.entries.get(name)

    def set(self, name: str, password: str) -> None:
        self._wait()
        if self.refusal is not None:
            raise CredentialError(self.refusal)
        self.entries[name] = password

    def delete(self, name: str) -> bool:
        self._wait()
        return self.entries.pop(name, None) is not None


@pytest.fixture
def keyring():
    slow = SlowKeyring()
    yield slow
    slow.released.set()


def use_slow_keyring(services, keyring) -> None:
    """A manual proxy with a login, its password in the slow keyring."""
    for key, value in (("network/proxy_mode", PROXY.mode), ("network/proxy_host", PROXY.host),
                       ("network/proxy_port", PROXY.port), ("network/proxy_user", PROXY.user)):  # fmt: skip
        services.settings.set(key, value)
    services.proxy.reload()
    services.proxy.passwords = keyring


@pytest.fixture
def window(qtbot, paths, store, keyring):
    services = make_services(paths, store)
    use_slow_keyring(services, keyring)
    return offline_window(qtbot, services)


def open_network_page(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preferences.dialog is not None and window.preferences.dialog.isVisible())
    dialog = window.preferences.dialog
    dialog.page_list.setFocus()
    for _ in range(len(dialog.pages)):  # walk down the page list with the keyboard: the dialog responds
        qtbot.keyClick(dialog.page_list, Qt.Key.Key_Down)
    assert dialog.current_page() is dialog.pages["Network"]
    return dialog, dialog.pages["Network"]


def test_preferences_open_while_the_keyring_is_locked_and_the_field_fills_when_it_answers(
    qtbot, window, keyring
):
    dialog, page = open_network_page(qtbot, window)
    qtbot.waitUntil(keyring.waiting.is_set)  # the keyring was asked and has not answered...
    assert dialog.isVisible() and not keyring.asked_on_gui_thread  # ...and the window did not wait for it
    assert page.password.placeholderText() == "reading the keyring…"
    page.host.setFocus()
    qtbot.keyClick(page.host, Qt.Key.Key_End)
    qtbot.keyClicks(page.host, "x")  # still typing in the dialog meanwhile
    assert page.host.text() == PROXY.host + "x"

    keyring.released.set()  # the person unlocked the keyring
    qtbot.waitUntil(lambda: page.password.placeholderText() == "stored in the keyring")
    assert page.password.text() == ""  # the secret itself never comes back to the window


def test_ok_with_a_new_password_waits_for_the_keyring_then_saves(qtbot, window, keyring, paths):
    dialog, page = open_network_page(qtbot, window)
    page.password.setFocus()
    qtbot.keyClicks(page.password, NEW)
    page.user.setFocus()
    qtbot.keyClick(page.user, Qt.Key.Key_End)
    qtbot.keyClicks(page.user, "2")  # a new user: a new keyring entry
    qtbot.keyClick(page.password, Qt.Key.Key_Return)  # OK

    assert dialog.isVisible() and dialog.saving()  # waiting for the keyring, and saying so
    assert dialog.saving_label.isVisibleTo(dialog)
    assert not dialog.button_box.button(dialog.button_box.StandardButton.Ok).isEnabled()
    assert window._services.settings.get("network/proxy_user") == "lp-user"  # nothing written yet
    assert not keyring.asked_on_gui_thread

    keyring.released.set()
    qtbot.waitUntil(lambda: window.preferences.dialog is None)  # closed once the keyring took it
    name = ProxySettings("manual", PROXY.host, PROXY.port, "lp-user2").password_name()
    assert keyring.entries[name] == NEW
    assert window._services.settings.get("network/proxy_user") == "lp-user2"
    assert NEW.encode() not in paths.settings_file.read_bytes()
    assert not keyring.asked_on_gui_thread


def test_a_keyring_refusal_shows_on_the_page_and_nothing_is_written(qtbot, window, keyring):
    keyring.refusal = "The keyring is locked: unlock it and press OK again."
    keyring.released.set()  # this keyring answers at once, with a refusal
    dialog, page = open_network_page(qtbot, window)
    qtbot.waitUntil(lambda: page.password.placeholderText() == "stored in the keyring")
    page.password.setFocus()
    qtbot.keyClicks(page.password, NEW)
    page.port.setFocus()
    qtbot.keyClick(page.port, Qt.Key.Key_Up)  # 3129
    qtbot.keyClick(page.password, Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: page.problem_label.isVisibleTo(dialog))
    assert page.problem_label.text() == keyring.refusal
    assert dialog.isVisible() and not dialog.saving()
    assert dialog.button_box.button(dialog.button_box.StandardButton.Ok).isEnabled()
    assert window._services.settings.get("network/proxy_port") == PROXY.port  # nothing written
    assert page.password.text() == NEW  # still typed: OK again once the keyring is unlocked
    assert not keyring.asked_on_gui_thread


def test_a_sync_starts_while_the_keyring_is_locked_and_runs_when_it_answers(
    qtbot, paths, store, sim, keyring
):
    """The sync thread asks the keyring for the proxy's password (the simulator is on loopback: the sync
    reaches it directly, whatever the proxy)."""
    services = connected_services(paths, store, sim)
    use_slow_keyring(services, keyring)
    window = open_window(qtbot, services)
    wait_connected(qtbot, window)
    window.sync_bar.set_sync_range(SyncRange("last7"))  # the simulated tickets
    with qtbot.waitSignal(window.sync.runningChanged):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Sync
    qtbot.waitUntil(keyring.waiting.is_set)  # the sync waits for the keyring...
    assert window.sync.running and not keyring.asked_on_gui_thread  # ...and the window does not
    assert window.sync_bar.cancel_button.isEnabled()  # it can still be stopped
    with qtbot.waitSignal(window.syncFinished, timeout=30_000) as done:
        keyring.released.set()
    assert done.args == ["succeeded"]
    with store.reader() as reader:
        assert reader.count(TicketQuery()) > 0
    assert not keyring.asked_on_gui_thread
