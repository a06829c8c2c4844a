"""Choosing the store by URL: ``sqlite:PATH`` (the single-seat cache file; the default is today's file in
the data dir) or ``postgresql://user@host:port/db?sslmode=verify-full`` (the team store).

The URL comes from ``--store`` or ``OWS_DESKTOP_STORE``; a database password never does (see
:mod:`ows_desktop.store.postgres.connect`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ows_desktop.store.errors import StoreError

if TYPE_CHECKING:
    from ows_desktop.store.interface import Store

STORE_ENV = "OWS_DESKTOP_STORE"


def is_team_url(url: str) -> bool:
    return url.startswith(("postgresql:", "postgres:"))


def url_kind(url: str) -> str:
    """What a store URL a person typed is, for a message that must not repeat it (it may hold a password:
    ``host=… password=…``, ``postgresq://u@h/db?password=…``): its scheme, or that it has none."""
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]{0,19}:", url)
    return repr(scheme.group()) if scheme else "a text with no scheme"


def sqlite_path(url: str) -> Path:
    """The file of a ``sqlite:PATH`` URL (``sqlite:///abs/path`` also works)."""
    if not url.startswith("sqlite:"):
        raise StoreError(
            f"Unknown store ({url_kind(url)}): use sqlite:PATH or postgresql://user@host:port/db."
        )
    rest = url[len("sqlite:") :]
    if rest.startswith("//"):
        rest = rest[2:]
    if not rest:
        raise StoreError("The store URL sqlite: needs a file path: sqlite:/path/to/tickets.sqlite3")
    return Path(rest).expanduser()


def open_store_url(
    url: str | None, default_path: Path, *, password: Callable[..., str | None] | None = None
) -> Store:
    """Open the store ``url`` names (None or '': the SQLite cache at ``default_path``). StoreError (exit 2;
    3 for a refused password, 4 for an unreachable server) when it cannot be used."""
    if not url:
        from ows_desktop.store.writer import open_store

        return open_store(default_path)
    if is_team_url(url):
        from ows_desktop.store.postgres import open_postgres_store, parse_url

        return open_postgres_store(parse_url(url), password)
    from ows_desktop.store.writer import open_store

    path = sqlite_path(url)
    if not path.parent.is_dir():  # named by hand: a typo must not make folders (as --data-dir is refused)
        raise StoreError(
            f"The folder {path.parent} does not exist: create it first, or give another store path."
        )
    return open_store(path)


def check_store_url(url: str) -> str:
    """``url`` as a store URL a person typed (blank: the default SQLite cache), stripped; StoreError with
    what to type instead (a password in a PostgreSQL URL included: it belongs in the keyring)."""
    url = url.strip()
    if not url:
        return ""
    if is_team_url(url):
        from ows_desktop.store.postgres.connect import parse_url

        parse_url(url)
    else:
        sqlite_path(url)
    return url
