"""Loopback never goes through a proxy (#18): every loopback address — localhost, the whole 127.0.0.0/8 and
::1, the same addresses the client accepts plain http from (ows.addresses.is_loopback_host) — is reached
directly, so a local test server's or tunnel's requests (with the OWS credentials) are never handed to the
company proxy; everything else goes through the proxy, logged in."""

from __future__ import annotations

import base64
import socket

import pytest
from hostile_server import HostileServer

from ows_desktop.basics.proxy import ProxyRoute
from ows_desktop.ows.http import make_http_client


def answer_ok(conn: socket.socket, _request: bytes) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def refuse(conn: socket.socket, _request: bytes) -> None:
    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture
def proxy():
    server = HostileServer(refuse)
    yield server
    server.close()


@pytest.mark.parametrize(("bind", "name"), [("127.0.0.1", "localhost"), ("127.0.0.1", "127.0.0.1"),
                                            ("127.0.0.2", "127.0.0.2"), ("127.45.6.7", "127.45.6.7")])  # fmt: skip
def test_every_loopback_address_is_reached_directly(proxy, bind: str, name: str) -> None:
    local = HostileServer(answer_ok, host=bind)
    try:
        with make_http_client(proxy=ProxyRoute(proxy.url, "lp", "pw"), environ={}) as http:
            answer = http.get(f"http://{name}:{local.port}/apip/cpos")
        assert answer.status_code == 200 and answer.text == "ok"
        assert len(local.requests) == 1 and proxy.requests == []  # straight there, never via the proxy
    finally:
        local.close()


def test_other_hosts_go_through_the_proxy_logged_in(proxy) -> None:
    with make_http_client(proxy=ProxyRoute(proxy.url, "lp", "pw"), environ={}) as http:
        answer = http.get("http://ows.example.test/apip/cpos")
    assert answer.status_code == 403  # the proxy's answer
    request = proxy.requests[0].decode("latin-1")
    assert request.startswith("GET http://ows.example.test/apip/cpos ")
    assert f"Proxy-Authorization: Basic {base64.b64encode(b'lp:pw').decode()}" in request
