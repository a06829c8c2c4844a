"""What the video next to the receipt plays, without a widget: which cameras (the terminal's mapping, the
chosen camera, single view or the 2×2 grid), which media (the playback plan and the media request), where
to seek (a receipt line, a POS time, resuming after a camera switch), the pane's state with its error text,
the line on screen and snapshots. :class:`~ows_desktop.ui.video_pane.VideoPane` drives it and only shows
tiles, menus and messages.

It owns one :class:`~ows_desktop.player.controller.PlayerController` per video output ("slot": slot 0 is
the single view, slots 1-4 the grid), created on first use from the injected media backend and bound to the
output's native window handle. Every libVLC call stays in the controllers, on the GUI thread. A camera's
password is read from the keyring in a job of the injected runner, never on the GUI thread: its player
waits (Loading, saying so) and starts when the keyring answered (see
:class:`~ows_desktop.player.camera_passwords.CameraPasswords`).

Signals:
    stateUpdated(str, str): the pane's state (a :class:`PaneState` value) and its detail, after every change
        of what is played (the view may need refreshing even when the state is the same).
    stateChanged(str): the state changed (emitted after ``stateUpdated``).
    camerasChanged(): the mapping, the chosen camera or the grid mode changed (rebuild the picker).
    gridChanged(bool): the grid mode changed.
    viewChanged(str): "single" or "grid": the video page to show while it plays.
    labelChanged(str): the caption above the video (the camera, or "All n cameras…").
    gridFilled(list): captions of the grid's cameras, in tile order (their tiles are in use).
    tileMessage(int, str): slot i shows a message instead of its video.
    tileVideo(int): slot i shows its video.
    currentLineChanged(int): index into ticket.lines on screen now, -1 for none.
    positionChanged(object): the POS time (aware datetime) on screen, or None.
    firstFrameShown(): the leader showed its first picture.
    snapshotSaved(str): path of a saved PNG.
    playerCreated(): a player was created (the pane then watches its window's Close).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.basics.messages import message_of
from ows_desktop.camera.snapshots import save_snapshot
from ows_desktop.camera.timeline import LineTimes, PlaybackPlan
from ows_desktop.ows.model import Ticket
from ows_desktop.player.backend import BackendUnavailable, MediaBackend
from ows_desktop.player.camera_passwords import CameraPasswords, JobSubmitter
from ows_desktop.player.controller import PlayerController, PlayerState
from ows_desktop.player.media_plan import plan_for, request_for
from ows_desktop.player.pane_states import (
    MESSAGE_STATES,
    VIDEO_STATES,
    CameraSource,
    PaneState,
    PlayerSlot,
    VideoOutput,
    combined_state,
    recorded,
    tile_message,
)
from ows_desktop.player.probe import FailureProbe, NetworkFailureProbe
from ows_desktop.player.sync_group import SyncGroup
from ows_desktop.store.cameras import Camera, TerminalMapping

log = logging.getLogger(__name__)

GRID_SIZE = 4


class Playback(QObject):
    stateUpdated = Signal(str, object)  # the detail: a str, or a basics.messages.Message (libVLC missing)
    stateChanged = Signal(str)
    camerasChanged = Signal()
    gridChanged = Signal(bool)
    viewChanged = Signal(str)
    labelChanged = Signal(str)
    gridFilled = Signal(list)
    tileMessage = Signal(int, str)
    tileVideo = Signal(int)
    currentLineChanged = Signal(int)
    positionChanged = Signal(object)
    firstFrameShown = Signal()
    snapshotSaved = Signal(str)
    playerCreated = Signal()

    def __init__(
        self,
        backend: MediaBackend,
        cameras: CameraSource,
        settings: Any,
        outputs: list[VideoOutput],
        *,
        jobs: JobSubmitter,
        probe_factory: Callable[[QObject], FailureProbe] | None = None,
        snapshot_dir: Path | None = None,
        parent: QObject | None = None,
    ):
        """``outputs``: the single view's output, then the grid's ``GRID_SIZE`` outputs; ``jobs``: runs the
        keyring reads off the GUI thread (the window's JobRunner)."""
        super().__init__(parent)
        self._backend = backend
        self._cameras = cameras
        self._settings = settings
        self._probe_factory = probe_factory or (lambda parent: NetworkFailureProbe(parent=parent))
        self.snapshot_dir = snapshot_dir
        self.snapshot_record: Callable[[Any], object] | None = (
            None  # a snapshot's audit entry (snapshot_audit)
        )
        self.slots = [PlayerSlot(output) for output in outputs]
        self._ticket: Ticket | None = None
        self._mapping: TerminalMapping | None = None
        self._camera: Camera | None = None
        self._line_times = LineTimes([])
        self._current_line = -1
        self._state = PaneState.NO_TICKET
        self._detail = ""
        self._grid = False
        self._rate = 1.0
        self.group = SyncGroup(parent=self)
        self._passwords = CameraPasswords(cameras, jobs, parent=self)
        self._passwords.answered.connect(self._on_password)
        self._passwords.refused.connect(self._on_password_refused)
        self._waiting: dict[int, datetime | None] = {}  # slot -> where to resume, until its password comes

    # -- what is shown -------------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    @property
    def ticket(self) -> Ticket | None:
        return self._ticket

    @property
    def mapping(self) -> TerminalMapping | None:
        return self._mapping

    @property
    def camera(self) -> Camera | None:
        return self._camera

    @property
    def grid(self) -> bool:
        return self._grid

    @property
    def current_line(self) -> int:
        return self._current_line

    @property
    def single(self) -> PlayerSlot:
        return self.slots[0]

    @property
    def grid_slots(self) -> list[PlayerSlot]:
        return self.slots[1:]

    def leader(self) -> PlayerController | None:
        """The controller whose time drives the line highlight (the single view, or the grid's first tile)."""
        if self._grid:
            return self.grid_slots[0].controller if self._mapping and self._mapping.cameras else None
        return self.single.controller

    def controllers(self) -> list[PlayerController]:
        slots = self.grid_slots if self._grid else [self.single]
        return [s.controller for s in slots if s.controller is not None and s.camera is not None]

    def plan(self) -> PlaybackPlan | None:
        leader = self.leader()
        return leader.plan if leader is not None else None

    def camera_text(self, camera: Camera) -> str:
        primary = self._mapping is not None and camera.id == self._mapping.primary_id
        return self.tr("★ {name} (primary)").format(name=camera.name) if primary else camera.name

    # -- commands ------------------------------------------------------------------------------------------

    def show_ticket(self, ticket: Ticket | None) -> None:
        """Show the video for ``ticket`` (None: nothing selected) in Preferences ▸ Video's default layout: the
        terminal's primary camera, or all its cameras in the 2×2 grid."""
        self._ticket = ticket
        self._line_times = LineTimes.of_ticket(ticket) if ticket is not None else LineTimes([])
        self._set_line(-1)
        self._camera = None
        self._passwords.forget()
        if (grid := self._settings.get("video/default_layout") == "grid") != self._grid:
            self._grid = grid  # _start stops what played before
            self.gridChanged.emit(grid)
        self._start()

    def reload(self) -> None:
        """Read the terminal's mapping again and restart (after the mapping changed, or "Try again")."""
        self._passwords.forget(asked_too=True)  # a password may have changed with the mapping
        self._start(keep_camera=True)

    def set_camera(self, camera_id: str) -> bool:
        """Play another of the terminal's cameras (single view), from the moment on screen."""
        if self._mapping is None:
            return False
        camera = next((c for c in self._mapping.cameras if c.id == camera_id), None)
        if camera is None:
            return False
        resume_at = self._leader_pos_time()
        self._camera = camera
        if self._grid:
            self.set_grid(False)  # plays self._camera
        else:
            self._play_single(resume_at)
        self.camerasChanged.emit()
        return True

    def set_grid(self, on: bool) -> None:
        if on == self._grid:
            return
        resume_at = self._leader_pos_time()
        self._stop_all()
        self._grid = on
        self.gridChanged.emit(on)
        if self._state in VIDEO_STATES or self._state in (
            PaneState.NO_VIDEO,
            PaneState.UNREACHABLE,
            PaneState.FAILED,
        ):
            if self._grid:
                self._play_grid(resume_at)
            else:
                self._play_single(resume_at)

    def seek_to_line(self, index: int) -> bool:
        """The user clicked line ``index`` of the ticket: show the video at its time."""
        moment = self._line_times.time_of(index)
        if moment is None:
            return False
        return self.seek_to_time(moment)

    def seek_to_time(self, pos_time: datetime) -> bool:
        """Show the video at POS time ``pos_time`` (False for a live camera or no video)."""
        leader = self.leader()
        plan = leader.plan if leader is not None else None
        if plan is None or not plan.seekable:
            return False
        ms = plan.media_ms(pos_time)
        if ms is None:
            return False
        if not recorded(plan, pos_time, leader.length_ms() if leader is not None else 0):
            if leader is not None and leader.state is PlayerState.PLAYING:
                leader.toggle_pause()  # hold still under the message; the next line click plays on
            self._set_state(
                PaneState.NO_RECORDING,
                self.tr("No recording at {time_text} on this camera").format(
                    time_text=self.time_text(pos_time)
                ),
            )
            return False
        if self._state == PaneState.NO_RECORDING and leader is not None:
            self._set_state(leader.state.value, leader.detail)
        if self._grid:
            self.group.seek_ms(ms)
            ok = True
        else:
            ok = leader.seek_ms(ms) if leader is not None else False
        if ok:
            self._on_position(ms)
        return ok

    def time_text(self, moment: datetime) -> str:
        """How a POS time is named in messages (the pane sets its clock's format)."""
        return moment.strftime("%H:%M:%S UTC")

    def _transport(self) -> SyncGroup | PlayerController | None:
        """Where transport commands go: the grid's group, or the single view's player."""
        return self.group if self._grid else self.single.controller

    def toggle_pause(self) -> None:
        if (target := self._transport()) is not None:
            target.toggle_pause()

    def skip(self, delta_ms: int) -> None:
        if (target := self._transport()) is not None:
            target.skip(delta_ms)

    def step_frame(self, direction: int = 1) -> None:
        if (target := self._transport()) is not None:
            target.step_frame(direction)

    def set_rate(self, rate: float) -> None:
        self._rate = float(rate)
        for slot in self.slots:
            if slot.controller is not None:
                slot.controller.set_rate(self._rate)

    def snapshot(self, path: Path | None = None, tile: int = 0) -> Path | None:
        """Save the current picture (the single view, or grid tile ``tile``) as PNG with its JSON sidecar
        (see :func:`~ows_desktop.camera.snapshots.save_snapshot`); None without a picture."""
        source = (self.grid_slots[tile] if self._grid else self.single) if 0 <= tile < GRID_SIZE else None
        if source is None or source.controller is None or source.camera is None:
            return None
        saved = save_snapshot(
            source.controller,
            source.camera.id,
            source.camera.name,
            ticket_key=self._ticket.key if self._ticket is not None else "video",
            clock_offset=self._mapping.clock_offset_seconds if self._mapping is not None else None,
            folder=self.snapshot_dir,
            path=path,
            record=self.snapshot_record if self._ticket is not None else None,
        )
        if saved is not None:
            self.snapshotSaved.emit(str(saved))
        return saved

    def shutdown(self) -> None:
        """Stop and release every player (their native windows must still exist). Idempotent; players are
        created again if playback is used afterwards."""
        self.group.clear()
        self._waiting.clear()
        for slot in self.slots:
            if slot.controller is not None:
                slot.controller.release()
                slot.controller.deleteLater()
                slot.controller = None
            slot.camera = None

    # -- playing -------------------------------------------------------------------------------------------

    def _start(self, keep_camera: bool = False) -> None:
        resume_at = self._leader_pos_time() if keep_camera else None
        self._stop_all()
        ticket = self._ticket
        if ticket is None:
            self._mapping = None
            self.camerasChanged.emit()
            self._set_state(PaneState.NO_TICKET)
            return
        try:
            self._mapping = self._cameras.mapping(ticket.location or "", ticket.terminal or "")
        except Exception as exc:  # the store failed: say so in the pane, the receipt still shows
            log.warning("Could not read the camera mapping: %s", exc)
            self._mapping = None
            self.camerasChanged.emit()
            self._set_state(
                PaneState.FAILED, self.tr("The camera mapping could not be read: {exc}").format(exc=exc)
            )
            return
        if not self._mapping.cameras:
            self._camera = None
            self.camerasChanged.emit()
            where = self.tr("terminal {value}").format(value=ticket.terminal or "?") + (
                self.tr(" at {location}").format(location=ticket.location) if ticket.location else ""
            )
            self._set_state(
                PaneState.NO_CAMERA,
                self.tr("Map up to 4 cameras to {where} to see its video here.").format(where=where),
            )
            return
        if not keep_camera or self._camera is None or self._camera.id not in self._mapping.camera_ids:
            self._camera = self._mapping.primary or self._mapping.cameras[0]
        else:
            self._camera = next(c for c in self._mapping.cameras if c.id == self._camera.id)
        self.camerasChanged.emit()
        availability = self._backend.availability()
        if not availability.ok:
            self._set_state(PaneState.LIBVLC_MISSING, availability.message)
            return
        if self._grid:
            self._play_grid(resume_at)
        else:
            self._play_single(resume_at)

    def _load(self, index: int, camera: Camera, resume_at: datetime | None) -> bool:
        slot = self.slots[index]
        controller = self._controller_for(index)
        if controller is None:
            return False
        slot.camera = camera
        self._waiting.pop(index, None)
        try:
            plan = plan_for(camera, self._ticket, self._mapping, self._settings)
        except Exception as exc:  # a bad template in the store
            log.warning("Cannot play camera %s: %s", camera.id, exc)
            self.tileMessage.emit(
                index, self.tr("{name}\nCannot play: {exc}").format(name=camera.name, exc=exc)
            )
            controller.stop()
            return False
        if camera.has_password and not self._passwords.known(camera.id):
            self._waiting[index] = resume_at
            controller.wait_for_media(self.tr("Reading the camera's password from the keyring…"))
            self._passwords.ask(camera.id)
            return True
        request = request_for(plan, self._passwords.get(camera.id), self._settings)
        start_ms = plan.media_ms(resume_at) if resume_at is not None else None
        self.tileVideo.emit(index)
        controller.set_rate(self._rate)
        controller.load(request, plan, start_ms=start_ms)
        return True

    @Slot(str)
    def _on_password(self, camera_id: str) -> None:
        """The keyring answered: the players waiting for this camera start (where they were to start)."""
        for index, resume_at in list(self._waiting.items()):
            camera = self.slots[index].camera
            if camera is not None and camera.id == camera_id:
                self._load(index, camera, resume_at)

    @Slot(str, object)
    def _on_password_refused(self, camera_id: str, reason: object) -> None:
        """The keyring refused: the camera's players fail with its reason ("Try again" asks it again)."""
        for index in list(self._waiting):
            camera, controller = self.slots[index].camera, self.slots[index].controller
            if camera is not None and camera.id == camera_id and controller is not None:
                del self._waiting[index]
                log.warning("Cannot play camera %s: %s", camera.id, reason)
                controller.fail(str(reason))

    def _play_single(self, resume_at: datetime | None = None) -> None:
        camera = self._camera
        if camera is None:
            return
        self.viewChanged.emit("single")
        self.labelChanged.emit(self.camera_text(camera))
        if self._load(0, camera, resume_at):
            self.group.set_members([self.single.controller] if self.single.controller else [])
            self._sync_state()

    def _play_grid(self, resume_at: datetime | None = None) -> None:
        mapping = self._mapping
        if mapping is None:
            return
        self.viewChanged.emit("grid")
        cameras = mapping.picker_order()[:GRID_SIZE]
        self.labelChanged.emit(
            self.tr("All {cameras_count} cameras of the terminal").format(cameras_count=len(cameras))
        )
        self.gridFilled.emit([self.camera_text(c) for c in cameras])
        members: list[PlayerController] = []
        for i, camera in enumerate(cameras):
            slot = self.grid_slots[i]
            if self._load(i + 1, camera, resume_at) and slot.controller is not None:
                members.append(slot.controller)
        self.group.set_members(members)
        self._sync_state()

    def _controller_for(self, index: int) -> PlayerController | None:
        slot = self.slots[index]
        if slot.controller is not None:
            return slot.controller
        try:
            player = self._backend.create_player()
        except BackendUnavailable as exc:
            self._set_state(PaneState.LIBVLC_MISSING, message_of(exc))  # the pane shows it in its language
            return None
        controller = PlayerController(
            player,
            probe=self._probe_factory(self),
            unreachable_timeout_ms=int(
                float(self._settings.get("player/unreachable_timeout_seconds")) * 1000
            ),
            parent=self,
        )
        controller.bind(slot.output.handle())
        slot.output.handleChanged.connect(controller.bind)
        controller.stateChanged.connect(lambda state, detail, i=index: self._on_slot_state(i, state, detail))
        controller.positionChanged.connect(lambda ms, c=controller: self._on_slot_position(c, ms))
        controller.firstFrame.connect(lambda c=controller: self._on_slot_first_frame(c))
        controller.firstFrame.connect(slot.output.fill_black)  # libVLC's window exists now
        slot.controller = controller
        self.playerCreated.emit()
        return controller

    def _stop_all(self) -> None:
        self.group.clear()
        self._waiting.clear()
        for slot in self.slots:
            if slot.controller is not None:
                slot.controller.stop()
            slot.camera = None

    # -- player events -------------------------------------------------------------------------------------

    def _active_slots(self) -> list[PlayerSlot]:
        slots = self.grid_slots if self._grid else [self.single]
        return [s for s in slots if s.camera is not None and s.controller is not None]

    def _on_slot_state(self, index: int, state: str, detail: str) -> None:
        camera = self.slots[index].camera
        if camera is None:
            return
        if state in MESSAGE_STATES:
            self.tileMessage.emit(index, tile_message(state, camera.name, detail))
        elif state != PaneState.IDLE:
            self.tileVideo.emit(index)
        self._sync_state()

    def _on_slot_position(self, controller: PlayerController, ms: int) -> None:
        if controller is self.leader():
            self._on_position(ms)

    def _on_slot_first_frame(self, controller: PlayerController) -> None:
        if controller is self.leader():
            self.firstFrameShown.emit()

    def _sync_state(self) -> None:
        """The pane's state from its players (see :func:`~ows_desktop.player.pane_states.combined_state`)."""
        shown = combined_state(self._active_slots(), grid=self._grid)
        if shown is not None:
            self._set_state(*shown)

    def _on_position(self, ms: int) -> None:
        plan = self.plan()
        moment = plan.pos_time(ms) if plan is not None else None
        self.positionChanged.emit(moment)
        self._set_line(self._line_times.line_at(moment) if moment is not None else -1)

    def _set_line(self, index: int) -> None:
        if index != self._current_line:
            self._current_line = index
            self.currentLineChanged.emit(index)

    def _leader_pos_time(self) -> datetime | None:
        leader = self.leader()
        if (
            leader is None
            or leader.plan is None
            or leader.state not in (PlayerState.PLAYING, PlayerState.PAUSED)
        ):
            return None
        return leader.plan.pos_time(leader.time_ms())

    def _set_state(self, state: str, detail: str = "") -> None:
        changed = (state, detail) != (self._state, self._detail)
        self._state, self._detail = state, detail
        self.stateUpdated.emit(state, detail)
        if changed:
            self.stateChanged.emit(state)
