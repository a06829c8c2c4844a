"""Connection ▸ Switch to a connection on a team store, without freezing the window while the store answers.

Opening a team store waits on the network: its writing connection, then the readers' pool's first one
(``store/postgres/connect.py``: each up to ``CONNECT_TIMEOUT_S``). The switch ran both on the GUI thread, so a
server that accepts TCP and never answers, one that refuses for its connection limit, or a slow one froze the
window (no repaint, no click, no close) until the time-out. Now the store is opened and its readers' pool
lent a connection off the GUI thread (``open_team_store``, built in ``app.py``, on this module's own
:class:`~ows_desktop.tasks.jobs.JobRunner`); meanwhile the window the person is on keeps working and its
banner says which store it is connecting to, with a button that cancels the switch. Then either the new
window opens on the store (its first reads find the pool's connection ready), or the banner says why not in
the store's own plain words (``connect_error`` / ``unreachable``) and that this window stays on its store.
A refused password is asked for over the window as before (ui/store_password.py); the password typed is then
tried, remembered when asked to and the store opened again, all in the switch's job: the server had just
answered, but one that then stalls, or a keyring that waits on its unlock prompt, froze the window while the
GUI thread tried it. As at start-up, it is tried on a connection of its own first, and reaches the window's
password lookup only once the server took it; one refused again is asked for again ("refused that password
too").

A switch cancelled, superseded by another, or whose window was closed meanwhile never opens a window: a store
it had opened is closed off the GUI thread (by the job itself when the cancel came first). Closing the
session waits for the job, which is bounded by the connect time-outs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Slot

from ows_desktop.store import StoreError
from ows_desktop.store.postgres.connect import CONNECT_TIMEOUT_S, StoreAuthError, parse_url
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.errors import ACTION_CANCEL_SWITCH, UserMessage
from ows_desktop.ui.store_password import TypedPassword, ask_typed, not_remembered, store_not_switched

log = logging.getLogger(__name__)

# a job opens the writer's connection, then borrows a reader's: each bounded by the connect time-out
_SHUTDOWN_WAIT_MS = (3 * CONNECT_TIMEOUT_S + 5) * 1000  # with a typed password: its own try first

OpenTeamStore = Callable[[str, Any, threading.Event], Any]  # (url, password lookup, cancelled) -> store


class Attempt:
    """One switch's opening: the store its job opened, handed over once, or closed when cancelled first."""

    def __init__(self, name: str, url: str, typed: TypedPassword | None = None) -> None:
        self.name, self.url, self.typed = name, url, typed
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._store: Any = None

    def keep(self, store: Any) -> None:
        """(The job's thread.) The opened store, kept for the GUI thread; closed here if cancelled already."""
        with self._lock:
            if not self.cancelled.is_set():
                self._store = store
                return
        store.close()

    def take(self) -> Any:
        with self._lock:
            store, self._store = self._store, None
        return store

    def cancel(self) -> Any:
        """No window for this attempt; the store its job had opened, to close (None: the job closes it)."""
        with self._lock:
            self.cancelled.set()
            store, self._store = self._store, None
        return store


