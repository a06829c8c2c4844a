"""A team store that refuses its password: the window asks for it, at start-up and on Connection ▸ Switch.

A wrong password saved in the keyring (or none) showed a box telling the person to type
``ows-desktop store password URL`` in a terminal, and its OK closed the app; a switch to such a store ended
in the excepthook ("Unexpected error"). Now a dialog asks for the role's password (masked, the role and the
team store named), the server is asked whether it takes it, and "Remember in the keyring" saves it as
``store password`` does (:func:`~ows_desktop.store.postgres.connect.save_password`). A password refused
again is asked again. At start-up (``app.run_window``, ui/store_startup.py) Cancel says the refusal in a box
that offers another connection (ui/start_choice.py), else ends the app; on a switch (ui/store_switch.py,
:func:`switch_asking`) Cancel, or any store that cannot be opened, leaves the window on the store it was on,
its banner saying why. A team
store's typed password is tried off the GUI thread (:class:`TypedPassword`, in the switch's or start-up's job).

The typed password, once the server took it, lives in the window's password lookup (``KeyringPasswords.use``:
every connection of the window and the sync's process, through its pipe, before the environment's and the
keyring's) and in the keyring when remembered; never in a log line (redacted), an argument, a file or a
message. Widgets only: the dialog over the window switched from, or over none before the first window."""

from __future__ import annotations

import getpass
import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.logging_config import add_secrets_to_redaction
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.store import StoreError
from ows_desktop.store.postgres.connect import PgLocation, StoreAuthError, connect, save_password
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.errors import UserMessage

log = logging.getLogger(__name__)


