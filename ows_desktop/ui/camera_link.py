"""The window's camera part: the video pane under the receipt (when cameras and a media backend are
injected), kept in step with the selected ticket and the receipt line, and the Terminals and cameras
dialog (which reloads the pane when the mapping changes; its writes go through the window's StoreOps).

Signals:
    statusMessage(str, int): the video pane's word for the status bar (a snapshot saved, or why not).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QSplitter, QWidget

from ows_desktop.player.camera_passwords import JobSubmitter
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.mapping_window import MappingDialog
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.services import Services
from ows_desktop.ui.video_pane import VideoPane

RECEIPT_SHARE, VIDEO_SHARE = 480, 360  # the receipt over the video, at a tall window
RECEIPT_ROOM = 330  # px: at a short one the receipt's header, its exceptions and its first line items


class CameraLink(QObject):
    statusMessage = Signal(str, int)

    def __init__(
        self,
        services: Services,
        receipts: ReceiptsPage,
        ops: StoreOps,
        dialog_parent: QWidget,
        jobs: JobSubmitter | None = None,
    ):
        """``jobs``: the window's JobRunner (the video pane reads camera passwords from the keyring there)."""
        super().__init__(dialog_parent)
        self._jobs = jobs
        self._cameras = services.cameras
        self._ops = ops
        self._receipts = receipts
        self._dialog_parent = dialog_parent
        self.video: VideoPane | None = None
        self._right: QSplitter | None = None  # receipt over video
        self._video_share: list[int] | None = None  # the receipt/video split while the video is collapsed
        if services.cameras is not None and services.media_backend is not None:
            self._add_video_pane(services)

    @property
    def available(self) -> bool:
        return self._cameras is not None

    def _add_video_pane(self, services: Services) -> None:
        """The register's cameras under the receipt: the receipt panel and the video share the right side."""
        receipts = self._receipts
        self.video = video = VideoPane(
            services.media_backend, services.cameras, services.settings, snapshot_dir=services.snapshot_dir,
            audit=services.store.audit, tz=services.tz, jobs=self._jobs, parent=self._dialog_parent,
        )  # fmt: skip
        splitter = receipts.splitter
        right = QSplitter(Qt.Orientation.Vertical, splitter)
        right.setObjectName("receiptVideoSplitter")
        right.setChildrenCollapsible(False)
        right.addWidget(splitter.widget(1))
        right.addWidget(video)
        right.setCollapsible(1, True)  # dragged down past its least: the receipt takes the whole height
        right.setSizes([RECEIPT_SHARE, VIDEO_SHARE])
        self._right = right
        self._fitting = True  # the split follows the window's height until the person drags it
        right.splitterMoved.connect(self._on_split_dragged)
        right.installEventFilter(self)
        splitter.insertWidget(1, right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes(receipts.split_sizes(860, 1420))
        receipts.currentTicketChanged.connect(self._on_ticket)
        receipts.receipt.lineActivated.connect(video.seek_to_line)
        video.currentLineChanged.connect(receipts.receipt.highlight_line)
        video.mapCameraRequested.connect(self.open_mapping_for)
        video.statusMessage.connect(self.statusMessage)
        video.stateChanged.connect(self._fit_video)
        self._fit_video(video.state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._right and event.type() == QEvent.Type.Resize and self.video is not None:
            if self.video.compact:  # the message wraps at the new width: held at its height there
                QTimer.singleShot(0, self._right, self._give_receipt_the_height)
            elif self._fitting:
                self._fit_split()
        return False

    @Slot()
    def _on_split_dragged(self) -> None:
        self._fitting = False

    def _fit_split(self) -> None:
        """The video's share of the height, but the receipt at least :data:`RECEIPT_ROOM` while the video
        keeps its least height (a 1366×768 screen): its header, exceptions and first line items readable."""
        video, right = self.video, self._right
        if video is None or right is None or video.compact:
            return  # nothing to play: the pane is held at its message's height (_fit_video)
        whole = right.height() - right.handleWidth()
        least = video.minimumSizeHint().height()
        receipt = max(
            whole * RECEIPT_SHARE // (RECEIPT_SHARE + VIDEO_SHARE), min(RECEIPT_ROOM, whole - least)
        )
        right.setSizes([receipt, whole - receipt])

    @Slot(str)
    def _fit_video(self, _state: str = "") -> None:
        """With nothing to play (no receipt, no camera mapped, no libVLC) the pane shows only its message (no
        video stack, no transport) and is held at that height, so the receipt keeps the rest (at least 6 line
        items on a 1366×768 screen); with video again the split the person had comes back. Only sizes change
        here, never a size policy, and the splitter is resized after the layout settled (not inside it)."""
        video, right = self.video, self._right
        if video is None or right is None:
            return
        if video.compact:
            if self._video_share is None:
                self._video_share = right.sizes()
            QTimer.singleShot(0, right, self._give_receipt_the_height)
        else:
            video.setMaximumHeight(16_777_215)  # QWIDGETSIZE_MAX
            sizes, self._video_share = self._video_share, None
            if self._fitting:  # the height may have changed meanwhile: the split for this one
                QTimer.singleShot(0, right, self._fit_split)
            elif sizes is not None and sum(sizes) > 0:
                QTimer.singleShot(0, right, lambda: right.setSizes(sizes))

    @Slot()
    def _give_receipt_the_height(self) -> None:
        """A splitter keeps a pane's share when the pane's maximum shrinks: hand the rest to the receipt."""
        video, right = self.video, self._right
        if video is not None and right is not None and video.compact:
            height = video.minimumSizeHint().height()
            if video.hasHeightForWidth():  # the message wraps: as tall as it is at this width
                height = max(height, video.heightForWidth(video.width()))
            if video.maximumHeight() == height and right.sizes()[1] == height:
                return  # already so (this runs for every receipt shown)
            video.setMaximumHeight(height)
            right.setSizes([max(sum(right.sizes()) - height, 1), height])

    @Slot(object)
    def _on_ticket(self, _key: Any) -> None:
        if self.video is not None:
            receipt = self._receipts.receipt
            self.video.show_ticket(receipt.ticket(), receipt.utc_offset_min())

    @Slot()
    def open_mapping(self) -> None:
        ticket = self._receipts.receipt.ticket()
        self.open_mapping_for(ticket.location if ticket else None, ticket.terminal if ticket else None)

    @Slot(str, str)
    def open_mapping_for(self, location: str | None, terminal: str | None) -> None:
        if self._cameras is None:
            return
        dialog = MappingDialog(self._cameras, self._ops, self._dialog_parent)
        if self.video is not None:
            dialog.panel.mappingChanged.connect(self.video.reload)
        dialog.open_for(location or None, terminal or None)

    def shutdown(self, media_backend: Any) -> None:
        """Stop the video before its widget goes, then close the media backend."""
        if self.video is not None:
            self.video.shutdown()
            if media_backend is not None:
                media_backend.close()