class StoreSwitch(QObject):
    """A switch to a team store, pending off the GUI thread; see the module docstring. ``session``: the
    WindowSession (its ``window``, ``store_password`` and ``open(name, store=…)``)."""

    def __init__(self, session: Any, open_team_store: OpenTeamStore) -> None:
        super().__init__()
        self._session = session
        self._open_team_store = open_team_store
        self._jobs = JobRunner(max_threads=2, parent=self)  # an opening, and closing a store dropped
        self._pending: Attempt | None = None
        self._banner: Any = None  # the banner showing the pending switch (its Cancel button)

    @property
    def pending(self) -> str | None:
        """The name of the connection a switch is connecting to, None when none is."""
        return self._pending.name if self._pending is not None else None

    def start(self, name: str, url: str, typed: TypedPassword | None = None) -> None:
        """Open the team store ``url`` of connection ``name`` off the GUI thread, then its window (a switch
        pending before is dropped); ``typed``: the password typed after a refusal, tried first."""
        window = self._session.window
        try:
            place = parse_url(url).place
        except StoreError as exc:
            window.banner.show_message(store_not_switched(name, exc))
            return
        self.drop()
        attempt = self._pending = Attempt(name, url, typed)
        self._watch(window.banner)
        translate = QCoreApplication.translate
        title = translate("store_switch", "Connecting to {name}…").format(name=name)
        detail = translate(
            "store_switch",
            "Opening the team store {place}. This window stays on the store it is on, and usable, until it "
            "answers.",
        ).format(place=place)
        window.banner.show_message(UserMessage("info", title, detail, (ACTION_CANCEL_SWITCH,)))
        lookup = self._session.store_password
        self._jobs.submit(
            partial(open_attempt, self._open_team_store, attempt, lookup), attempt, succeeded=self._opened
        )

    def cancel(self) -> None:
        """The person cancelled the pending switch: this window stays, and says so."""
        attempt = self._pending
        if attempt is None:
            return
        self.drop()
        window = self._session.window
        if window is not None and not window.closed:
            title = QCoreApplication.translate("store_switch", "Switch to {name} cancelled.")
            stays = QCoreApplication.translate("store_switch", "This window stays on the store it was on.")
            window.banner.show_message(UserMessage("info", title.format(name=attempt.name), stays))

    def shutdown(self) -> None:
        """The session closes: no window for a pending switch; wait for its job (bounded by the time-outs)."""
        self.drop()
        if not self._jobs.shutdown(_SHUTDOWN_WAIT_MS):
            log.warning("A team store a switch was opening did not answer before the window closed")

    def drop(self) -> None:
        """No window for the pending switch, without a word (another switch supersedes it)."""
        attempt, self._pending = self._pending, None
        if attempt is not None:
            self._close_later(attempt.cancel())

    def _close_later(self, store: Any) -> None:
        """Close a store no window will use, off the GUI thread (its pool's threads may be mid-connect)."""
        if store is not None and self._jobs.submit(store.close, "close") is None:
            store.close()  # the runner was shut down: the session is closing anyway

    def _watch(self, banner: Any) -> None:
        if banner is not self._banner:
            banner.actionTriggered.connect(self._on_banner_action)
            self._banner = banner

    @Slot(str)
    def _on_banner_action(self, action: str) -> None:
        if action == ACTION_CANCEL_SWITCH:
            self.cancel()

    @Slot(object, object)
    def _opened(self, attempt: Attempt, failure: Any) -> None:
        if attempt is not self._pending:  # cancelled or superseded: its store was closed
            return
        self._pending = None
        window = self._session.window
        if window is None or window.closed:  # the window was closed while the store answered
            self._close_later(attempt.take())
            return
        name = attempt.name
        if isinstance(failure, StoreAuthError) and failure.location is not None:
            window.banner.clear()
            typed = ask_typed(failure.location, attempt.typed, window) if self._can_use() else None
            if typed is not None:
                self.start(name, attempt.url, typed)  # tried off here
                return
        if failure is not None:
            self._say_not_switched(window, name, failure)
            return
        window.banner.clear()
        if attempt.typed is not None and attempt.typed.not_remembered is not None:
            not_remembered(attempt.typed.not_remembered)
        try:
            self._session.open(name, store=attempt.take())
        except Exception as exc:  # its window could not be built: what was opened for it is closed
            self._say_not_switched(window, name, exc)

    def _can_use(self) -> bool:
        """The window's password lookup takes a typed password (the keyring's own does)."""
        return hasattr(self._session.store_password, "use")

    @staticmethod
    def _say_not_switched(window: Any, name: str, exc: BaseException) -> None:
        from ows_desktop.ui.window_session import not_switched

        if isinstance(exc, StoreError):
            log.warning("Did not switch to %s: %s", name, exc)
            window.banner.show_message(store_not_switched(name, exc))
        else:
            window.banner.show_message(not_switched(name, exc))


def open_attempt(open_team_store: OpenTeamStore, attempt: Attempt, lookup: Any) -> BaseException | None:
    """(The job's thread.) Open the store; its failure returned (the GUI thread needs the error itself: a
    refused password names the store to ask for), None when opened."""
    try:
        if attempt.typed is not None:
            attempt.typed.take(lookup, attempt.cancelled)
        attempt.keep(open_team_store(attempt.url, lookup, attempt.cancelled))
    except Exception as exc:
        return exc
    return None
