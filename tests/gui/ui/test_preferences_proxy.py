"""Preferences ▸ Network (#18): a manual proxy typed in the dialog carries the next requests to OWS — the
window's and the CLI's — with its password from the keyring only: never in the settings file, the logs or an
error message; ``OWS_DESKTOP_PROXY`` still overrides the settings; loopback never goes through a proxy."""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading

import pytest
from cli_support import make_ctx
from gui_support import OFFSCREEN_NOISE, make_services, offline_window
from hostile_server import HostileServer, json_headers
from PySide6.QtCore import Qt

from ows_desktop.basics.credentials import Credentials, MemoryCredentialStore
from ows_desktop.basics.proxy import MemoryProxyPasswords, ProxyRoute, ProxySettings
from ows_desktop.cli.context import open_client as cli_open_client
from ows_desktop.ows.errors import OwsError
from ows_desktop.ui.services import Connection

pytestmark = OFFSCREEN_NOISE

REMOTE = "https://ows.example.test"  # not loopback: only a proxy can reach it here
PASSWORD = "pr0xy-S3cret!"


def answer_cpos(conn: socket.socket, _request: bytes) -> None:
    body = json.dumps({"content": {"posTicketsEndpoint": "http://127.0.0.1:1/apip/tickets"}}).encode()
    conn.sendall(json_headers(len(body)) + body)


def refuse_tunnel(conn: socket.socket, _request: bytes) -> None:
    """A proxy that records the CONNECT (with its login) and refuses to open the tunnel."""
    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")


def reach_remote(open_client) -> OwsError:
    with pytest.raises(OwsError) as failed, open_client(REMOTE, Credentials("k", "s"), quick=True) as client:
        client.tickets_endpoint()
    return failed.value


@pytest.fixture
def proxy():
    server = HostileServer(refuse_tunnel)
    yield server
    server.close()


@pytest.fixture
def window(qtbot, paths, store):
    services = make_services(paths, store)
    services.proxy.passwords = MemoryProxyPasswords()  # the keyring of this test
    return offline_window(qtbot, services)


def choose_manual_proxy(qtbot, window, port: int, *, user: str = "lp-user", password: str = PASSWORD):
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.preferences.dialog is not None)
    dialog = window.preferences.dialog
    dialog.show_page("Network")
    page = dialog.pages["Network"]
    assert not page.host.isEnabled()  # "No proxy" at first: the manual fields wait
    page.mode_buttons["manual"].setFocus()
    qtbot.keyClick(page.mode_buttons["manual"], Qt.Key.Key_Space)
    assert page.host.isEnabled()
    for editor, text in ((page.host, "127.0.0.1"), (page.port, str(port)), (page.user, user),
                         (page.password, password)):  # fmt: skip
        editor.setFocus()
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)  # OK: the keyring takes the password, then it closes
    qtbot.waitUntil(lambda: window.preferences.dialog is None)


def proxy_login(request: bytes) -> str:
    for line in request.decode("latin-1").split("\r\n"):
        if line.lower().startswith("proxy-authorization: basic "):
            return base64.b64decode(line.split()[-1]).decode()
    return ""


def test_a_manual_proxy_carries_the_window_and_cli_requests_and_its_password_stays_in_the_keyring(
    qtbot, window, proxy, paths, caplog
):
    caplog.set_level(logging.DEBUG)
    choose_manual_proxy(qtbot, window, proxy.port)
    services = window._services
    name = ProxySettings("manual", "127.0.0.1", proxy.port, "lp-user").password_name()
    assert services.proxy.passwords.get(name) == PASSWORD  # in the keyring

    # the window's next request (Test connection, Users) goes through the proxy, logged in
    refused = reach_remote(services.open_client)
    request = proxy.requests[0]
    assert request.startswith(b"CONNECT ows.example.test:443 ")
    assert proxy_login(request) == f"lp-user:{PASSWORD}"
    assert PASSWORD not in str(refused)

    # the next sync gets the same route (through the pipe to the sync process, not in argv)
    started = []
    import ows_desktop.tasks.process_sync as process_sync

    original = process_sync.process_engine_factory
    process_sync.process_engine_factory = lambda config, _creds, _password=None: (
        lambda *_args: started.append(config)
    )
    try:  # the factory runs on the sync thread: it reads the proxy's password there
        services.engine_factory(Connection(REMOTE, Credentials("k", "s")))(
            threading.Event(), None, None, None
        )
    finally:
        process_sync.process_engine_factory = original
    route = started[0].settings.proxy
    assert isinstance(route, ProxyRoute) and route.url == f"http://127.0.0.1:{proxy.port}"
    assert PASSWORD not in repr(started[0])

    # the CLI reads the same settings file (a proxy without a login here: its keyring is the OS one)
    services.settings.set("network/proxy_user", "")
    ctx = make_ctx(paths.data_dir / "cli")
    ctx.paths = paths
    seen = len(proxy.requests)
    reach_remote(lambda url, creds, quick: cli_open_client(url, creds, ctx))
    assert proxy.requests[seen].startswith(b"CONNECT ows.example.test:443 ")
    assert proxy_login(proxy.requests[seen]) == ""

    # the password is nowhere but the keyring
    assert PASSWORD.encode() not in paths.settings_file.read_bytes()
    assert PASSWORD not in caplog.text
    for log in paths.log_dir.glob("*"):
        assert PASSWORD.encode() not in log.read_bytes()


def test_a_refusing_proxy_is_one_plain_error_without_the_password(qtbot, window, proxy):
    proxy.behave = lambda conn, _r: conn.sendall(
        b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"
    )
    choose_manual_proxy(qtbot, window, proxy.port, password="wr0ng-" + PASSWORD)
    refused = reach_remote(window._services.open_client)
    assert proxy.requests and "wr0ng" in proxy_login(proxy.requests[0])  # it was sent to the proxy...
    assert "wr0ng" not in str(refused) and "wr0ng" not in repr(refused.args)  # ...and is in no message
    assert str(refused).count("\n") == 0


def test_the_environment_variable_overrides_the_preferences_and_loopback_skips_the_proxy(
    qtbot, paths, store, proxy
):
    other = HostileServer(refuse_tunnel)
    try:
        services = make_services(paths, store, MemoryCredentialStore())
        services.settings.set("network/proxy_mode", "manual")
        services.settings.set("network/proxy_host", "127.0.0.1")
        services.settings.set("network/proxy_port", proxy.port)
        from ows_desktop.basics.proxy import ProxyChoice

        services.proxy = ProxyChoice(services.settings, None, {"OWS_DESKTOP_PROXY": other.url})
        from ows_desktop.app import open_client

        reach_remote(
            lambda url, creds, quick: open_client(url, creds, quick=quick, proxy=services.proxy.route)
        )
        assert other.requests and proxy.requests == []  # the variable wins
        local = HostileServer(answer_cpos)
        try:
            seen = len(other.requests)
            with open_client(local.url, Credentials("k", "s"), proxy=services.proxy.route) as client:
                client.tickets_endpoint()
            assert len(local.requests) == 1 and len(other.requests) == seen  # loopback: straight there
        finally:
            local.close()
    finally:
        other.close()
