"""One player's state machine on the GUI thread (the group that keeps the 2×2 grid in sync: .sync_group).

:class:`PlayerController` turns a :class:`~ows_desktop.player.backend.MediaPlayer`'s events into explicit
states (:class:`PlayerState`), polls the media time while playing, pauses at the end of the receipt's window,
gives up on a camera that shows nothing within the unreachable timeout, and asks a
:class:`~ows_desktop.player.probe.FailureProbe` why a stream failed ("no video for this time" vs "cannot
reach camera"). Every libVLC call happens here, on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ows_desktop.camera.media import MediaRequest
from ows_desktop.camera.timeline import PlaybackPlan
from ows_desktop.player import probe as probe_mod
from ows_desktop.player.backend import ENDED, ERROR, PAUSED, PLAYING, VOUT, MediaPlayer
from ows_desktop.player.frame_steps import FrameSteps, FrameTime
from ows_desktop.player.picture_check import decoded_snapshot
from ows_desktop.player.player_state import (
    ACTIVE_STATES,
    END_HOLD_MS,
    PlayerState,
    hold_from,
    media_ends_with_window,
    skip_target,
)
from ows_desktop.player.probe import FailureProbe
from ows_desktop.player.still_frame import StillFrame, index_at

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 40  # when libVLC's time changed, to a frame: the picture at a pause (still_frame.py)
SKIP_MS = 5000
SPEEDS = (0.5, 1.0, 1.5, 2.0, 4.0)
_VERDICTS = {
    probe_mod.NO_VIDEO: PlayerState.NO_VIDEO,
    probe_mod.UNREACHABLE: PlayerState.UNREACHABLE,
    probe_mod.FAILED: PlayerState.FAILED,
}


class PlayerController(QObject):
    stateChanged = Signal(str, str)  # PlayerState value, detail
    positionChanged = Signal(int)  # media time in ms
    firstFrame = Signal()

    def __init__(
        self,
        player: MediaPlayer,
        *,
        probe: FailureProbe | None = None,
        unreachable_timeout_ms: int = 8000,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        clock: Callable[[], float] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._player: MediaPlayer | None = player
        self._still = StillFrame(clock, parent=self) if clock is not None else StillFrame(parent=self)
        self._probe = probe
        self._serial = 0
        self._state = PlayerState.IDLE
        self._detail = ""
        self._request: MediaRequest | None = None
        self._plan: PlaybackPlan | None = None
        self._pending_seek: int | None = None
        self._rate = 1.0
        self._time = -1
        self._reported = -1  # the last time positionChanged carried
        self._shown_frame = False
        self._paused_at_end = False
        self._held = False  # paused by the poll at the held end (not by the person's seek into it)
        self._steps = FrameSteps()  # frames stepped since libVLC last reported a time
        self._timeout_ms = max(1, int(unreachable_timeout_ms))
        player.events.event.connect(self._on_event)
        self._unreachable = QTimer(self)
        self._unreachable.setSingleShot(True)
        self._unreachable.timeout.connect(self._on_unreachable)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_interval_ms)
        self._hold_ms = max(END_HOLD_MS, 2 * poll_interval_ms)  # a poll lands in it before libVLC ends
        self._poll.timeout.connect(self.poll)

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    @property
    def held_at_end(self) -> bool:
        """Paused at the end of the window (a 2×2 group leaves such a member paused)."""
        return self._paused_at_end and self._state is PlayerState.PAUSED

    @property
    def plan(self) -> PlaybackPlan | None:
        return self._plan

    @property
    def request(self) -> MediaRequest | None:
        return self._request

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def shown_frame(self) -> bool:
        return self._shown_frame

    def time_ms(self) -> int:
        """The media time (ms) on screen, -1 before the stream plays (paused on a frame: that frame's)."""
        if self._state is PlayerState.PAUSED and self._still.index is not None:
            return self._time
        if self._player is not None and self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
            now = self._player.time_ms()
            if now >= 0:
                self._time = now
        return self._time

    def shown_time(self) -> FrameTime:
        """The media time of the picture on screen: paused on a frame-accurate recording the frame's own
        (still_frame.py), else frames stepped while paused counted on (frame_steps.py)."""
        if self._state is PlayerState.PAUSED and self._still.index is not None:
            return FrameTime(self._time, self._time, exact=True)
        fps = self._player.fps() if self._player is not None else 0.0
        return self._steps.shown(self.time_ms(), fps, self._state is PlayerState.PAUSED)

    def length_ms(self) -> int:
        """How much video the stream holds (ms); 0 while unknown."""
        return max(0, self._player.length_ms()) if self._player is not None else 0

    @property
    def unreachable_timeout_ms(self) -> int:
        return self._timeout_ms

    @property
    def seekable(self) -> bool:
        return self._plan is not None and self._plan.seekable

    @property
    def released(self) -> bool:
        return self._player is None

    # -- commands ------------------------------------------------------------------------------------------

    def bind(self, handle: int) -> None:
        if self._player is not None:
            self._player.bind(handle)

    def load(self, request: MediaRequest, plan: PlaybackPlan, *, start_ms: int | None = None) -> None:
        """Play ``request`` (replacing whatever played), then seek to ``start_ms`` if given."""
        if self._player is None:
            return
        self._cancel_checks()
        self._request, self._plan = request, plan
        self._pending_seek = start_ms if plan.seekable else None
        self._time = self._reported = -1
        self._shown_frame = self._paused_at_end = self._held = False
        self._steps.forget()
        log.info("Playing %s", request.display_url)
        self._serial = self._player.play(request)
        self._set_state(PlayerState.LOADING)
        self._unreachable.start(self._timeout_ms)

    def stop(self) -> None:
        self._halt()
        self._set_state(PlayerState.IDLE)

    def wait_for_media(self, detail: str) -> None:
        """Nothing to play yet (the camera's password is being read): Loading, saying ``detail``, until
        :meth:`load` (no unreachable timeout: a locked keyring waits for the person to unlock it)."""
        self._halt()
        self._set_state(PlayerState.LOADING, detail)

    def fail(self, detail: str) -> None:
        """It cannot play (the keyring refused the camera's password): Failed, saying why ("Try again")."""
        self._halt()
        self._set_state(PlayerState.FAILED, detail)

    def _halt(self) -> None:
        self._cancel_checks()
        if self._player is not None and self._state is not PlayerState.IDLE:
            self._player.stop()
        self._serial = -1
        self._request, self._plan, self._time = None, None, -1

    def release(self) -> None:
        """Stop and free the player. Must happen before its video surface is destroyed."""
        self._cancel_checks()
        player, self._player = self._player, None
        if player is not None:
            player.events.event.disconnect(self._on_event)
            player.release()
        self._serial = -1

    def set_paused(self, paused: bool) -> None:
        if self._player is None:
            return
        if paused and self._state is PlayerState.PLAYING:
            self._player.set_paused(True)
            self._poll.stop()
            self._set_state(PlayerState.PAUSED)
            if self._accurate():  # the frame on screen, shown anew by a seek: the clock reads its time
                index = self._still.at_pause(self._player, self._reported, self._time, self._rate)
                self._show_still(index, paused_now=True)
        elif not paused and self._state is PlayerState.PAUSED:
            if self._held and self._media_ends_there():
                self.seek_ms(0)  # held at the media's end: Play plays it again (on, libVLC's end went black)
            self._still.forget()
            self._player.set_paused(False)
            self._poll.start()
            self._set_state(PlayerState.PLAYING)
        elif not paused and self._state is PlayerState.ENDED and self._request and self._plan:
            self.load(self._request, self._plan)

    def toggle_pause(self) -> None:
        self.set_paused(self._state is PlayerState.PLAYING)

    def redraw(self) -> None:
        """Show the paused picture again: libVLC does not repaint a paused frame its window lost (under a
        dialog that closed, on a tab shown again), so it is shown anew by a seek to the same time."""
        if self._player is not None and self._state is PlayerState.PAUSED and self.seekable:
            if self._still.index is not None:
                self._show_still(self._still.index)
            else:
                self._player.set_time_ms(self.shown_time().ms)  # the frame stepped to, not the one before

    def seek_ms(self, ms: int) -> bool:
        """Show media time ``ms``; False for a live stream. Before Playing the seek waits for it."""
        if self._player is None or not self.seekable:
            return False
        ms = max(0, int(ms))
        length = self._player.length_ms()
        duration = self._plan.duration_ms if self._plan is not None else None
        end = length if length > 0 else duration  # a stream still loading has no length yet: the window's
        if end:
            ms = min(ms, end - 1)  # +5 s pressed past the end while loading sought past it: "Connecting…"
        if self._state is PlayerState.LOADING:
            self._pending_seek = ms
            return True
        if self._state is PlayerState.ENDED and self._request and self._plan:
            hold = self._hold_from()
            if hold is not None and ms >= hold and self._media_ends_there():
                return False  # at the end already: loading the stream again would only end it again
            self.load(self._request, self._plan, start_ms=ms)
            return True
        if self._state not in ACTIVE_STATES:
            return False
        self._steps.forget()
        hold = self._hold_from()
        self._paused_at_end = hold is not None and ms >= hold  # Play from there plays on to the end
        self._held = False
        if self._state is PlayerState.PAUSED and self._accurate():
            self._show_still(index_at(ms, self._player.fps()))  # the frame at ms, exactly
            return True
        self._player.set_time_ms(ms)
        self._still.saw(ms)
        self._time = self._reported = ms
        self.positionChanged.emit(ms)
        return True

    def skip(self, delta_ms: int) -> bool:
        """±``delta_ms`` from the time shown (:meth:`skip_from`)."""
        return self.skip_from(self.aimed_ms(), delta_ms)

    def aimed_ms(self) -> int:
        """The media time a skip starts from: the seek a loading stream waits to make, else the time shown
        (-1 before either: a 2×2 group's second −5 s while its members reloaded jumped to the start)."""
        if self._state is PlayerState.LOADING and self._pending_seek is not None:
            return self._pending_seek
        return self.time_ms()

    def skip_from(self, base: int, delta_ms: int) -> bool:
        """±``delta_ms`` from ``base`` (a 2×2 group skips every member from its leader's time), forward never
        past the held end (player_state.skip_target)."""
        ends_there = self._state is PlayerState.LOADING or self._media_ends_there()
        target = skip_target(base, delta_ms, self._state, self._hold_from(), ends_there)
        return target is not None and self.seek_ms(target)

    def step_frame(self, direction: int = 1) -> None:
        """One frame forward or back; pauses first. Frame-accurate: the frame next to the one on screen (a
        paused seek, still_frame.py); else libVLC's frame step forward, a seek by one frame back."""
        if self._player is None or self._state not in (PlayerState.PLAYING, PlayerState.PAUSED):
            return
        self.set_paused(True)
        if self._accurate() and self._still.index is not None:
            self._show_still(self._still.index + (1 if direction >= 0 else -1))
        elif direction >= 0:
            before = self.time_ms()
            self._steps.stepped(before)
            self._player.next_frame()
            self._time = self._reported = max(before, self._player.time_ms())
            self.positionChanged.emit(self._time)
        elif self.seekable:
            frame = round(1000 / self._player.fps())
            self.seek_ms(max(0, self.time_ms() - frame))

    def set_rate(self, rate: float) -> None:
        self._rate = float(rate)
        if self._player is not None and self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
            self._player.set_rate(self._rate)

    def _accurate(self) -> bool:
        """Paused seeks show exactly the frame asked for (a recording opened frame-accurate)."""
        return self.seekable and self._request is not None and self._request.frame_accurate

    def _show_still(self, index: int, *, paused_now: bool = False) -> None:
        """Show frame ``index`` (within the media), paused: the clock reads its time."""
        if self._player is not None:
            length = self._player.length_ms()
            end = length if length > 0 else (self._plan.duration_ms if self._plan is not None else None)
            self._time = self._reported = self._still.show(self._player, index, end, paused_now=paused_now)
            self.positionChanged.emit(self._time)

    def snapshot(self, path: Path) -> bool:
        """Save the picture on screen as PNG; False without one, or for the undecoded grey (picture_check)."""
        return self._player is not None and self._shown_frame and decoded_snapshot(self._player, path)

    # -- events --------------------------------------------------------------------------------------------

    @Slot(str, object, int)
    def _on_event(self, kind: str, value: object, serial: int) -> None:
        if serial != self._serial or self._player is None:
            return  # a replaced or stopped stream
        if kind == PLAYING:
            if self._state is PlayerState.LOADING:
                # 1× too: libVLC keeps a player's rate from one stream to the next (measured with real
                # libVLC), so a clip restarted after 4× played at 4× while the picker said 1×
                self._player.set_rate(self._rate)
                if self._pending_seek is not None:
                    seek, self._pending_seek = self._pending_seek, None
                    self._player.set_time_ms(seek)
                    self._time = seek
                    self._still.saw(seek)
                self._poll.start()
                self._set_state(PlayerState.PLAYING)
            elif self._state is PlayerState.PAUSED:
                self._still.forget()
                self._poll.start()
                self._set_state(PlayerState.PLAYING)
        elif kind == PAUSED:
            if self._state is PlayerState.PLAYING:
                self._poll.stop()
                self._set_state(PlayerState.PAUSED)
        elif kind == VOUT:
            if isinstance(value, int) and value > 0 and not self._shown_frame:
                self._shown_frame = True
                self._unreachable.stop()
                self.firstFrame.emit()
        elif kind == ENDED:
            self._poll.stop()
            self._unreachable.stop()
            if self._shown_frame:
                self._set_state(PlayerState.ENDED)
            else:  # libVLC ends a stream it could not even open: ask the camera what happened
                self._diagnose(ended=True)
        elif kind == ERROR:
            self._poll.stop()
            self._unreachable.stop()
            self._diagnose()

    @Slot()
    def poll(self) -> None:
        """Read the media time (the poll timer calls this while playing)."""
        if self._player is None or self._state is not PlayerState.PLAYING:
            return
        now = self._player.time_ms()
        if now < 0 or now == self._reported:
            return
        self._still.saw(now)
        self._time = self._reported = now
        if now > 0 and not self._shown_frame:
            self._unreachable.stop()
        self.positionChanged.emit(now)
        hold = self._hold_from()
        if hold is not None and now >= hold and not self._paused_at_end:
            # the post-roll is over: hold the picture (a poll after libVLC reached the media's end found the
            # tiles black, Snapshot off), the user may play on (or again, when the media ends there)
            self._paused_at_end = self._held = True
            self.set_paused(True)

    def _hold_from(self) -> int | None:
        """Where the picture is held (player_state.hold_from); None without a window or a player."""
        if self._plan is None or self._player is None:
            return None
        return hold_from(self._plan.duration_ms, self._player.length_ms(), self._hold_ms, self._rate)

    def _media_ends_there(self) -> bool:
        length = self._player.length_ms() if self._player is not None else 0
        return media_ends_with_window(self._plan.duration_ms if self._plan is not None else None, length)

    def _diagnose(self, *, ended: bool = False) -> None:
        request = self._request
        if request is None:
            return
        if self._probe is None:
            if ended:
                self._fail_with(probe_mod.NO_VIDEO, self.tr("the stream ended before showing any picture"))
            else:
                self._fail_with(probe_mod.UNREACHABLE, self.tr("the stream could not be opened"))
            return
        serial = self._serial

        def done(verdict: str, detail: str) -> None:
            if serial != self._serial:
                return
            if ended and verdict == probe_mod.FAILED:  # the camera answered: it just had no picture
                verdict, detail = probe_mod.NO_VIDEO, self.tr("the stream ended before showing any picture")
            self._fail_with(verdict, detail)

        self._probe.check(request, done)

    def _fail_with(self, verdict: str, detail: str) -> None:
        state = _VERDICTS.get(verdict, PlayerState.FAILED)
        if self._request is not None:
            log.info("Camera stream %s: %s (%s)", self._request.display_url, state.value, detail)
        self._set_state(state, detail)

    @Slot()
    def _on_unreachable(self) -> None:
        if self._player is None or self._shown_frame or self._state not in ACTIVE_STATES:
            return
        self._poll.stop()
        self._player.stop()
        self._serial = -1
        seconds = self._timeout_ms / 1000
        self._fail_with(
            probe_mod.UNREACHABLE,
            self.tr("no picture from the camera in {seconds:g} s").format(seconds=seconds),
        )

    def _cancel_checks(self) -> None:
        self._still.forget()  # its seek waiting for a pause to settle, too
        self._unreachable.stop()
        self._poll.stop()
        if self._probe is not None:
            self._probe.cancel()

    def _set_state(self, state: PlayerState, detail: str = "") -> None:
        if state == self._state and detail == self._detail:
            return
        self._state, self._detail = state, detail
        self.stateChanged.emit(state.value, detail)
