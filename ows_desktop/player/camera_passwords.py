"""The passwords of the cameras the video plays, read from the keyring off the GUI thread.

A locked or slow Secret Service may take seconds to answer (or wait on its unlock prompt): asked on the GUI
thread it would freeze the window. :class:`CameraPasswords` asks it in a job of the injected runner (the
window's :class:`~ows_desktop.tasks.jobs.JobRunner`) and says when a camera's password is known; the
playback then starts that camera. Answers are kept for the ticket on screen (switching cameras or the grid
does not ask again) and forgotten when another ticket is shown or the mapping is read again (its passwords
may have changed; a read under way for the previous ticket still answers for the next one). A password never leaves this object but to build the camera's media request: it is not
logged, and a refusal carries only the keyring's sentence."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.basics.messages import message_of
from ows_desktop.player.pane_states import CameraSource


class JobSubmitter(Protocol):
    """Runs a callable off the GUI thread and reports to GUI-thread slots (tasks.jobs.JobRunner)."""

    def submit(
        self,
        fn: Callable[[], Any],
        tag: Any = None,
        *,
        succeeded: Callable[..., Any] | None = None,
        failed: Callable[..., Any] | None = None,
        finished: Callable[..., Any] | None = None,
    ) -> Any: ...


class Refusal:
    """The keyring refused (locked, no backend): its reason, for the video to show."""

    def __init__(self, reason: object):
        self.reason = reason


def _read(cameras: CameraSource, camera_id: str) -> str | Refusal | None:
    """In a job: the camera's password. A keyring that refuses is no bug of the app: its sentence is
    shown on the video (no traceback in the log)."""
    try:
        return cameras.password(camera_id)
    except Exception as exc:
        return Refusal(message_of(exc) or type(exc).__name__)


class CameraPasswords(QObject):
    """Signals:
    answered(str): the camera's password is known now (:meth:`get` gives it).
    refused(str, object): the camera id and the keyring's reason (a str or a basics.messages.Message).
    """

    answered = Signal(str)
    refused = Signal(str, object)

    def __init__(self, cameras: CameraSource, jobs: JobSubmitter, parent: QObject | None = None):
        super().__init__(parent)
        self._cameras = cameras
        self._jobs = jobs
        self._known: dict[str, str | None] = {}
        self._asking: set[str] = set()
        self._generation = 0  # answers asked for before the last forget() are dropped

    def known(self, camera_id: str) -> bool:
        return camera_id in self._known

    def get(self, camera_id: str) -> str | None:
        """The camera's password once :meth:`known` (None: the keyring holds none)."""
        return self._known.get(camera_id)

    def ask(self, camera_id: str) -> None:
        """Read the camera's password in a job (once, however often asked before it answers)."""
        if camera_id in self._asking or camera_id in self._known:
            return
        self._asking.add(camera_id)
        self._jobs.submit(
            partial(_read, self._cameras, camera_id),
            (self._generation, camera_id),
            succeeded=self._on_answer,
            failed=self._on_refusal,
        )

    def forget(self, *, asked_too: bool = False) -> None:
        """Another ticket: ask the keyring anew, but a read under way still counts (a locked keyring is asked
        once, not once per receipt moved through, so its waiting reads never fill the runner's threads).
        ``asked_too`` (the mapping was read again: a password may have changed): their answers are dropped."""
        self._known.clear()
        if asked_too:
            self._asking.clear()
            self._generation += 1

    @Slot(object, object)
    def _on_answer(self, tag: Any, password: Any) -> None:
        generation, camera_id = tag
        if generation != self._generation:
            return
        if isinstance(password, Refusal):
            self._on_refusal(tag, password.reason, 0)
            return
        self._asking.discard(camera_id)
        self._known[camera_id] = password if isinstance(password, str) else None
        self.answered.emit(camera_id)

    @Slot(object, object, int)
    def _on_refusal(self, tag: Any, message: Any, _code: int) -> None:
        generation, camera_id = tag
        if generation != self._generation:
            return
        self._asking.discard(camera_id)  # not kept: "Try again" asks again (the keyring may be unlocked)
        self.refused.emit(camera_id, message)
