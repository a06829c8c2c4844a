"""A scriptable media backend for tests: records every call and emits events only when told to.

Everything happens on the calling (GUI) thread, synchronously: a test calls ``player.emit("playing")`` or
``player.advance(500)`` where libVLC would have called back, and no timing is involved."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from ows_desktop.camera.media import MediaRequest
from ows_desktop.player.backend import (
    ENDED,
    ERROR,
    PAUSED,
    PLAYING,
    VOUT,
    Availability,
    BackendUnavailable,
    PlayerEvents,
)


def _png_1x1() -> bytes:
    """A 1×1 black PNG: what the fake writes as a snapshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
        + chunk(b"IEND", b"")
    )


class FakeMediaPlayer:
    def __init__(self, backend: FakeMediaBackend, index: int):
        self.backend = backend
        self.index = index
        self.events = PlayerEvents()
        self.calls: list[tuple[str, Any]] = []
        self.requests: list[MediaRequest] = []
        self.handle: int | None = None
        self.serial = 0
        self.time = -1
        self.length = -1
        self.rate = 1.0
        self.paused = False
        self.playing = False
        self.released = False
        self.frames_stepped = 0
        self.frame_rate = 25.0
        self.step_reports_time = True  # False: as libVLC 3, a frame step leaves the reported time as it was

    # -- the protocol --------------------------------------------------------------------------------------

    def _check(self) -> None:
        if self.released:
            raise AssertionError("a released player was used")

    def bind(self, window_handle: int) -> None:
        self._check()
        self.handle = int(window_handle)
        self.calls.append(("bind", self.handle))

    def play(self, request: MediaRequest) -> int:
        self._check()
        self.serial += 1
        self.requests.append(request)
        self.calls.append(("play", request.display_url))
        self.time, self.paused, self.playing = -1, False, False
        return self.serial

    def set_paused(self, paused: bool) -> None:
        self._check()
        self.paused = paused
        self.calls.append(("pause" if paused else "resume", None))

    def stop(self) -> None:
        self._check()
        self.serial += 1
        self.playing = False
        self.calls.append(("stop", None))

    def release(self) -> None:
        if not self.released:
            self.calls.append(("release", None))
            self.backend.released.append(self.index)
        self.released = True

    def time_ms(self) -> int:
        return self.time

    def length_ms(self) -> int:
        return self.length

    def set_time_ms(self, ms: int) -> None:
        self._check()
        self.time = max(0, int(ms))
        self.calls.append(("seek", self.time))

    def set_rate(self, rate: float) -> None:
        self._check()
        self.rate = rate
        self.calls.append(("rate", rate))

    def next_frame(self) -> None:
        self._check()
        self.frames_stepped += 1
        if self.step_reports_time:
            self.time = max(0, self.time) + int(1000 / self.frame_rate)
        self.calls.append(("next_frame", None))

    def fps(self) -> float:
        return self.frame_rate

    def snapshot(self, path: Path) -> bool:
        self._check()
        self.calls.append(("snapshot", str(path)))
        if self.time < 0:
            return False
        Path(path).write_bytes(_png_1x1())
        return True

    # -- test helpers ----------------------------------------------------------------------------------------

    def emit(self, kind: str, value: Any = None, serial: int | None = None) -> None:
        """What libVLC would report (for the current stream unless ``serial`` says otherwise)."""
        if kind == PLAYING:
            self.playing, self.paused = True, False
            self.time = max(self.time, 0)
        elif kind == PAUSED:
            self.paused = True
        elif kind in (ENDED, ERROR):
            self.playing = False
        self.events.event.emit(kind, value, self.serial if serial is None else serial)

    def start(self, time_ms: int = 0) -> None:
        """Reach Playing and show the first picture."""
        self.emit(PLAYING)
        self.time = time_ms
        self.emit(VOUT, 1)

    def advance(self, ms: int) -> None:
        self.time = max(0, self.time) + ms

    def last_request(self) -> MediaRequest:
        return self.requests[-1]

    def call_names(self) -> list[str]:
        return [name for name, _ in self.calls]


class FakeMediaBackend:
    def __init__(self, available: bool = True, message: str = "libVLC not found (test). Install VLC."):
        self._available = available
        self._message = message
        self.players: list[FakeMediaPlayer] = []
        self.released: list[int] = []
        self.closed = False

    def availability(self) -> Availability:
        return Availability(self._available, "" if self._available else self._message)

    def create_player(self) -> FakeMediaPlayer:
        if not self._available:
            raise BackendUnavailable(self._message)
        player = FakeMediaPlayer(self, len(self.players))
        self.players.append(player)
        return player

    def close(self) -> None:
        self.closed = True
