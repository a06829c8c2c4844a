"""The connection dialog: API Access URL, key and secret, "Test connection", and saving to the keyring.

Every network and keyring call runs as a background job; the dialog only shows the outcome. When the
keyring has no secure backend the dialog says so (``NO_BACKEND_HELP``) and offers to connect for this
session only instead of hiding the problem."""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.credentials import (
    NO_BACKEND_HELP,
    BaseUrlError,
    Credentials,
    CredentialStore,
    normalise_base_url,
)
from ows_desktop.basics.messages import message_of
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.store.errors import StoreError
from ows_desktop.store.url import check_store_url, is_team_url
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.errors import connection_failure
from ows_desktop.ui.services import ClientOpener, Connection
from ows_desktop.ui.theme import eye_icon, is_dark

log = logging.getLogger(__name__)


def verify_connection(open_client: ClientOpener, base_url: str, credentials: Credentials) -> str:
    """Look up the tickets endpoint (``/apip/cpos``): proves the URL and the key. Runs in a job."""
    with open_client(base_url, credentials, quick=True) as client:
        return client.verify()


def verify_and_store(
    open_client: ClientOpener,
    store: CredentialStore,
    base_url: str,
    credentials: Credentials,
    store_url: str = "",
    store_password: str = "",
) -> tuple[str, bool]:
    """Verify, then keep the credentials in the keyring when it is secure (and the team store's password,
    when one was typed, in the keyring always). Returns (endpoint, stored)."""
    endpoint = verify_connection(open_client, base_url, credentials)
    if store_url and store_password:
        from ows_desktop.store.postgres.connect import parse_url, save_password

        save_password(parse_url(store_url), store_password)
    if store.is_secure:
        store.set(base_url, credentials)
        return endpoint, True
    return endpoint, False


def describe_store(store: CredentialStore) -> tuple[bool, str]:
    """(is_secure, description): asking keyring for its backend can block, so this runs in a job too."""
    return store.is_secure, store.description


