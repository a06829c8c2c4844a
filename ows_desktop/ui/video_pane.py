"""The video next to the receipt: camera picker, video surface (or a 2×2 grid), transport and explicit states.

Give it a receipt with :meth:`VideoPane.show_ticket`: it looks up the terminal's cameras, and plays the
primary camera from the ticket's start minus the pre-roll through the camera's playback template (or its
live URL when it has none). Receipt hooks: :meth:`VideoPane.seek_to_line` / :meth:`VideoPane.seek_to_time`
("the user clicked line i"), and :attr:`VideoPane.currentLineChanged` ("line i is on screen now", -1 for
none) while it plays.

Everything it needs is injected: the media backend (libVLC or a fake), a camera source (the
:class:`~ows_desktop.store.cameras.CameraRepository`), the settings, a failure probe factory and the
snapshot folder. Call :meth:`VideoPane.shutdown` before the window goes away: libVLC must stop and
release its players while their native windows still exist (the pane also does it when its top-level window
receives Close)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.camera.media import build_media_request
from ows_desktop.camera.snapshots import SnapshotInfo, snapshot_path, write_sidecar
from ows_desktop.camera.timeline import LineTimes, PlaybackPlan, plan_playback
from ows_desktop.ows.model import Ticket
from ows_desktop.player.backend import BackendUnavailable, MediaBackend
from ows_desktop.player.controller import SKIP_MS, SPEEDS, PlayerController, PlayerState, SyncGroup
from ows_desktop.player.probe import FailureProbe, NetworkFailureProbe
from ows_desktop.player.surface import VideoSurface
from ows_desktop.store.cameras import Camera, TerminalMapping

log = logging.getLogger(__name__)

GRID_SIZE = 4


class CameraSource(Protocol):
    """What the pane reads about cameras (CameraRepository implements it)."""

    def mapping(self, location: str | None, terminal: str | None) -> TerminalMapping: ...

    def password(self, camera_id: str) -> str | None: ...


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


TITLES = {
    PaneState.NO_TICKET: "Select a receipt to see its video.",
    PaneState.NO_CAMERA: "No camera mapped to this terminal",
    PaneState.LIBVLC_MISSING: "libVLC not found",
    PaneState.NO_VIDEO: "No video for this time",
    PaneState.UNREACHABLE: "Cannot reach camera",
    PaneState.FAILED: "Cannot play this video",
}
MESSAGE_STATES = frozenset(TITLES)
VIDEO_STATES = frozenset(
    {PaneState.LOADING, PaneState.PLAYING, PaneState.PAUSED, PaneState.ENDED, PaneState.IDLE}
)


def camera_icon(color: QColor, size: int = 32) -> QIcon:
    """A small video-camera glyph for the picker button."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(color, size / 16))
    p.setBrush(color)
    s = size / 32
    p.drawRoundedRect(QRectF(3 * s, 9 * s, 18 * s, 14 * s), 3 * s, 3 * s)
    lens = QPainterPath()
    lens.moveTo(QPointF(22 * s, 14 * s))
    lens.lineTo(QPointF(29 * s, 10 * s))
    lens.lineTo(QPointF(29 * s, 22 * s))
    lens.lineTo(QPointF(22 * s, 18 * s))
    lens.closeSubpath()
    p.drawPath(lens)
    p.end()
    return QIcon(pixmap)


def format_offset(delta: timedelta) -> str:
    total = int(delta.total_seconds())
    sign = "−" if total < 0 else "+"
    total = abs(total)
    return f"{sign}{total // 60}:{total % 60:02d}"


class _Tile(QWidget):
    """One video: a native surface, a caption, and a message page when it cannot play."""

    def __init__(self, name: str, parent: QWidget | None = None, caption: bool = True):
        super().__init__(parent)
        self.surface = VideoSurface(self, name)
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}Message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.surface)
        self.stack.addWidget(self.message)
        self.caption = QLabel(self)
        self.caption.setObjectName(f"{name}Caption")
        self.caption.setVisible(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.caption)
        self.controller: PlayerController | None = None
        self.camera: Camera | None = None

    def show_video(self) -> None:
        self.stack.setCurrentWidget(self.surface)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)


