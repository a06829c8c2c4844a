"""A player's states (:class:`~ows_desktop.player.controller.PlayerController` moves between them) and where
a recording's picture is held still before its end. No Qt."""

from __future__ import annotations

import enum

# How long before the end of the window (or of the media) playback pauses to hold the picture: libVLC ends a
# recorder's 49 s clip while the time it reports says 47.6 s (measured on the demo's recorder, 2026-12-06, its
# own MP4 demuxer; with libavformat a 30 s one at 29.3 s, 2026-12-07).
END_HOLD_MS = 1500
MEDIA_END_SLACK_MS = 1000  # a media at most this much longer than its window ends with it (no more to see)


class PlayerState(enum.StrEnum):
    IDLE = "idle"
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    NO_VIDEO = "no_video"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


ACTIVE_STATES = frozenset({PlayerState.LOADING, PlayerState.PLAYING, PlayerState.PAUSED})


def hold_from(duration_ms: int | None, length_ms: int, hold_ms: int, rate: float) -> int | None:
    """The media time from which the picture is held: shortly before the end of the window (``duration_ms``),
    or of the media (``length_ms``, 0 while unknown) when it is shorter (a recorder may serve exactly the
    window's range); None without a window."""
    if duration_ms is None:
        return None
    end = min(duration_ms, length_ms) if length_ms > 0 else duration_ms
    held = round(hold_ms * max(1.0, rate))  # libVLC's lag is in wall time: more media at 4×
    return end - min(held, end // 2)  # a very short clip still plays its first half


def media_ends_with_window(duration_ms: int | None, length_ms: int) -> bool:
    """The media ends with its window (a recorder serving exactly the window's range): past the held
    picture there is only libVLC's end. A longer recording plays on past the window."""
    return duration_ms is not None and 0 < length_ms <= duration_ms + MEDIA_END_SLACK_MS


def skip_target(
    base: int, delta_ms: int, state: PlayerState, hold: int | None, ends_there: bool
) -> int | None:
    """Where a skip of ±``delta_ms`` from ``base`` seeks (None: nowhere). Forward, never past the ``hold`` of
    a media that ends with its window, or of one still loading (``ends_there``): quick +5 s presses there
    sought into libVLC's last frames (a torn grey picture, a failed Snapshot, a black tile); and nothing
    after the stream ended."""
    target = max(0, base) + delta_ms
    if delta_ms > 0:
        if state is PlayerState.ENDED:
            return None
        if hold is not None and ends_there:
            if base >= hold - 1:
                return None
            target = min(target, hold - 1)
    return target


__all__ = [
    "ACTIVE_STATES",
    "END_HOLD_MS",
    "MEDIA_END_SLACK_MS",
    "PlayerState",
    "hold_from",
    "media_ends_with_window",
    "skip_target",
]
