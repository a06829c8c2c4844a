"""The video pane's states and their texts, what a player slot holds, and how the pane's state follows
from its players. No widgets: :mod:`ows_desktop.player.playback` uses it, the pane shows it."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ows_desktop.player.controller import PlayerController, PlayerState
from ows_desktop.store.cameras import Camera, TerminalMapping


class CameraSource(Protocol):
    """What playback reads about cameras (CameraRepository implements it)."""

    def mapping(self, location: str | None, terminal: str | None) -> TerminalMapping: ...

    def password(self, camera_id: str) -> str | None: ...


class VideoOutput(Protocol):
    """Where a player draws: a native window handle, and a signal when it changes (a VideoSurface)."""

    handleChanged: Any

    def handle(self) -> int: ...

    def fill_black(self) -> None: ...  # where the player does not draw, black (not what was there before)


class PaneState:
    NO_TICKET = "no_ticket"
    NO_CAMERA = "no_camera"
    LIBVLC_MISSING = "libvlc_missing"
    LOADING = PlayerState.LOADING.value
    PLAYING = PlayerState.PLAYING.value
    PAUSED = PlayerState.PAUSED.value
    ENDED = PlayerState.ENDED.value
    IDLE = PlayerState.IDLE.value
    NO_VIDEO = PlayerState.NO_VIDEO.value
    UNREACHABLE = PlayerState.UNREACHABLE.value
    FAILED = PlayerState.FAILED.value
    NO_RECORDING = "no_recording"  # a seek outside the recording: a message, never a stale picture


TITLES = {
    PaneState.NO_TICKET: QT_TRANSLATE_NOOP("pane_states", "Select a receipt to see its video."),
    PaneState.NO_CAMERA: QT_TRANSLATE_NOOP("pane_states", "No camera mapped to this terminal"),
    PaneState.LIBVLC_MISSING: QT_TRANSLATE_NOOP("pane_states", "libVLC not found"),
    PaneState.NO_VIDEO: QT_TRANSLATE_NOOP("pane_states", "No video for this time"),
    PaneState.UNREACHABLE: QT_TRANSLATE_NOOP("pane_states", "Camera unreachable"),
    PaneState.FAILED: QT_TRANSLATE_NOOP("pane_states", "Cannot play this video"),
    PaneState.NO_RECORDING: QT_TRANSLATE_NOOP("pane_states", "No recording"),
}
MESSAGE_STATES = frozenset(TITLES)
VIDEO_STATES = frozenset(
    {PaneState.LOADING, PaneState.PLAYING, PaneState.PAUSED, PaneState.ENDED, PaneState.IDLE}
)


class PlayerSlot:
    """One video output, the player bound to it (created on first use) and the camera it plays."""

    def __init__(self, output: VideoOutput):
        self.output = output
        self.controller: PlayerController | None = None
        self.camera: Camera | None = None


def recorded(plan: Any, pos_time: Any, available_ms: int) -> bool:
    """Whether the recording holds POS time ``pos_time``: not before the window's start, and not past the
    video the recorder sent (``available_ms``; 0 while unknown, then the plan's window decides)."""
    if plan.window_start is None:
        return True
    offset_ms = (pos_time + plan.clock_offset - plan.window_start).total_seconds() * 1000
    limit = available_ms if available_ms > 0 else plan.duration_ms
    return offset_ms >= 0 and (limit is None or offset_ms < limit)


def tile_message(state: str, camera_name: str, detail: str) -> str:
    """What a grid tile (or the single view's tile) says when its camera cannot play."""
    title = QCoreApplication.translate("pane_states", TITLES[state])
    return f"{title}\n{camera_name}: {detail}" if detail else title


def combined_state(active: list[PlayerSlot], *, grid: bool) -> tuple[str, str] | None:
    """The pane's (state, detail) from its active slots: the leader's (the single view, or the grid's
    first tile); in the grid a failure shows in its tile while the pane follows a tile that plays.
    None without an active slot."""
    if not active:
        return None
    leader = active[0].controller
    assert leader is not None
    state, detail = leader.state.value, leader.detail
    if grid:
        playing = [
            s.controller.state.value
            for s in active
            if s.controller is not None and s.controller.state.value in VIDEO_STATES
        ]
        if playing:
            state, detail = playing[0], ""
    if state in MESSAGE_STATES and not grid:
        camera = active[0].camera
        who = f"{camera.name}: " if camera is not None else ""
        return state, (f"{who}{detail}" if detail else "")
    return state, detail
