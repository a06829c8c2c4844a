"""The video next to the receipt: camera picker, video surface (or a 2×2 grid), transport and explicit states.

The pane only shows: what to play, where to seek and which state to show is decided by its
:class:`~ows_desktop.player.playback.Playback` (widget-free), which it drives and whose signals it shows.
Give it a receipt with :meth:`VideoPane.show_ticket`: the terminal's primary camera plays from the ticket's
start minus the pre-roll through the camera's playback template (or its live URL when it has none). Receipt
hooks: :meth:`VideoPane.seek_to_line` / :meth:`VideoPane.seek_to_time` ("the user clicked line i"), and
:attr:`VideoPane.currentLineChanged` ("line i is on screen now", -1 for none) while it plays.

Everything it needs is injected: the media backend (libVLC or a fake), a camera source (the
:class:`~ows_desktop.store.cameras.CameraRepository`), the settings, a failure probe factory and the
snapshot folder, and the window's job runner (the keyring is asked for a camera's password there, never
on the GUI thread; a pane without one runs its own). Call :meth:`VideoPane.shutdown` before the window goes away: libVLC must stop and
release its players while their native windows still exist (the pane also does it when its top-level window
receives Close)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.camera.timeline import PlaybackPlan
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.ows.model import Ticket
from ows_desktop.player.backend import MediaBackend
from ows_desktop.player.camera_passwords import JobSubmitter
from ows_desktop.player.controller import SKIP_MS, PlayerController
from ows_desktop.player.pane_states import MESSAGE_STATES, TITLES, CameraSource, PaneState
from ows_desktop.player.playback import GRID_SIZE, Playback
from ows_desktop.player.probe import FailureProbe
from ows_desktop.player.snapshot_audit import SnapshotAudit
from ows_desktop.player.sync_group import SyncGroup
from ows_desktop.store.cameras import Camera, TerminalMapping
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.elided_label import PlainLabel
from ows_desktop.ui.video_clock import VideoClock
from ows_desktop.ui.video_widgets import PageStack, TransportBar, VideoMessagePage, VideoTile, camera_icon

log = logging.getLogger(__name__)

__all__ = ["COMPACT_STATES", "GRID_SIZE", "CameraSource", "PaneState", "VideoPane"]

REDRAW_DELAY_MS = 50  # after the window system has mapped or uncovered the video's windows
_UNCOVERED = (QEvent.Type.WindowUnblocked, QEvent.Type.WindowActivate)
COMPACT_STATES = frozenset({PaneState.NO_TICKET, PaneState.NO_CAMERA, PaneState.LIBVLC_MISSING})


class VideoPane(QWidget):
    """Shows what its :class:`~ows_desktop.player.playback.Playback` plays: the camera picker, the single
    video or the 2×2 grid, the transport and the state messages; every decision is the playback's.

    Signals:
        stateChanged(str): a PaneState value.
        currentLineChanged(int): index into ticket.lines at the current video time, -1 for none.
        positionChanged(object): the POS time (aware datetime) on screen, or None (live).
        mapCameraRequested(str, str): location, terminal: open the mapping panel for it.
        snapshotSaved(str): path of the PNG.
        statusMessage(str, int): what the Snapshot button did, or that a new receipt plays at a speed other
            than 1×, for the status bar (text, timeout in ms).
        firstFrameShown(): the first picture of the video is on screen.
    """

    stateChanged = Signal(str)
    currentLineChanged = Signal(int)
    positionChanged = Signal(object)
    mapCameraRequested = Signal(str, str)
    snapshotSaved = Signal(str)
    statusMessage = Signal(str, int)
    firstFrameShown = Signal()

    _watched: QWidget | None = None  # the window whose events it filters; a class default, read by the filter

    def __init__(
        self,
        backend: MediaBackend,
        cameras: CameraSource,
        settings: Any,
        *,
        jobs: JobSubmitter | None = None,
        probe_factory: Callable[[QObject], FailureProbe] | None = None,
        snapshot_dir: Path | None = None,
        tz: tzinfo | None = None,
        audit: Any = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("videoPane")
        self.clock = VideoClock(tz)  # store or workstation time (Preferences ▸ Display), zone labelled
        self._moment: datetime | None = None  # the POS time on screen
        self._rate_said: str | None = None  # the ticket whose video was last said to play at its speed
        self._build()
        self._own_jobs = (
            JobRunner(max_threads=1, parent=self) if jobs is None else None
        )  # ended by shutdown()
        jobs = jobs if jobs is not None else self._own_jobs
        self.playback = Playback(
            backend,
            cameras,
            settings,
            [t.surface for t in self._all_tiles()],
            jobs=jobs,
            probe_factory=probe_factory,
            snapshot_dir=snapshot_dir,
            parent=self,
        )
        for tile, slot in zip(self._all_tiles(), self.playback.slots, strict=True):
            tile.slot = slot
        pb = self.playback
        pb.time_text = self.clock.text  # type: ignore[method-assign]
        pb.stateUpdated.connect(self._show_state)
        pb.stateChanged.connect(self.stateChanged)
        pb.camerasChanged.connect(self._update_picker)
        pb.gridChanged.connect(self._on_grid_changed)
        pb.viewChanged.connect(self._on_view)
        pb.labelChanged.connect(self.camera_label.setText)
        pb.gridFilled.connect(self._fill_grid)
        pb.tileMessage.connect(self._on_tile_message)
        pb.tileVideo.connect(self._on_tile_video)
        pb.positionChanged.connect(self._show_time)
        pb.positionChanged.connect(self.positionChanged)
        pb.currentLineChanged.connect(self.currentLineChanged)
        pb.firstFrameShown.connect(self.firstFrameShown)
        pb.snapshotSaved.connect(self.snapshotSaved)
        pb.playerCreated.connect(self._watch_window)
        if audit is not None:  # each snapshot's SHA-256 in the store's audit trail (store.audit)
            self.snapshot_audit = SnapshotAudit(audit, jobs, parent=self)
            pb.snapshot_record = self.snapshot_audit.record
            self.snapshot_audit.failed.connect(self._snapshot_not_recorded)
        self._show_state(PaneState.NO_TICKET, "")

    # -- construction ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.picker = QToolButton(self)
        self.picker.setObjectName("cameraPicker")
        self.picker.setAccessibleName(self.tr("Camera"))
        self.picker.setIcon(camera_icon(self.palette().color(QPalette.ColorRole.ButtonText)))
        self.picker.setIconSize(QSize(20, 20))
        self.picker.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.picker.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.picker.setToolTip(self.tr("Choose the camera (the terminal's primary camera is marked ★)"))
        self.picker_menu = QMenu(self.picker)
        self.picker.setMenu(self.picker_menu)
        self.grid_button = QToolButton(self)
        self.grid_button.setObjectName("gridButton")
        self.grid_button.setAccessibleName(self.tr("All cameras in a grid"))
        self.grid_button.setText("2×2")
        self.grid_button.setCheckable(True)
        self.grid_button.setToolTip(self.tr("Show all of the terminal's cameras at once, in sync"))
        self.grid_button.toggled.connect(self.set_grid)
        self.camera_label = PlainLabel(self)  # a camera's name, as typed or imported
        self.camera_label.setObjectName("cameraLabel")
        self.camera_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.picker)
        header.addWidget(self.camera_label, 1)
        header.addWidget(self.grid_button)

        # message page
        self.message_page = page = VideoMessagePage(self)
        self.message_title, self.message_detail = page.title, page.detail
        self.map_button, self.retry_button = page.map_button, page.retry_button
        self.map_button.clicked.connect(self._request_mapping)
        self.retry_button.clicked.connect(self.reload)

        # single video and grid
        self.single = VideoTile("videoSurface", self, caption=False)
        self.grid_page = QWidget(self)
        self.grid_page.setAutoFillBackground(True)  # the gaps between tiles: palette, never stale paint
        grid = QGridLayout(self.grid_page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.tiles = [VideoTile(f"gridSurface{i}", self.grid_page) for i in range(GRID_SIZE)]
        for i, tile in enumerate(self.tiles):
            grid.addWidget(tile, i // 2, i % 2)
        # The message page is not a page of the video stack: a stack is as tall as its tallest page, and
        # with nothing to play the pane must shrink to its message (the receipt keeps the height).
        self.stack = PageStack(self)  # as small as the page shown (video_widgets.PageStack)
        self.stack.addWidget(self.single)
        self.stack.addWidget(self.grid_page)
        self.single.surface.doubleClicked.connect(lambda: self.grid_button.setChecked(True))
        for tile in self.tiles:  # double-click a tile: that camera becomes the single view
            tile.surface.doubleClicked.connect(lambda t=tile: self._tile_to_single(t))

        # transport
        self.transport = bar = TransportBar(self)
        self.back_button, self.play_button, self.forward_button = (
            bar.back_button,
            bar.play_button,
            bar.forward_button,
        )
        self.frame_back_button, self.frame_button = bar.frame_back_button, bar.frame_button
        self.snapshot_button, self.speed, self.time_label = bar.snapshot_button, bar.speed, bar.time_label
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_MS))
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_MS))
        self.play_button.clicked.connect(self.toggle_pause)
        self.frame_back_button.clicked.connect(lambda: self.step_frame(-1))
        self.frame_button.clicked.connect(lambda: self.step_frame(1))
        self.snapshot_button.clicked.connect(self._snapshot_clicked)
        self.speed.currentIndexChanged.connect(lambda i: self.set_rate(self.speed.itemData(i)))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.message_page, 1)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.transport)
        self.stack.hide()

    # -- public API (the playback decides; the pane shows) ------------------------------------------------

    @property
    def state(self) -> str:
        return self.playback.state

    def message(self) -> tuple[str, str]:
        """(title, detail) of the message page; ('', '') while video is shown."""
        if self.message_page.isHidden():
            return "", ""
        return self.message_title.text(), self.message_detail.text()

    @property
    def ticket(self) -> Ticket | None:
        return self.playback.ticket

    @property
    def mapping(self) -> TerminalMapping | None:
        return self.playback.mapping

    @property
    def camera(self) -> Camera | None:
        return self.playback.camera

    @property
    def grid(self) -> bool:
        return self.playback.grid

    @property
    def current_line(self) -> int:
        return self.playback.current_line

    @property
    def _group(self) -> SyncGroup:
        return self.playback.group

    def leader(self) -> PlayerController | None:
        return self.playback.leader()

    def controllers(self) -> list[PlayerController]:
        return self.playback.controllers()

    def plan(self) -> PlaybackPlan | None:
        return self.playback.plan()

    def picker_entries(self) -> list[tuple[str, str, bool]]:
        """(camera id, menu text, is primary) of the picker, in its order: the primary first."""
        mapping = self.playback.mapping
        return [
            (a.data(), a.text(), a.data() == (mapping.primary_id if mapping else None))
            for a in self.picker_menu.actions()
            if isinstance(a.data(), str) and a.data()
        ]

    @Slot(object)
    def show_ticket(self, ticket: Ticket | None, utc_offset_min: int | None = None) -> None:
        """Show the video for ``ticket`` (None: nothing selected), from the terminal's primary camera; the
        clock shows the store's time (``utc_offset_min``) with its zone label, as the receipt does."""
        self.clock.store_offset_min = utc_offset_min
        self.playback.show_ticket(ticket)

    def set_workstation_time(self, on: bool) -> None:
        """The clock in this workstation's time (True) or the store's (False), at once."""
        if self.clock.set_workstation_time(on):
            self._show_time(self._moment)

    @Slot()
    def reload(self) -> None:
        """Read the terminal's mapping again and restart (after the mapping changed, or "Try again")."""
        self.playback.reload()

    @Slot(str)
    def set_camera(self, camera_id: str) -> bool:
        return self.playback.set_camera(camera_id)

    @Slot(bool)
    def set_grid(self, on: bool) -> None:
        self.playback.set_grid(on)

    @Slot(int)
    def seek_to_line(self, index: int) -> bool:
        """Receipt hook: the user clicked line ``index`` of the ticket: show the video at its time."""
        return self.playback.seek_to_line(index)

    @Slot(object)
    def seek_to_time(self, pos_time: datetime) -> bool:
        return self.playback.seek_to_time(pos_time)

    @Slot()
    def toggle_pause(self) -> None:
        self.playback.toggle_pause()

    @Slot(int)
    def skip(self, delta_ms: int) -> None:
        self.playback.skip(delta_ms)

    @Slot(int)
    def step_frame(self, direction: int = 1) -> None:
        self.playback.step_frame(direction)

    @Slot(float)
    def set_rate(self, rate: float) -> None:
        """Play at ``rate`` (×), this receipt and the next ones (marked: TransportBar.show_rate, _say_rate)."""
        index = self.speed.findData(float(rate))
        if index >= 0 and index != self.speed.currentIndex():
            self.speed.setCurrentIndex(index)
        self.playback.set_rate(rate)
        self.transport.show_rate(rate)
        self._rate_said = self.playback.ticket.key if self.playback.ticket is not None else None

    def snapshot(self, path: Path | None = None, tile: int = 0) -> Path | None:
        """Save the current picture as PNG with its JSON sidecar (see :meth:`Playback.snapshot`)."""
        return self.playback.snapshot(path, tile)

    @Slot()
    def _snapshot_clicked(self) -> None:
        """The Snapshot button: save, and say where (the picture went to a folder the person never saw, and
        nothing said so), or why nothing was saved."""
        saved = self.snapshot()
        if saved is None:
            self.statusMessage.emit(
                self.tr(
                    "The snapshot could not be saved: the video shows no decoded picture (after a step back, "
                    "play or step forward first), or {folder} cannot be written."
                ).format(folder=self.playback.snapshot_dir),
                15000,
            )
        else:
            self.statusMessage.emit(self.tr("Snapshot saved: {path}").format(path=saved), 15000)

    @Slot(str, object)
    def _snapshot_not_recorded(self, name: str, message: object) -> None:
        self.statusMessage.emit(
            self.tr(
                "Snapshot {name} saved, but its SHA-256 could not be put in the audit trail ({message}): "
                "exports will leave it out, as OWS Desktop did not record taking it. Take the snapshot again."
            ).format(name=name, message=core_text(message)),
            30000,
        )

    def shutdown(self) -> None:
        """Stop and release every player (their native windows must still exist), and the pane's own jobs (a
        snapshot's audit entry: its thread joined, not left to expire). Idempotent."""
        self.playback.shutdown()
        if self._own_jobs is not None:
            self._own_jobs.shutdown()

    # -- presentation --------------------------------------------------------------------------------------

    def _all_tiles(self) -> list[VideoTile]:
        return [self.single, *self.tiles]

    @Slot(bool)
    def _on_grid_changed(self, on: bool) -> None:
        if self.grid_button.isChecked() != on:
            self.grid_button.setChecked(on)

    def _tile_to_single(self, tile: VideoTile) -> None:
        if tile.camera is not None:
            self.set_camera(tile.camera.id)

    @property
    def compact(self) -> bool:
        """Nothing to play (no receipt, no camera mapped, no libVLC): only the message shows, no transport."""
        return self.state in COMPACT_STATES

    def _show_page(self, page: QWidget) -> None:
        """The message page, or the video stack at ``page`` (single or grid)."""
        video = page is not self.message_page
        if video:
            self.stack.setCurrentWidget(page)
        (self.message_page if video else self.stack).hide()  # hidden first, so the pane never grows
        (self.stack if video else self.message_page).show()

    @Slot(str)
    def _on_view(self, view: str) -> None:
        self._show_page(self.grid_page if view == "grid" else self.single)

    @Slot(list)
    def _fill_grid(self, captions: list) -> None:
        for i, tile in enumerate(self.tiles):
            if i < len(captions):
                tile.setVisible(True)
                tile.caption.setText(captions[i])
            else:
                tile.setVisible(len(captions) > 2 or i < 2)
                tile.caption.setText("")
                tile.show_message("")

    @Slot(int, str)
    def _on_tile_message(self, index: int, text: str) -> None:
        self._all_tiles()[index].show_message(text)

    @Slot(int)
    def _on_tile_video(self, index: int) -> None:
        self._all_tiles()[index].show_video()

    def _update_picker(self) -> None:
        menu = self.picker_menu
        menu.clear()
        mapping = self.playback.mapping
        if mapping is not None and mapping.cameras:
            for camera in mapping.picker_order():
                action = QAction(self.playback.camera_text(camera), menu)
                action.setData(camera.id)
                action.setCheckable(True)
                action.setChecked(
                    not self.playback.grid
                    and self.playback.camera is not None
                    and camera.id == self.playback.camera.id
                )
                action.setToolTip(QtGui.Qt.convertFromPlainText(camera.display_url))
                action.triggered.connect(lambda _checked=False, cid=camera.id: self.set_camera(cid))
                menu.addAction(action)
            menu.addSeparator()
            grid = QAction(self.tr("All cameras (2×2)"), menu)
            grid.setCheckable(True)
            grid.setChecked(self.playback.grid)
            grid.toggled.connect(self.set_grid)
            menu.addAction(grid)
        if self.playback.ticket is not None:
            edit = QAction(self.tr("Map cameras to this terminal…"), menu)
            edit.triggered.connect(self._request_mapping)
            menu.addAction(edit)
        count = len(mapping.cameras) if mapping is not None else 0
        self.picker.setText(f"{count}" if count else "")
        self.picker.setEnabled(self.playback.ticket is not None)
        self.grid_button.setEnabled(count > 1)
        if self.playback.camera is not None and not self.playback.grid:
            self.camera_label.setText(self.playback.camera_text(self.playback.camera))
        elif not count:
            self.camera_label.setText("")

    @Slot(object)
    def _show_time(self, moment: datetime | None) -> None:
        self._moment = moment
        plan = self.plan()
        if plan is not None and plan.live:
            self.time_label.setText(self.tr("LIVE"))
            return
        if moment is None:
            self.time_label.setText("")
            return
        frame, leader = None, self.leader()
        if self.state == PaneState.PAUSED and leader is not None and leader.plan is not None:
            frame = leader.shown_time()  # the frame on screen, as a snapshot of it records its time
            moment = leader.plan.pos_time(frame.ms) if frame.ms >= 0 else moment
        ticket = self.playback.ticket
        text, tip = self.clock.shown(moment, ticket.start if ticket is not None else None, frame)
        self.time_label.setText(text)
        self.time_label.setToolTip(QtGui.Qt.convertFromPlainText(tip, Qt.WhiteSpaceMode.WhiteSpaceNormal))

    @Slot(str, str)
    def _show_state(self, state: str, detail: str) -> None:
        """Show the playback state: the message page or the video, and which controls apply."""
        if state in MESSAGE_STATES:
            self.message_title.setText(QCoreApplication.translate("pane_states", TITLES[state]))
            self.message_detail.setText(core_text(detail))
            self.message_detail.setVisible(bool(detail))
            self.map_button.setVisible(state == PaneState.NO_CAMERA and self.playback.ticket is not None)
            self.retry_button.setVisible(
                state in (PaneState.UNREACHABLE, PaneState.FAILED, PaneState.NO_VIDEO)
            )
            if not self.playback.grid or state in COMPACT_STATES:
                self._show_page(self.message_page)
        elif self.playback.grid:
            self._show_page(self.grid_page)
        else:
            self._show_page(self.single)
        self.transport.setVisible(state not in COMPACT_STATES)
        playing = state in (PaneState.PLAYING, PaneState.LOADING)
        active = state in (PaneState.PLAYING, PaneState.PAUSED, PaneState.LOADING, PaneState.ENDED)
        plan = self.plan() if active else None
        seekable = plan is not None and plan.seekable
        self.transport.set_playing(playing)
        self.play_button.setEnabled(active)
        for button in (self.back_button, self.forward_button, self.frame_back_button):
            button.setEnabled(active and seekable)
        self.frame_button.setEnabled(state in (PaneState.PLAYING, PaneState.PAUSED))
        self.snapshot_button.setEnabled(
            state in (PaneState.PLAYING, PaneState.PAUSED) and self.playback.snapshot_dir is not None
        )
        self.speed.setEnabled(active and seekable)
        if state == PaneState.PLAYING and seekable:
            self._say_rate()
        if state == PaneState.LOADING and detail:
            self.time_label.setText(detail)  # e.g. waiting for the keyring
        elif state == PaneState.LOADING and self.playback.camera is not None and not self.playback.grid:
            self.time_label.setText(self.tr("Connecting to {name}…").format(name=self.playback.camera.name))
        elif not active:
            self.time_label.setText("")
        elif plan is not None and plan.live:
            self.time_label.setText(self.tr("LIVE · ticket time invalid") if plan.time_invalid else "LIVE")
        elif state in (PaneState.PLAYING, PaneState.PAUSED) and self._moment is not None:
            self._show_time(self._moment)  # paused: to the ms, the frame on screen; playing: whole seconds

    def _say_rate(self) -> None:
        """A new receipt's video plays at a speed chosen for an earlier one: the status bar says so, once."""
        ticket, rate = self.playback.ticket, float(self.speed.currentData())
        if ticket is None or ticket.key == self._rate_said:
            return
        self._rate_said = ticket.key
        if rate != 1.0:
            self.statusMessage.emit(
                self.tr(
                    "This video plays at {rate}, the speed chosen before; choose 1× under the video for real time."
                ).format(rate=self.speed.currentText()),
                10000,
            )

    # -- window lifetime -----------------------------------------------------------------------------------

    def _request_mapping(self) -> None:
        ticket = self.playback.ticket
        if ticket is not None:
            self.mapCameraRequested.emit(ticket.location or "", ticket.terminal or "")

    @Slot()
    def _watch_window(self) -> None:
        window = self.window()
        if window is self._watched:
            return
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # first: the window's every event passes here, even once its attributes are gone
        if kind == QEvent.Type.Close and watched is self._watched:
            self.shutdown()  # before any native window goes away
        elif kind in _UNCOVERED and watched is self._watched:
            QTimer.singleShot(REDRAW_DELAY_MS, self, self._redraw_paused)  # a dialog closed over the video
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # e.g. back from another tab: the native windows were unmapped
        QTimer.singleShot(REDRAW_DELAY_MS, self, self._redraw_paused)

    @Slot()
    def _redraw_paused(self) -> None:
        """Uncovered: the letterbox black again, a paused frame shown again (a playing one shows the next)."""
        for tile in (t for t in self._all_tiles() if t.isVisible()):
            tile.surface.fill_black()
        for controller in self.controllers():
            controller.redraw()

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)
