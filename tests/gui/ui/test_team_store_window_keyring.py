"""The window on a team store asks the keyring for the database password once, however many windows the
session opens (Connection ▸ Switch to reopens one) and connections each opens: a locked keyring showed its
unlock prompt for every one of them, again after the person had cancelled it."""

from __future__ import annotations

from datetime import UTC

from gui_support import NOW, OFFSCREEN_NOISE

from ows_desktop.app import window_session
from ows_desktop.basics.credentials import MemoryCredentialStore

pytestmark = OFFSCREEN_NOISE


def test_the_window_session_asks_the_keyring_once_for_the_team_stores_password(
    qtbot, paths, pg_url, memory_keyring, monkeypatch
):
    asked: list[str] = []

    def locked(service: str, username: str):
        asked.append(service)
        from keyring.errors import KeyringLocked

        raise KeyringLocked("Failed to unlock the collection!")  # the person cancelled the unlock prompt

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    session = window_session(
        paths,
        credentials=MemoryCredentialStore(),
        env={},
        tz=UTC,
        now=lambda: NOW,
        video=False,
        store_url=pg_url,
    )
    try:
        first = session.open()
        qtbot.addWidget(first)
        second = session.open()  # as Connection ▸ Switch to does: a new window, the store opened again
        qtbot.addWidget(second)
        qtbot.waitUntil(lambda: first.closed, timeout=10_000)
    finally:
        session.close()
    assert asked == ["ows-desktop-store"]
