"""At start-up, a way out of a connection whose store cannot be opened.

The app opens the current connection (the one whose window was open last). When its store could not be opened
— a team store that does not answer, refuses, or is not there; a cache that cannot be used — the box said why
and the app ended; every start after it did the same, and nothing in the window named the connection or let
the person pick another (a tester edited ``connections.json`` by hand). Now the box names the connection and,
besides Quit (the error's exit code, as before), offers **Open another connection…**: a list of the saved
connections, each with the store it opens, the one that did not open said so (picking it tries it again),
and that connection on its tenant's cache on this computer when it was its team store that did not open. The
"Connecting to the team store…" window offers the same beside its Cancel. The connection picked becomes the
current one once its window has opened (``WindowSession.open``). ``--store`` (or ``OWS_DESKTOP_STORE``) makes
every connection open its store: then there is nothing to pick, and the box says so."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.store import StoreError
from ows_desktop.store.postgres.connect import parse_url
from ows_desktop.store.url import is_team_url, sqlite_path
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.errors import UserMessage


@dataclass(frozen=True)
class Choice:
    """A connection to open at start-up; ``own_cache``: on its tenant's cache, not the team store it names."""

    name: str
    own_cache: bool = False


def store_words(url: str) -> str:
    """What a connection's store is, for a person: "the team store db.example:5432/ows", never a login."""
    translate = QCoreApplication.translate
    if not url:
        return translate("start_choice", "the ticket cache on this computer")
    try:
        if is_team_url(url):
            return translate("start_choice", "the team store {place}").format(place=parse_url(url).place)
        return translate("start_choice", "the ticket file {path}").format(path=sqlite_path(url))
    except StoreError:  # a URL it cannot read: opening it says why
        return translate("start_choice", "a store whose URL cannot be read")


def choices(session: Any, failed: Choice) -> list[tuple[Choice, str]]:
    """The connections the person may open instead of ``failed`` (it included: picking it tries again),
    each with its line in the list; none when ``--store`` makes every connection open the same store."""
    if session.store_given:
        return []
    translate = QCoreApplication.translate
    rows: list[tuple[Choice, str]] = []
    for name in session.book.names():
        url = session.store_of(name)
        rows.append(
            (
                Choice(name),
                translate("start_choice", "{name} — {store}").format(name=name, store=store_words(url)),
            )
        )
        if name == failed.name and is_team_url(url):  # its tenant's cache: a way out even when it is alone
            own = translate("start_choice", "{name} — the ticket cache on this computer, not its team store")
            rows.append((Choice(name, own_cache=True), own.format(name=name)))
    said = translate("start_choice", "{line} (did not open)")
    rows = [(choice, said.format(line=line) if choice == failed else line) for choice, line in rows]
    return rows if len(rows) > 1 else []


class StartChoiceDialog(QDialog):
    """Open which connection: the saved connections, each with its store; Open or Quit."""

    def __init__(self, rows: list[tuple[Choice, str]], failed: Choice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startChoiceDialog")
        self.setWindowTitle(self.tr("Open another connection"))
        self._rows = rows
        self.message = QLabel(
            self.tr("The connection “{name}” did not open. Which connection should open?").format(
                name=failed.name
            ),
            self,
        )
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a name the person typed: as written
        self.message.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Saved connections"))
        for _choice, line in rows:
            QListWidgetItem(line, self.list)  # an item's text is plain text
        self.list.setCurrentRow(next((i for i, (c, _) in enumerate(rows) if c != failed), 0))
        self.message.setBuddy(self.list)
        self.note = QLabel(
            self.tr(
                "It becomes the connection OWS Desktop opens at start-up once its window has opened. "
                "ows-desktop gui --connection NAME opens one from the command line."
            ),
            self,
        )
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton(self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(self.accept)  # Enter or a double-click on a line opens it
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.list.setFocus()
        fit_title(self, 520)

    def choice(self) -> Choice | None:
        row = self.list.currentRow()
        return self._rows[row][0] if 0 <= row < len(self._rows) else None


def choose_connection(rows: list[tuple[Choice, str]], failed: Choice) -> Choice | None:
    """The connection the person picks to open instead of ``failed``; None: Quit."""
    dialog = StartChoiceDialog(rows, failed)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def store_not_opened(exc: StoreError, *, team: bool, failed: Choice, given: bool, can_choose: bool) -> bool:
    """The store of connection ``failed`` cannot be opened at start-up: said in a box (the store's own words,
    the connection named; ``given``: it was ``--store``'s). True when the person asked to open another
    connection (``can_choose``), False for Quit."""
    translate = QCoreApplication.translate
    title = (
        translate("start_choice", "Cannot open the team store")
        if team
        else translate("start_choice", "Cannot open the ticket cache")
    )
    box = QMessageBox(QMessageBox.Icon.Critical, title, str(exc))
    box.setObjectName("storeNotOpenedBox")
    box.setTextFormat(Qt.TextFormat.PlainText)  # names a file path or a URL, and the connection
    if given:
        said = translate(
            "start_choice",
            "This store was given with --store (or OWS_DESKTOP_STORE): every connection opens it. Start "
            "without it to open a connection's own store.",
        )
    elif can_choose:
        said = translate(
            "start_choice", "It is the store of the connection “{name}”. Open another connection, or quit."
        ).format(name=failed.name)
    else:
        said = translate("start_choice", "It is the store of the connection “{name}”.").format(
            name=failed.name
        )
    box.setInformativeText(said)
    quit_button = box.addButton(translate("start_choice", "Quit"), QMessageBox.ButtonRole.RejectRole)
    other = None
    if can_choose:
        other = box.addButton(
            translate("start_choice", "Open another connection…"), QMessageBox.ButtonRole.AcceptRole
        )
    box.setDefaultButton(other or quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    return other is not None and box.clickedButton() is other


def on_own_cache(name: str, url: str) -> UserMessage:
    """The banner of a window opened on its tenant's cache because its team store ``url`` did not open."""
    translate = QCoreApplication.translate
    title = translate("start_choice", "“{name}” is open on the ticket cache on this computer.").format(
        name=name
    )
    detail = translate(
        "start_choice",
        "Its store, {store}, did not open; the next start tries it again. To change it: Connection ▸ Edit "
        "connection… ▸ Store.",
    ).format(store=store_words(url))
    return UserMessage("warning", title, detail)


__all__ = ["Choice", "choices", "choose_connection", "on_own_cache", "store_not_opened", "store_words"]
