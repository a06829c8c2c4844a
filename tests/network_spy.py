"""Which thread touches the team store's network: every connection attempt, pooled borrow and statement
(psycopg's and psycopg_pool's), with the thread that made it, while ``on``. The outage tests use it to show
that nothing waits on a server known to be away (the pool's own threads retrying in the background are not the
thread under test)."""

from __future__ import annotations

import threading
from typing import Any

import pytest


class NetworkSpy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self.calls: list[tuple[threading.Thread, str]] = []
        self.on = False
        for owner, name in ((psycopg.Connection, "execute"), (ConnectionPool, "getconn")):
            monkeypatch.setattr(owner, name, self._spied(getattr(owner, name), name))
        connect = psycopg.Connection.connect.__func__  # type: ignore[attr-defined]
        monkeypatch.setattr(psycopg.Connection, "connect", classmethod(self._spied(connect, "connect")))
        monkeypatch.setattr(psycopg, "connect", self._spied(psycopg.connect, "connect"))

    def _spied(self, real: Any, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if self.on:
                self.calls.append((threading.current_thread(), name))
            return real(*args, **kwargs)

        return call

    def made_by(self, thread: threading.Thread | None = None) -> list[str]:
        """The calls ``thread`` made (the calling thread by default)."""
        thread = thread or threading.current_thread()
        return [name for made, name in self.calls if made is thread]
