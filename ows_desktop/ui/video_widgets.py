"""The pieces of the video pane that only show things: one video tile (a native surface, a caption and
a message page), the transport bar (back/forward 5 s, play/pause, frame steps, speed, snapshot, time) and
the camera glyph of the picker, and the one-line label that elides what does not fit."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.player.controller import SPEEDS, PlayerController
from ows_desktop.player.pane_states import PlayerSlot
from ows_desktop.player.surface import VideoSurface
from ows_desktop.store.cameras import Camera
from ows_desktop.ui.elided_label import ElidedLabel, PlainLabel


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


def snapshot_icon(widget: QWidget, size: int = 32) -> QIcon:
    """A photo-camera glyph (body, viewfinder bump, an open lens) in the widget's button-text colour, normal
    and disabled: the style's "save" glyph recoloured was a plain square (an empty checkbox) on a dark palette."""
    icon = QIcon()
    palette = widget.palette()
    for mode, color in (
        (QIcon.Mode.Normal, palette.color(QPalette.ColorRole.ButtonText)),
        (QIcon.Mode.Disabled, palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)),
    ):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        s = size / 32
        body = QPainterPath()
        body.setFillRule(Qt.FillRule.OddEvenFill)
        body.addRoundedRect(QRectF(2 * s, 9 * s, 28 * s, 19 * s), 3 * s, 3 * s)
        body.addRoundedRect(QRectF(10 * s, 5 * s, 12 * s, 5 * s), 1.5 * s, 1.5 * s)
        body = body.simplified()
        body.addEllipse(QPointF(16 * s, 18.5 * s), 6.5 * s, 6.5 * s)  # the lens: a hole in the body
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillPath(body, color)
        p.setPen(QPen(color, 1.5 * s))
        p.drawEllipse(QPointF(16 * s, 18.5 * s), 3.5 * s, 3.5 * s)  # the glass inside the lens
        p.end()
        icon.addPixmap(pixmap, mode)
    return icon


