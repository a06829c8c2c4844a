"""The message banner across the top of the window: what went wrong and the buttons to fix it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.ui.errors import (
    ACTION_CANCEL_SWITCH,
    ACTION_CONNECT,
    ACTION_CUSTOM_RANGE,
    ACTION_EDIT_CONNECTION,
    ACTION_OPEN_LOGS,
    ACTION_RETRY_SYNC,
    ACTION_SYNC_NOW,
    ACTION_SYNC_WIDER,
    ACTION_TYPED_AGAIN,
    UserMessage,
)
from ows_desktop.ui.theme import blend

LEVEL_COLORS = {"error": "#D32F2F", "warning": "#D98200", "info": "#2F6FD6"}
ACTION_LABELS = {
    ACTION_EDIT_CONNECTION: QT_TRANSLATE_NOOP("banner", "Edit connection…"),
    ACTION_RETRY_SYNC: QT_TRANSLATE_NOOP("banner", "Sync again"),
    ACTION_OPEN_LOGS: QT_TRANSLATE_NOOP("banner", "Open log folder"),
    ACTION_CONNECT: QT_TRANSLATE_NOOP("banner", "Connect…"),
    ACTION_SYNC_NOW: QT_TRANSLATE_NOOP("banner", "Sync now"),
    ACTION_SYNC_WIDER: QT_TRANSLATE_NOOP("banner", "Sync the last 7 days"),
    ACTION_CUSTOM_RANGE: QT_TRANSLATE_NOOP("banner", "Choose a custom range…"),
    ACTION_TYPED_AGAIN: QT_TRANSLATE_NOOP("banner", "Open what was typed…"),
    ACTION_CANCEL_SWITCH: QT_TRANSLATE_NOOP("banner", "Cancel the switch"),
}


class _LevelIcon(QWidget):
    """A filled circle with "!" or "i": the level is also said in words by the title."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._color = QColor(LEVEL_COLORS["info"])
        self._glyph = "i"
        self.setFixedSize(QSize(22, 22))

    def set_level(self, level: str) -> None:
        self._color = QColor(LEVEL_COLORS.get(level, LEVEL_COLORS["info"]))
        self._glyph = "i" if level == "info" else "!"
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        painter.drawEllipse(QRectF(1, 1, self.width() - 2, self.height() - 2))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QPen(QColor("#ffffff")))
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), self._glyph)
        painter.end()


class MessageBanner(QFrame):
    """Signals:
    actionTriggered(str): one of the message's action buttons was pressed (its ACTION_… name).
    dismissed(object): the person closed the message (✕): the UserMessage it showed.
    """

    actionTriggered = Signal(str)
    dismissed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.setAutoFillBackground(False)
        self._level = "info"
        self._message: UserMessage | None = None
        self._icon = _LevelIcon(self)
        self._title = QLabel(self)
        self._title.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self._title.setObjectName("bannerTitle")
        bold = QFont(self.font())
        bold.setBold(True)
        self._title.setFont(bold)
        self._detail = QLabel(self)
        self._detail.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self._detail.setObjectName("bannerDetail")
        self._detail.setWordWrap(True)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        text_box = QVBoxLayout()
        text_box.setSpacing(2)
        text_box.addWidget(self._title)
        text_box.addWidget(self._detail)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(6)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss message"))
        close.setAutoRaise(True)
        close.clicked.connect(self._on_close)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.setSpacing(12)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text_box, 1)
        layout.addLayout(self._buttons)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def message(self) -> UserMessage | None:
        return self._message if self.isVisible() or self._message else None

    def title_text(self) -> str:
        return self._title.text()

    def detail_text(self) -> str:
        return self._detail.text()

    def show_message(self, message: UserMessage) -> None:
        self._message = message
        self._level = message.level
        self._icon.set_level(message.level)
        self._title.setText(shown_text(message.title))  # a server's words: a bidi override reversed ours
        self._detail.setText(shown_text(message.detail))
        self._detail.setVisible(bool(message.detail))
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for action in message.actions:
            button = QPushButton(
                QCoreApplication.translate("banner", ACTION_LABELS.get(action, action)), self
            )
            button.setProperty("bannerAction", action)
            button.clicked.connect(self._on_action)
            self._buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.show()
        self.update()

    def clear(self) -> None:
        self._message = None
        self.hide()

    @Slot()
    def _on_action(self) -> None:
        button = self.sender()
        if button is not None:
            self.actionTriggered.emit(str(button.property("bannerAction")))

    @Slot()
    def _on_close(self) -> None:
        message = self._message
        self.clear()
        self.dismissed.emit(message)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        accent = QColor(LEVEL_COLORS.get(self._level, LEVEL_COLORS["info"]))
        base = self.palette().color(QPalette.ColorRole.Window)
        painter.fillRect(self.rect(), blend(base, accent, 0.14))
        painter.fillRect(QRectF(0, 0, 4, self.height()), accent)
        painter.setPen(QPen(blend(base, accent, 0.35)))
        painter.drawLine(QPointF(0, self.height() - 0.5), QPointF(self.width(), self.height() - 0.5))
        painter.end()
