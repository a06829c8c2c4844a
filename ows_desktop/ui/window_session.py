"""The window of the open connection. Connection ▸ Switch to opens the other connection's window (its own
keyring entry, tenant cache, settings file and layout) and closes this one; Connection ▸ New connection… adds
one to the list (basics.connections) and opens it. The composition root (``app.py``) hands the session how to
build a connection's services (``build_services``) and open its settings (``open_settings``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from ows_desktop.basics.connections import ConnectionBook, ConnectionCredentials
from ows_desktop.basics.paths import AppPaths


class WindowSession:
    """The window of the open connection and its store; see the module docstring."""

    def __init__(
        self,
        paths: AppPaths,
        *,
        credentials: Any,
        build_services: Callable[..., Any],
        open_settings: Callable[[Path], Any],
        settings: Any = None,
        **options: Any,
    ):
        from ows_desktop.store.postgres.connect import password_from

        self._paths = paths
        self._credentials = credentials
        self._build_services = build_services
        self._open_settings = open_settings
        self._default_settings = settings  # injected settings of the default connection (tests, demo)
        # more build_services arguments; the team store's password: asked once for every window it opens
        self.store_password = options.pop("store_password", None) or password_from(options.get("env"))
        self._options = {**options, "store_password": self.store_password}
        self.book = ConnectionBook(paths)
        self.window: Any = None
        self._store: Any = None
        self.opening: str | None = None  # the URL of the store the window opens (None: the tenant's cache)

    def open(self, name: str | None = None) -> Any:
        """Show connection ``name`` (default: the current one) and close the window shown before."""
        from ows_desktop.ui.main_window import MainWindow

        entry = self.book.entry(name) if name is not None else self.book.current()
        if self.window is not None and not self.window.closed:
            self.window.save_state()  # before the next window reads settings (the same file when reopening)
        if entry.is_default and self._default_settings is not None:
            settings = self._default_settings
        else:
            settings = self._open_settings(entry.settings_file)
        self.opening = self._options.get("store_url") or settings.get("store/url") or None
        services = self._build_services(
            self._paths,
            credentials=ConnectionCredentials(self._credentials, entry),
            settings=settings,
            connection=entry,
            connection_names=self.book.names(),
            **self._options,
        )
        previous, previous_store = self.window, self._store
        window = MainWindow(services)
        window.connection_list.switchRequested.connect(self._switch_later)
        window.connection_list.newRequested.connect(self._new_later)
        opened_url = settings.get("connection/base_url") or None
        window.connectionChanged.connect(lambda c: self._follow_tenant(entry.name, opened_url, c))
        self.window, self._store = window, services.store
        if name is not None:  # once it opens: a switch that could not leaves the list as it was
            self.book.set_current(name)
        window.show()  # before the previous one closes, so the application never sees "last window closed"
        window.start()
        if previous is not None:
            self._close(previous, previous_store)
        return window

    def _switch_later(self, name: str) -> None:
        QTimer.singleShot(0, lambda: self.switch(name))  # not inside the old window's own menu signal

    def switch(self, name: str) -> Any:
        """Open ``name`` (a refused team store's password asked for); None if not: the window stays."""
        from ows_desktop.ui.store_password import switch_asking

        return switch_asking(lambda: self.open(name), self.store_password, self.window, name)

    def _follow_tenant(self, name: str, opened_url: str | None, connection: Any) -> None:
        """The connection was edited to another API Access URL: reopen it on that URL's own cache."""
        from ows_desktop.basics.credentials import normalise_base_url

        if connection is None or opened_url is None:
            return
        if normalise_base_url(connection.base_url) != normalise_base_url(opened_url):
            self._switch_later(name)

    def _new_later(self) -> None:
        self._switch_later(self.book.add().name)

    @staticmethod
    def _close(window: Any, store: Any) -> None:
        if not window.closed:
            window.close()
        store.close()

    def close(self) -> None:
        if self.window is not None:
            self._close(self.window, self._store)
            self.window = self._store = None
