"""Which proxy the requests to OWS go through: none, the system's, or one set by hand (no Qt).

Settings keys (``settings.ini``, shared by the window and the CLI)::

    network/proxy_mode   "none" | "system" | "manual"
    network/proxy_host   host name or address (manual)
    network/proxy_port   1..65535 (manual)
    network/proxy_user   optional user name (manual)

The proxy's password is never in the settings, the logs, argv or an exception: it lives in the OS keyring
(service ``ows-desktop``, user name ``proxy:<user>@<host>:<port>``) and goes to httpx as the proxy's
``auth``, not in a URL. The ``OWS_DESKTOP_PROXY`` environment variable (automation, IT scripts) overrides the
settings. "system" is what the operating system gives Python (``urllib.request.getproxies``: the
``HTTP(S)_PROXY`` variables of the session, the Windows registry, macOS's network settings). Loopback never
goes through a proxy (see :mod:`ows_desktop.ows.http`)."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ows_desktop.basics.credentials import SERVICE, KeyringEntries, MemoryEntries

PROXY_ENV = "OWS_DESKTOP_PROXY"
MODES = ("none", "system", "manual")
PROXY_DEFAULTS: dict[str, Any] = {
    "network/proxy_mode": "none",
    "network/proxy_host": "",
    "network/proxy_port": 3128,
    "network/proxy_user": "",
}


@dataclass(frozen=True)
class ProxyRoute:
    """Where requests go: the proxy's URL (never with credentials in it) and, optionally, who logs in."""

    url: str
    user: str = ""
    password: str = field(default="", repr=False)

    def __repr__(self) -> str:  # never show the password, even in a traceback's locals
        return f"ProxyRoute(url={self.url!r}, user={self.user!r}, password=<hidden>)"


@dataclass(frozen=True)
class ProxySettings:
    """The proxy as the settings say (no password)."""

    mode: str = "none"
    host: str = ""
    port: int = 3128
    user: str = ""

    @classmethod
    def from_settings(cls, settings: Any) -> ProxySettings:
        mode = str(settings.get("network/proxy_mode") or "none").strip().lower()
        try:
            port = int(settings.get("network/proxy_port"))
        except (TypeError, ValueError):
            port = 0
        return cls(
            mode=mode if mode in MODES else "none",
            host=str(settings.get("network/proxy_host") or "").strip(),
            port=port,
            user=str(settings.get("network/proxy_user") or "").strip(),
        )

    def problem(self) -> str | None:
        """What is wrong with a manual proxy, in one plain line (None: nothing)."""
        if self.mode != "manual":
            return None
        if not self.host:
            return "Enter the proxy's host name (for example proxy.example.com), or choose No proxy."
        if any(c.isspace() or c in "/@?#" for c in self.host):
            return "The proxy host is a name or an address only, without http://, a path or a user name."
        if not 1 <= self.port <= 65535:
            return "The proxy port must be a number from 1 to 65535."
        return None

    def password_name(self) -> str:
        """The keyring entry of this proxy's password."""
        return f"proxy:{self.user}@{self.host}:{self.port}"

    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


class ProxyPasswords(Protocol):
    def get(self, name: str) -> str | None: ...

    def set(self, name: str, password: str) -> None: ...

    def delete(self, name: str) -> bool: ...


class MemoryProxyPasswords(MemoryEntries):
    """For tests and the demo: lives and dies with the process."""


class KeyringProxyPasswords:
    """The OS keyring (refuses to store when only keyring's fail/null backend exists). What was read is kept
    for the session, so a request never waits twice on a keyring unlock prompt."""

    def __init__(self, backend: Any | None = None, service: str = SERVICE):
        self._entries = KeyringEntries(backend, service)
        self._lock = threading.Lock()
        self._cache: dict[str, str | None] = {}

    @property
    def is_secure(self) -> bool:
        return self._entries.is_secure

    def get(self, name: str) -> str | None:
        with self._lock:
            if name in self._cache:
                return self._cache[name]
        value = self._entries.get(name)
        with self._lock:
            self._cache[name] = value
        return value

    def set(self, name: str, password: str) -> None:
        self._entries.set(name, password)
        with self._lock:
            self._cache[name] = password

    def delete(self, name: str) -> bool:
        with self._lock:
            self._cache.pop(name, None)
        return bool(self._entries.delete(name))


def system_proxy() -> str | None:
    """The operating system's proxy for https (else http) requests, as Python's urllib reads it."""
    found = urllib.request.getproxies()
    return found.get("https") or found.get("http") or None


def resolve_proxy(
    choice: ProxySettings, passwords: ProxyPasswords | None, environ: Mapping[str, str]
) -> str | ProxyRoute | None:
    """The proxy for the next request: ``OWS_DESKTOP_PROXY`` first, else the settings' choice."""
    if environ.get(PROXY_ENV):
        return environ[PROXY_ENV]
    if choice.mode == "system":
        return system_proxy()
    if choice.mode != "manual" or choice.problem() is not None:
        return None
    password = (passwords.get(choice.password_name()) or "") if choice.user and passwords else ""
    return ProxyRoute(choice.url(), choice.user, password)


class ProxyChoice:
    """The current proxy choice of a window or a CLI run: read from the settings on the owner's thread
    (:meth:`reload` after the settings changed), answered from any thread (:meth:`route`)."""

    def __init__(self, settings: Any, passwords: ProxyPasswords | None, environ: Mapping[str, str]):
        self._settings = settings
        self.passwords = passwords
        self._environ = dict(environ)
        self.current = ProxySettings.from_settings(settings)

    def reload(self) -> None:
        self.current = ProxySettings.from_settings(self._settings)

    @property
    def overridden(self) -> bool:
        """``OWS_DESKTOP_PROXY`` is set: the settings' choice is not used."""
        return bool(self._environ.get(PROXY_ENV))

    def route(self) -> str | ProxyRoute | None:
        return resolve_proxy(self.current, self.passwords, self._environ)
