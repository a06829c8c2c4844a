"""Store writes from the window, off the GUI thread (the way Anki's ``CollectionOp`` runs even a one-flag
change as a background operation).

A flag or review write may wait for SQLite's write lock (a sync transaction holds it, up to the busy
timeout) or for the store's own lock: on the GUI thread that wait would freeze every keypress. The window
hands such a write to :meth:`StoreOps.run` instead; it runs on one worker thread, one write at a time in
the order submitted (so F, F on the same ticket flags, then unflags), and its outcome comes back on the GUI
thread through the ``succeeded`` / ``failed`` callbacks, from which the views re-read what changed. The
write itself never touches widgets or models.

A write that cannot reach the team store's server (StoreConnectError: the server is away, or the connection
dropped) is not a failure like the others: nothing of it was saved — or, lost as it committed
(StoreCommitLostError) or after one of its steps committed, it may have been, in part or whole — and it can
be made again once the server is back. It comes back as a :class:`NotSaved` through ``unreached`` (a dialog
offers again what was typed) instead of ``failed`` (the window's red banner), and as
:attr:`StoreOps.notSaved`, from which the window's banner says what was not saved (ui/store_away.py).
:func:`reaching` does the same for a write run as a Job (the rules' re-run).

Signals:
    pendingChanged(int): how many submitted writes have not landed yet (0: all landed).
    notSaved(object): a :class:`NotSaved`: a write could not reach the team store's server.
    saved(str): a write landed; what it was ``about`` (the change it made: "" when not said).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.store import commits
from ows_desktop.store.errors import StoreCommitLostError, StoreConnectError
from ows_desktop.tasks.jobs import JobRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotSaved:
    """A write that could not reach the team store's server: ``what`` it was (the person's words, "" when
    not said), whether it is ``in_doubt`` (lost as it committed: the server may have saved it; or after one
    of its transactions committed a change: part of it was saved, or all: store/commits.py), and what it was
    ``about`` (the same change made again is about the same: ``saved`` then says so; "": ``what``).
    ``later``: what to offer again once the person has checked, for a change in doubt (:func:`offer`)."""

    what: str
    in_doubt: bool = False
    about: str = ""
    later: list[Callable[[], None]] = field(default_factory=list, compare=False, repr=False)


def offer(again: Callable[[NotSaved], None]) -> Callable[[NotSaved], None]:
    """An ``unreached`` callback that offers what was typed ``again`` (a dialog, filled) at once when nothing
    was saved; when something perhaps was, not now — OK one click away would make it twice (a case cannot be
    deleted, a note is a second entry of the history) — but kept in ``later``: the window's banner offers it
    once the person has checked (ui/store_away.py)."""

    def unreached(missed: NotSaved) -> None:
        if missed.in_doubt:
            missed.later.append(lambda: again(missed))
        else:
            again(missed)

    return unreached


@dataclass(frozen=True)
class _Unreached:
    in_doubt: bool


def reaching(write: Callable[[], Any]) -> Callable[[], Any]:
    """``write`` for a job: a StoreConnectError it raises is returned instead (a value :func:`unreached` tells
    apart), so that the job's receiver can tell "the server cannot be reached" from a real failure."""

    def attempt() -> Any:
        with commits.tallying() as tally:  # a step of it committed a change before the connection was lost
            try:
                return write()
            except StoreConnectError as exc:
                log.info("A store write could not reach the server: %s", exc)
                return _Unreached(isinstance(exc, StoreCommitLostError) or tally.written > 0)

    return attempt


def unreached(result: Any, what: str = "", about: str = "") -> NotSaved | None:
    """What a :func:`reaching` write returned: a NotSaved when it could not reach the server, else None."""
    return NotSaved(what, result.in_doubt, about or what) if isinstance(result, _Unreached) else None


@dataclass(frozen=True)
class _Op:
    owner: QObject | None
    succeeded: Callable[[Any], None] | None
    failed: Callable[[str], None] | None
    what: str = ""
    about: str = ""
    unreached: Callable[[NotSaved], None] | None = None

    def report(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        """Call back on the GUI thread, unless the owner (a dialog closed meanwhile) is gone."""
        if callback is None or (self.owner is not None and not shiboken6.isValid(self.owner)):
            return
        callback(value)


class StoreOps(QObject):
    """Runs store writes on one worker thread, in order; reports each outcome on the GUI thread."""

    pendingChanged = Signal(int)
    notSaved = Signal(object)
    saved = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs = JobRunner(max_threads=1, parent=self)  # one thread: writes land in submission order
        self._ops: dict[int, _Op] = {}
        self._ids = itertools.count(1)

    def run(
        self,
        write: Callable[[], Any],
        *,
        owner: QObject | None = None,
        succeeded: Callable[[Any], None] | None = None,
        failed: Callable[[str], None] | None = None,
        what: str = "",
        about: str = "",
        unreached: Callable[[NotSaved], None] | None = None,
    ) -> bool:
        """Run ``write()`` (a store write: no widgets, no models) off the GUI thread. ``succeeded(result)``
        or ``failed(message)`` is then called on the GUI thread, unless ``owner`` (the QObject whose view
        the callbacks update) was deleted meanwhile; the write itself still lands. When the team store's
        server cannot be reached, ``unreached(NotSaved)`` instead of ``failed`` (none: the window's banner
        alone says it, through :attr:`notSaved`). ``what``: the change in the person's words, for that banner
        ("the flag change on Ticket #7742 (S027-R01)"); ``about``: which change it is, the same when it is made
        again, however it is named then ("flag:<ticket key>"; "": ``what``). False once shut down."""
        op_id = next(self._ids)
        self._ops[op_id] = _Op(owner, succeeded, failed, what, about or what, unreached)
        job = self._jobs.submit(reaching(write), op_id, succeeded=self._on_succeeded, failed=self._on_failed)
        if job is None:
            del self._ops[op_id]
            return False
        self.pendingChanged.emit(len(self._ops))
        return True

    @property
    def pending(self) -> int:
        """Writes submitted and not landed yet."""
        return len(self._ops)

    @Slot(object, object)
    def _on_succeeded(self, op_id: Any, result: Any) -> None:
        op = self._ops.pop(op_id, None)
        self.pendingChanged.emit(len(self._ops))
        if op is None:
            return
        missed = unreached(result, op.what, op.about)
        if missed is not None:
            op.report(op.unreached, missed)  # first: a change in doubt is offered later (``offer``), then
            self.notSaved.emit(missed)  # the banner says it, with a button for that
            return
        self.saved.emit(op.about)
        op.report(op.succeeded, result)

    @Slot(object, object, int)
    def _on_failed(self, op_id: Any, message: str, _code: int) -> None:
        op = self._ops.pop(op_id, None)
        self.pendingChanged.emit(len(self._ops))
        if op is not None:
            op.report(op.failed, message)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """On quit: let submitted writes finish (nothing stored is lost), then end the worker thread."""
        self._jobs.wait(timeout_ms)
        return self._jobs.shutdown(timeout_ms)
