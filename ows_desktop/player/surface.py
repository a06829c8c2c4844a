"""The widget libVLC draws into: a plain native QFrame (its own X11 window / HWND / NSView).

Nothing else is drawn on it (a native child window covers anything painted above it); the pane shows state
messages on a separate page instead. Mouse presses and double-clicks reach Qt (libVLC's input is off, see
:func:`~ows_desktop.player.libvlc.bind_video_output`). If Qt ever recreates the native window (a re-parent
to another top-level), :attr:`VideoSurface.handleChanged` says so and the owner binds the player again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QMouseEvent, QPaintEngine, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

from ows_desktop.player.x11_background import black_background, round_trip

HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


class VideoSurface(QFrame):
    handleChanged = Signal(int)
    clicked = Signal()
    doubleClicked = Signal()

    def __init__(self, parent: QWidget | None = None, name: str = "videoSurface"):
        super().__init__(parent)
        self.setObjectName(name)
        # Qt's offscreen/minimal platforms have no windows libVLC could draw into (tests, screenshots):
        # there the surface stays a plain widget, and handle() is 0.
        self.native = QGuiApplication.platformName() not in HEADLESS_PLATFORMS
        if self.native:
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
            self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
            # Qt never flushes its backing store here (it held the 2×2 tiles' pixels after 1×1): the X
            # server paints the window's black background (fill_black) and libVLC the picture
            self.setAttribute(Qt.WidgetAttribute.WA_PaintOnScreen, True)
            self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(not self.native)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(0, 0, 0))
        self.setPalette(palette)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(
            144, 81
        )  # 16:9; the 2×2 grid fits a 300 px pane (beside a 1024 px window's table)
        self._handle: int | None = None

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def handle(self) -> int:
        """The native window handle (creates the native window on first use); 0 on a headless platform."""
        if not self.native:
            return 0
        self._handle = int(self.winId())
        return self._handle

    def paintEngine(self) -> QPaintEngine | None:  # type: ignore[override]
        return None if self.native else super().paintEngine()  # WA_PaintOnScreen: nothing Qt-painted

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.native:
            super().paintEvent(event)

    def fill_black(self) -> None:
        """On X11: the native window and libVLC's inside it get a black background, painted now and on every
        map or expose by the X server (see :mod:`ows_desktop.player.x11_background`)."""
        if self.native and QGuiApplication.platformName() == "xcb":
            window = self.handle()
            # Qt's own requests (creating and mapping this window) reach the X server first: a round trip
            # on Qt's connection, not QGuiApplication.sync(), which also ran the pending events (a person's
            # second Shift+Down ran inside the first one's receipt change: the row shown was left out of
            # the selection that "Add to case" and the export took)
            round_trip(_qt_xcb_connection())
            black_background(window)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WinIdChange and self._handle is not None:
            new = int(self.winId())
            if new != self._handle:
                self._handle = new
                self.handleChanged.emit(new)
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.doubleClicked.emit()
        super().mouseDoubleClickEvent(event)


def _qt_xcb_connection() -> int:
    """Qt's xcb connection (an ``xcb_connection_t*``), 0 when there is none."""
    app = QGuiApplication.instance()
    native: Any = app.nativeInterface() if isinstance(app, QGuiApplication) else None  # type: ignore[attr-defined]
    connection = getattr(native, "connection", None)
    return int(connection() or 0) if callable(connection) else 0
