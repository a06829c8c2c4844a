"""Which proxy a request takes (basics/proxy.py, no Qt): the environment variable first, else the
Preferences' choice — none, the system's, or a manual host and port whose password comes from the keyring."""

from __future__ import annotations

import urllib.request

import pytest

from ows_desktop.basics.proxy import MemoryProxyPasswords, ProxyRoute, ProxySettings, resolve_proxy

MANUAL = ProxySettings("manual", "proxy.corp", 3128, "lp")


@pytest.mark.parametrize(
    ("choice", "problem"),
    [
        (ProxySettings("manual", "", 3128), "Enter the proxy's host name (for example proxy.example.com), or "
         "choose No proxy."),
        (ProxySettings("manual", "http://proxy.corp", 3128), "The proxy host is a name or an address only, "
         "without http://, a path or a user name."),
        (ProxySettings("manual", "proxy.corp", 0), "The proxy port must be a number from 1 to 65535."),
        (ProxySettings("none", "", 0), None),
        (MANUAL, None),
    ],
)  # fmt: skip
def test_a_manual_proxy_is_refused_with_one_plain_line(choice: ProxySettings, problem: str | None) -> None:
    assert choice.problem() == problem


def test_the_route_follows_the_choice_and_the_environment_variable_wins(monkeypatch) -> None:
    passwords = MemoryProxyPasswords({MANUAL.password_name(): "s3cret"})
    route = resolve_proxy(MANUAL, passwords, {})
    assert route == ProxyRoute("http://proxy.corp:3128", "lp", "s3cret")
    assert "s3cret" not in repr(route) and "s3cret" not in route.url
    assert resolve_proxy(ProxySettings(), passwords, {}) is None
    monkeypatch.setattr(urllib.request, "getproxies", lambda: {"https": "http://system.proxy:8080"})
    assert resolve_proxy(ProxySettings("system"), passwords, {}) == "http://system.proxy:8080"
    env = {"OWS_DESKTOP_PROXY": "http://ops.proxy:9"}
    assert resolve_proxy(MANUAL, passwords, env) == "http://ops.proxy:9"
    assert resolve_proxy(ProxySettings("manual", "", 1), passwords, {}) is None  # refused: no proxy at all
