"""Which frame a paused, frame-accurate player shows, exactly (on the GUI thread; the controller asks it).

libVLC 3 says nothing of the picture on screen: its time (``get_time``) is a variable it updates about every
280 ms while playing, and not at all when paused, so right after a pause the clock read 0-280 ms behind
the picture (measured with 3.0.24 on the demo's recorder, 2026-12-07: 2 720 ms while frame 73, 2 920 ms,
was shown). So, for a recording opened with ``frame_accurate`` (:mod:`ows_desktop.camera.media`):

- while playing, the controller tells :meth:`StillFrame.saw` each new time libVLC reports, with when it saw
  it; at a pause :meth:`StillFrame.estimate` carries the last one on by the time since (at the rate), which
  named the frame on screen in every measurement (its interval held the estimate);
- the paused picture is then always a frame the controller chose: frame ``i`` covers media time
  ``[i·d, (i+1)·d)`` (``d`` = 1000 / fps) and is shown by a paused seek to its middle, ``i·d + d/2``: with
  libavformat libVLC shows the frame whose interval holds the seek time (at a frame's very start it showed
  the frame before), decoded from the key picture before it. Pause, a frame step either way, a line click
  while paused and a repaint all seek so, and the clock reads ``i·d``, the time of the frame on screen.
- a seek within a few ms of the pause is not shown at all (the old picture stays; measured: at once, never
  with network caching 1 000 ms, always 50 ms later), so the pause's seek waits :data:`SETTLE_MS`; steps
  made meanwhile move the frame it will show.

A recording with B-pictures keeps a limit of libVLC 3: its seek drops the non-reference B pictures decoded
on the way (``skip_frame``), so a paused seek may show a later picture than asked (measured: two frames of
the ffmpeg-encoded sample clips with B-pyramids). Cameras encode without B-pictures, and so do the demo's
clips (resources/clips/README.md)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

UPDATE_MS = 300  # libVLC's time is at most this old while playing (measured: updated every 280 ms)
SETTLE_MS = 150  # after a pause, before the seek that shows the frame (50 ms was enough in every run)
DEFAULT_FPS = 25.0


class _Seekable(Protocol):
    def fps(self) -> float: ...
    def set_time_ms(self, ms: int) -> None: ...


class _Timed(Protocol):
    def fps(self) -> float: ...
    def time_ms(self) -> int: ...


class StillFrame(QObject):
    def __init__(self, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.index: int | None = None  # the frame shown while paused (None: playing, or not known)
        self._seen: tuple[int, float] | None = None  # libVLC's last new time, and when it came
        self._player: _Seekable | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._seek)

    def saw(self, ms: int) -> None:
        """libVLC reported media time ``ms`` just now (a new value while playing, or a seek made)."""
        self.forget()
        self._seen = (ms, self.clock())

    def forget(self) -> None:
        """Playing again, or another stream: no frame held."""
        self.index = None
        self._seen = None
        self._settle.stop()

    def estimate(self, fallback_ms: int, rate: float) -> int:
        """The media time on screen now while playing: the last reported time carried on by the time since
        (at most by one update period: a stalled stream does not advance)."""
        if self._seen is None:
            return fallback_ms
        ms, at = self._seen
        elapsed = min(max(0.0, self.clock() - at) * 1000, UPDATE_MS)
        return round(ms + elapsed * max(rate, 0.0))

    def at_pause(self, player: _Timed, reported_ms: int, fallback_ms: int, rate: float) -> int:
        """The frame on screen as ``player`` was just paused (:meth:`estimate`); ``reported_ms``: the last
        time the poll saw (libVLC's time may have changed since)."""
        if (now := player.time_ms()) >= 0 and now != reported_ms:
            self.saw(now)
        return index_at(self.estimate(max(now, fallback_ms), rate), player.fps())

    def show(self, player: _Seekable, index: int, end_ms: int | None, *, paused_now: bool = False) -> int:
        """Show frame ``index`` (the last one before ``end_ms`` at most) on the paused ``player`` and remember
        it; the media time of that frame (what the clock reads). ``paused_now``: the player was just paused,
        the seek waits :data:`SETTLE_MS` (as does any made while it waits)."""
        fps = player.fps()
        if end_ms:
            index = min(index, index_at(end_ms - 1, fps))
        self.index, self._player = max(0, index), player
        if paused_now:
            self._settle.start()
        elif not self._settle.isActive():
            self._seek()
        return frame_start(self.index, fps)

    def _seek(self) -> None:
        if self._player is not None and self.index is not None:
            self._player.set_time_ms(seek_time(self.index, self._player.fps()))


def frame_ms(fps: float) -> float:
    return 1000.0 / (fps if fps > 0 else DEFAULT_FPS)


def index_at(ms: float, fps: float) -> int:
    """The frame whose interval holds media time ``ms`` (a whole ms: a frame's start is rounded to one)."""
    return max(0, math.floor((ms + 0.5) / frame_ms(fps)))


def seek_time(index: int, fps: float) -> int:
    """The paused seek that shows frame ``index``: the middle of its interval."""
    d = frame_ms(fps)
    return round(index * d + d / 2)


def frame_start(index: int, fps: float) -> int:
    """The media time of frame ``index`` (what the clock reads while it is shown)."""
    return round(index * frame_ms(fps))


__all__ = ["SETTLE_MS", "StillFrame", "frame_ms", "frame_start", "index_at", "seek_time"]
