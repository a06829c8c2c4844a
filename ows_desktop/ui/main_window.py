"""The review workstation's main window: sync bar, message banner, Receipts and Users tabs, status bar.

Everything concrete (settings, the ticket store, the credential store, how to open an OWS client and how
to build a sync engine) is injected through :class:`~ows_desktop.ui.services.Services` by ``app.py``.
Long work runs elsewhere: the sync in :class:`~ows_desktop.tasks.sync_task.SyncTask`'s thread, keyring
and one-shot network calls in :class:`~ows_desktop.tasks.jobs.JobRunner`'s pool; results come back as
signals to slots here."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ows_desktop import __version__
from ows_desktop.basics.credentials import credentials_from_env
from ows_desktop.export import Selection, export_tickets
from ows_desktop.player.evidence import export_snapshot_provider
from ows_desktop.rules.ranking import rank_exceptions
from ows_desktop.rules.runner import RuleRunner
from ows_desktop.sync.engine import SavedBatch, SyncProgress, SyncResult
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.tasks.sync_task import SyncTask
from ows_desktop.ui.banner import MessageBanner
from ows_desktop.ui.connection_dialog import ConnectionDialog
from ows_desktop.ui.errors import (
    ACTION_CONNECT,
    ACTION_EDIT_CONNECTION,
    ACTION_OPEN_LOGS,
    ACTION_RETRY_SYNC,
    ACTION_SYNC_NOW,
    UserMessage,
    sync_failure,
)
from ows_desktop.ui.exceptions_view import ExceptionsView
from ows_desktop.ui.filter_state import SyncRange
from ows_desktop.ui.flag_dialog import FlagDialog, apply_request
from ows_desktop.ui.mapping_dialog import MappingDialog
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.services import Connection, Services
from ows_desktop.ui.sync_bar import SyncBar
from ows_desktop.ui.theme import WINDOW_STYLESHEET, app_icon
from ows_desktop.ui.users_page import UsersPage
from ows_desktop.ui.video_pane import VideoPane

log = logging.getLogger(__name__)

STATS_INTERVAL_MS = 2000
PROGRESS_INTERVAL_MS = 250  # the sync reports every page; the bar shows the latest a few times a second


def store_stats(store: Any) -> Any:
    """Runs in a job: (ticket count, newest persisted) through a reader of the job's own thread."""
    with store.reader() as reader:
        return reader.stats()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class MainWindow(QMainWindow):
    connectionChanged = Signal(object)  # Connection | None
    syncFinished = Signal(str)  # "succeeded", "failed" or "cancelled"
    exportFinished = Signal(str)  # the export folder, or "" when it failed
    TAB_RECEIPTS, TAB_USERS = 0, 1

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(WINDOW_STYLESHEET)
        self._services = services
        self._settings = services.settings
        self._tz = services.tz
        self._jobs = JobRunner(parent=self)
        self._reader = services.store.reader()  # the GUI thread's own read connection
        self._connection: Connection | None = None
        self._sync_task: SyncTask | None = None
        self._sync_task_for: Connection | None = None
        self._dialog: ConnectionDialog | None = None
        self._closed = False
        self._last_progress: SyncProgress | None = None
        self._stats_running = False
        self._outcome = "failed"

        self.sync_bar = SyncBar(self)
        self.sync_bar.syncRequested.connect(self.start_sync)
        self.sync_bar.cancelRequested.connect(self.cancel_sync)
        self.banner = MessageBanner(self)
        self.banner.actionTriggered.connect(self._on_banner_action)

        self.receipts = ReceiptsPage(
            store=services.store,
            reader=self._reader,
            jobs=self._jobs,
            tz=self._tz,
            now=services.now,
            parent=self,
        )
        self.receipts.storeError.connect(self._on_store_error)
        self.receipts.syncRequested.connect(self.start_sync)
        self.users = UsersPage(jobs=self._jobs, open_client=services.open_client, tz=self._tz, parent=self)
        self.video: VideoPane | None = None
        if services.cameras is not None and services.media_backend is not None:
            self._add_video_pane(services)
        self.exceptions = ExceptionsView(self._rank_exceptions, runner=self._jobs, tz=self._tz, parent=self)
        self.exceptions.filterRequested.connect(self._on_exception_filter)
        self.exceptions.runRulesRequested.connect(self.run_rules)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.receipts, "Receipts")
        self.tabs.addTab(self.users, "Users")
        self.tabs.addTab(self.exceptions, "Exceptions")
        self.tabs.currentChanged.connect(self._on_tab)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sync_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.connection_label = QLabel("Not connected", self)
        self.connection_label.setObjectName("connectionStatus")
        self.last_sync_label = QLabel(self)
        self.last_sync_label.setObjectName("lastSync")
        self.cache_label = QLabel(self)
        self.cache_label.setObjectName("cacheCount")
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        status.addWidget(self.connection_label)
        status.addPermanentWidget(self.last_sync_label)
        status.addPermanentWidget(self.cache_label)

        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_INTERVAL_MS)
        self._stats_timer.timeout.connect(self.refresh_stats)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_INTERVAL_MS)
        self._progress_timer.timeout.connect(self._show_progress)

        self._build_actions()
        self._update_title()
        self.resize(1440, 900)
        self.setMinimumSize(960, 600)
        self._filters_to_restore = self._restore_state()
        self._show_last_sync()

    # -- actions and menus ----------------------------------------------------------------------------------

    def _action(self, text: str, slot: Any = None, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _build_actions(self) -> None:
        self.sync_action = self._action("&Sync now", self.start_sync, "Ctrl+R", "Fetch tickets from OWS")
        self.cancel_sync_action = self._action(
            "&Cancel sync", self.cancel_sync, None, "Stop the running sync"
        )
        self.cancel_sync_action.setEnabled(False)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(
            "&Find…", self.focus_search, QKeySequence.StandardKey.Find, "Search the receipts"
        )
        self.clear_filters_action = self._action(
            "C&lear filters", self.receipts.filter_bar.clear, "Ctrl+Shift+L", "Show every receipt"
        )
        self.next_action = self._action(
            "&Next receipt", self.next_receipt, "J", "Select the next receipt (or ↓)"
        )
        self.prev_action = self._action(
            "&Previous receipt", self.previous_receipt, "K", "Select the previous receipt (or ↑)"
        )
        self.receipts_tab_action = self._action("&Receipts", self.show_receipts, "Ctrl+1")
        self.users_tab_action = self._action("&Users", self.show_users, "Ctrl+2")
        self.raw_action = self._action(
            "Show &raw JSON",
            self.toggle_raw,
            "Ctrl+U",
            "Switch the receipt panel between the receipt and its raw JSON",
        )
        self.flag_action = self._action(
            "&Flag / unflag ticket",
            self.flag_current,
            "F",
            "Flag the selected ticket for investigation, or remove its flag",
        )
        self.flag_dialog_action = self._action(
            "Flag &selected tickets…",
            self.flag_selected,
            "Shift+F",
            "Flag every selected ticket with a reason, a review state and a note",
        )
        self.exceptions_tab_action = self._action("&Exceptions", self.show_exceptions, "Ctrl+3")
        self.export_action = self._action(
            "&Export evidence…",
            self.export_evidence,
            "Ctrl+E",
            "Export the flagged tickets (with 'Flagged only' on) or the current search as CSV, JSON or a PDF "
            "case report, with a SHA-256 manifest",
        )
        self.mapping_action = self._action(
            "Terminals and &cameras…",
            self.open_mapping,
            None,
            "Map the cameras that film each register (at most 4, one primary)",
        )
        self.mapping_action.setEnabled(self._services.cameras is not None)
        self.edit_connection_action = self._action(
            "&Edit connection…", self.edit_connection, None, "Change the API Access URL, key or secret"
        )
        self.sign_out_action = self._action(
            "Sign &out", self.sign_out, None, "Forget the stored API key on this computer"
        )
        self.sign_out_action.setEnabled(False)
        self.logs_action = self._action("Open &log folder", self.open_logs)
        self.about_action = self._action("&About OWS Desktop", self.about)

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.sync_action, self.cancel_sync_action])
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.find_action, self.clear_filters_action])
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.receipts_tab_action, self.users_tab_action, self.exceptions_tab_action])
        view_menu.addSeparator()
        view_menu.addActions([self.next_action, self.prev_action, self.raw_action])
        ticket_menu = bar.addMenu("&Ticket")
        ticket_menu.addActions([self.flag_action, self.flag_dialog_action])
        ticket_menu.addSeparator()
        ticket_menu.addAction(self.mapping_action)
        connection_menu = bar.addMenu("&Connection")
        connection_menu.addActions([self.edit_connection_action, self.sign_out_action])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.logs_action, self.about_action])

    # -- start-up and connection ----------------------------------------------------------------------------

    def start(self) -> None:
        """Run the first query and find the credentials (off the UI thread); first run: ask for them."""
        self.receipts.start(self._filters_to_restore)
        self.refresh_stats()
        base_url = self._settings.get("connection/base_url") or ""
        env_credentials = credentials_from_env(self._services.env)
        if base_url and env_credentials is not None:
            self.set_connection(Connection(base_url, env_credentials, "environment"))
            return
        if not base_url:
            QTimer.singleShot(0, self, self._first_run)
            return
        self.connection_label.setText("Reading the stored key…")
        store = self._services.credentials
        self._jobs.submit(
            lambda: store.get(base_url),
            base_url,
            succeeded=self._on_credentials_loaded,
            failed=self._on_credentials_failed,
        )

    @Slot()
    def _first_run(self) -> None:
        self.open_connection_dialog(first_run=True)

    @Slot(object, object)
    def _on_credentials_loaded(self, base_url: Any, credentials: Any) -> None:
        if credentials is None:
            self.connection_label.setText("Not connected")
            self.open_connection_dialog(first_run=True)
            return
        self.set_connection(Connection(str(base_url), credentials, "keyring"))

    @Slot(object, str, int)
    def _on_credentials_failed(self, base_url: Any, message: str, code: int) -> None:
        self.connection_label.setText("Not connected")
        self.banner.show_message(
            UserMessage(
                "warning",
                "The stored API key could not be read.",
                f"{message} You can still browse the tickets already on this computer.",
                (ACTION_CONNECT,),
            )
        )

    @property
    def closed(self) -> bool:
        return self._closed

    def connection(self) -> Connection | None:
        return self._connection

    def set_connection(self, connection: Connection | None) -> None:
        if connection == self._connection:
            return
        if self._sync_task is not None and self._sync_task_for != connection:
            self._sync_task.shutdown()
            self._sync_task.deleteLater()
            self._sync_task = None
        self._connection = connection
        if connection is not None and self._services.on_credentials is not None:
            self._services.on_credentials(connection.credentials)
        self.users.set_connection(connection)
        if connection is not None and self.tabs.currentWidget() is self.users:
            self.users.ensure_loaded()
        self.sign_out_action.setEnabled(connection is not None and connection.source == "keyring")
        if connection is None:
            self.connection_label.setText("Not connected")
        else:
            where = {"environment": " (key from OWS_API_KEY)", "session": " (key not saved)"}.get(
                connection.source, ""
            )
            self.connection_label.setText(f"Connected to {connection.host}{where}")
            if self.banner.message and ACTION_CONNECT in self.banner.message.actions:
                self.banner.clear()
        self._update_title()
        self.connectionChanged.emit(connection)

    def connection_dialog(self) -> ConnectionDialog | None:
        return self._dialog

    def open_connection_dialog(self, first_run: bool = False) -> ConnectionDialog:
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.raise_()
            return self._dialog
        current = self._connection
        base_url = current.base_url if current else (self._settings.get("connection/base_url") or "")
        key = current.credentials.key if current else ""
        dialog = ConnectionDialog(
            credentials=self._services.credentials,
            open_client=self._services.open_client,
            jobs=self._jobs,
            base_url=base_url,
            key=key,
            first_run=first_run,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.rejected.connect(self._on_dialog_rejected)
        self._dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def edit_connection(self) -> None:
        self.open_connection_dialog(first_run=self._connection is None)

    @Slot()
    def _on_dialog_accepted(self) -> None:
        dialog = self._dialog
        connection = dialog.connection() if dialog is not None else None
        self._dialog = None
        if connection is None:
            return
        self._settings.set("connection/base_url", connection.base_url)
        self.set_connection(connection)
        if connection.source == "session":
            self.banner.show_message(
                UserMessage(
                    "warning",
                    "Connected for this session only.",
                    "The key is not saved because this computer has no secure keyring; you will be asked again "
                    "next time.",
                    (),
                )
            )
        else:
            self.banner.show_message(
                UserMessage(
                    "info",
                    f"Connected to {connection.host}.",
                    "Choose a range and press Sync (Ctrl+R) to fetch tickets.",
                    (ACTION_SYNC_NOW,),
                )
            )

    @Slot()
    def _on_dialog_rejected(self) -> None:
        self._dialog = None
        if self._connection is None:
            self.banner.show_message(
                UserMessage(
                    "info",
                    "Not connected to OWS.",
                    "Tickets already on this computer can be browsed; connect to sync new ones.",
                    (ACTION_CONNECT,),
                )
            )

    @Slot()
    def sign_out(self) -> None:
        connection = self._connection
        if connection is None:
            return
        if self._sync_task is not None and self._sync_task.running:
            self._sync_task.shutdown()
        store = self._services.credentials
        if connection.source == "keyring":
            self._jobs.submit(
                lambda: store.delete(connection.base_url),
                connection.base_url,
                succeeded=self._on_signed_out,
                failed=self._on_sign_out_failed,
            )
        self.set_connection(None)

    @Slot(object, object)
    def _on_signed_out(self, base_url: Any, removed: Any) -> None:
        self.banner.show_message(
            UserMessage(
                "info",
                "Signed out.",
                f"The API key for {base_url} was removed from this computer. Tickets already synced stay available.",
                (ACTION_CONNECT,),
            )
        )

    @Slot(object, str, int)
    def _on_sign_out_failed(self, base_url: Any, message: str, code: int) -> None:
        self.banner.show_message(
            UserMessage(
                "error", "The key could not be removed from the keyring.", message, (ACTION_OPEN_LOGS,)
            )
        )

    # -- sync -------------------------------------------------------------------------------------------------

    @property
    def sync_running(self) -> bool:
        return self._sync_task is not None and self._sync_task.running

    @Slot()
    def start_sync(self) -> bool:
        if self.sync_running:
            return False
        if self._connection is None:
            self.open_connection_dialog(first_run=True)
            return False
        span = self.sync_bar.sync_range().resolve(self._services.now(), self._tz)
        if span is None:
            self.banner.show_message(
                UserMessage(
                    "warning",
                    "Nothing to sync in that range.",
                    "Choose a start before the end, and not in the future.",
                    (),
                )
            )
            return False
        if self._sync_task is None:
            self._sync_task = SyncTask(self._services.engine_factory(self._connection), parent=self)
            self._sync_task_for = self._connection
            task = self._sync_task
            task.progress.connect(self._on_sync_progress)
            task.saved.connect(self._on_sync_saved)
            task.succeeded.connect(self._on_sync_succeeded)
            task.failed.connect(self._on_sync_failed)
            task.cancelled.connect(self._on_sync_cancelled)
            task.finished.connect(self._on_sync_finished)
        if self.banner.message and self.banner.message.level in ("error", "info"):
            self.banner.clear()
        self._last_progress = None
        self._outcome = "failed"
        started = self._sync_task.start(*span)
        if started:
            self.sync_bar.set_running(True)
            self.sync_action.setEnabled(False)
            self.cancel_sync_action.setEnabled(True)
            self.statusBar().showMessage("Syncing…")
        return started

    @Slot()
    def cancel_sync(self) -> None:
        if self._sync_task is not None and self._sync_task.running:
            self._sync_task.cancel()
            self.sync_bar.set_cancelling()
            self.cancel_sync_action.setEnabled(False)

    @Slot(object)
    def _on_sync_progress(self, progress: SyncProgress) -> None:
        first = self._last_progress is None
        self._last_progress = progress
        if first:
            self._show_progress()
        elif not self._progress_timer.isActive():
            self._progress_timer.start()

    @Slot()
    def _show_progress(self) -> None:
        self._progress_timer.stop()
        if self._last_progress is not None and self.sync_bar.running:
            self.sync_bar.set_progress(self._last_progress)

    @Slot(object)
    def _on_sync_saved(self, batch: SavedBatch) -> None:
        self.receipts.tickets_saved(batch.inserted)
        if not self._stats_timer.isActive():
            self._stats_timer.start()

    @Slot(object)
    def _on_sync_succeeded(self, result: SyncResult) -> None:
        self._outcome = "succeeded"
        self._last_progress = result.progress
        self._show_progress()
        p = result.progress
        finished = self._services.now()
        self._settings.set("sync/last_finished", finished.astimezone(UTC).isoformat())
        self.sync_bar.set_finished(
            f"Done: {p.tickets:,} tickets ({p.new_tickets:,} new) in {p.elapsed:.1f} s · {p.pages:,} pages"
        )
        self._show_last_sync()

    @Slot(str, int)
    def _on_sync_failed(self, message: str, code: int) -> None:
        self._outcome = "failed"
        self.sync_bar.set_finished("Sync stopped.")
        self.banner.show_message(sync_failure(message, code))

    @Slot()
    def _on_sync_cancelled(self) -> None:
        self._outcome = "cancelled"
        p = self._last_progress
        done = f" after {p.tickets:,} tickets" if p else ""
        self.sync_bar.set_finished(f"Cancelled{done}; the next sync resumes where this one stopped.")

    @Slot()
    def _on_sync_finished(self) -> None:
        self.sync_action.setEnabled(True)
        self.cancel_sync_action.setEnabled(False)
        self.statusBar().clearMessage()
        if self._closed:
            return
        self.receipts.refresh_now()
        self.receipts.reload_choices()
        self.refresh_stats()
        self.syncFinished.emit(self._outcome)

    # -- status bar -------------------------------------------------------------------------------------------

    @Slot()
    def refresh_stats(self) -> None:
        if self._stats_running or self._closed:
            return
        self._stats_running = True
        store = self._services.store
        self._jobs.submit(
            lambda: store_stats(store),
            "stats",
            succeeded=self._on_stats,
            failed=self._on_stats_failed,
            finished=self._on_stats_done,
        )

    @Slot(object, object)
    def _on_stats(self, tag: Any, stats: Any) -> None:
        count, newest = stats
        text = f"{count:,} tickets on this computer"
        self.cache_label.setText(text)
        self.cache_label.setToolTip(f"Newest ticket received by OWS: {_utc(newest)}" if newest else "")

    @Slot(object, str, int)
    def _on_stats_failed(self, tag: Any, message: str, code: int) -> None:
        self.cache_label.setText("Ticket cache unavailable")
        self.cache_label.setToolTip(message)

    @Slot(object)
    def _on_stats_done(self, tag: Any) -> None:
        self._stats_running = False

    def _show_last_sync(self) -> None:
        text = self._settings.get("sync/last_finished")
        moment = None
        if isinstance(text, str) and text:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                moment = None
        if moment is None:
            self.last_sync_label.setText("Never synced")
            self.last_sync_label.setToolTip("")
            return
        local = moment.astimezone(self._tz)
        today = self._services.now().astimezone(self._tz).date()
        when = local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")
        self.last_sync_label.setText(f"Last sync {when}")
        self.last_sync_label.setToolTip(_utc(moment))

    def _update_title(self) -> None:
        host = self._connection.host if self._connection else "not connected"
        self.setWindowTitle(f"OWS Desktop — {host}")

    # -- banner and errors ------------------------------------------------------------------------------------

    @Slot(str)
    def _on_banner_action(self, action: str) -> None:
        if action in (ACTION_EDIT_CONNECTION, ACTION_CONNECT):
            self.edit_connection()
        elif action in (ACTION_RETRY_SYNC, ACTION_SYNC_NOW):
            self.banner.clear()
            self.start_sync()
        elif action == ACTION_OPEN_LOGS:
            self.open_logs()

    @Slot(str)
    def _on_store_error(self, message: str) -> None:
        self.banner.show_message(
            UserMessage("error", "The ticket cache could not be read.", message, (ACTION_OPEN_LOGS,))
        )

    # -- navigation -------------------------------------------------------------------------------------------

    @Slot()
    def next_receipt(self) -> None:
        self.show_receipts()
        self.receipts.move(1)

    @Slot()
    def previous_receipt(self) -> None:
        self.show_receipts()
        self.receipts.move(-1)

    @Slot()
    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.users:
            self.users.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.users.search.selectAll()
            return
        self.receipts.filter_bar.focus_search()

    @Slot()
    def show_receipts(self) -> None:
        self.tabs.setCurrentWidget(self.receipts)

    @Slot()
    def show_users(self) -> None:
        self.tabs.setCurrentWidget(self.users)

    @Slot()
    def toggle_raw(self) -> None:
        panel = self.receipts.receipt
        panel.setCurrentIndex(panel.TAB_RECEIPT if panel.currentIndex() == panel.TAB_RAW else panel.TAB_RAW)

    @Slot()
    def flag_current(self) -> None:
        """F: flag the selected ticket (reason "to review"), or remove its flag. Committed at once."""
        key = self.receipts.current_key()
        if key is None:
            return
        try:
            flagged = self._services.store.review.toggle_flag(key)
        except Exception as exc:
            self._on_store_error(f"The flag could not be saved: {exc}")
            return
        self.statusBar().showMessage("Ticket flagged for review" if flagged else "Flag removed", 4000)
        self._after_review_change()

    @Slot()
    def flag_selected(self) -> None:
        """Flag (or unflag) every selected ticket at once, with a reason, a review state and a note."""
        rows = self.receipts.selected_rows()
        if not rows:
            return
        current = self._reader.review.review_of(rows[0].key) if len(rows) == 1 else None
        dialog = FlagDialog(
            [r.id or r.key for r in rows],
            current=current,
            reasons=self._reader.review.reasons_in_use(),
            parent=self,
        )
        if dialog.exec() != FlagDialog.DialogCode.Accepted or dialog.request() is None:
            return
        try:
            apply_request(self._services.store, [r.key for r in rows], dialog.request())
        except Exception as exc:
            self._on_store_error(f"The flags could not be saved: {exc}")
            return
        self._after_review_change()

    def _after_review_change(self) -> None:
        key = self.receipts.current_key()
        self.receipts.refresh_now()
        if key is not None:
            self.receipts.select_key(key)
            row = self.receipts.model.row_of_key(key)
            ticket_row = self.receipts.model.ticket_row(row) if row >= 0 else None
            if ticket_row is not None:
                self.receipts.show_ticket(ticket_row.rowid, flagged=ticket_row.flagged)

    # -- evidence export ------------------------------------------------------------------------------------

    @Slot()
    def export_evidence(self) -> None:
        """Ask for a format and an empty folder, then export in the background: the flagged tickets when
        the table shows the Flagged view, else exactly the current search."""
        fmt, ok = QInputDialog.getItem(
            self, "Export evidence", "Format:", ["PDF case report", "CSV", "JSON"], 0, False
        )
        if not ok:
            return
        folder = QFileDialog.getExistingDirectory(self, "Export into an empty folder")
        if not folder:
            return
        self.start_export({"PDF case report": "pdf", "CSV": "csv", "JSON": "json"}[fmt], Path(folder))

    def start_export(self, fmt: str, folder: Path) -> None:
        query = self.receipts.model.query
        selection = (
            Selection.flagged(query.flag_reasons, query.review_states)
            if self.receipts.filters().flagged_only
            else Selection.of_query(query, self.receipts.filters().describe())
        )
        store, snapshots = self._services.store, self._services.snapshot_dir
        cameras = self._services.cameras
        secrets = {c.key, c.secret} if (c := self._connection and self._connection.credentials) else set()

        def run() -> Any:
            provider, video = (
                export_snapshot_provider(store, cameras.secrets, snapshots)
                if snapshots is not None and cameras is not None
                else (None, None)
            )
            try:
                with store.reader() as reader:  # the job's own read connection
                    return export_tickets(
                        reader, selection, fmt, folder, secrets=secrets, snapshot_provider=provider
                    )
            finally:
                if video is not None:
                    video.close()

        self.statusBar().showMessage(f"Exporting {fmt.upper()} to {folder}…")
        self._jobs.submit(run, "export", succeeded=self._on_exported, failed=self._on_export_failed)

    @Slot(object, object)
    def _on_exported(self, _tag: Any, result: Any) -> None:
        self.exportFinished.emit(str(result.folder))
        self.statusBar().showMessage(
            f"Exported {result.tickets} tickets to {result.folder} (verify: sha256sum -c MANIFEST.sha256)",
            10000,
        )

    @Slot(object, str, int)
    def _on_export_failed(self, _tag: Any, message: str, _code: int) -> None:
        self.exportFinished.emit("")
        self.statusBar().showMessage(f"The export failed: {message}", 10000)

    # -- exceptions -----------------------------------------------------------------------------------------

    def _rank_exceptions(self, start: Any, end: Any, by: str) -> Any:
        """Runs in the job pool: its own read connection (one per reading thread)."""
        with self._services.store.reader() as reader:
            return rank_exceptions(reader, start, end, by=by)

    @Slot(dict)
    def _on_exception_filter(self, wanted: dict) -> None:
        """A cell of the Exceptions view was clicked: show those tickets in the receipts table."""
        self.receipts.apply_query_filter(wanted)
        self.tabs.setCurrentWidget(self.receipts)

    @Slot()
    def run_rules(self) -> None:
        def run() -> Any:
            return RuleRunner().run_all(self._services.store)

        self._jobs.submit(run, "rules", succeeded=self._on_rules_done, failed=self._on_rules_failed)

    @Slot(object, object)
    def _on_rules_done(self, _tag: Any, stats: Any) -> None:
        self.statusBar().showMessage(f"Exception rules re-run over {stats.tickets:,} tickets", 5000)
        self.exceptions.refresh()
        self.receipts.refresh_now()

    @Slot(object, str, int)
    def _on_rules_failed(self, _tag: Any, message: str, _code: int) -> None:
        self._on_store_error(f"The exception rules could not run: {message}")

    @Slot()
    def show_exceptions(self) -> None:
        self.tabs.setCurrentWidget(self.exceptions)

    # -- video ----------------------------------------------------------------------------------------------

    def _add_video_pane(self, services: Services) -> None:
        """The register's cameras under the receipt: the receipt panel and the video share the right side."""
        self.video = VideoPane(
            services.media_backend, services.cameras, services.settings, snapshot_dir=services.snapshot_dir,
            tz=self._tz, parent=self,
        )  # fmt: skip
        splitter = self.receipts.splitter
        right = QSplitter(Qt.Orientation.Vertical, splitter)
        right.setObjectName("receiptVideoSplitter")
        right.setChildrenCollapsible(False)
        right.addWidget(splitter.widget(1))
        right.addWidget(self.video)
        right.setSizes([480, 360])
        splitter.insertWidget(1, right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 560])
        self.receipts.currentTicketChanged.connect(self._on_ticket_for_video)
        self.receipts.receipt.lineActivated.connect(self.video.seek_to_line)
        self.video.currentLineChanged.connect(self.receipts.receipt.highlight_line)
        self.video.mapCameraRequested.connect(self.open_mapping_for)

    @Slot(object)
    def _on_ticket_for_video(self, _key: Any) -> None:
        if self.video is not None:
            self.video.show_ticket(self.receipts.receipt.ticket())

    @Slot()
    def open_mapping(self) -> None:
        ticket = self.receipts.receipt.ticket()
        self.open_mapping_for(ticket.location if ticket else None, ticket.terminal if ticket else None)

    @Slot(str, str)
    def open_mapping_for(self, location: str | None, terminal: str | None) -> None:
        if self._services.cameras is None:
            return
        dialog = MappingDialog(self._services.cameras, self)
        if self.video is not None:
            dialog.panel.mappingChanged.connect(self.video.reload)
        dialog.open_for(location or None, terminal or None)

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.users:
            self.users.ensure_loaded()

    @Slot()
    def open_logs(self) -> None:
        if self._services.log_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._services.log_dir)))

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            "About OWS Desktop",
            f"<b>OWS Desktop {__version__}</b><br>Loss-prevention review workstation for "
            "OpenEye Web Services point-of-sale tickets.",
        )

    # -- state --------------------------------------------------------------------------------------------------

    def _restore_state(self) -> Any:
        geometry = self._settings.get("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        self.sync_bar.set_sync_range(SyncRange.from_json(self._settings.get("sync/range")))
        self.users.restore_state(self._settings)
        filters = self.receipts.restore_state(self._settings)
        tab = self._settings.get("window/tab")
        if str(tab) == "1":
            self.tabs.setCurrentIndex(self.TAB_USERS)
        return filters

    def save_state(self) -> None:
        settings = self._settings
        settings.set("window/geometry", self.saveGeometry())
        settings.set("window/tab", self.tabs.currentIndex())
        settings.set("sync/range", self.sync_bar.sync_range().to_json())
        self.receipts.save_state(settings)
        self.users.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            try:
                self.save_state()
            except Exception:
                log.exception("Saving the window state failed")
            self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the video (before its widget goes), the sync thread and the job pool, then close the GUI
        thread's reader."""
        self._stats_timer.stop()
        if self.video is not None:
            self.video.shutdown()
            if self._services.media_backend is not None:
                self._services.media_backend.close()
        self.receipts.shutdown()
        if self._sync_task is not None and not self._sync_task.shutdown():
            log.warning("The sync thread did not stop in time")
        if self._dialog is not None:
            self._dialog.close()
        self._jobs.shutdown()
        self._reader.close()
