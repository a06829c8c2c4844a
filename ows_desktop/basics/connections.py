"""The window's list of connections: a chain with two OWS accounts, a franchisee with several stores' accounts.

Each connection has a name and its own settings file (its API Access URL, sync range, filters and window
layout live there), its own keyring entry and, through :mod:`ows_desktop.basics.tenants`, its own ticket cache.
The list and which connection is open live in ``<config dir>/connections.json``. The first connection
("default") uses the app's own ``settings.ini`` and the plain API Access URL as its keyring entry, exactly
what ``ows-desktop login`` uses, so the CLI and the first connection share a key. Readable without Qt."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ows_desktop.basics.credentials import Credentials, CredentialStore, normalise_base_url
from ows_desktop.basics.paths import AppPaths, ensure_private_dir, write_private_file

DEFAULT_NAME = "default"
LIST_NAME = "connections.json"
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    return _SLUG.sub("-", name.strip().lower()).strip("-") or "connection"


@dataclass(frozen=True)
class ConnectionEntry:
    name: str
    settings_file: Path

    @property
    def is_default(self) -> bool:
        return self.name == DEFAULT_NAME

    @property
    def scope(self) -> str:
        """The key this connection's tenant is remembered under (basics.tenants)."""
        return f"connection:{slug(self.name)}"

    def keyring_account(self, base_url: str) -> str:
        """The keyring entry of this connection's key for ``base_url``: the plain URL for the default
        connection (shared with ``ows-desktop login``), ``<url>/~<name>`` for every other one."""
        url = normalise_base_url(base_url)
        return url if self.is_default else f"{url}/~{slug(self.name)}"


class ConnectionBook:
    """The connections of one installation (``connections.json`` next to ``settings.ini``)."""

    def __init__(self, paths: AppPaths):
        self._paths = paths
        self._file = paths.config_dir / LIST_NAME

    def names(self) -> list[str]:
        data = self._read()
        names = [n for n in data.get("names", []) if isinstance(n, str) and n.strip()]
        return names if DEFAULT_NAME in names else [DEFAULT_NAME, *names]

    def current(self) -> ConnectionEntry:
        name = self._read().get("current")
        return self.entry(name if isinstance(name, str) and name in self.names() else DEFAULT_NAME)

    def entry(self, name: str) -> ConnectionEntry:
        if name == DEFAULT_NAME:
            return ConnectionEntry(name, self._paths.settings_file)
        return ConnectionEntry(name, self._paths.config_dir / "connections" / f"{slug(name)}.ini")

    def entries(self) -> Iterator[ConnectionEntry]:
        return (self.entry(name) for name in self.names())

    def add(self, name: str | None = None) -> ConnectionEntry:
        """A new connection (``Connection 2``, ``Connection 3``... when no name is given)."""
        names = self.names()
        taken = {slug(n) for n in names}
        if name is None or slug(name) in taken:
            base = name.strip() if name else "Connection"
            number = 2
            while slug(f"{base} {number}") in taken:
                number += 1
            name = f"{base} {number}"
        self._write({**self._read(), "names": [*names, name]})
        return self.entry(name)

    def set_current(self, name: str) -> ConnectionEntry:
        if name not in self.names():
            raise KeyError(name)
        self._write({**self._read(), "names": self.names(), "current": name})
        return self.entry(name)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        ensure_private_dir(self._file.parent)
        write_private_file(self._file, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def default_connection_url(paths: AppPaths) -> str | None:
    """The default connection's API Access URL: the one the cache from before tenants was filled through."""
    from ows_desktop.basics.settings import open_ini_settings

    return open_ini_settings(paths.settings_file).get("connection/base_url") or None


class ConnectionCredentials:
    """A connection's view of the credential store: its key lives under its own keyring entry."""

    def __init__(self, inner: CredentialStore, entry: ConnectionEntry):
        self._inner = inner
        self._entry = entry

    @property
    def is_secure(self) -> bool:
        return self._inner.is_secure

    @property
    def description(self) -> str:
        return self._inner.description

    @property
    def backend(self) -> Any:
        return getattr(self._inner, "backend", None)

    def get(self, base_url: str) -> Credentials | None:
        return self._inner.get(self._entry.keyring_account(base_url))

    def set(self, base_url: str, credentials: Credentials) -> None:
        self._inner.set(self._entry.keyring_account(base_url), credentials)

    def delete(self, base_url: str) -> bool:
        return self._inner.delete(self._entry.keyring_account(base_url))
