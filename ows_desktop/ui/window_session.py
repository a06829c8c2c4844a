"""The window of the open connection. Connection ▸ Switch to opens the other connection's window (its own
keyring entry, tenant cache, settings file and layout) and closes this one; Connection ▸ New connection… adds
one to the list (basics.connections) and opens it. The composition root (``app.py``) hands the session how to
build a connection's services (``build_services``) and open its settings (``open_settings``).

A store that opens but whose window then cannot be built or started (a read that fails right after opening, a
server that goes away or refuses another connection, a settings value the window cannot use) is closed again
with everything built for it: the window's job pools and threads, its reading connection, the live-updates
listener, the store's connections and pools (:func:`close_services`). On a switch the window the person was
on stays, working, and its banner says in plain words that the switch did not happen and why; at start-up a
box says why and the app ends with the error's exit status (:func:`cannot_start`). An unexpected error is
named by its kind only, its traceback in the log file: never a traceback or an exception's text on screen,
which could carry anything (a secret included)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from ows_desktop.basics.connections import ConnectionBook, ConnectionCredentials, ConnectionEntry
from ows_desktop.basics.credentials import CredentialError
from ows_desktop.basics.errors import AppError
from ows_desktop.basics.messages import message_of
from ows_desktop.basics.paths import AppPaths
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.ui.errors import ACTION_OPEN_LOGS, UserMessage

log = logging.getLogger(__name__)

EXIT_OTHER = 1  # an unexpected error (the README's exit codes); an error raised on purpose carries its own
# the errors the app raises on purpose: a plain sentence (never a secret) and an exit code
ON_PURPOSE = (AppError, CredentialError)


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
        open_team_store: Callable[..., Any] | None = None,
        **options: Any,
    ):
        from ows_desktop.store.postgres.connect import password_from

        self._paths = paths
        self._credentials = credentials
        self._build_services = build_services
        self._open_settings = open_settings
        self._open_team_store = (
            open_team_store  # (url, password lookup, cancelled): a switch's, off the GUI thread
        )
        self._switching: Any = None  # ui.store_switch.StoreSwitch, made for the first switch to a team store
        self._default_settings = settings  # injected settings of the default connection (tests, demo)
        # more build_services arguments; the team store's password: asked once for every window it opens
        self.store_password = options.pop("store_password", None) or password_from(options.get("env"))
        self._options = {**options, "store_password": self.store_password}
        self.book = ConnectionBook(paths)
        self.window: Any = None
        self._store: Any = None
        self.opening: str | None = None  # the URL of the store the window opens (None: the tenant's cache)

    def open(self, name: str | None = None, *, store: Any = None, own_cache: bool = False) -> Any:
        """Show connection ``name`` (default: the current one) and close the window shown before. When the
        new window cannot be built or started, what was built for it is closed, the window shown before
        stays and the list of connections is left as it was; the error is raised. ``store``: its store,
        already opened (a switch to a team store opens it off the GUI thread); closed when this fails.
        ``own_cache``: on its tenant's cache on this computer, not the team store its settings name (the
        start-up's way out of a team store that did not open, ui/start_choice.py)."""
        try:
            entry = self.book.entry(name) if name is not None else self.book.current()
            if self.window is not None and not self.window.closed:
                self.window.save_state()  # before the next window reads settings (the same file when reopening)
            settings = self._settings(entry)
            chosen = None if own_cache else settings.get("store/url")
            self.opening = self._options.get("store_url") or chosen or None
            opened: dict[str, Any] = {"own_cache": True} if own_cache else {}
            if store is not None:
                opened["store"] = store
            services = self._build_services(  # a store it opened is closed again when the rest fails
                self._paths,
                credentials=ConnectionCredentials(self._credentials, entry),
                settings=settings,
                connection=entry,
                connection_names=self.book.names(),
                **{**self._options, **opened},
            )
        except BaseException:
            if store is not None:
                store.close()
            raise
        try:
            window = self._show(services, entry, settings.get("connection/base_url") or None, name)
        except BaseException:
            close_services(services)
            raise
        previous, previous_store = self.window, self._store
        self.window, self._store = window, services.store
        if previous is not None:
            self._close(previous, previous_store)
        return window

    def _show(self, services: Any, entry: ConnectionEntry, opened_url: str | None, name: str | None) -> Any:
        from ows_desktop.ui.main_window import MainWindow

        window = MainWindow(services)  # a part that fails stops the parts built before it
        try:
            window.connection_list.switchRequested.connect(self._switch_later)
            window.connection_list.newRequested.connect(self._new_later)
            window.connectionChanged.connect(lambda c: self._follow_tenant(entry.name, opened_url, c))
            window.show()  # before the previous one closes, so the application never sees "last window closed"
            window.start()
            if name is not None:  # once it opened: a switch that could not leaves the list as it was
                self.book.set_current(name)
        except BaseException:
            window.abandon()  # the window shown before stays the active one
            raise
        return window

    def _settings(self, entry: ConnectionEntry) -> Any:
        if entry.is_default and self._default_settings is not None:
            return self._default_settings
        return self._open_settings(entry.settings_file)

    def _switch_later(self, name: str) -> None:
        QTimer.singleShot(0, lambda: self.switch(name))  # not inside the old window's own menu signal

    def switch(self, name: str) -> Any:
        """Open ``name`` (a refused team store's password asked for); None if not: the window stays, its
        banner saying why. A team store is opened off the GUI thread (ui/store_switch.py): None at once, the
        window saying it is connecting; its window opens once the store answered."""
        from ows_desktop.ui.store_password import switch_asking
        from ows_desktop.ui.store_switch import StoreSwitch

        window = self.window
        url = self._team_url(name)
        if url is not None and self._open_team_store is not None:
            if self._switching is None:
                self._switching = StoreSwitch(self, self._open_team_store)
            self._switching.start(name, url)
            return None
        if self._switching is not None:
            self._switching.drop()  # a switch to another store supersedes the pending one
        try:
            return switch_asking(lambda: self.open(name), self.store_password, window, name)
        except Exception as exc:  # its window could not be built: what was opened for it is closed
            window.banner.show_message(not_switched(name, exc))
            return None

    def first_team_url(self, name: str | None = None) -> str | None:
        """The team store URL connection ``name`` (default: the current one) opens (start-up: opened off the
        GUI thread), else None."""
        try:
            name = name or self.book.current().name
        except Exception:  # its settings cannot be read: opening it says why
            return None
        return self._team_url(name)

    @property
    def store_given(self) -> str | None:
        """The store ``--store`` (or ``OWS_DESKTOP_STORE``) named: every connection opens it; None: each its own."""
        return self._options.get("store_url") or None

    def store_of(self, name: str) -> str:
        """The store connection ``name``'s settings name ("" for its tenant's cache on this computer), whatever
        ``--store`` says; "" when they cannot be read (opening it says why)."""
        try:
            return str(self._settings(self.book.entry(name)).get("store/url") or "")
        except Exception:
            return ""

    @property
    def open_team_store(self) -> Any:
        """(url, password lookup, cancelled) -> an opened team store, off the GUI thread; None: not offered."""
        return self._open_team_store

    def _team_url(self, name: str) -> str | None:
        """The team store URL connection ``name`` opens, None for a tenant's cache or a SQLite file."""
        from ows_desktop.store.url import is_team_url

        try:
            url = self._options.get("store_url") or self._settings(self.book.entry(name)).get("store/url")
        except Exception:  # an unknown name, a settings file it cannot read: the switch itself says why
            return None
        return url if url and is_team_url(url) else None

    @property
    def switching(self) -> str | None:
        """The connection a switch is connecting to (its team store not answered yet), None when none is."""
        return self._switching.pending if self._switching is not None else None

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
        if self._switching is not None:
            self._switching.shutdown()
            self._switching = None
        if self.window is not None:
            self._close(self.window, self._store)
            self.window = self._store = None


