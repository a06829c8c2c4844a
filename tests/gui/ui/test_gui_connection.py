"""First run: the connection dialog tests the key against the simulator and saves it to the credential store."""

from __future__ import annotations

from gui_support import KEY, OFFSCREEN_NOISE, SECRET, make_services, open_window, wait_connected
from PySide6.QtCore import Qt

from ows_desktop.basics.credentials import (
    NO_BACKEND_HELP,
    Credentials,
    MemoryCredentialStore,
    normalise_base_url,
)

pytestmark = OFFSCREEN_NOISE


def _fill(dialog, url: str, key: str, secret: str) -> None:
    dialog.url_edit.setText(url)
    dialog.key_edit.setText(key)
    dialog.secret_edit.setText(secret)


def test_first_run_asks_tests_and_saves_the_connection(qtbot, paths, store, sim):
    credentials = MemoryCredentialStore()
    services = make_services(paths, store, credentials)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None and window.connection_dialog().isVisible())
    dialog = window.connection_dialog()
    qtbot.waitUntil(lambda: "are kept: in memory" in dialog.keyring_note.text())
    assert not dialog.save_button.isEnabled()

    _fill(dialog, sim.api_url, KEY, "wrong-secret")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✖"), timeout=10_000)
    assert "refused" in dialog.result_label.text()

    dialog.secret_edit.setText(SECRET)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✔"), timeout=10_000)
    assert sim.tickets_url in dialog.result_label.text()
    assert credentials.get(sim.api_url) is None  # testing does not save

    with qtbot.waitSignal(window.connectionChanged, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert credentials.get(sim.api_url) == Credentials(KEY, SECRET)
    assert window.connection().source == "keyring"
    assert services.settings.get("connection/base_url") == normalise_base_url(sim.api_url)
    assert "Connected to" in window.connection_label.text()


def test_enter_after_a_test_connects_and_never_cancels_what_was_typed(qtbot, paths, store, sim):
    """The test disabled its button while it ran, which handed the focus to Cancel: Enter after "✔ Connected"
    closed the dialog and lost the URL, key and secret typed. After a failed test the focus is back on Test
    connection; after a good one on the button that connects, so Enter connects."""
    from PySide6.QtWidgets import QApplication

    window = open_window(qtbot, make_services(paths, store, MemoryCredentialStore()))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None and window.connection_dialog().isVisible())
    dialog = window.connection_dialog()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _fill(dialog, sim.api_url, KEY, "wrong-secret")
    dialog.test_button.setFocus()
    qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✖"), timeout=10_000)
    assert QApplication.focusWidget() is dialog.test_button

    dialog.secret_edit.setText(SECRET)
    dialog.test_button.setFocus()
    qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✔"), timeout=10_000)
    assert QApplication.focusWidget() is dialog.save_button
    with qtbot.waitSignal(window.connectionChanged, timeout=10_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and window.connection() is not None


def test_later_runs_start_straight_into_the_window(qtbot, paths, store, sim):
    credentials = MemoryCredentialStore({sim.api_url: Credentials(KEY, SECRET)})
    services = make_services(paths, store, credentials)
    services.settings.set("connection/base_url", sim.api_url)
    window = open_window(qtbot, services)
    wait_connected(qtbot, window)
    assert window.connection_dialog() is None


def test_unreachable_server_is_reported_in_the_dialog(qtbot, paths, store):
    window = open_window(qtbot, make_services(paths, store))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    dialog = window.connection_dialog()
    _fill(dialog, "http://127.0.0.1:9", KEY, SECRET)  # the discard port: connection refused
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✖"), timeout=30_000)
    assert "Cannot reach OWS" in dialog.result_label.text()


class InsecureStore(MemoryCredentialStore):
    is_secure = False
    description = "no secure keyring backend"


def test_missing_keyring_backend_is_explained_not_hidden(qtbot, paths, store, sim):
    credentials = InsecureStore()
    window = open_window(qtbot, make_services(paths, store, credentials))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    dialog = window.connection_dialog()
    qtbot.waitUntil(lambda: "cannot be saved" in dialog.keyring_note.text())
    assert NO_BACKEND_HELP[:60] in dialog.keyring_note.text()
    assert dialog.save_button.text() == "Connect for this session"
    _fill(dialog, sim.api_url, KEY, SECRET)
    with qtbot.waitSignal(window.connectionChanged, timeout=10_000):
        dialog.save()
    assert window.connection().source == "session"
    assert credentials.get(sim.api_url) is None
    assert "this session only" in window.banner.title_text()


def test_the_environments_url_key_and_secret_open_a_first_window_connected(qtbot, paths, store, sim):
    """OWS_BASE_URL, OWS_API_KEY and OWS_API_SECRET connect the command line; the window ignored the URL
    and asked for the account on its first run, although the environment held all three."""
    services = make_services(paths, store)
    services.env = {"OWS_BASE_URL": sim.api_url, "OWS_API_KEY": KEY, "OWS_API_SECRET": SECRET}
    window = open_window(qtbot, services)
    wait_connected(qtbot, window)
    assert window.connection().base_url == sim.api_url and window.connection_dialog() is None


def test_a_window_closed_before_its_first_run_question_asks_nothing(qtbot, paths, store):
    """A first start asks for the OWS account once the window is on screen. A window closed before that (a
    start that ended at once, a switch's old window) still showed the question, over no window (found by a
    test whose closed windows left their connection dialogs on screen for the next test)."""
    from PySide6.QtWidgets import QApplication

    from ows_desktop.ui.connection_dialog import ConnectionDialog

    window = open_window(qtbot, make_services(paths, store, MemoryCredentialStore()))
    window.close()  # before the event loop turns: the question is still to come
    qtbot.wait(50)
    asked = [w for w in QApplication.topLevelWidgets() if isinstance(w, ConnectionDialog) and w.isVisible()]
    assert window.connection_dialog() is None and asked == []
