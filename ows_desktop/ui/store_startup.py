"""At start-up, a team store is opened off the GUI thread, as a switch opens one (ui/store_switch.py).

Opening it waits on the network: the writing connection, then the readers' pool's first one, each up to the
connect time-out. At start-up it ran on the GUI thread before any window existed, so a server that took the
connection and never answered, or a slow one, showed nothing at all for up to half a minute: the person
could not tell the app had started, nor stop it but by killing it. Now the store is opened in a thread of
its own; after a moment (``SHOWN_AFTER_MS``: a store that answers at once shows nothing) a small window
says which team store it is connecting to, with Cancel, which ends the start-up (the opening thread is let
go: it ends at the time-out, closing what it opened). A refused password is asked for as before
(ui/store_password.py), then tried, remembered and the store opened again in that thread. What cannot be
opened is said by the caller in the store's own plain words (``cannot_open``)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ows_desktop.store import StoreError
from ows_desktop.store.postgres.connect import StoreAuthError, parse_url
from ows_desktop.store.url import is_team_url
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.store_password import TypedPassword, ask_typed, cannot_open, not_remembered, open_asking
from ows_desktop.ui.store_switch import Attempt, OpenTeamStore, open_attempt

log = logging.getLogger(__name__)
CANCELLED = 2  # the exit code of a start-up the person cancelled while it connected (README)
SHOWN_AFTER_MS = 400  # a store that answers sooner shows no "Connecting…" window (it would only flicker)


class ConnectingDialog(QDialog):
    """ "Connecting to the team store …" with Cancel, before the first window."""

    def __init__(self, place: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectingDialog")
        self.setWindowTitle(self.tr("Opening the team store"))
        self.message = QLabel(
            self.tr("Connecting to the team store {place}… The window opens once it answers.").format(
                place=place
            ),
            self,
        )
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a host name from the settings: as written
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        fit_title(self, 460)  # the title whole, the place on one line


class _Answered(QObject):
    done = Signal(object)  # the opening thread's failure, None when opened (queued to the GUI thread)


def start_asking(session: Any) -> Any:
    """At start-up: the session's first window (``session``: a WindowSession), its team store opened off the
    GUI thread (:func:`open_first_store`), a single seat's cache through ``open_asking``. When it cannot open,
    said in a box (``cannot_open``; ``session.opening``: the URL of the store it tried), the exit code the
    command line gives for the same error (4 a server that does not answer, 3 a refusal, 2 input to fix: the
    window ended with 2 for all); ``CANCELLED`` when the person cancelled the connecting."""
    url = None
    try:
        url = session.first_team_url()
        if url is None or session.open_team_store is None:
            return open_asking(session.open, session.store_password)
        store = open_first_store(url, session.store_password, session.open_team_store)
        return CANCELLED if store is None else session.open(store=store)
    except StoreError as exc:
        log.error("Cannot open the ticket cache: %s", exc)
        cannot_open(exc, team=url is not None or is_team_url(session.opening or ""))
        return int(exc.exit_code)


def open_first_store(url: str, lookup: Any, open_team_store: OpenTeamStore) -> Any:
    """The team store ``url``, opened off the GUI thread (``lookup``: the window's password lookup); None when
    the person cancelled. A refused password is asked for (Cancel: that refusal raised); what cannot be
    opened raises its StoreError."""
    typed: TypedPassword | None = None
    while True:
        attempt = Attempt("", url, typed)
        failure = _opened_off_thread(attempt, lookup, open_team_store)
        if failure is _CANCELLED:
            return None
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


def _opened_off_thread(attempt: Attempt, lookup: Any, open_team_store: OpenTeamStore) -> Any:
    """Run the opening in a thread while the event loop runs (the "Connecting…" window after a moment): its
    failure, None when opened, or ``_CANCELLED``."""
    answered, loop, result = _Answered(), QEventLoop(), [_CANCELLED]

    def finished(failure: Any) -> None:
        result[0] = failure
        loop.quit()

    answered.done.connect(finished)
    dialog = ConnectingDialog(parse_url(attempt.url).place)
    dialog.rejected.connect(loop.quit)
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
    return result[0]


__all__ = ["CANCELLED", "SHOWN_AFTER_MS", "ConnectingDialog", "open_first_store", "start_asking"]
