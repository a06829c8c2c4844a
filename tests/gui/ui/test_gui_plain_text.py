"""Text from a server, a ticket or a file is shown literally in the window (issue #12: a 400 whose message held
HTML rendered a red <h1>, loaded an image from file:/// and showed a link)."""

from __future__ import annotations

import json
import socket

from gui_support import OFFSCREEN_NOISE, make_services, open_window
from hostile_server import HostileServer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.ui.elided_label import ElidedLabel

pytestmark = OFFSCREEN_NOISE

HTML = '<h1>Big</h1><img src="file:///etc/passwd"><a href="http://evil.example/">click</a>'

# Labels that only ever show the app's own fixed words (not text from outside) may keep Qt's AutoText.
STATIC_TEXTS = {  # (an empty label is filled later: it is never static)
    "–",
    "to",
    "&From",
    "&to",
    "&Rank",
    "Terminals",
    "Store",
    "Store password",
    "POS clock offset",
    "Sync tickets received",
    "Reason",
    "Checking the OS keyring…",
    "Connect to OWS",
    "OWS connection",
    "API Access URL",
    "API Access Key",
    "API Secret Key",
    "Name",
    "Live URL",
    "Playback URL",
    "Password",
}


def shows_literally(label: QLabel, text: str) -> bool:
    shown = label.full_text() if isinstance(label, ElidedLabel) else label.text()  # "…" where it is cut
    return text in shown and (
        label.textFormat() == Qt.TextFormat.PlainText or not Qt.mightBeRichText(label.text())
    )


def test_a_server_error_with_html_is_shown_literally_in_the_connection_dialog(qtbot, paths, store) -> None:
    body = json.dumps({"message": HTML}).encode()

    def refuse(conn: socket.socket, _request: bytes) -> None:
        head = f"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        conn.sendall(head.encode() + body)

    server = HostileServer(refuse)
    try:
        window = open_window(qtbot, make_services(paths, store, MemoryCredentialStore()))
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        dialog = window.connection_dialog()
        dialog.url_edit.setText(server.url)
        dialog.key_edit.setText("plain-key-1234")
        dialog.secret_edit.setText("plain-secret-5678")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_label.text().startswith("✖"), timeout=10_000)
        assert shows_literally(dialog.result_label, "<h1>Big</h1>")
    finally:
        server.close()


def test_the_banner_shows_server_text_literally(qtbot, paths, store) -> None:
    from ows_desktop.ui.errors import UserMessage

    window = open_window(qtbot, make_services(paths, store, MemoryCredentialStore()))
    window.banner.show_message(UserMessage("error", f"Sync failed: {HTML}", f"The server said: {HTML}"))
    labels = window.banner.findChildren(QLabel)
    assert sum(shows_literally(label, HTML) for label in labels) == 2


def test_every_label_of_the_window_and_its_dialogs_that_can_show_outside_text_is_plain(
    qtbot, paths, store
) -> None:
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.store.cameras import CameraRepository
    from ows_desktop.tasks.store_ops import StoreOps
    from ows_desktop.ui.camera_edit_dialog import CameraEditDialog
    from ows_desktop.ui.mapping_window import MappingDialog

    window = open_window(qtbot, make_services(paths, store, MemoryCredentialStore()))
    qtbot.waitUntil(lambda: window.connection_dialog() is not None)
    repo = CameraRepository(store, MemoryCameraSecrets())
    ops = StoreOps()
    try:
        dialogs = [MappingDialog(repo, ops), CameraEditDialog(repo, ops)]
        for dialog in dialogs:
            qtbot.addWidget(dialog)
        widgets = [window, window.connection_dialog(), *dialogs]
        labels = [label for widget in widgets for label in widget.findChildren(QLabel)]
        assert len(labels) > 20
        rich = [
            label.objectName() or label.text()
            for label in labels
            if label.textFormat() != Qt.TextFormat.PlainText and label.text() not in STATIC_TEXTS
        ]
        # Only the connection dialog's fixed introduction (with its link) may be rich text.
        assert all(text.startswith("Copy the <b>API Access URL</b>") for text in rich), rich
        for label in labels:
            if label.textFormat() == Qt.TextFormat.PlainText:
                label.setText(HTML)
                assert shows_literally(label, HTML)
    finally:
        ops.shutdown()
        ops.deleteLater()
