"""The window's connection part: which OWS account it talks to, the connection dialog, the stored
credentials (read and removed off the GUI thread through the job pool) and the "Connected to …" status.

On a team store the status and the window's title name the team store and the role's kind ("Team store
db.example:5432/ows (Manager)"), never a password. A role that does not sync (the sync service keeps the
team store current) is never asked for an OWS account: no first-run dialog, no "Not connected to OWS"
banner; a key stored for it is still read, quietly (the Users tab lists OWS users with it).

Signals:
    connectionChanged(object): the :class:`~ows_desktop.ui.services.Connection` now in use, or None.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from ows_desktop.basics.credentials import (
    BASE_URL_ENV,
    BaseUrlError,
    credentials_from_env,
    normalise_base_url,
)
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.banner import MessageBanner
from ows_desktop.ui.connection_dialog import ConnectionDialog
from ows_desktop.ui.errors import ACTION_CONNECT, ACTION_OPEN_LOGS, ACTION_SYNC_NOW, UserMessage
from ows_desktop.ui.scope_view import role_text
from ows_desktop.ui.services import Connection, Services

log = logging.getLogger(__name__)


class ConnectionController(QObject):
    connectionChanged = Signal(object)  # Connection | None

    def __init__(
        self,
        services: Services,
        jobs: JobRunner,
        banner: MessageBanner,
        label: QLabel,
        dialog_parent: QWidget,
    ):
        super().__init__(dialog_parent)
        self._services = services
        self._settings = services.settings
        self._jobs = jobs
        self._banner = banner
        self._label = label
        self._dialog_parent = dialog_parent
        self._connection: Connection | None = None
        self._dialog: ConnectionDialog | None = None
        self._show_idle()  # from the first paint: a team store's window says which, not "Not connected"

    def start(self) -> None:
        """Find the credentials: the environment, else the keyring (off the GUI thread); first run: ask."""
        base_url = self._settings.get("connection/base_url") or self._env_base_url()
        env_credentials = credentials_from_env(self._services.env)
        if base_url and env_credentials is not None:
            self.set_connection(Connection(base_url, env_credentials, "environment"))
            return
        if not base_url:
            self._show_idle()
            if self._asks_for_account():
                QTimer.singleShot(0, self, self._first_run)
            return
        if self._asks_for_account():
            self._label.setText(self.tr("Reading the stored key…"))
        else:  # read quietly: it says what the window works on meanwhile, and after
            self._show_idle()
        store = self._services.credentials
        self._jobs.submit(
            lambda: store.get(base_url),
            base_url,
            succeeded=self._on_credentials_loaded,
            failed=self._on_credentials_failed,
        )

    def _env_base_url(self) -> str:
        """``OWS_BASE_URL`` where no connection is set yet (automation: with ``OWS_API_KEY`` and
        ``OWS_API_SECRET`` the window opens connected, as the command line does); "" when unset or no URL."""
        try:
            return normalise_base_url(self._services.env.get(BASE_URL_ENV) or "") or ""
        except BaseUrlError:
            return ""  # the first-run dialog asks, and says what is wrong with a URL typed there

    def _asks_for_account(self) -> bool:
        """Whether the window asks for an OWS account: not on a team store whose role does not sync."""
        scope = self._services.scope
        return scope is None or scope.can_sync

    def _team_text(self) -> str | None:
        """``Team store db.example:5432/ows (Manager)``; None on a single seat."""
        scope = self._services.scope
        if scope is None:
            return None
        if self._services.team_store:
            return self.tr("Team store {place} ({role})").format(
                place=self._services.team_store, role=role_text(scope)
            )
        return self.tr("Team store ({role})").format(role=role_text(scope))

    def _show_idle(self) -> None:
        """The status without an OWS connection: what the window works on."""
        team = self._team_text()
        if team is None:
            self._label.setText(self.tr("Not connected"))
        elif self._asks_for_account():  # the owner's or the sync login's window syncs: it needs the account
            self._label.setText(self.tr("{team} · not connected to OWS").format(team=team))
        else:
            self._label.setText(team)

    def title_place(self) -> str:
        """What the window's title names: the OWS host, or the team store and role (with the host, if any)."""
        host = self._connection.host if self._connection is not None else None
        team = self._team_text()
        if team is None:
            return host or self.tr("not connected")
        return team if host is None else f"{team} · {host}"

    @Slot()
    def _first_run(self) -> None:
        if self._dialog_parent.isVisible():  # a window closed before it asked asks nothing (the dialog stayed
            self.open_dialog(
                first_run=True
            )  # on screen over no window: a start that ended, a switch's old one)

    @Slot(object, object)
    def _on_credentials_loaded(self, base_url: Any, credentials: Any) -> None:
        if credentials is None:
            self._show_idle()
            if self._asks_for_account():
                self._first_run()
            return
        self.set_connection(Connection(str(base_url), credentials, "keyring"))

    @Slot(object, object, int)
    def _on_credentials_failed(self, base_url: Any, message: str, code: int) -> None:
        self._show_idle()
        if not self._asks_for_account():  # a key it has no use for: not a warning to the manager
            log.warning("The stored API key for %s could not be read: %s", base_url, message)
            return
        self._banner.show_message(
            UserMessage(
                "warning",
                self.tr("The stored API key could not be read."),
                (
                    self.tr("{message} You can still browse the team store's tickets.")
                    if self._services.scope is not None
                    else self.tr("{message} You can still browse the tickets already on this computer.")
                ).format(message=core_text(message)),
                (ACTION_CONNECT,),
            )
        )

    def connection(self) -> Connection | None:
        return self._connection

    def set_connection(self, connection: Connection | None) -> None:
        if connection == self._connection:
            return
        self._connection = connection
        if connection is not None and self._services.on_credentials is not None:
            self._services.on_credentials(connection.credentials)
        if connection is None:
            self._show_idle()
        else:
            where = {
                "environment": self.tr(" (key from OWS_API_KEY)"),
                "session": self.tr(" (key not saved)"),
            }.get(connection.source, "")
            text = self.tr("Connected to {host}{where}").format(host=connection.host, where=where)
            team = self._team_text()
            self._label.setText(text if team is None else f"{team} · {text}")
            if self._banner.message and ACTION_CONNECT in self._banner.message.actions:
                self._banner.clear()
        self.connectionChanged.emit(connection)

    # -- the dialog ---------------------------------------------------------------------------------------

    def dialog(self) -> ConnectionDialog | None:
        return self._dialog

    def open_dialog(self, first_run: bool = False) -> ConnectionDialog:
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.raise_()
            return self._dialog
        current = self._connection
        base_url = current.base_url if current else (self._settings.get("connection/base_url") or "")
        key = current.credentials.key if current else ""
        dialog = ConnectionDialog(
            credentials=self._services.credentials,
            open_client=self._services.open_client,
            jobs=self._jobs,
            base_url=base_url,
            key=key,
            store_url=self._settings.get("store/url") or "",
            store_given=bool(self._services.store_given),
            first_run=first_run,
            parent=self._dialog_parent,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.rejected.connect(self._on_dialog_rejected)
        self._dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def edit(self) -> None:
        self.open_dialog(first_run=self._connection is None)

    @Slot()
    def _on_dialog_accepted(self) -> None:
        dialog = self._dialog
        connection = dialog.connection() if dialog is not None else None
        self._dialog = None
        if connection is None:
            return
        self._settings.set("connection/base_url", connection.base_url)
        store_before = self._settings.get("store/url") or ""
        self._settings.set("store/url", dialog.store_url() if dialog is not None else "")
        store_changed = (self._settings.get("store/url") or "") != store_before
        self.set_connection(connection)
        if connection.source == "session":
            self._banner.show_message(
                UserMessage(
                    "warning",
                    self.tr("Connected for this session only."),
                    self.tr(
                        "The key is not saved because this computer has no secure keyring; you will be asked again next time."
                    ),
                    (),
                )
            )
        else:
            detail = self.tr("Choose a range and press Sync (Ctrl+R) to fetch tickets.")
            if store_changed:  # the window stays on the store it opened: said, not left to be found out
                detail = self.tr(
                    "The store chosen is opened the next time OWS Desktop starts; until then this window "
                    "stays on the store it is on."
                )
            self._banner.show_message(
                UserMessage(
                    "info",
                    self.tr("Connected to {host}.").format(host=connection.host),
                    detail,
                    () if store_changed else (ACTION_SYNC_NOW,),
                )
            )

    @Slot()
    def _on_dialog_rejected(self) -> None:
        self._dialog = None
        if self._connection is None and self._asks_for_account():  # a manager opened it and changed her mind
            self._banner.show_message(
                UserMessage(
                    "info",
                    self.tr("Not connected to OWS."),
                    self.tr("Tickets in the team store can be browsed; connect to sync new ones.")
                    if self._services.scope is not None  # a team store: not on this computer
                    else self.tr(
                        "Tickets already on this computer can be browsed; connect to sync new ones."
                    ),
                    (ACTION_CONNECT,),
                )
            )

    # -- sign out -------------------------------------------------------------------------------------------

    @Slot()
    def sign_out(self) -> None:
        """Forget the stored key (off the GUI thread) and drop the connection; a running sync for it stops
        when the window reacts to ``connectionChanged(None)``."""
        connection = self._connection
        if connection is None:
            return
        store = self._services.credentials
        if connection.source == "keyring":
            self._jobs.submit(
                lambda: store.delete(connection.base_url),
                connection.base_url,
                succeeded=self._on_signed_out,
                failed=self._on_sign_out_failed,
            )
        self.set_connection(None)

    @Slot(object, object)
    def _on_signed_out(self, base_url: Any, removed: Any) -> None:
        self._banner.show_message(
            UserMessage(
                "info",
                self.tr("Signed out."),
                self.tr(
                    "The API key for {base_url} was removed from this computer. Tickets already synced stay available."
                ).format(base_url=base_url),
                (ACTION_CONNECT,),
            )
        )

    @Slot(object, object, int)
    def _on_sign_out_failed(self, base_url: Any, message: str, code: int) -> None:
        self._banner.show_message(
            UserMessage(
                "error",
                self.tr("The key could not be removed from the keyring."),
                message,
                (ACTION_OPEN_LOGS,),
            )
        )

    def shutdown(self) -> None:
        if self._dialog is not None:
            self._dialog.close()
