"""At start-up, a team store is opened off the GUI thread, as a switch opens one (ui/store_switch.py).

Opening it waits on the network: the writing connection, then the readers' pool's first one, each up to the
connect time-out. At start-up it ran on the GUI thread before any window existed, so a server that took the
connection and never answered, or a slow one, showed nothing at all for up to half a minute: the person
could not tell the app had started, nor stop it but by killing it. Now the store is opened in a thread of
its own; after a moment (``SHOWN_AFTER_MS``: a store that answers at once shows nothing) a small window
says which team store it is connecting to, with Cancel, which ends the start-up (the opening thread is let
go: it ends at the time-out, closing what it opened). A refused password is asked for as before
(ui/store_password.py), then tried, remembered and the store opened again in that thread. What cannot be
opened is said in the store's own plain words, naming the connection (ui/start_choice.py's
``store_not_opened``), and the person may open another connection instead of quitting; the "Connecting…"
window offers that too."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ows_desktop.store import StoreError
from ows_desktop.store.postgres.connect import StoreAuthError, parse_url
from ows_desktop.store.url import is_team_url
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.start_choice import Choice, choices, choose_connection, on_own_cache, store_not_opened
from ows_desktop.ui.store_password import TypedPassword, ask_typed, not_remembered, open_asking
from ows_desktop.ui.store_switch import Attempt, OpenTeamStore, open_attempt

log = logging.getLogger(__name__)
CANCELLED = 2  # the exit code of a start-up the person cancelled while it connected (README)
SHOWN_AFTER_MS = 400  # a store that answers sooner shows no "Connecting…" window (it would only flicker)


class ConnectingDialog(QDialog):
    """ "Connecting to the team store …" with Cancel, before the first window; ``connection``: the connection
    whose store it is (None: ``--store``'s); ``other``: it offers Open another connection… too."""

    ANOTHER = 2  # the dialog's result when the person asked for another connection

    def __init__(
        self, place: str, parent: QWidget | None = None, *, connection: str | None = None, other: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectingDialog")
        self.setWindowTitle(self.tr("Opening the team store"))
        said = (
            self.tr("Connecting to the team store {place}… The window opens once it answers.")
            if connection is None
            else self.tr(
                "Opening the connection “{name}”: connecting to its team store {place}… The window opens once "
                "it answers."
            )
        )
        self.message = QLabel(said.format(place=place, name=connection), self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a host name from the settings: as written
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Quit OWS Desktop"))
        buttons.rejected.connect(self.reject)
        self.other_button = None
        if other:
            self.other_button = buttons.addButton(
                self.tr("Open another connection…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.other_button.clicked.connect(lambda: self.done(self.ANOTHER))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_title(self, 460)  # the title whole, the place on one line


class _Answered(QObject):
    done = Signal(object)  # the opening thread's failure, None when opened (queued to the GUI thread)


@dataclass(frozen=True)
class NotOpened:
    """A start-up attempt that opened no window: the exit code if the person quits, and whether she asked to
    open another connection."""

    code: int
    other: bool


def start_asking(session: Any, name: str | None = None) -> Any:
    """At start-up: the session's first window, on connection ``name`` (``--connection``; default: the current
    one; ``session``: a WindowSession), its team store opened off the GUI thread (:func:`open_first_store`), a
    single seat's cache through ``open_asking``. When it cannot open, said in a box naming the connection
    (ui/start_choice.py; ``session.opening``: the URL of the store it tried), which offers to open another
    connection; Quit: the exit code the command line gives for the same error (4 a server that does not answer,
    3 a refusal, 2 input to fix); ``CANCELLED`` when the person cancelled the connecting."""
    choice = Choice(name) if name is not None else None
    while True:
        tried = choice or Choice(session.book.current().name)
        opened = _open_first(session, choice, tried)
        if not isinstance(opened, NotOpened):
            return opened
        rows = choices(session, tried) if opened.other else []
        choice = choose_connection(rows, tried) if rows else None
        if choice is None:  # Quit
            return opened.code


def _open_first(session: Any, choice: Choice | None, tried: Choice) -> Any:
    """The window of ``choice`` (None: the current connection, ``tried``), or :class:`NotOpened`."""
    name = choice.name if choice is not None else None
    url = None
    try:
        url = None if tried.own_cache else session.first_team_url(tried.name)
        if url is None or session.open_team_store is None:
            window = open_asking(
                lambda: session.open(name, own_cache=tried.own_cache), session.store_password
            )
            if tried.own_cache:
                window.banner.show_message(on_own_cache(tried.name, session.store_of(tried.name)))
            return window
        connection = None if session.store_given else tried.name
        offer = bool(choices(session, tried))
        store = open_first_store(url, session.store_password, session.open_team_store, connection, offer)
        if store is None or store is ANOTHER:
            return NotOpened(CANCELLED, store is ANOTHER)
        return session.open(name, store=store)
    except StoreError as exc:
        log.error("Cannot open the ticket cache: %s", exc)
        team = url is not None or is_team_url(session.opening or "")
        given, offer = bool(session.store_given), bool(choices(session, tried))
        other = store_not_opened(exc, team=team, failed=tried, given=given, can_choose=offer)
        return NotOpened(int(exc.exit_code), other)


def open_first_store(
    url: str, lookup: Any, open_team_store: OpenTeamStore, connection: str | None = None, other: bool = False
) -> Any:
    """The team store ``url``, opened off the GUI thread (``lookup``: the window's password lookup); None when
    the person cancelled, ``ANOTHER`` when she asked for another connection (``other``: offered; the
    "Connecting…" window names ``connection``). A refused password is asked for (Cancel: that refusal
    raised); what cannot be opened raises its StoreError."""
    typed: TypedPassword | None = None
    while True:
        attempt = Attempt("", url, typed)
        failure = _opened_off_thread(attempt, lookup, open_team_store, connection, other)
        if failure is _CANCELLED or failure is ANOTHER:
            return None if failure is _CANCELLED else ANOTHER
        if isinstance(failure, StoreAuthError) and failure.location is not None and hasattr(lookup, "use"):
            typed = ask_typed(failure.location, typed)
            if typed is None:
                raise failure
            continue
        if failure is not None:
            raise failure
        if typed is not None and typed.not_remembered is not None:
            not_remembered(typed.not_remembered)
        return attempt.take()


_CANCELLED = object()
ANOTHER = object()  # the person asked, while it connected, to open another connection


def _opened_off_thread(
    attempt: Attempt, lookup: Any, open_team_store: OpenTeamStore, connection: str | None, other: bool
) -> Any:
    """Run the opening in a thread while the event loop runs (the "Connecting…" window after a moment): its
    failure, None when opened, ``_CANCELLED`` or ``ANOTHER``."""
    answered, loop, result, asked = _Answered(), QEventLoop(), [_CANCELLED], [_CANCELLED]

    def finished(failure: Any) -> None:
        result[0] = failure
        loop.quit()

    def closed(code: int) -> None:
        asked[0] = ANOTHER if code == ConnectingDialog.ANOTHER else _CANCELLED
        loop.quit()

    answered.done.connect(finished)
    dialog = ConnectingDialog(parse_url(attempt.url).place, connection=connection, other=other)
    dialog.finished.connect(closed)
    shown = QTimer(singleShot=True, interval=SHOWN_AFTER_MS)
    shown.timeout.connect(dialog.show)
    thread = threading.Thread(  # not joined on Cancel: the time-outs end it, closing what it opened
        target=lambda: answered.done.emit(open_attempt(open_team_store, attempt, lookup)),
        name="open-team-store",
        daemon=True,
    )
    thread.start()
    shown.start()
    loop.exec()
    shown.stop()
    dialog.hide()
    dialog.deleteLater()
    if result[0] is _CANCELLED:
        store = attempt.cancel()
        if store is not None:  # opened just as the person cancelled
            store.close()
        return asked[0]
    return result[0]


__all__ = ["ANOTHER", "CANCELLED", "SHOWN_AFTER_MS", "ConnectingDialog", "open_first_store", "start_asking"]
