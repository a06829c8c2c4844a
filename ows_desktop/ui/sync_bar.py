"""The sync bar: which persist-time range to fetch (presets or custom), Sync / Cancel, and the progress
(tickets, pages, rate, ETA) of the running sync."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDateTime, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.sync.engine import SyncProgress
from ows_desktop.ui.date_order import keep_in_order
from ows_desktop.ui.elided_label import ElidedLabel
from ows_desktop.ui.filter_state import PRESET_LABELS, PRESETS, SyncRange


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("sync_bar", "estimating…")
    seconds = round(seconds)
    if seconds >= 3600:
        return QCoreApplication.translate("sync_bar", "{value} h {value2:02d} min").format(
            value=seconds // 3600, value2=seconds % 3600 // 60
        )
    return f"{seconds // 60}:{seconds % 60:02d}"


def progress_text(p: SyncProgress) -> str:
    parts = [
        counted().tickets(p.tickets),
        counted().pages(p.pages),
        QCoreApplication.translate("sync_bar", "{rate}/s").format(rate=count_text(round(p.rate))),
    ]
    if p.retries:
        parts.append(counted().retries(p.retries))
    parts.append(QCoreApplication.translate("sync_bar", "ETA {eta}").format(eta=format_eta(p.eta_seconds)))
    return " · ".join(parts)


class ThinProgress(QWidget):
    """A slim progress bar. Unlike QProgressBar, whose setValue() repaints synchronously (and so paints
    the window in the middle of a busy sync), it only schedules an update."""

    valueChanged = Signal(int)
    MAXIMUM = 1000

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._value = 0
        self._busy = False
        self.setFixedSize(QSize(220, 8))

    def value(self) -> int:
        return self._value

    def set_busy(self) -> None:
        self._busy = True
        self._value = 0
        self.update()

    def set_value(self, value: int) -> None:
        value = max(0, min(self.MAXIMUM, int(value)))
        self._busy = False
        if value != self._value:
            self._value = value
            self.update()
            self.valueChanged.emit(value)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        palette = self.palette()
        radius = self.height() / 2
        painter.setBrush(palette.color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        if self._busy:
            painter.setOpacity(0.35)
            painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        elif self._value:
            width = max(self.height(), self.width() * self._value / self.MAXIMUM)
            painter.drawRoundedRect(QRectF(0, 0, width, self.height()), radius, radius)
        painter.end()


class SyncBar(QFrame):
    syncRequested = Signal()
    cancelRequested = Signal()
    rangeChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncBar")
        self._running = False
        self._refusal: str | None = None  # why the signed-in role may not sync (refuse)

        label = QLabel(self.tr("Sync tickets received"), self)
        label.setObjectName("syncLabel")
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("syncPreset")
        self.preset_combo.setAccessibleName(self.tr("Sync range"))
        for preset in PRESETS:
            self.preset_combo.addItem(
                QCoreApplication.translate("filter_state", PRESET_LABELS[preset]), preset
            )
        self.preset_combo.setToolTip(
            self.tr("Which tickets to fetch from OWS, by the time OWS received them")
        )
        self.preset_combo.currentIndexChanged.connect(self._on_preset)
        self.start_edit = QDateTimeEdit(self)
        self.end_edit = QDateTimeEdit(self)
        keep_in_order(self.start_edit, self.end_edit)  # as the Receipts and Exceptions ranges
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.dateTimeChanged.connect(self._on_custom_changed)
        self.start_edit.setAccessibleName(self.tr("Sync from"))
        self.end_edit.setAccessibleName(self.tr("Sync to"))
        now = QDateTime.currentDateTime()
        self.start_edit.setDateTime(now.addDays(-1))
        self.end_edit.setDateTime(now)
        self.to_label = QLabel(self.tr("to"), self)

        self.sync_button = QPushButton(self.tr("Sync"), self)
        self.sync_button.setObjectName("syncButton")
        self.sync_button.setToolTip(self.tr("Fetch tickets from OWS (Ctrl+R)"))
        self.sync_button.clicked.connect(self.syncRequested)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelSyncButton")
        self.cancel_button.setToolTip(self.tr("Stop the sync; it resumes from the last saved page next time"))
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.cancel_button.hide()

        self.progress = ThinProgress(self)
        self.progress.setObjectName("syncProgress")
        self.progress.hide()
        self.detail = ElidedLabel(self)  # plain text; "…" where a narrow window cuts it, whole in its tooltip
        self.detail.setObjectName("syncDetail")
        self.detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(8)
        layout.addWidget(label)
        layout.addWidget(self.preset_combo)
        layout.addWidget(self.start_edit)
        layout.addWidget(self.to_label)
        layout.addWidget(self.end_edit)
        layout.addSpacing(6)
        layout.addWidget(self.sync_button)
        layout.addWidget(self.cancel_button)
        layout.addSpacing(10)
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.detail, 1)
        self._on_preset()

    # -- range ------------------------------------------------------------------------------------------

    def sync_range(self) -> SyncRange:
        preset = self.preset_combo.currentData() or "today"
        if preset != "custom":
            return SyncRange(preset)
        fmt = Qt.DateFormat.ISODate
        return SyncRange(
            "custom", self.start_edit.dateTime().toString(fmt), self.end_edit.dateTime().toString(fmt)
        )

    def set_sync_range(self, value: SyncRange) -> None:
        index = self.preset_combo.findData(value.preset)
        self.preset_combo.setCurrentIndex(max(0, index))
        for edit, text in ((self.start_edit, value.custom_start), (self.end_edit, value.custom_end)):
            if text:
                parsed = QDateTime.fromString(text, Qt.DateFormat.ISODate)
                if parsed.isValid():
                    edit.setDateTime(parsed)
        self._on_preset()

    def holds_the_last_7_days(self, now_utc: datetime, tz: tzinfo | None) -> bool:
        """Whether the range chosen holds the last 7 days (Last 7 days, or a custom range around them)."""
        chosen = self.sync_range().resolve(now_utc, tz)
        week = SyncRange("last7").resolve(now_utc, tz)
        return chosen is not None and week is not None and chosen[0] <= week[0] and chosen[1] >= week[1]

    def choose_custom(self) -> None:
        """Custom range… chosen, the focus in its start: the ranges offered held nothing."""
        self.set_sync_range(SyncRange("custom"))
        self.start_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_preset(self) -> None:
        custom = self.preset_combo.currentData() == "custom"
        for widget in (self.start_edit, self.to_label, self.end_edit):
            widget.setVisible(custom)
        self.rangeChanged.emit()

    @Slot()
    def _on_custom_changed(self) -> None:
        self.rangeChanged.emit()

    # -- running state ------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def refuse(self, reason: str) -> None:
        """The signed-in role may not sync (a team store's manager): the button stays greyed, saying why."""
        self._refusal = reason
        self.sync_button.setEnabled(False)
        self.sync_button.setToolTip(reason)

    def set_running(self, running: bool) -> None:
        self._running = running
        self.sync_button.setEnabled(not running and self._refusal is None)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.preset_combo.setEnabled(not running)
        self.start_edit.setEnabled(not running)
        self.end_edit.setEnabled(not running)
        if running:
            self.progress.set_busy()  # until the first progress report
            self.progress.show()
            self.detail.setText(self.tr("Starting…"))

    def set_progress(self, p: SyncProgress) -> None:
        self.progress.set_value(round(p.fraction * ThinProgress.MAXIMUM))
        self.progress.setToolTip(
            self.tr("{fraction:.0%} of the range · {windows_done}/{windows_total} windows").format(
                fraction=p.fraction, windows_done=p.windows_done, windows_total=p.windows_total
            )
        )
        self.detail.setText(progress_text(p))

    def set_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.detail.setText(self.tr("Cancelling after the current pages…"))

    def set_finished(self, text: str, *, keep_progress: bool = False) -> None:
        self.set_running(False)
        if not keep_progress:
            self.progress.hide()
        self.detail.setText(text)