def palette_icon(widget: QWidget, which: QStyle.StandardPixmap, size: int = 16) -> QIcon:
    """A standard icon drawn in the widget's button-text colour, so it shows on a dark palette too (the
    style's media icons are dark glyphs whatever the palette)."""
    color = widget.palette().color(QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for mode, role_color in (
        (QIcon.Mode.Normal, color),
        (
            QIcon.Mode.Disabled,
            widget.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
        ),
    ):
        pixmap = widget.style().standardIcon(which).pixmap(size, size)
        p = QPainter(pixmap)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        p.fillRect(pixmap.rect(), role_color)
        p.end()
        icon.addPixmap(pixmap, mode)
    return icon


def format_offset(delta: timedelta) -> str:
    total = int(delta.total_seconds())
    sign = "−" if total < 0 else "+"
    total = abs(total)
    return f"{sign}{total // 60}:{total % 60:02d}"


class PageStack(QStackedWidget):
    """A stack as small as the page it shows: Qt's is as tall as its tallest page, so the 2×2 grid's two rows
    of tiles (~200 px) held the single video, and so the whole pane, ~250 px tall; under a 1366×768 screen's
    receipt that left the receipt its header and no line item, and the split could not be dragged down."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currentChanged.connect(self.updateGeometry)

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        return page.minimumSizeHint().expandedTo(page.minimumSize())


class VideoTile(QWidget):
    """One video: a native surface, a caption, and a message page when it cannot play."""

    def __init__(self, name: str, parent: QWidget | None = None, caption: bool = True):
        super().__init__(parent)
        self.surface = VideoSurface(self, name)
        self.message = PlainLabel(self)  # may show server/ticket/file text
        self.message.setObjectName(f"{name}Message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.surface)
        self.stack.addWidget(self.message)
        self.caption = PlainLabel(self)  # a camera's name
        self.caption.setObjectName(f"{name}Caption")
        self.caption.setVisible(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.caption)
        self.slot: PlayerSlot | None = None  # set by the pane once its Playback exists
        self.setAutoFillBackground(True)  # around the surface: the palette, not what was there before

    def showEvent(self, event: QShowEvent) -> None:
        # back from another tab or a closed dialog: native windows come back, the rest is repainted
        super().showEvent(event)
        self.update()
        if self.stack.currentWidget() is self.surface:
            self.surface.fill_black()

    @property
    def controller(self) -> PlayerController | None:
        return self.slot.controller if self.slot is not None else None

    @property
    def camera(self) -> Camera | None:
        return self.slot.camera if self.slot is not None else None

    def show_video(self) -> None:
        """Called before libVLC is told to play here: the surface's native window is painted black now, before
        libVLC maps its own window inside it (that window has no background, so it would keep showing
        whatever the screen had there, e.g. the 2×2 tiles, around the picture)."""
        self.stack.setCurrentWidget(self.surface)
        self.surface.fill_black()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)


CLOCK_WIDEST = "88:88:88 UTC−88:88 …"  # the clock and its zone always whole (the offset may elide)
CLOCK_WHOLE = "88:88:88 UTC−88:88  (+88:88)"  # the whole clock, its offset from the ticket's start too
_GAP = 2  # between the transport's controls


class TransportBar(QWidget):
    """The transport controls under the video; the pane connects them to its playback.

    One row when it fits with the whole clock; else the snapshot button shows its camera without its word
    (its tooltip names it) to keep the whole clock on the row (beside the receipts table of a 1440 px
    window: "…UTC−08:00 (…" was cut there); in a narrower pane (a 1024 px window) the clock takes a row of
    its own under the buttons, with the word again while it fits. The pane can be as narrow as the buttons:
    the clock then ends in "…", the whole of it in its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("videoTransport")
        self._icons: dict[QToolButton, QStyle.StandardPixmap] = {}

        def tool(
            name: str, tip: str, icon: QStyle.StandardPixmap | None = None, text: str = ""
        ) -> QToolButton:
            button = QToolButton(self)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAccessibleName(tip)  # the text ("5 s", "|▶") alone does not say what it does
            button.setAutoRaise(True)
            if icon is not None:
                self._icons[button] = icon
            if text:
                button.setText(text)
                button.setToolButtonStyle(
                    Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                    if icon
                    else Qt.ToolButtonStyle.ToolButtonTextOnly
                )
            return button

        sp = QStyle.StandardPixmap
        self.back_button = tool("back5Button", self.tr("Back 5 seconds"), sp.SP_MediaSeekBackward, "5 s")
        self.play_button = tool("playPauseButton", self.tr("Play / pause"), sp.SP_MediaPause)
        self.forward_button = tool(
            "forward5Button", self.tr("Forward 5 seconds"), sp.SP_MediaSeekForward, "5 s"
        )
        self.frame_back_button = tool("frameBackButton", self.tr("Previous frame"), None, "◀|")
        self.frame_button = tool("frameStepButton", self.tr("Next frame"), None, "|▶")
        self.snapshot_button = tool(
            "snapshotButton", self.tr("Save the picture as PNG"), None, self.tr("Snapshot")
        )
        self.snapshot_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.speed = QComboBox(self)
        self.speed.setObjectName("speedBox")
        self.speed.setAccessibleName(self.tr("Playback speed"))
        self.speed.setToolTip(self.tr("Playback speed"))
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.time_label = ElidedLabel(self)
        self.time_label.setObjectName("videoTime")
        # room for the whole clock ("21:51:45 UTC−05:00  (+0:00)"): a clock ending in "…" hides the zone
        self.time_label.setMinimumWidth(self.time_label.fontMetrics().horizontalAdvance(CLOCK_WIDEST) + 8)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._buttons = (
            self.back_button,
            self.play_button,
            self.forward_button,
            self.frame_back_button,
            self.frame_button,
            self.speed,
            self.snapshot_button,
        )
        self._rows = (QHBoxLayout(), QHBoxLayout())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(_GAP)
        for row in self._rows:
            row.setSpacing(_GAP)
            layout.addLayout(row)
        self._shape: tuple[bool, bool] | None = None  # (the clock on a row of its own, the snapshot's word)
        self._place((False, True))
        self._paint_icons()

    def _button_rows(self) -> tuple[int, int]:
        """The buttons' row with the snapshot's word, and with its camera alone (QToolButton.sizeHint: the
        word and two spaces beside the icon, 4 px apart)."""
        metrics = self.snapshot_button.fontMetrics()
        word = 4 + metrics.horizontalAdvance(self.snapshot_button.text()) + 2 * metrics.horizontalAdvance(" ")
        row = sum(w.sizeHint().width() for w in self._buttons) + _GAP * (len(self._buttons) - 1)
        return (row, row - word) if self._shape is None or self._shape[1] else (row + word, row)

    def _shape_for(self, width: int) -> tuple[bool, bool]:
        with_word, without = self._button_rows()
        margins = self.time_label.contentsMargins()
        clock = (
            self.time_label.fontMetrics().horizontalAdvance(CLOCK_WHOLE) + margins.left() + margins.right()
        )
        if width >= with_word + _GAP + clock:
            return False, True
        if width >= without + _GAP + clock:
            return False, False
        return True, width >= with_word

    def _place(self, shape: tuple[bool, bool]) -> None:
        if shape == self._shape:
            return
        self._shape = (apart, word) = shape
        self.snapshot_button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon if word else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        for row in self._rows:
            while row.count():
                row.takeAt(0)
        for w in self._buttons:
            self._rows[0].addWidget(w)
        self._rows[0].addStretch(1)
        self._rows[1 if apart else 0].addWidget(self.time_label, 1 if apart else 0)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._button_rows()[1], super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place(self._shape_for(self.width()))
        super().resizeEvent(event)

    def set_playing(self, playing: bool) -> None:
        """The play button shows pause while playing, play otherwise (drawn once per palette: this runs on
        every receipt shown, and drawing the glyph took ~4 ms)."""
        sp = QStyle.StandardPixmap
        which = sp.SP_MediaPause if playing else sp.SP_MediaPlay
        if self._icons[self.play_button] == which:
            return  # drawn already (a palette change redraws every glyph)
        self._icons[self.play_button] = which
        self.play_button.setIcon(palette_icon(self, which))

    def _paint_icons(self) -> None:
        for button, which in self._icons.items():
            button.setIcon(palette_icon(self, which))
        self.snapshot_button.setIcon(snapshot_icon(self))

    def show_rate(self, rate: float) -> None:
        """The speed box stands out while the video does not play in real time: the speed chosen stays from
        one receipt to the next, so 2× must never pass for real time. Its ``fast`` mark is drawn by the
        window's style sheet (the highlight's colours) and the high-contrast one (ui/theme.py): a palette of
        its own was overridden by the window's sheet, and 2× was painted as 1×."""
        fast = float(rate) != 1.0
        if bool(self.speed.property("fast")) != fast:
            self.speed.setProperty("fast", fast)
            self.speed.style().unpolish(self.speed)
            self.speed.style().polish(self.speed)
        self.speed.setToolTip(
            self.tr("Playback speed: {rate}, kept for the next receipts (1× plays in real time)").format(
                rate=self.speed.currentText()
            )
            if fast
            else self.tr("Playback speed")
        )

    def changeEvent(self, event: QEvent) -> None:
        if (
            event.type() == QEvent.Type.PaletteChange
        ):  # light ↔ dark: the glyphs follow (the speed's mark: its sheet)
            self._paint_icons()
        super().changeEvent(event)


class VideoMessagePage(QWidget):
    """What the pane shows instead of video: a title, a detail, and "Map a camera…" / "Try again"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.title.setObjectName("videoMessageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.detail.setObjectName("videoMessageDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.map_button = QPushButton(self.tr("Map a camera to this terminal…"), self)
        self.map_button.setObjectName("mapCameraButton")
        self.retry_button = QPushButton(self.tr("Try again"), self)
        self.retry_button.setObjectName("retryButton")
        msg = QVBoxLayout(self)
        msg.setContentsMargins(6, 4, 6, 4)  # collapsed under the receipt it is only as tall as its message
        msg.setSpacing(4)
        msg.addStretch(1)
        msg.addWidget(self.title)
        msg.addWidget(self.detail)
        for button in (self.map_button, self.retry_button):
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(button)
            row.addStretch(1)
            msg.addLayout(row)
        msg.addStretch(1)