class ConnectionDialog(QDialog):
    def __init__(
        self,
        *,
        credentials: CredentialStore,
        open_client: ClientOpener,
        jobs: JobRunner,
        base_url: str = "",
        key: str = "",
        store_url: str = "",
        store_given: bool = False,
        first_run: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(
            self.tr("Connect to OpenEye Web Services") if first_run else self.tr("Edit connection")
        )
        self.setMinimumWidth(560)
        self._credentials = credentials
        self._open_client = open_client
        self._jobs = jobs
        self._generation = 0
        self._busy = False
        self._refocus: QWidget | None = None  # had the focus when a test started (its buttons disabled)
        self._secure: bool | None = None
        self._connection: Connection | None = None
        self._store_url = store_url

        heading = QLabel(self.tr("Connect to OWS") if first_run else self.tr("OWS connection"), self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() + 4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(
            self.tr(
                "Copy the <b>API Access URL</b>, <b>API Access Key</b> and <b>API Secret Key</b> from OWS (Integrations ▸ API Access). OWS Desktop checks them before saving."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)

        self.url_edit = QLineEdit(base_url, self)
        self.url_edit.setPlaceholderText("https://api.example.openeye.net")
        self.key_edit = QLineEdit(key, self)
        self.key_edit.setPlaceholderText(self.tr("API Access Key"))
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setPlaceholderText(self.tr("API Secret Key"))
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        text_color = self.palette().color(QPalette.ColorRole.Text)
        self._eye, self._eye_crossed = eye_icon(text_color), eye_icon(text_color, crossed=True)
        self._reveal = QAction(self._eye, self.tr("Show the secret"), self.secret_edit)
        self._reveal.setCheckable(True)
        self._reveal.setToolTip(self.tr("Show or hide the secret"))
        self._reveal.toggled.connect(self._on_reveal)
        self.secret_edit.addAction(self._reveal, QLineEdit.ActionPosition.TrailingPosition)
        for edit in (self.url_edit, self.key_edit, self.secret_edit):
            edit.setClearButtonEnabled(edit is not self.secret_edit)
            edit.setMinimumHeight(30)
            edit.textChanged.connect(self._on_edited)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("API Access URL"), self.url_edit)
        form.addRow(self.tr("API Access Key"), self.key_edit)
        form.addRow(self.tr("API Secret Key"), self.secret_edit)
        self.store_edit = QLineEdit(store_url, self)  # the ticket store: blank = SQLite on this computer
        self.store_edit.setPlaceholderText(
            self.tr("SQLite on this computer — or a team store: postgresql://user@host:5432/db")
        )
        self.store_edit.setAccessibleName(self.tr("Store"))
        self.store_edit.setToolTip(
            self.tr("Takes effect when OWS Desktop starts again. The password goes to the keyring.")
        )
        self.store_password_edit = QLineEdit(self)
        self.store_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.store_password_edit.setPlaceholderText(self.tr("Team store password (kept in the OS keyring)"))
        self.store_password_edit.setAccessibleName(self.tr("Store password"))
        self.store_edit.textChanged.connect(self._on_store_edited)
        form.addRow(self.tr("Store"), self.store_edit)
        form.addRow(self.tr("Store password"), self.store_password_edit)
        self.store_note = (
            QLabel(  # said where it is changed, not only in a tooltip: the window stays on its store
                self.tr(
                    "A change of store takes effect the next time OWS Desktop starts without --store: this "
                    "window was started with --store (or OWS_DESKTOP_STORE), which overrides this field."
                )
                if store_given
                else self.tr("A change of store takes effect the next time OWS Desktop starts."),
                self,
            )
        )
        self.store_note.setObjectName("storeNote")
        self.store_note.setWordWrap(True)
        self.store_note.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("", self.store_note)
        self._on_store_edited()

        self.test_button = QPushButton(self.tr("Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = QLabel(self)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.result_label.setObjectName("connectionResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.result_label, 1)

        self.keyring_note = QLabel(self.tr("Checking the OS keyring…"), self)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_frame = QFrame(self)
        self.keyring_frame.setFrameShape(QFrame.Shape.StyledPanel)
        note_layout = QVBoxLayout(self.keyring_frame)
        note_layout.setContentsMargins(10, 8, 10, 8)
        note_layout.addWidget(self.keyring_note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(
            self.tr("Save and connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.keyring_frame)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        (self.secret_edit if base_url and key else self.url_edit).setFocus()
        self._jobs.submit(
            lambda: describe_store(credentials),
            "keyring",
            succeeded=self._on_store_described,
            failed=self._on_store_failed,
        )
        self._update_buttons()

    # -- results ----------------------------------------------------------------------------------------

    def connection(self) -> Connection | None:
        """What was saved (after ``accepted``)."""
        return self._connection

    def store_url(self) -> str:
        """The store URL saved (after ``accepted``): "" for the SQLite cache, or a team store URL."""
        return self._store_url

    def _inputs(self) -> tuple[str, Credentials] | None:
        url, key, secret = (
            self.url_edit.text().strip(),
            self.key_edit.text().strip(),
            self.secret_edit.text().strip(),
        )
        missing = [
            name
            for name, value in (
                (self.tr("API Access URL"), url),
                (self.tr("API Access Key"), key),
                (self.tr("API Secret Key"), secret),
            )
            if not value
        ]
        if missing:
            self._show_result(
                False, self.tr("Enter the {join}.").format(join=self.tr(" and the ").join(missing))
            )
            return None
        try:
            check_store_url(self.store_edit.text())
            return normalise_base_url(url), Credentials(key, secret)
        except (BaseUrlError, StoreError) as exc:  # not a URL at all: said at once, no request tried
            self._show_result(False, core_text(message_of(exc)))
            return None

    # -- actions ----------------------------------------------------------------------------------------

    @Slot()
    def test_connection(self) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        base_url, creds = inputs
        self._start(self.tr("Testing the connection…"))
        opener = self._open_client
        self._jobs.submit(
            lambda: verify_connection(opener, base_url, creds),
            ("test", self._generation),
            succeeded=self._on_tested,
            failed=self._on_failed,
        )

    @Slot()
    def save(self) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        base_url, creds = inputs
        self._start(self.tr("Checking and saving…"))
        opener, store = self._open_client, self._credentials
        store_url = check_store_url(self.store_edit.text())
        password = self.store_password_edit.text() if is_team_url(store_url) else ""
        self._pending = (base_url, creds, store_url)
        self._jobs.submit(
            lambda: verify_and_store(opener, store, base_url, creds, store_url, password),
            ("save", self._generation),
            succeeded=self._on_saved,
            failed=self._on_failed,
        )

    def _start(self, text: str) -> None:
        self._generation += 1
        self._refocus = self.focusWidget()  # disabling the clicked button hands the focus on (to Cancel)
        self._busy = True
        self.result_label.setText(text)
        self.result_label.setProperty("state", "busy")
        self._update_buttons()

    # -- job callbacks ----------------------------------------------------------------------------------

    @Slot(object, object)
    def _on_store_described(self, tag: Any, result: Any) -> None:
        secure, description = result
        self._secure = bool(secure)
        if self._secure:
            self.keyring_note.setTextFormat(Qt.TextFormat.PlainText)  # the backend's own description
            self.keyring_note.setText(
                self.tr("Where the key and secret are kept: {description}. Never in a plain file.").format(
                    description=core_text(description)
                )
            )
            self.save_button.setText(self.tr("Save and connect"))
        else:
            self.keyring_note.setText(
                self.tr(
                    "<b>The key cannot be saved on this computer.</b> {help} You can still connect for this session only."
                ).format(help=escape(core_text(NO_BACKEND_HELP)))
            )
            self.keyring_note.setTextFormat(Qt.TextFormat.RichText)
            self.save_button.setText(self.tr("Connect for this session"))
        self.keyring_frame.setProperty("secure", self._secure)
        self.adjustSize()  # the explanation may need more room than the first layout gave it

    @Slot(object, object, int)
    def _on_store_failed(self, tag: Any, message: str, code: int) -> None:
        self._secure = False
        self.keyring_note.setText(
            self.tr("The OS keyring is not usable: {message}").format(message=core_text(message))
        )
        self.save_button.setText(self.tr("Connect for this session"))

    @Slot(object, object)
    def _on_tested(self, tag: Any, endpoint: Any) -> None:
        if tag != ("test", self._generation):
            return
        self._busy = False
        self._show_result(True, self.tr("Connected. Tickets come from {endpoint}.").format(endpoint=endpoint))
        self._refocus = self.save_button  # tested: Enter connects (it cancelled the dialog, typing lost)
        self._update_buttons()

    @Slot(object, object)
    def _on_saved(self, tag: Any, result: Any) -> None:
        if tag != ("save", self._generation):
            return
        self._busy = False
        _endpoint, stored = result
        base_url, creds, self._store_url = self._pending
        self.store_password_edit.clear()
        self._connection = Connection(base_url, creds, "keyring" if stored else "session")
        self._update_buttons()
        self.accept()

    @Slot(object, object, int)
    def _on_failed(self, tag: Any, message: str, code: int) -> None:
        if not isinstance(tag, tuple) or tag[1] != self._generation:
            return
        self._busy = False
        self._show_result(False, connection_failure(message, code))
        self._update_buttons()

    # -- helpers ----------------------------------------------------------------------------------------

    def _show_result(self, ok: bool, text: str) -> None:
        self.result_label.setText(("✔ " if ok else "✖ ") + text)
        self.result_label.setProperty("state", "ok" if ok else "error")
        dark = is_dark(self.palette())
        color = ("#81c784" if dark else "#2e7d32") if ok else ("#ef9a9a" if dark else "#c62828")
        self.result_label.setStyleSheet(f"QLabel#connectionResult {{ color: {color}; }}")

    @Slot()
    def _on_edited(self) -> None:
        if not self._busy and self.result_label.text():
            self.result_label.clear()
            self.result_label.setStyleSheet("")
        self._update_buttons()

    @Slot()
    def _on_store_edited(self) -> None:
        self.store_password_edit.setEnabled(is_team_url(self.store_edit.text().strip()))

    @Slot(bool)
    def _on_reveal(self, shown: bool) -> None:
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self._reveal.setIcon(self._eye_crossed if shown else self._eye)
        self._reveal.setText(self.tr("Hide the secret") if shown else self.tr("Show the secret"))

    def _update_buttons(self) -> None:
        filled = all(e.text().strip() for e in (self.url_edit, self.key_edit, self.secret_edit))
        self.test_button.setEnabled(filled and not self._busy)
        self.save_button.setEnabled(filled and not self._busy)
        if not self._busy and self._refocus is not None:  # where the focus was before the test, or Save
            widget, self._refocus = self._refocus, None
            if widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
