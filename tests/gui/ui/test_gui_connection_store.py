"""The connection dialog's Store field: blank keeps the SQLite cache on this computer; a team store URL is
saved in the settings (it takes effect at the next start) and its password goes to the OS keyring, never
to the settings file; a password typed into the URL is refused in plain words and not repeated."""

from __future__ import annotations

from gui_support import KEY, OFFSCREEN_NOISE, SECRET, make_services, open_window
from PySide6.QtCore import Qt

from ows_desktop.basics.credentials import MemoryCredentialStore

pytestmark = OFFSCREEN_NOISE
TEAM_URL = "postgresql://lp@db.example:5432/ows?sslmode=verify-full"
STORE_SECRET = "Store-Secret-4711"


def test_the_store_field_saves_the_url_to_settings_and_the_password_to_the_keyring(
    qtbot, paths, store, sim, memory_keyring
):
    services = make_services(paths, store, MemoryCredentialStore())
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.connection_dialog() is not None and window.connection_dialog().isVisible())
    dialog = window.connection_dialog()
    dialog.url_edit.setText(sim.api_url)
    dialog.key_edit.setText(KEY)
    dialog.secret_edit.setText(SECRET)
    assert dialog.store_edit.text() == "" and not dialog.store_password_edit.isEnabled()  # SQLite default

    dialog.store_edit.setText(f"postgresql://lp:{STORE_SECRET}@db.example:5432/ows")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result_label.text().startswith("✖ Do not put the database password in the store URL")
    assert STORE_SECRET not in dialog.result_label.text() and dialog.isVisible()

    dialog.store_edit.setText(TEAM_URL)
    assert dialog.store_password_edit.isEnabled()
    dialog.store_password_edit.setText(STORE_SECRET)
    with qtbot.waitSignal(window.connectionChanged, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.settings.get("store/url") == TEAM_URL
    assert memory_keyring.items[("ows-desktop-store", "postgresql://lp@db.example:5432/ows")] == STORE_SECRET
    services.settings.backend.sync()
    assert STORE_SECRET not in paths.settings_file.read_text(encoding="utf-8")
