"""The review workstation's main window: the shell that places the sync bar, the message banner, the
Receipts, Users and Exceptions tabs and the status bar, makes the actions (placed in menus by
:mod:`~ows_desktop.ui.window_menus`), and composes the parts that do the work, each with one job:

- :class:`~ows_desktop.ui.connection_controller.ConnectionController`: the account, dialog, credentials;
- :class:`~ows_desktop.ui.sync_controller.SyncController`: the sync task, its progress and results;
- :class:`~ows_desktop.ui.review_actions.ReviewActions`: flag / unflag / review from the table;
- :class:`~ows_desktop.ui.export_controller.ExportController`: evidence export;
- :class:`~ows_desktop.ui.window_state.WindowLayoutState`: geometry, tab, splitters and columns.

Everything concrete is injected through :class:`~ows_desktop.ui.services.Services` by ``app.py``."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QPixmap, QRegion
from PySide6.QtWidgets import (
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.banner import MessageBanner
from ows_desktop.ui.camera_link import CameraLink
from ows_desktop.ui.cases_tab import build_cases
from ows_desktop.ui.connection_controller import ConnectionController
from ows_desktop.ui.connection_dialog import ConnectionDialog
from ows_desktop.ui.connection_menu import ConnectionMenu
from ows_desktop.ui.errors import (
    ACTION_CONNECT,
    ACTION_EDIT_CONNECTION,
    ACTION_OPEN_LOGS,
    ACTION_RETRY_SYNC,
    ACTION_SYNC_NOW,
    UserMessage,
)
from ows_desktop.ui.exception_rules import ExceptionRules
from ows_desktop.ui.exceptions_view import ExceptionsView
from ows_desktop.ui.export_controller import ExportController
from ows_desktop.ui.first_focus import FirstFocus
from ows_desktop.ui.help_dialogs import about, open_log_folder
from ows_desktop.ui.live_link import link_live_updates
from ows_desktop.ui.original_sale import OriginalSale
from ows_desktop.ui.preferences_link import PreferencesLink
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.review_actions import ReviewActions
from ows_desktop.ui.services import Connection, Services
from ows_desktop.ui.shown_tickets import ShownTickets
from ows_desktop.ui.status_bar import add_status_bar
from ows_desktop.ui.store_away import watch_store_away
from ows_desktop.ui.sync_bar import SyncBar
from ows_desktop.ui.sync_controller import SyncController
from ows_desktop.ui.tab_layout import QuietTabLayout
from ows_desktop.ui.theme import WINDOW_STYLESHEET, app_icon
from ows_desktop.ui.users_page import UsersPage
from ows_desktop.ui.video_pane import VideoPane
from ows_desktop.ui.window_keys import WindowShortcutsFirst
from ows_desktop.ui.window_menus import build_actions, fill_menu_bar
from ows_desktop.ui.window_state import WindowLayoutState, fit_to_screen

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The workstation's window: places the widgets, builds the menus, composes the parts.

    Signals:
    connectionChanged(object): the Connection now in use, or None.
    syncFinished(str): "succeeded", "failed" or "cancelled".
    exportFinished(str): the export folder, or "" when it failed.
    """

    connectionChanged = Signal(object)
    syncFinished = Signal(str)
    exportFinished = Signal(str)
    # the actions, made by window_menus.build_actions
    sync_action: QAction
    cancel_sync_action: QAction
    quit_action: QAction
    find_action: QAction
    clear_filters_action: QAction
    next_action: QAction
    prev_action: QAction
    receipts_tab_action: QAction
    users_tab_action: QAction
    exceptions_tab_action: QAction
    cases_tab_action: QAction
    raw_action: QAction
    flag_action: QAction
    flag_dialog_action: QAction
    copy_id_action: QAction
    export_action: QAction
    mapping_action: QAction
    edit_connection_action: QAction
    sign_out_action: QAction
    logs_action: QAction
    about_action: QAction
    shortcuts_action: QAction

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._closed = False
        try:
            self._build(services)
        except BaseException:  # a read that failed, a setting it cannot use: what was built stops again
            self.abandon()
            raise

    def _build(self, services: Services) -> None:
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(WINDOW_STYLESHEET)
        self._tz = services.tz
        self._jobs = JobRunner(parent=self)
        self._reader = services.store.reader(interactive=True)  # the GUI thread's own read connection

        self.sync_bar = SyncBar(self)
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
        self.users = UsersPage(jobs=self._jobs, open_client=services.open_client, tz=self._tz, parent=self)
        self.store_ops = StoreOps(parent=self)  # store writes from the window, off the GUI thread
        self.cameras = CameraLink(
            services, self.receipts, self.store_ops, dialog_parent=self, jobs=self._jobs
        )
        self.video: VideoPane | None = self.cameras.video
        self.cameras.statusMessage.connect(self._show_status)
        self.rules = ExceptionRules(services.store, self._jobs, services.rule_config, parent=self)
        self.rules.rulesRan.connect(self._on_rules_ran)
        self.rules.storeError.connect(self._on_store_error)
        self.store_away = watch_store_away(self)  # the team store away: one banner, and what was not saved
        self.exceptions = ExceptionsView(
            self.rules.rank,
            runner=self._jobs,
            config_source=services.rule_config,
            tz=self._tz,
            now=services.now,
            stores=lambda: self.receipts.stores,  # its default last day: the Receipts tab's Today's
            parent=self,
        )
        self.exceptions.filterRequested.connect(self._on_exception_filter)
        self.exceptions.runRulesRequested.connect(self.rules.run_rules)
        self.rules.stale.connect(lambda: self.exceptions.set_stale(True))
        self.tabs = QTabWidget(self, objectName="mainTabs", accessibleName=self.tr("Workspace"))
        self.tabs.setDocumentMode(True)
        self._quiet_tabs = QuietTabLayout(self.tabs)  # a new receipt no longer repaints the whole page
        self.tabs.addTab(self.receipts, self.tr("Receipts"))
        self.tabs.addTab(self.users, self.tr("Users"))
        self.tabs.addTab(self.exceptions, self.tr("Exceptions"))
        self.tabs.currentChanged.connect(self._on_tab)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sync_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.connection_label, self.last_sync_label, self.cache_label = add_status_bar(self)

        self._compose_parts(services)
        self._build_actions()
        self._update_title()
        fit_to_screen(self, 1440, 900)
        self._filters_to_restore = self.layout_state.restore()
        self.first_focus = FirstFocus(self)  # the list, not the store picker (ui/first_focus.py)

    def _compose_parts(self, services: Services) -> None:
        """The parts that do the window's work; each reports through its documented signals."""
        self.connections = ConnectionController(
            services, self._jobs, self.banner, self.connection_label, dialog_parent=self
        )
        self.connections.connectionChanged.connect(self._on_connection_changed)
        self.connections.connectionChanged.connect(self.connectionChanged)
        self.sync = SyncController(
            services,
            self._jobs,
            sync_bar=self.sync_bar,
            banner=self.banner,
            receipts=self.receipts,
            last_sync_label=self.last_sync_label,
            cache_label=self.cache_label,
            parent=self,
        )
        self.sync.runningChanged.connect(self._on_sync_running)
        self.sync.cancelling.connect(self._on_sync_cancelling)
        self.sync.connectionNeeded.connect(self._on_connection_needed)
        self.sync.statusMessage.connect(self._show_status)
        self.sync.syncFinished.connect(self.syncFinished)
        # the Exceptions tab is current after every sync and every flag/review change, without Refresh
        self.sync.syncFinished.connect(self.exceptions.refresh)
        shown = self.shown_tickets = ShownTickets(self.receipts, self.show_receipts)  # + Cases (build_cases)
        self.review = ReviewActions(
            services.store, self._reader, self.receipts, shown, self.store_ops, dialog_parent=self
        )
        self.review.statusMessage.connect(self._show_status)
        self.review.reviewChanged.connect(self.exceptions.refresh)
        self.receipts.receipt.flagEditRequested.connect(self.review.flag_selected)  # edit from the receipt
        self.review.storeError.connect(self._on_store_error)
        self.live_link = link_live_updates(self, services.live)  # colleagues' (or the command line's) changes
        self.export = ExportController(
            services, self._jobs, self.receipts, self.connections.connection, dialog_parent=self
        )
        self.export.statusMessage.connect(self._show_status)
        self.export.userMessage.connect(self.banner.show_message)
        self.rules.statusMessage.connect(self._show_status)
        self.export.exportFinished.connect(self.exportFinished)
        self.cases, self.case_actions = build_cases(
            self, services, self._reader, self.store_ops, self.export, jobs=self._jobs
        )
        self.original_sale = OriginalSale(  # a refund's "Refund of" link, on either tab's receipt
            self._reader, self.receipts, self.show_receipts, (self.receipts.receipt, self.cases.receipt), self
        )
        self.original_sale.statusMessage.connect(self._show_status)
        self.layout_state = WindowLayoutState(
            services.settings,
            window=self,
            tabs=self.tabs,
            sync_bar=self.sync_bar,
            receipts=self.receipts,
            users=self.users,
            cases=self.cases,
        )

    # -- actions and menus ----------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        names, current = self._services.connection_names, self._services.connection_name
        self.connection_list = ConnectionMenu(names, current, self)  # app.py handles its signals
        build_actions(self)
        self.window_keys = WindowShortcutsFirst(self)  # Ctrl+E, Ctrl+U in a text field (ui/window_keys.py)
        self.preferences = PreferencesLink(
            self,
            self._services,
            self.exceptions.rules_changed,
            time_views=(
                self.receipts,  # its time filter: the days the rows read
                self.exceptions,  # its dates too, so that a click lists what it counted
                self.receipts.model,
                self.receipts.receipt,
                self.video,
                self.cases.tickets,
                self.cases.receipt,
                self.cases.video,
            ),
            sync=self.sync,
            jobs=self._jobs,
        )
        self.preferences.statusMessage.connect(self._show_status)
        self.scope_label = fill_menu_bar(self, self._services.scope)  # and the team-store scope, if any

    # -- start-up, connection and sync (the work is in ConnectionController and SyncController) -------------

    def start(self) -> None:
        """Run the first query and find the credentials (off the UI thread); first run: ask for them."""
        self.receipts.start(self._filters_to_restore)
        self.first_focus.place()
        self.sync.refresh_stats()
        self.rules.check_stale()  # findings of other rules or an earlier logic: offered for a re-run
        self.connections.start()
        QTimer.singleShot(0, self._settle_hidden_widgets)

    def _settle_hidden_widgets(self) -> None:
        """Qt's ``render`` of any widget first sends every hidden widget of the window its pending move and
        resize events (~300 widgets at start-up: menus, combo box popups, the other tabs). Paid here once, just
        after the window shows, instead of in the first rows the table draws off screen during a sync."""
        if self.isVisible():
            self.render(QPixmap(1, 1), QPoint(0, 0), QRegion(0, 0, 1, 1))

    @property
    def closed(self) -> bool:
        return self._closed

    def connection(self) -> Connection | None:
        return self.connections.connection()

    @Slot(object)
    def _on_connection_changed(self, connection: Connection | None) -> None:
        self.sync.set_connection(connection)
        self.users.set_connection(connection)
        if connection is not None and self.tabs.currentWidget() is self.users:
            self.users.ensure_loaded()
        self.sign_out_action.setEnabled(connection is not None and connection.source == "keyring")
        self._update_title()

    def connection_dialog(self) -> ConnectionDialog | None:
        return self.connections.dialog()

    @Slot()
    def _on_connection_needed(self) -> None:
        self.connections.open_dialog(first_run=True)

    @property
    def sync_running(self) -> bool:
        return self.sync.running

    @Slot()
    def start_sync(self) -> bool:
        return self.sync.start()

    @Slot(bool)
    def _on_sync_running(self, running: bool) -> None:
        self.sync_action.setEnabled(not running)
        self.cancel_sync_action.setEnabled(running)

    @Slot()
    def _on_sync_cancelling(self) -> None:
        self.cancel_sync_action.setEnabled(False)

    @Slot(str, int)
    def _show_status(self, text: str, timeout_ms: int) -> None:
        if text:
            self.statusBar().showMessage(text, timeout_ms)
        else:
            self.statusBar().clearMessage()

    def _update_title(self) -> None:  # the OWS host, or the team store and the role: what the window is on
        name = self._services.connection_name
        where = self.connections.title_place() + (f" ({name})" if name else "")  # Qt adds the app on none
        self.setWindowTitle(self.tr("{where} — OWS Desktop").format(where=where))

    # -- banner and errors ------------------------------------------------------------------------------------

    @Slot(str)
    def _on_banner_action(self, action: str) -> None:
        if action in (ACTION_EDIT_CONNECTION, ACTION_CONNECT):
            self.connections.edit()
        elif action in (ACTION_RETRY_SYNC, ACTION_SYNC_NOW):
            self.banner.clear()
            self.sync.start()
        elif action == ACTION_OPEN_LOGS:
            self.open_logs()

    @Slot(str)
    def _on_store_error(self, message: str) -> None:
        self.banner.show_message(
            UserMessage("error", self.tr("The ticket cache could not be read."), message, (ACTION_OPEN_LOGS,))
        )

    # -- navigation -------------------------------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.users:
            self.users.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.users.search.selectAll()
            return
        self.show_receipts()  # the search box it puts the cursor in is on screen
        self.receipts.filter_bar.focus_search()

    @Slot()
    def show_receipts(self) -> None:
        self.tabs.setCurrentWidget(self.receipts)

    @Slot()
    def show_users(self) -> None:
        self.tabs.setCurrentWidget(self.users)

    @Slot()
    def toggle_raw(self) -> None:
        on_case = self.tabs.currentWidget() is self.cases  # the receipt on screen: a case's, else Receipts'
        if not on_case:
            self.show_receipts()
        panel = (self.cases if on_case else self.receipts).receipt
        panel.setCurrentIndex(panel.TAB_RECEIPT if panel.currentIndex() == panel.TAB_RAW else panel.TAB_RAW)

    @Slot(dict)
    def _on_exception_filter(self, wanted: dict) -> None:
        """A cell of the Exceptions view was clicked: show those tickets in the receipts table."""
        self.receipts.apply_query_filter(wanted)
        self.tabs.setCurrentWidget(self.receipts)

    @Slot()
    def _on_rules_ran(self) -> None:
        self.exceptions.refresh()
        self.receipts.refresh_now()

    @Slot()
    def show_exceptions(self) -> None:
        self.tabs.setCurrentWidget(self.exceptions)

    @Slot()
    def show_cases(self) -> None:
        self.tabs.setCurrentWidget(self.cases)

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.users:
            self.users.ensure_loaded()

    @Slot()
    def open_logs(self) -> None:
        self._show_status(open_log_folder(self, self._services.log_dir), 15000)

    @Slot()
    def about(self) -> None:
        about(self, self._services.log_dir)

    # -- state --------------------------------------------------------------------------------------------------

    def save_state(self) -> None:
        self.layout_state.save()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            try:
                self.save_state()
            except Exception:
                log.exception("Saving the window state failed")
            self.shutdown()
        super().closeEvent(event)

    def abandon(self) -> None:
        """Close without saving the layout: the window could not be built or started (whoever opened its
        store closes it). The live updates stop with the close event (ui/live_link.py)."""
        self._closed = True
        self.shutdown()
        self.close()

    def shutdown(self) -> None:
        """Stop the video (before its widget goes), the sync thread and the job pool, then close the GUI
        thread's reader; of a window whose construction failed, the parts it built."""
        if (cameras := getattr(self, "cameras", None)) is not None:
            cameras.shutdown(self._services.media_backend)
        for name in ("receipts", "sync", "connections", "store_ops", "_jobs"):
            if (part := getattr(self, name, None)) is not None:
                part.shutdown()
        if (reader := getattr(self, "_reader", None)) is not None:
            reader.close()