def close_services(services: Any) -> None:
    """Close what ``build_services`` built for a window that could not be built or started: the live-updates
    listener (its thread and connection), the media backend, then the store (its connections and pools). Each
    is closed even when one before it fails (logged)."""
    steps = (
        ("live updates", services.live.stop if services.live is not None else None),
        ("media backend", services.media_backend.close if services.media_backend is not None else None),
        ("store", services.store.close),
    )
    for what, close in steps:
        if close is None:
            continue
        try:
            close()
        except Exception:
            log.exception("Closing the %s of a window that could not open failed", what)


def why(exc: BaseException, log_file: Path | None = None) -> str:
    """Why the window could not open, in plain words: the app's own sentence for an error it raises on
    purpose; for any other only its kind (its text could carry anything) and where the details are."""
    if isinstance(exc, ON_PURPOSE):
        return core_text(message_of(exc))
    if log_file is None:
        said = QCoreApplication.translate(
            "window_session", "An unexpected error ({kind}) stopped it. The details are in the log."
        )
    else:
        said = QCoreApplication.translate(
            "window_session",
            "An unexpected error ({kind}) stopped it. The details were written to {log_file}; please send "
            "that file to support.",
        )
    return said.format(kind=type(exc).__name__, log_file=log_file)


def _logged(exc: BaseException, what: str, *args: Any) -> None:
    if isinstance(exc, ON_PURPOSE):
        log.warning(what + ": %s", *args, exc)
    else:  # a bug: its traceback in the log file (not on screen)
        log.error(what, *args, exc_info=(type(exc), exc, exc.__traceback__))


def not_switched(name: str, exc: BaseException) -> UserMessage:
    """The banner of a switch to ``name`` whose window could not be built."""
    _logged(exc, "Did not switch to %s: its window could not be built", name)
    title = QCoreApplication.translate("window_session", "Could not switch to {name}.").format(name=name)
    stays = QCoreApplication.translate("window_session", "This window stays on the store it was on.")
    actions = () if isinstance(exc, ON_PURPOSE) else (ACTION_OPEN_LOGS,)
    return UserMessage("error", title, f"{why(exc)} {stays}", actions)


def cannot_start(exc: BaseException, log_file: Path) -> int:
    """The first window could not be built (what was built for it is closed): say why in a box; the exit
    status, the error's (2: input to fix; 4: the server) or 1 for an unexpected error."""
    _logged(exc, "The window could not open")
    title = QCoreApplication.translate("window_session", "The window could not open")  # + " — OWS Desktop"
    box = QMessageBox(QMessageBox.Icon.Critical, title, why(exc, log_file))
    box.setTextFormat(Qt.TextFormat.PlainText)  # names a file path or a URL
    box.exec()
    code = exc.exit_code if isinstance(exc, ON_PURPOSE) else EXIT_OTHER
    return code if isinstance(code, int) else EXIT_OTHER
