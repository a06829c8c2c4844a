"""The window's sync part: starts and cancels the :class:`~ows_desktop.tasks.sync_task.SyncTask` for the
current connection, shows its progress in the sync bar (a few times a second), its outcome in the sync bar
and the banner, and keeps the status bar's "Last sync" and ticket-count labels up to date (both read from the
store in the job pool, through that thread's own reader: "Last sync" is when a sync into the store shown last
finished, as the store records it, whichever program synced it; a team store shows how far it is synced).

Signals:
    syncFinished(str): "succeeded", "failed" or "cancelled", after the table was refreshed.
    runningChanged(bool): a sync started (True) or ended (False).
    cancelling(): cancel was asked for; the sync stops at the next page.
    connectionNeeded(): Sync was asked for without a connection (the window opens the dialog).
    statusMessage(str, int): a transient status-bar text and its timeout in ms (0: until replaced).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.locale_format import count_text, decimal_text
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.shared_sync import SyncWatch
from ows_desktop.sync.engine import SavedBatch, SyncProgress, SyncResult
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.tasks.sync_task import SyncTask
from ows_desktop.ui.banner import MessageBanner
from ows_desktop.ui.errors import (
    ACTION_CUSTOM_RANGE,
    ACTION_SYNC_WIDER,
    UserMessage,
    nothing_in_range,
    sync_failure,
)
from ows_desktop.ui.filter_state import PRESET_LABELS, SyncRange
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.services import Connection, Services
from ows_desktop.ui.sync_bar import SyncBar

log = logging.getLogger(__name__)

STATS_INTERVAL_MS = 2000
PROGRESS_INTERVAL_MS = 250  # the sync reports every page; the bar shows the latest a few times a second


def store_stats(store: Any, team: bool = False) -> Any:
    """Runs in a job: (ticket count, newest persisted, how far it is synced) through a reader of the job's
    own thread. How far: when a sync into the store last finished (a datetime, or None); for a team store
    also who ran it (None: the store does not know) and the persist time its sync is complete up to
    (``completed_until_us``: whichever workstation synced) — ``(finished, who, covered_us)``."""
    with store.reader() as reader:
        count, newest = reader.stats()
        synced = reader.last_sync_finished()
        by = reader.last_sync_by(synced) if team and synced is not None else None
    return count, newest, (synced, by, store.completed_until_us()) if team else synced


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class SyncController(QObject):
    syncFinished = Signal(str)
    runningChanged = Signal(bool)
    cancelling = Signal()
    connectionNeeded = Signal()
    statusMessage = Signal(str, int)

    def __init__(
        self,
        services: Services,
        jobs: JobRunner,
        *,
        sync_bar: SyncBar,
        banner: MessageBanner,
        receipts: ReceiptsPage,
        last_sync_label: QLabel,
        cache_label: QLabel,
        parent: QWidget,
    ):
        super().__init__(parent)
        self._services = services
        self._settings = services.settings
        self._tz = services.tz
        self._jobs = jobs
        self._bar = sync_bar
        self._banner = banner
        self._receipts = receipts
        self._last_sync_label = last_sync_label
        self._cache_label = cache_label
        self._connection: Connection | None = None
        self._task: SyncTask | None = None
        self._task_for: Connection | None = None
        self._closed = False
        self._last_progress: SyncProgress | None = None
        self._watching: UserMessage | None = None  # the banner while another workstation's sync is watched
        self._said: UserMessage | None = None  # the banner this controller showed last (a sync clears it)
        self._stats_running = False
        self._stats_again = (
            False  # asked for while a read ran: read again when it ends (it may predate a sync)
        )
        self._outcome = "failed"
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_INTERVAL_MS)
        self._stats_timer.timeout.connect(self.refresh_stats)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        sync_bar.syncRequested.connect(self.start)
        sync_bar.cancelRequested.connect(self.cancel)
        banner.actionTriggered.connect(
            self._on_banner_action
        )  # the banner's buttons of a sync that held nothing
        receipts.syncRequested.connect(self.start)
        self.minute_ms = 60_000  # one minute of Preferences ▸ Sync ▸ Sync every (tests shorten it)
        self.schedule = QTimer(self)
        self.schedule.setObjectName("syncSchedule")
        self.schedule.timeout.connect(self._scheduled_sync)
        self.apply_schedule()

    def apply_schedule(self) -> None:
        """Preferences ▸ Sync ▸ Sync every N minutes while the window is open (0: off); read again on OK."""
        minutes = int(self._settings.get("sync/every_minutes"))
        if minutes > 0 and not self._closed:
            self.schedule.start(minutes * self.minute_ms)
        else:
            self.schedule.stop()

    @Slot()
    def _scheduled_sync(self) -> None:
        """The Sync button's sync, skipped while one runs or before a connection is known (no dialog then)."""
        if not self.running and self._connection is not None and not self._closed:
            self.start()

    def set_connection(self, connection: Connection | None) -> None:
        """A new connection: a sync task built for another one stops (its engine holds that client)."""
        if self._task is not None and self._task_for != connection:
            self._task.shutdown()
            self._task.deleteLater()
            self._task = None
        self._connection = connection

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    @Slot()
    def start(self) -> bool:
        if self.running:
            return False
        scope = self._services.scope
        refusal = scope.sync_refusal() if scope is not None else None
        if refusal is not None:  # a team store's manager, investigator or director: the sync service syncs
            self.statusMessage.emit(core_text(refusal), 8000)
            return False
        if self._connection is None:
            self.connectionNeeded.emit()
            return False
        span = self._bar.sync_range().resolve(self._services.now(), self._tz)
        if span is None:
            self._say(
                UserMessage(
                    "warning",
                    self.tr("Nothing to sync in that range."),
                    self.tr("Choose a start before the end, and not in the future."),
                    (),
                )
            )
            return False
        if self._task is None:
            self._task = SyncTask(self._services.engine_factory(self._connection), parent=self)
            self._task_for = self._connection
            task = self._task
            task.progress.connect(self._on_progress)
            task.saved.connect(self._on_saved)
            task.busy.connect(self._on_busy)
            task.succeeded.connect(self._on_succeeded)
            task.failed.connect(self._on_failed)
            task.cancelled.connect(self._on_cancelled)
            task.finished.connect(self._on_finished)
        shown = self._banner.message
        if shown is not None and (shown.level in ("error", "info") or shown is self._said):
            self._banner.clear()  # what an earlier sync said (a warning too: "Nothing to sync in that range")
        self._last_progress = None
        self._outcome = "failed"
        started = self._task.start(*span)
        if started:
            self._bar.set_running(True)
            self.runningChanged.emit(True)
            self.statusMessage.emit(self.tr("Syncing…"), 0)
        return started

    @Slot()
    def cancel(self) -> None:
        if self._task is not None and self._task.running:
            self._task.cancel()
            self._bar.set_cancelling()
            self.cancelling.emit()

    @Slot(object)
    def _on_progress(self, progress: SyncProgress) -> None:
        first = self._last_progress is None
        self._last_progress = progress
        if first:
            self._show_progress()
        elif not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot()
    def _show_progress(self) -> None:
        self._progress_timer.stop()
        if self._last_progress is not None and self._bar.running:
            self._bar.set_progress(self._last_progress)

    @Slot(object)
    def _on_busy(self, watch: SyncWatch) -> None:
        """Another workstation syncs the team store: say who; the bar shows that sync's progress (it
        arrives as this sync's progress), and this sync takes what is left when it ends."""
        self._watching = UserMessage(
            "info",
            self.tr("Sync already running on {who} since {since} — watching its progress").format(
                who=watch.who, since=watch.started_label()
            ),
            self.tr(
                "One workstation syncs the team store at a time. When that sync ends, this one fetches "
                "whatever is left."
            ),
            (),
        )
        self._banner.show_message(self._watching)

    @Slot(object)
    def _on_saved(self, batch: SavedBatch) -> None:
        self._receipts.tickets_saved(batch.inserted, batch.updated)
        self.stats_changed()

    @Slot()
    def stats_changed(self) -> None:
        """Tickets landed (this window's sync, or another's: live updates): the status bar's count and how
        far the store is synced are read again within STATS_INTERVAL_MS, once however many pages land."""
        if not self._stats_timer.isActive():
            self._stats_timer.start()

    @Slot(object)
    def _on_succeeded(self, result: SyncResult) -> None:
        self._outcome = "succeeded"
        self._last_progress = result.progress
        self._show_progress()
        p = result.progress
        self._bar.set_finished(
            self.tr("Done: {tickets} ({new_tickets}) in {elapsed} s · {pages}").format(
                tickets=counted().tickets(p.tickets),
                new_tickets=counted().new_tickets(p.new_tickets),
                elapsed=decimal_text(p.elapsed, 1),
                pages=counted().pages(p.pages),
            )
        )
        if p.tickets == 0 and self._cache_is_empty():
            chosen = self._bar.sync_range().preset
            label = (
                QCoreApplication.translate("filter_state", PRESET_LABELS.get(chosen, "That range"))
                if chosen != "custom"
                else self.tr("That range")
            )
            held = self._bar.holds_the_last_7_days(self._services.now(), self._tz)  # never offered again
            self._say(nothing_in_range(label.rstrip("…"), wider=not held))

    @Slot(str)
    def _on_banner_action(self, action: str) -> None:
        if action == ACTION_SYNC_WIDER:
            self._banner.clear()
            self._bar.set_sync_range(SyncRange("last7"))
            self.start()
        elif action == ACTION_CUSTOM_RANGE:
            self._banner.clear()
            self._bar.choose_custom()

    def _cache_is_empty(self) -> bool:
        from ows_desktop.store import TicketQuery

        with self._services.store.reader(interactive=True) as reader:  # one row is enough to know
            return not reader.page(TicketQuery(), 1)[0]

    @Slot(object, int)
    def _on_failed(self, message: str, code: int) -> None:
        self._outcome = "failed"
        self._bar.set_finished(self.tr("Sync stopped."))
        self._say(sync_failure(message, code))

    def _say(self, message: UserMessage) -> None:
        self._said = message
        self._banner.show_message(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._outcome = "cancelled"
        p = self._last_progress
        done = self.tr(" after {tickets} tickets").format(tickets=count_text(p.tickets)) if p else ""
        self._bar.set_finished(
            self.tr("Cancelled{done}; the next sync resumes where this one stopped.").format(done=done)
        )

    @Slot()
    def _on_finished(self) -> None:
        if self._watching is not None and self._banner.message is self._watching:
            self._banner.clear()  # the watched sync ended, and this one took what was left
        self._watching = None
        self.runningChanged.emit(False)
        self.statusMessage.emit("", 0)
        if self._closed:
            return
        outcome = self._outcome  # a sync started meanwhile has its own
        # the table shows every saved ticket before syncFinished; its listing is read in a job (at the end of a
        # long sync that read, with the paint after it, was the GUI thread's longest pause)
        self._receipts.live.flush(lambda: self._finish(outcome))

    def _finish(self, outcome: str) -> None:
        if self._closed:
            return
        self._receipts.reload_choices()
        self.refresh_stats()
        self.syncFinished.emit(outcome)

    # -- status bar labels -----------------------------------------------------------------------------------

    @Slot()
    def refresh_stats(self) -> None:
        """Read the status bar's figures again (in a job); asked for while a read runs, once more after it:
        the read in flight may have started before the sync that asks finished."""
        if self._closed:
            return
        if self._stats_running:
            self._stats_again = True
            return
        self._stats_running = True
        self._stats_again = False
        store, team = self._services.store, self._services.scope is not None
        self._jobs.submit(
            lambda: store_stats(store, team),
            "stats",
            succeeded=self._on_stats,
            failed=self._on_stats_failed,
            finished=self._on_stats_done,
        )

    @Slot(object, object)
    def _on_stats(self, tag: Any, stats: Any) -> None:
        count, newest, synced = stats
        if self._services.scope is not None:
            self._show_team_sync(*synced)
        else:
            self._show_last_sync(synced)
        scope = self._services.scope  # a team store (it has a scope) is not on this computer
        if scope is not None and not scope.all_locations:  # the database returns her stores' tickets only
            text = self.tr("%Ln ticket(s) of your stores in the team store", "", count)
        elif scope is not None:
            text = self.tr("{count} tickets in the team store").format(count=count_text(count))
        else:
            text = self.tr("{count} tickets on this computer").format(count=count_text(count))
        self._cache_label.setText(text)
        self._cache_label.setToolTip(
            self.tr("Newest ticket received by OWS: {utc_text}").format(utc_text=utc_text(newest))
            if newest
            else ""
        )

    @Slot(object, object, int)
    def _on_stats_failed(self, tag: Any, message: str, code: int) -> None:
        self._cache_label.setText(self.tr("Ticket cache unavailable"))
        self._cache_label.setToolTip(QtGui.Qt.convertFromPlainText(message))  # error text: shown literally

    @Slot(object)
    def _on_stats_done(self, tag: Any) -> None:
        self._stats_running = False
        if self._stats_again:
            self.refresh_stats()

    def _show_last_sync(self, moment: datetime | None) -> None:
        """When a sync into the store shown last finished, as the store records it (the window's, another
        window's, the command line's or the sync service's); on a team store its coverage instead
        (_show_team_coverage: colleagues and the sync service sync it too)."""
        label = self._last_sync_label
        if moment is None:
            label.setText(self.tr("Never synced"))
            label.setToolTip("")
            return
        label.setText(self.tr("Last sync {when}").format(when=self._when(moment)))
        label.setToolTip(utc_text(moment))

    def _show_team_sync(self, finished: datetime | None, who: str | None, covered_us: int | None) -> None:
        """A team store: when a sync into it last finished, and by whom when the store knows (any
        workstation's, the command line's or the sync service's: the name it syncs under, OS user@host), and
        how far it is synced without a gap where that says more than the last sync's time."""
        label = self._last_sync_label
        covered = None if covered_us is None else from_epoch_us(covered_us)
        if finished is None and covered is None:
            label.setText(self.tr("Team store not synced yet"))
            label.setToolTip("")
            return
        tips = []
        if finished is not None:
            when = self._when(finished)
            text = (self.tr("Last sync {when} by {who}") if who else self.tr("Last sync {when}")).format(
                when=when, who=who
            )
            tips.append(
                (
                    self.tr("Last sync finished {utc_text} by {who}.")
                    if who
                    else self.tr("Last sync finished {utc_text}.")
                ).format(utc_text=utc_text(finished), who=who)
            )
        if covered is not None:
            if finished is None:
                text = self.tr("Team store synced up to {when}").format(when=self._when(covered))
            elif self._when(covered) != when:  # the same minute: the last sync's time says it
                text = self.tr("{last_sync} · synced up to {when}").format(
                    last_sync=text, when=self._when(covered)
                )
            tips.append(
                self.tr(
                    "Synced without a gap up to {utc_text}, by whichever workstation or the sync service."
                ).format(utc_text=utc_text(covered))
            )
        label.setText(text)
        plain = QtGui.Qt.convertFromPlainText("\n".join(tips), QtGui.Qt.WhiteSpaceMode.WhiteSpaceNormal)
        label.setToolTip(plain)  # a name from the store: shown as plain text

    def _when(self, moment: datetime) -> str:
        local = moment.astimezone(self._tz)
        today = self._services.now().astimezone(self._tz).date()
        return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")

    def shutdown(self) -> None:
        """On close: no more refreshes; stop the sync thread (cooperatively, then join it)."""
        self._closed = True
        self._stats_timer.stop()
        self.schedule.stop()
        if self._task is not None and not self._task.shutdown():
            log.warning("The sync thread did not stop in time")
