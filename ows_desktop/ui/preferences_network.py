"""Preferences ▸ Network: which proxy the requests to OWS go through — none, the system's, or one set by hand
(host, port, optional user and password). The settings file holds the choice, host, port and user
(``network/proxy_*``, read by the CLI too); the password goes to the OS keyring only, when OK is pressed
(see basics/proxy.py). ``OWS_DESKTOP_PROXY`` overrides all of it, and the page says so.

The keyring is never asked on the GUI thread: a locked or slow Secret Service may take seconds (or wait on
its unlock prompt). Whether a password is stored is read by a job when the page loads (the field says so when
the answer arrives; the secret itself never comes back to the window), and a typed password is written by a
job when OK is pressed (:meth:`NetworkPage.secret_write`, run by the dialog)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.credentials import CredentialError
from ows_desktop.basics.proxy import PROXY_DEFAULTS, PROXY_ENV, ProxyPasswords, ProxySettings
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.number_range import with_range_hint
from ows_desktop.ui.preferences_fields import add_problem_label, clear_problem, show_problem

MODE_TEXT = {  # translated where shown
    "none": QT_TRANSLATE_NOOP("NetworkPage", "&No proxy"),
    "system": QT_TRANSLATE_NOOP("NetworkPage", "Use the &system's proxy settings"),
    "manual": QT_TRANSLATE_NOOP("NetworkPage", "&Manual proxy:"),
}
MODE_DESCRIPTION = {  # what the label does not say: where "the system's" proxy comes from
    "none": QT_TRANSLATE_NOOP("NetworkPage", "Requests go straight to OWS."),
    "system": QT_TRANSLATE_NOOP(
        "NetworkPage",
        "The proxy this computer is set to use: the HTTPS_PROXY or HTTP_PROXY environment variable, or the "
        "proxy of the Windows or macOS network settings.",
    ),
    "manual": QT_TRANSLATE_NOOP("NetworkPage", "The proxy given below, with its login if it asks for one."),
}


class NetworkPage(QWidget):
    def __init__(
        self,
        passwords: ProxyPasswords | None,
        *,
        jobs: JobRunner | None = None,
        overridden: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if passwords is not None and jobs is None:
            raise ValueError(
                "the proxy passwords need a JobRunner: the keyring is not asked on the GUI thread"
            )
        self.title = self.tr("Network")
        self.setObjectName("preferencesNetwork")
        self.setAccessibleName(self.tr("Network preferences"))
        self._passwords = passwords
        self._jobs = jobs
        self._reads = itertools.count(1)
        self._read_tag = 0  # the keyring read whose answer the field waits for (older answers are dropped)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "How requests to OWS reach it. Used by the next request. Requests to this computer (localhost) never go through a proxy."
            ),
            self,
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.override_note = QLabel(
            self.tr(
                "The {PROXY_ENV} environment variable is set: it is used instead of these settings."
            ).format(PROXY_ENV=PROXY_ENV),
            self,
        )
        self.override_note.setTextFormat(Qt.TextFormat.PlainText)
        self.override_note.setWordWrap(True)
        self.override_note.setVisible(overridden)
        layout.addWidget(self.override_note)

        self.mode_buttons: dict[str, QRadioButton] = {}
        self._group = QButtonGroup(self)
        for mode, text in MODE_TEXT.items():
            button = QRadioButton(self.tr(text), self)
            button.setObjectName(f"proxy_{mode}")
            button.setAccessibleDescription(self.tr(MODE_DESCRIPTION[mode]))
            button.setToolTip(button.accessibleDescription())
            button.toggled.connect(self._update)
            self._group.addButton(button)
            self.mode_buttons[mode] = button
            layout.addWidget(button)

        form = QFormLayout()
        self.host = self._row(
            form, QLineEdit(self), self.tr("&Host:"), self.tr("The proxy's host name or address.")
        )
        self.host.setPlaceholderText("proxy.example.com")
        self.port = self._row(
            form, QSpinBox(self), self.tr("&Port:"), self.tr("The proxy's port, 1 to 65535.")
        )
        self.port.setRange(1, 65535)
        self.user = self._row(
            form, QLineEdit(self), self.tr("&User name:"), self.tr("Only when the proxy asks for a login.")
        )
        self.password = self._row(
            form,
            QLineEdit(self),
            self.tr("Pass&word:"),
            self.tr("Kept in the operating system's keyring, never in the settings file."),
        )
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.manual_widgets = (self.host, self.port, self.user, self.password)
        layout.addLayout(form)
        layout.addStretch(1)
        self.problem_label = add_problem_label(self, layout)

    def _row(self, form: QFormLayout, editor: Any, text: str, description: str) -> Any:
        label = QLabel(text, self)
        label.setBuddy(editor)
        editor.setAccessibleName(text.replace("&", "").rstrip(":"))
        editor.setAccessibleDescription(description)
        editor.setToolTip(description)
        form.addRow(label, with_range_hint(editor, self) if isinstance(editor, QSpinBox) else editor)
        return editor

    # -- the page's contract with the dialog --------------------------------------------------------------

    def load(self, settings: Any) -> None:
        self._show(ProxySettings.from_settings(settings))

    def _show(self, choice: ProxySettings) -> None:
        self.mode_buttons[choice.mode].setChecked(True)
        self.host.setText(choice.host)
        self.port.setValue(choice.port if 1 <= choice.port <= 65535 else PROXY_DEFAULTS["network/proxy_port"])
        self.user.setText(choice.user)
        self.password.clear()
        self.password.setPlaceholderText("")
        self._read_tag = next(self._reads)
        if choice.mode == "manual" and choice.user and self._passwords is not None and self._jobs is not None:
            self.password.setPlaceholderText(self.tr("reading the keyring…"))
            read = partial(_is_stored, self._passwords, choice.password_name())
            self._jobs.submit(
                read, self._read_tag, succeeded=self._on_password_read, failed=self._on_read_failed
            )
        self._update()

    @Slot(object, object)
    def _on_password_read(self, tag: Any, stored: Any) -> None:
        if tag == self._read_tag:
            self.password.setPlaceholderText(self.tr("stored in the keyring") if stored else "")

    @Slot(object, object, int)
    def _on_read_failed(self, tag: Any, _message: str, _code: int) -> None:
        if tag == self._read_tag:
            self.password.setPlaceholderText("")

    def restore_defaults(self) -> None:
        defaults = {key: value for key, value in PROXY_DEFAULTS.items()}
        self._show(ProxySettings.from_settings(_Plain(defaults)))
        self.problem_label.hide()

    def choice(self) -> ProxySettings:
        mode = next((m for m, b in self.mode_buttons.items() if b.isChecked()), "none")
        return ProxySettings(mode, self.host.text().strip(), self.port.value(), self.user.text().strip())

    def values(self) -> dict[str, Any]:
        choice = self.choice()
        return {
            "network/proxy_mode": choice.mode,
            "network/proxy_host": choice.host,
            "network/proxy_port": choice.port,
            "network/proxy_user": choice.user,
        }

    def problem(self) -> str | None:
        choice = self.choice()
        text, editor = choice.problem(), self.host
        if text is not None and replace(choice, port=PROXY_DEFAULTS["network/proxy_port"]).problem() is None:
            editor = self.port  # the host is right: the port is what is wrong
        if text is None and choice.mode == "manual" and self.password.text() and not choice.user:
            text = self.tr("Enter the user name that goes with the proxy password, or clear the password.")
            editor = self.user
        if text is None and self.password.text() and self._passwords is None:
            text = self.tr("No keyring is available to keep the proxy password; leave it empty.")
            editor = self.password
        clear_problem(self.problem_label, self)
        if text is None:
            return None
        show_problem(self.problem_label, text, editor)
        return text

    def secret_write(self) -> Callable[[], None] | None:
        """The keyring write OK must make (a newly typed password), for the dialog to run off the GUI thread;
        it raises CredentialError when the keyring refuses. None: nothing to write."""
        choice = self.choice()
        secret = self.password.text()
        if choice.mode == "manual" and choice.user and secret and self._passwords is not None:
            return partial(self._passwords.set, choice.password_name(), secret)
        return None

    @Slot()
    def _update(self) -> None:
        manual = self.mode_buttons["manual"].isChecked()
        for widget in self.manual_widgets:
            widget.setEnabled(manual)


def _is_stored(passwords: ProxyPasswords, name: str) -> bool:
    """In a job: whether the keyring holds the proxy's password (the secret stays in the job)."""
    try:
        return bool(passwords.get(name))
    except CredentialError:
        return False


class _Plain:
    def __init__(self, values: dict[str, Any]):
        self._values = values

    def get(self, key: str) -> Any:
        return self._values.get(key)
