"""The media backend the player controller drives: libVLC in the app (:mod:`.libvlc`), a fake in tests
(:mod:`.fake`).

A :class:`MediaPlayer`'s only way to report anything is its :attr:`~MediaPlayer.events` object's ``event``
signal, ``(kind, value, serial)``: libVLC calls back from its own threads and is not re-entrant, so its
callbacks do nothing but emit, and Qt queues the signal to the GUI thread where the controller calls libVLC
again. ``serial`` is the number of the :meth:`~MediaPlayer.play` call the event belongs to, so events of a
replaced stream are recognised and dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from ows_desktop.camera.media import MediaRequest

# Event kinds
OPENING = "opening"
BUFFERING = "buffering"
PLAYING = "playing"
PAUSED = "paused"
STOPPED = "stopped"
ENDED = "ended"
ERROR = "error"
VOUT = "vout"  # value: number of video outputs (≥ 1: the first picture is being shown)


class PlayerEvents(QObject):
    """Carries a player's events to the GUI thread. ``event(kind, value, serial)``."""

    event = Signal(str, object, int)


@dataclass(frozen=True)
class Availability:
    ok: bool
    message: str = ""  # when not ok: what is missing and what to install


class BackendUnavailable(RuntimeError):
    """The media backend cannot play (libVLC missing or broken); the message says what to install."""


class MediaPlayer(Protocol):
    events: PlayerEvents

    def bind(self, window_handle: int) -> None:
        """Render into this native window (X11 window id, HWND or NSView)."""

    def play(self, request: MediaRequest) -> int:
        """Replace the current stream with ``request`` and start it; returns the new serial."""

    def set_paused(self, paused: bool) -> None: ...

    def stop(self) -> None: ...

    def release(self) -> None:
        """Stop and free the player; no event is emitted afterwards. Call before its window goes away."""

    def time_ms(self) -> int:
        """Current media time in ms, or -1 when unknown."""

    def length_ms(self) -> int: ...

    def set_time_ms(self, ms: int) -> None: ...

    def set_rate(self, rate: float) -> None: ...

    def next_frame(self) -> None: ...

    def fps(self) -> float: ...

    def snapshot(self, path: Path) -> bool:
        """Write the current picture to ``path`` as PNG; False when there is no picture."""


class MediaBackend(Protocol):
    def availability(self) -> Availability: ...

    def create_player(self) -> MediaPlayer:
        """A new player (raises BackendUnavailable)."""

    def close(self) -> None:
        """Free the backend (after every player was released)."""