class StorePasswordDialog(QDialog):
    """The team store's password: a masked field, and whether to keep it in the keyring (checked)."""

    def __init__(
        self,
        location: PgLocation,
        *,
        again: bool = False,
        remember: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("storePasswordDialog")
        self.setWindowTitle(self.tr("Team store password"))
        role = role_of(location)
        refused = (
            self.tr("The team store {place} refused that password too.")
            if again
            else self.tr("The team store {place} refused the password of {role}.")
        )
        self.message_label = QLabel(
            " ".join(
                (
                    refused.format(place=location.place, role=role),
                    self.tr("Type the password of {role} to open it.").format(role=role),
                )
            ),
            self,
        )
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # the role and host are the URL's
        self.message_label.setWordWrap(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password of {role}").format(role=role))
        self.message_label.setBuddy(self.password_edit)
        self.remember_box = QCheckBox(self.tr("Remember in the keyring"), self)
        self.remember_box.setChecked(remember)  # asked again: as the person left it
        self.remember_box.setToolTip(
            self.tr("Save it in the OS keyring, as ows-desktop store password does; the next start uses it.")
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.remember_box)
        layout.addWidget(buttons)
        self.password_edit.setFocus()
        fit_title(self, 420)


def role_of(location: PgLocation) -> str:
    return location.user or getpass.getuser()  # libpq's default role: the system user's name


Ask = Callable[[PgLocation, bool], "tuple[str, bool] | None"]


def ask_password(
    location: PgLocation, again: bool, parent: QWidget | None = None, remember: bool = True
) -> tuple[str, bool] | None:
    """The password typed and whether to remember it (``remember``: the box's first state); None when
    cancelled."""
    dialog = StorePasswordDialog(location, again=again, remember=remember, parent=parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.password_edit.text(), dialog.remember_box.isChecked()
    finally:
        dialog.password_edit.clear()
        dialog.deleteLater()


class TypedPassword:
    """A password the person typed for ``location`` after a refusal, and whether to remember it."""

    def __init__(self, location: PgLocation, password: str, remember: bool) -> None:
        self.location, self.password, self.remember = location, password, remember
        self.not_remembered: StoreError | None = None  # the keyring could not keep it

    def take(self, lookup: Any, cancelled: threading.Event) -> None:
        """(The job's thread.) Tried on a connection of its own (StoreAuthError: refused), then handed to the
        window's ``lookup`` and remembered when asked to; not once the switch was ``cancelled``."""
        connect(self.location, lambda _location: self.password).close()  # not yet the lookup's
        if cancelled.is_set():
            return
        lookup.use(self.location, self.password)
        if self.remember:
            try:
                save_password(self.location, self.password)
            except StoreError as exc:  # no usable keyring: the window opens all the same, and says so
                self.not_remembered = exc


def ask_typed(location: PgLocation, before: TypedPassword | None, parent: Any = None) -> TypedPassword | None:
    """The password the person types for the store at ``location`` that refused one (None: Cancel), to be tried
    off the GUI thread; ``before``: the one typed before, refused too ("refused that password too", its
    Remember box as the person left it). The switch's and the start-up's one question."""
    remember = before is None or before.remember
    return typed_answer(location, ask_password(location, before is not None, parent, remember))


def typed_answer(location: PgLocation, answer: tuple[str, bool] | None) -> TypedPassword | None:
    """The dialog's answer as a :class:`TypedPassword` (None: Cancel), its password redacted from logs."""
    if answer is None:
        return None
    add_secrets_to_redaction([answer[0]])
    return TypedPassword(location, *answer)


def open_asking(open_window: Callable[[], Any], lookup: Any, ask: Ask = ask_password) -> Any:
    """``open_window()``; while the team store refuses the password, ask for it (``lookup``: the window's
    password lookup, which then hands the typed one to every connection). A StoreError when it cannot open,
    the refusal itself when the person cancels."""
    while True:
        try:
            return open_window()
        except StoreAuthError as refusal:
            if refusal.location is None or not hasattr(lookup, "use"):
                raise
            if not asked_until_taken(refusal.location, lookup, ask):
                raise


def switch_asking(open_window: Callable[[], Any], lookup: Any, window: Any, name: str) -> Any:
    """Connection ▸ Switch to ``name`` from ``window``: ``open_window()`` through :func:`open_asking` (the
    dialog over ``window``). The new window, or None when it cannot open (Cancel included): ``window`` stays
    on its store and its banner says the switch did not happen and why, in plain text."""
    try:
        return open_asking(open_window, lookup, partial(ask_password, parent=window))
    except StoreError as exc:
        log.warning("Did not switch to %s: %s", name, exc)
        window.banner.show_message(store_not_switched(name, exc))
        return None


def store_not_switched(name: str, exc: StoreError) -> UserMessage:
    translate = QCoreApplication.translate
    location = exc.location if isinstance(exc, StoreAuthError) else None
    if location is None:  # cannot be opened: the store's own sentence
        title = translate("store_password", "Could not switch to {name}.")
        return UserMessage("error", title.format(name=name), core_text(str(exc)))
    refused = translate("store_password", "The team store {place} refused the password of {role}.")
    stays = translate("store_password", "This window stays on the store it was on.")
    detail = f"{refused.format(place=location.place, role=role_of(location))} {stays}"
    title = translate("store_password", "Switch to {name} cancelled.")
    return UserMessage("warning", title.format(name=name), detail)


def asked_until_taken(location: PgLocation, lookup: Any, ask: Ask) -> bool:
    """Ask until the server takes the password typed (True; remembered when asked to) or Cancel (False), on
    the calling thread: :meth:`TypedPassword.take`, as the switch's and the start-up's jobs do."""
    again = False
    while (typed := typed_answer(location, ask(location, again))) is not None:
        try:
            typed.take(lookup, threading.Event())
        except StoreAuthError:
            again = True
            continue
        if typed.not_remembered is not None:
            not_remembered(typed.not_remembered)
        return True
    return False


def not_remembered(exc: StoreError) -> None:
    """The keyring could not keep the password typed (``exc`` says why): the window opens all the same."""
    title = QCoreApplication.translate("store_password", "Password not remembered")
    box = QMessageBox(QMessageBox.Icon.Warning, title, core_text(str(exc)))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