class VideoPane(QWidget):
    stateChanged = Signal(str)  # a PaneState value
    currentLineChanged = Signal(int)  # index into ticket.lines at the current video time, -1 for none
    positionChanged = Signal(object)  # the POS time (aware datetime) on screen, or None (live)
    mapCameraRequested = Signal(str, str)  # location, terminal: open the mapping panel for it
    snapshotSaved = Signal(str)  # path of the PNG
    firstFrameShown = Signal()

    def __init__(
        self,
        backend: MediaBackend,
        cameras: CameraSource,
        settings: Any,
        *,
        probe_factory: Callable[[QObject], FailureProbe] | None = None,
        snapshot_dir: Path | None = None,
        tz: tzinfo | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("videoPane")
        self._backend = backend
        self._cameras = cameras
        self._settings = settings
        self._probe_factory = probe_factory or (lambda parent: NetworkFailureProbe(parent=parent))
        self._snapshot_dir = snapshot_dir
        self._tz = tz
        self._ticket: Ticket | None = None
        self._mapping: TerminalMapping | None = None
        self._camera: Camera | None = None
        self._line_times = LineTimes([])
        self._current_line = -1
        self._state = PaneState.NO_TICKET
        self._detail = ""
        self._grid = False
        self._rate = 1.0
        self._backend_error: str | None = None
        self._watched: QWidget | None = None
        self._group = SyncGroup(parent=self)

        self._build()
        self._set_state(PaneState.NO_TICKET)

    # -- construction ------------------------------------------------------------------------------------

    def _build(self) -> None:
        style = self.style()
        self.picker = QToolButton(self)
        self.picker.setObjectName("cameraPicker")
        self.picker.setIcon(camera_icon(self.palette().color(QPalette.ColorRole.ButtonText)))
        self.picker.setIconSize(QSize(20, 20))
        self.picker.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.picker.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.picker.setToolTip("Choose the camera (the terminal's primary camera is marked ★)")
        self.picker_menu = QMenu(self.picker)
        self.picker.setMenu(self.picker_menu)
        self.grid_button = QToolButton(self)
        self.grid_button.setObjectName("gridButton")
        self.grid_button.setText("2×2")
        self.grid_button.setCheckable(True)
        self.grid_button.setToolTip("Show all of the terminal's cameras at once, in sync")
        self.grid_button.toggled.connect(self.set_grid)
        self.camera_label = QLabel(self)
        self.camera_label.setObjectName("cameraLabel")
        self.camera_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.picker)
        header.addWidget(self.camera_label, 1)
        header.addWidget(self.grid_button)

        # message page
        self.message_page = QWidget(self)
        self.message_title = QLabel(self.message_page)
        self.message_title.setObjectName("videoMessageTitle")
        self.message_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_title.setWordWrap(True)
        font = self.message_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.message_title.setFont(font)
        self.message_detail = QLabel(self.message_page)
        self.message_detail.setObjectName("videoMessageDetail")
        self.message_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_detail.setWordWrap(True)
        self.message_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.map_button = QPushButton("Map a camera to this terminal…", self.message_page)
        self.map_button.setObjectName("mapCameraButton")
        self.map_button.clicked.connect(self._request_mapping)
        self.retry_button = QPushButton("Try again", self.message_page)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self.reload)
        msg = QVBoxLayout(self.message_page)
        msg.addStretch(1)
        msg.addWidget(self.message_title)
        msg.addWidget(self.message_detail)
        for button in (self.map_button, self.retry_button):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            row.addStretch(1)
            msg.addLayout(row)
        msg.addStretch(1)

        # single video and grid
        self.single = _Tile("videoSurface", self, caption=False)
        self.grid_page = QWidget(self)
        grid = QGridLayout(self.grid_page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.tiles = [_Tile(f"gridSurface{i}", self.grid_page) for i in range(GRID_SIZE)]
        for i, tile in enumerate(self.tiles):
            grid.addWidget(tile, i // 2, i % 2)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message_page)
        self.stack.addWidget(self.single)
        self.stack.addWidget(self.grid_page)
        self.single.surface.doubleClicked.connect(lambda: self.grid_button.setChecked(True))

        # transport
        def tool(
            name: str, tip: str, icon: QStyle.StandardPixmap | None = None, text: str = ""
        ) -> QToolButton:
            button = QToolButton(self)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            if icon is not None:
                button.setIcon(style.standardIcon(icon))
            if text:
                button.setText(text)
                button.setToolButtonStyle(
                    Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                    if icon
                    else Qt.ToolButtonStyle.ToolButtonTextOnly
                )
            return button

        sp = QStyle.StandardPixmap
        self.back_button = tool("back5Button", "Back 5 seconds", sp.SP_MediaSeekBackward, "5 s")
        self.play_button = tool("playPauseButton", "Play / pause", sp.SP_MediaPause)
        self.forward_button = tool("forward5Button", "Forward 5 seconds", sp.SP_MediaSeekForward, "5 s")
        self.frame_back_button = tool("frameBackButton", "Previous frame", None, "◀|")
        self.frame_button = tool("frameStepButton", "Next frame", None, "|▶")
        self.snapshot_button = tool(
            "snapshotButton", "Save the picture as PNG", sp.SP_DialogSaveButton, "Snapshot"
        )
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_MS))
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_MS))
        self.play_button.clicked.connect(self.toggle_pause)
        self.frame_back_button.clicked.connect(lambda: self.step_frame(-1))
        self.frame_button.clicked.connect(lambda: self.step_frame(1))
        self.snapshot_button.clicked.connect(lambda: self.snapshot())
        self.speed = QComboBox(self)
        self.speed.setObjectName("speedBox")
        self.speed.setToolTip("Playback speed")
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(lambda i: self.set_rate(self.speed.itemData(i)))
        self.time_label = QLabel(self)
        self.time_label.setObjectName("videoTime")
        self.time_label.setMinimumWidth(120)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        transport = QHBoxLayout()
        transport.setContentsMargins(0, 0, 0, 0)
        transport.setSpacing(2)
        for w in (
            self.back_button,
            self.play_button,
            self.forward_button,
            self.frame_back_button,
            self.frame_button,
            self.speed,
            self.snapshot_button,
        ):
            transport.addWidget(w)
        transport.addStretch(1)
        transport.addWidget(self.time_label)
        self.transport = QWidget(self)
        self.transport.setObjectName("videoTransport")
        self.transport.setLayout(transport)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.transport)

    # -- public API --------------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    def message(self) -> tuple[str, str]:
        """(title, detail) of the message page; ('', '') while video is shown."""
        if self.stack.currentWidget() is not self.message_page:
            return "", ""
        return self.message_title.text(), self.message_detail.text()

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

    def leader(self) -> PlayerController | None:
        """The controller whose time drives the line highlight (the single view, or the grid's first tile)."""
        if self._grid:
            return self.tiles[0].controller if self._mapping and self._mapping.cameras else None
        return self.single.controller

    def controllers(self) -> list[PlayerController]:
        tiles = self.tiles if self._grid else [self.single]
        return [t.controller for t in tiles if t.controller is not None and t.camera is not None]

    def plan(self) -> PlaybackPlan | None:
        leader = self.leader()
        return leader.plan if leader is not None else None

    def picker_entries(self) -> list[tuple[str, str, bool]]:
        """(camera id, menu text, is primary) of the picker, in its order: the primary first."""
        return [
            (a.data(), a.text(), a.data() == (self._mapping.primary_id if self._mapping else None))
            for a in self.picker_menu.actions()
            if isinstance(a.data(), str) and a.data()
        ]

    @Slot(object)
    def show_ticket(self, ticket: Ticket | None) -> None:
        """Show the video for ``ticket`` (None: nothing selected). Plays the terminal's primary camera."""
        self._ticket = ticket
        self._line_times = LineTimes.of_ticket(ticket) if ticket is not None else LineTimes([])
        self._set_line(-1)
        self._camera = None
        self._start()

    @Slot()
    def reload(self) -> None:
        """Read the terminal's mapping again and restart (after the mapping changed, or "Try again")."""
        self._start(keep_camera=True)

    @Slot(str)
    def set_camera(self, camera_id: str) -> bool:
        """Play another of the terminal's cameras (single view)."""
        if self._mapping is None:
            return False
        camera = next((c for c in self._mapping.cameras if c.id == camera_id), None)
        if camera is None:
            return False
        resume_at = self._leader_pos_time()
        self._camera = camera
        if self._grid:
            self.grid_button.setChecked(False)  # set_grid(False) plays self._camera
        else:
            self._play_single(resume_at)
        self._update_picker()
        return True

    @Slot(bool)
    def set_grid(self, on: bool) -> None:
        if self.grid_button.isChecked() != on:
            self.grid_button.setChecked(on)  # re-enters through toggled
            return
        if on == self._grid:
            return
        resume_at = self._leader_pos_time()
        self._stop_all()
        self._grid = on
        if self._state in VIDEO_STATES or self._state in (
            PaneState.NO_VIDEO,
            PaneState.UNREACHABLE,
            PaneState.FAILED,
        ):
            if self._grid:
                self._play_grid(resume_at)
            else:
                self._play_single(resume_at)

    @Slot(int)
    def seek_to_line(self, index: int) -> bool:
        """Receipt hook: the user clicked line ``index`` of the ticket: show the video at its time."""
        moment = self._line_times.time_of(index)
        if moment is None:
            return False
        return self.seek_to_time(moment)

    @Slot(object)
    def seek_to_time(self, pos_time: datetime) -> bool:
        """Show the video at POS time ``pos_time`` (False for a live camera or no video)."""
        leader = self.leader()
        plan = leader.plan if leader is not None else None
        if plan is None or not plan.seekable:
            return False
        ms = plan.media_ms(pos_time)
        if ms is None:
            return False
        if self._grid:
            self._group.seek_ms(ms)
            ok = True
        else:
            ok = leader.seek_ms(ms) if leader is not None else False
        if ok:
            self._on_position(ms)
        return ok

    @Slot()
    def toggle_pause(self) -> None:
        if self._grid:
            self._group.toggle_pause()
        elif self.single.controller is not None:
            self.single.controller.toggle_pause()

    @Slot(int)
    def skip(self, delta_ms: int) -> None:
        if self._grid:
            self._group.skip(delta_ms)
        elif self.single.controller is not None:
            self.single.controller.skip(delta_ms)

    @Slot(int)
    def step_frame(self, direction: int = 1) -> None:
        if self._grid:
            self._group.step_frame(direction)
        elif self.single.controller is not None:
            self.single.controller.step_frame(direction)

    @Slot(float)
    def set_rate(self, rate: float) -> None:
        self._rate = float(rate)
        index = self.speed.findData(self._rate)
        if index >= 0 and index != self.speed.currentIndex():
            self.speed.setCurrentIndex(index)
        for controller in self._all_controllers():
            controller.set_rate(self._rate)

    def snapshot(self, path: Path | None = None, tile: int = 0) -> Path | None:
        """Save the current picture (the single view, or grid tile ``tile``) as PNG, with a JSON sidecar
        naming the ticket, camera, moment and clock offset (what the evidence export reads, see
        :mod:`ows_desktop.camera.snapshots`); None without a picture. Default path:
        ``<snapshot dir>/<ticket>-<camera>-<UTC time>.png``."""
        source = (self.tiles[tile] if self._grid else self.single) if 0 <= tile < GRID_SIZE else None
        if source is None or source.controller is None or source.camera is None:
            return None
        plan = source.controller.plan
        moment = plan.pos_time(source.controller.time_ms()) if plan is not None else None
        ticket_key = self._ticket.key if self._ticket is not None else "video"
        if path is None:
            if self._snapshot_dir is None:
                return None
            path = snapshot_path(self._snapshot_dir, ticket_key, source.camera.id, moment)
        path = Path(path)
        if not source.controller.snapshot(path):
            return None
        offset = self._mapping.clock_offset_seconds if self._mapping is not None else None
        try:
            write_sidecar(
                SnapshotInfo(path, ticket_key, source.camera.id, source.camera.name, moment, offset)
            )
        except OSError as exc:
            log.warning("Could not write the snapshot's details next to %s: %s", path, exc)
        self.snapshotSaved.emit(str(path))
        return path

    def shutdown(self) -> None:
        """Stop and release every player (their native windows must still exist). Idempotent; the pane
        creates players again if it is used afterwards."""
        self._group.clear()
        for tile in (self.single, *self.tiles):
            if tile.controller is not None:
                tile.controller.release()
                tile.controller.deleteLater()
                tile.controller = None
            tile.camera = None

    # -- playing -------------------------------------------------------------------------------------------

    def _start(self, keep_camera: bool = False) -> None:
        resume_at = self._leader_pos_time() if keep_camera else None
        self._stop_all()
        ticket = self._ticket
        if ticket is None:
            self._mapping = None
            self._update_picker()
            self._set_state(PaneState.NO_TICKET)
            return
        try:
            self._mapping = self._cameras.mapping(ticket.location or "", ticket.terminal or "")
        except Exception as exc:  # the store failed: say so in the pane, the receipt still shows
            log.warning("Could not read the camera mapping: %s", exc)
            self._mapping = None
            self._update_picker()
            self._set_state(PaneState.FAILED, f"The camera mapping could not be read: {exc}")
            return
        if not self._mapping.cameras:
            self._camera = None
            self._update_picker()
            where = f"terminal {ticket.terminal or '?'}" + (
                f" at {ticket.location}" if ticket.location else ""
            )
            self._set_state(PaneState.NO_CAMERA, f"Map up to 4 cameras to {where} to see its video here.")
            return
        if not keep_camera or self._camera is None or self._camera.id not in self._mapping.camera_ids:
            self._camera = self._mapping.primary or self._mapping.cameras[0]
        else:
            self._camera = next(c for c in self._mapping.cameras if c.id == self._camera.id)
        self._update_picker()
        availability = self._backend.availability()
        if not availability.ok:
            self._backend_error = availability.message
            self._set_state(PaneState.LIBVLC_MISSING, availability.message)
            return
        if self._grid:
            self._play_grid(resume_at)
        else:
            self._play_single(resume_at)

    def _plan_for(self, camera: Camera) -> PlaybackPlan:
        ticket = self._ticket
        mapping = self._mapping
        return plan_playback(
            live_url=camera.url,
            playback_template=camera.playback_url,
            ticket_start=ticket.start if ticket else None,
            ticket_end=ticket.end if ticket else None,
            clock_offset_seconds=mapping.clock_offset_seconds if mapping else 0.0,
            preroll_seconds=float(self._settings.get("player/preroll_seconds")),
            postroll_seconds=float(self._settings.get("player/postroll_seconds")),
        )

    def _load(self, tile: _Tile, camera: Camera, resume_at: datetime | None) -> bool:
        controller = self._controller_for(tile)
        if controller is None:
            return False
        tile.camera = camera
        try:
            plan = self._plan_for(camera)
            password = self._cameras.password(camera.id) if camera.has_password else None
        except Exception as exc:  # a bad template in the store, or the keyring refused
            log.warning("Cannot play camera %s: %s", camera.id, exc)
            tile.show_message(f"{camera.name}\nCannot play: {exc}")
            controller.stop()
            return False
        request = build_media_request(
            plan.url,
            password=password,
            network_caching_ms=int(self._settings.get("player/network_caching_ms")),
            rtsp_tcp=bool(self._settings.get("player/rtsp_tcp")),
        )
        start_ms = plan.media_ms(resume_at) if resume_at is not None else None
        tile.show_video()
        controller.set_rate(self._rate)
        controller.load(request, plan, start_ms=start_ms)
        return True

    def _play_single(self, resume_at: datetime | None = None) -> None:
        camera = self._camera
        if camera is None:
            return
        self.stack.setCurrentWidget(self.single)
        self.camera_label.setText(self._camera_text(camera))
        if self._load(self.single, camera, resume_at):
            self._group.set_members([self.single.controller] if self.single.controller else [])
            self._sync_state()

    def _play_grid(self, resume_at: datetime | None = None) -> None:
        mapping = self._mapping
        if mapping is None:
            return
        self.stack.setCurrentWidget(self.grid_page)
        cameras = mapping.picker_order()[:GRID_SIZE]
        self.camera_label.setText(f"All {len(cameras)} cameras of the terminal")
        members: list[PlayerController] = []
        for i, tile in enumerate(self.tiles):
            if i < len(cameras):
                tile.setVisible(True)
                tile.caption.setText(self._camera_text(cameras[i]))
                if self._load(tile, cameras[i], resume_at) and tile.controller is not None:
                    members.append(tile.controller)
            else:
                tile.setVisible(len(cameras) > 2 or i < 2)
                tile.caption.setText("")
                tile.show_message("")
        self._group.set_members(members)
        self._sync_state()

    def _controller_for(self, tile: _Tile) -> PlayerController | None:
        if tile.controller is not None:
            return tile.controller
        try:
            player = self._backend.create_player()
        except BackendUnavailable as exc:
            self._backend_error = str(exc)
            self._set_state(PaneState.LIBVLC_MISSING, str(exc))
            return None
        controller = PlayerController(
            player,
            probe=self._probe_factory(self),
            unreachable_timeout_ms=int(
                float(self._settings.get("player/unreachable_timeout_seconds")) * 1000
            ),
            parent=self,
        )
        controller.bind(tile.surface.handle())
        tile.surface.handleChanged.connect(controller.bind)
        controller.stateChanged.connect(lambda state, detail, t=tile: self._on_tile_state(t, state, detail))
        controller.positionChanged.connect(lambda ms, t=tile: self._on_tile_position(t, ms))
        controller.firstFrame.connect(lambda t=tile: self._on_tile_first_frame(t))
        tile.controller = controller
        self._watch_window()
        return controller

    def _stop_all(self) -> None:
        self._group.clear()
        for tile in self._all_tiles():
            if tile.controller is not None:
                tile.controller.stop()
            tile.camera = None

    def _all_tiles(self) -> list[_Tile]:
        return [self.single, *self.tiles]

    def _all_controllers(self) -> list[PlayerController]:
        return [t.controller for t in self._all_tiles() if t.controller is not None]

    # -- controller events -----------------------------------------------------------------------------------

    def _active_tiles(self) -> list[_Tile]:
        tiles = self.tiles if self._grid else [self.single]
        return [t for t in tiles if t.camera is not None and t.controller is not None]

    def _on_tile_state(self, tile: _Tile, state: str, detail: str) -> None:
        if tile.camera is None:
            return
        if state in MESSAGE_STATES:
            title = TITLES[state]
            tile.show_message(f"{title}\n{tile.camera.name}: {detail}" if detail else title)
        elif state != PaneState.IDLE:
            tile.show_video()
        self._sync_state()

    def _on_tile_position(self, tile: _Tile, ms: int) -> None:
        if tile.controller is self.leader():
            self._on_position(ms)

    def _on_tile_first_frame(self, tile: _Tile) -> None:
        if tile.controller is self.leader():
            self.firstFrameShown.emit()

    def _sync_state(self) -> None:
        """The pane's state from its players: the leader's (the single view, or the grid's first tile);
        in the grid a failure shows in its tile while the pane follows the leader."""
        tiles = self._active_tiles()
        if not tiles:
            return
        leader = tiles[0].controller
        assert leader is not None
        state, detail = leader.state.value, leader.detail
        if self._grid:
            states = {t.controller.state.value for t in tiles if t.controller is not None}
            if any(s in VIDEO_STATES for s in states):
                state = next(
                    t.controller.state.value
                    for t in tiles
                    if t.controller and t.controller.state.value in VIDEO_STATES
                )
                detail = ""
        if state in MESSAGE_STATES and not self._grid:
            camera = tiles[0].camera
            who = f"{camera.name}: " if camera is not None else ""
            self._set_state(state, f"{who}{detail}" if detail else "")
        else:
            self._set_state(state, detail)

    def _on_position(self, ms: int) -> None:
        plan = self.plan()
        moment = plan.pos_time(ms) if plan is not None else None
        self._show_time(moment)
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

    # -- presentation --------------------------------------------------------------------------------------

    def _camera_text(self, camera: Camera) -> str:
        primary = self._mapping is not None and camera.id == self._mapping.primary_id
        return f"★ {camera.name} (primary)" if primary else camera.name

    def _update_picker(self) -> None:
        menu = self.picker_menu
        menu.clear()
        mapping = self._mapping
        if mapping is not None and mapping.cameras:
            for camera in mapping.picker_order():
                action = QAction(self._camera_text(camera), menu)
                action.setData(camera.id)
                action.setCheckable(True)
                action.setChecked(
                    not self._grid and self._camera is not None and camera.id == self._camera.id
                )
                action.setToolTip(camera.display_url)
                action.triggered.connect(lambda _checked=False, cid=camera.id: self.set_camera(cid))
                menu.addAction(action)
            menu.addSeparator()
            grid = QAction("All cameras (2×2)", menu)
            grid.setCheckable(True)
            grid.setChecked(self._grid)
            grid.toggled.connect(self.set_grid)
            menu.addAction(grid)
        if self._ticket is not None:
            edit = QAction("Map cameras to this terminal…", menu)
            edit.triggered.connect(self._request_mapping)
            menu.addAction(edit)
        count = len(mapping.cameras) if mapping is not None else 0
        self.picker.setText(f"{count}" if count else "")
        self.picker.setEnabled(self._ticket is not None)
        self.grid_button.setEnabled(count > 1)
        if self._camera is not None and not self._grid:
            self.camera_label.setText(self._camera_text(self._camera))
        elif not count:
            self.camera_label.setText("")

    def _show_time(self, moment: datetime | None) -> None:
        plan = self.plan()
        if plan is not None and plan.live:
            self.time_label.setText("LIVE")
            return
        if moment is None:
            self.time_label.setText("")
            return
        text = moment.astimezone(self._tz).strftime("%H:%M:%S")
        if self._ticket is not None and self._ticket.start is not None:
            text += f"  ({format_offset(moment - self._ticket.start)})"
        self.time_label.setText(text)

    def _set_state(self, state: str, detail: str = "") -> None:
        if state in MESSAGE_STATES:
            self.message_title.setText(TITLES[state])
            self.message_detail.setText(detail)
            self.message_detail.setVisible(bool(detail))
            self.map_button.setVisible(state == PaneState.NO_CAMERA and self._ticket is not None)
            self.retry_button.setVisible(
                state in (PaneState.UNREACHABLE, PaneState.FAILED, PaneState.NO_VIDEO)
            )
            if not self._grid or state in (
                PaneState.NO_CAMERA,
                PaneState.LIBVLC_MISSING,
                PaneState.NO_TICKET,
            ):
                self.stack.setCurrentWidget(self.message_page)
        elif self._grid:
            self.stack.setCurrentWidget(self.grid_page)
        else:
            self.stack.setCurrentWidget(self.single)
        playing = state in (PaneState.PLAYING, PaneState.LOADING)
        active = state in (PaneState.PLAYING, PaneState.PAUSED, PaneState.LOADING, PaneState.ENDED)
        plan = self.plan() if active else None
        seekable = plan is not None and plan.seekable
        self.play_button.setIcon(
            self.style().standardIcon(
                QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
            )
        )
        self.play_button.setEnabled(active)
        for button in (self.back_button, self.forward_button, self.frame_back_button):
            button.setEnabled(active and seekable)
        self.frame_button.setEnabled(state in (PaneState.PLAYING, PaneState.PAUSED))
        self.snapshot_button.setEnabled(
            state in (PaneState.PLAYING, PaneState.PAUSED) and self._snapshot_dir is not None
        )
        self.speed.setEnabled(active and seekable)
        if state == PaneState.LOADING and self._camera is not None and not self._grid:
            self.time_label.setText(f"Connecting to {self._camera.name}…")
        elif not active:
            self.time_label.setText("")
        elif plan is not None and plan.live:
            self.time_label.setText("LIVE · ticket time invalid" if plan.time_invalid else "LIVE")
        if (state, detail) != (self._state, self._detail):
            self._state, self._detail = state, detail
            self.stateChanged.emit(state)

    # -- window lifetime -----------------------------------------------------------------------------------

    def _request_mapping(self) -> None:
        ticket = self._ticket
        if ticket is not None:
            self.mapCameraRequested.emit(ticket.location or "", ticket.terminal or "")

    def _watch_window(self) -> None:
        window = self.window()
        if window is self._watched:
            return
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.shutdown()  # before any native window goes away
        return super().eventFilter(watched, event)

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)
