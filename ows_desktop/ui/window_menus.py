"""The main window's menu bar: how its actions are made (shortcut, status tip, window-wide) and in which
menu each one sits. The actions themselves and what they do belong to :class:`~ows_desktop.ui.main_window.
MainWindow` and the parts it composes."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from ows_desktop.ui.scope_view import show_scope

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

    from ows_desktop.store.scope import Scope
    from ows_desktop.ui.main_window import MainWindow


def make_action(
    window: MainWindow, text: str, slot: Any = None, shortcut: Any = None, tip: str = ""
) -> QAction:
    """An action of the window; its shortcut works wherever the focus is in the window."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if slot is not None:
        action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """The window's actions, each bound to what it does (window.<name>_action)."""
    action = partial(make_action, window)

    def on_receipts_tab(slot: Any) -> Any:
        """``slot`` once the Receipts tab is shown: the filters and selection it acts on are on screen."""

        def run() -> None:
            window.show_receipts()
            slot()

        return run

    window.sync_action = action(
        QCoreApplication.translate("MainWindow", "&Sync now"),
        window.sync.start,
        "Ctrl+R",
        QCoreApplication.translate("MainWindow", "Fetch tickets from OWS"),
    )
    window.cancel_sync_action = action(
        QCoreApplication.translate("MainWindow", "&Cancel sync"),
        window.sync.cancel,
        None,
        QCoreApplication.translate("MainWindow", "Stop the running sync"),
    )
    window.cancel_sync_action.setEnabled(False)
    window.quit_action = action(
        QCoreApplication.translate("MainWindow", "&Quit"), window.close, QKeySequence.StandardKey.Quit
    )
    window.find_action = action(
        QCoreApplication.translate("MainWindow", "&Find…"),
        window.focus_search,
        QKeySequence.StandardKey.Find,
        QCoreApplication.translate("MainWindow", "Search the receipts"),
    )
    window.clear_filters_action = action(
        QCoreApplication.translate("MainWindow", "C&lear filters"),
        on_receipts_tab(window.receipts.filter_bar.clear),
        "Ctrl+Shift+L",
        QCoreApplication.translate("MainWindow", "Show every receipt"),
    )
    window.next_action = action(
        QCoreApplication.translate("MainWindow", "&Next receipt"),
        partial(window.shown_tickets.move, 1),
        "J",
        QCoreApplication.translate("MainWindow", "Select the next receipt (or ↓)"),
    )
    window.prev_action = action(
        QCoreApplication.translate("MainWindow", "&Previous receipt"),
        partial(window.shown_tickets.move, -1),
        "K",
        QCoreApplication.translate("MainWindow", "Select the previous receipt (or ↑)"),
    )
    window.receipts_tab_action = action(
        QCoreApplication.translate("MainWindow", "&Receipts"), window.show_receipts, "Ctrl+1"
    )
    window.users_tab_action = action(
        QCoreApplication.translate("MainWindow", "&Users"), window.show_users, "Ctrl+2"
    )
    window.raw_action = action(
        QCoreApplication.translate("MainWindow", "Show &raw JSON"),
        window.toggle_raw,
        "Ctrl+U",
        QCoreApplication.translate(
            "MainWindow", "Switch the receipt panel between the receipt and its raw JSON"
        ),
    )
    window.flag_action = action(
        QCoreApplication.translate("MainWindow", "&Flag / unflag ticket"),
        window.review.flag_current,
        "F",
        QCoreApplication.translate(
            "MainWindow", "Flag the selected ticket for investigation, or remove its flag"
        ),
    )
    window.flag_dialog_action = action(
        QCoreApplication.translate("MainWindow", "Flag &selected tickets…"),
        window.review.flag_selected,
        "Shift+F",
        QCoreApplication.translate(
            "MainWindow", "Flag every selected ticket with a reason, a review state and a note"
        ),
    )
    window.copy_id_action = action(
        QCoreApplication.translate("MainWindow", "Copy ticket &ID"),
        window.review.copy_ids,
        "Ctrl+Shift+I",
        QCoreApplication.translate("MainWindow", "Copy the selected tickets' IDs, one a line"),
    )
    window.exceptions_tab_action = action(
        QCoreApplication.translate("MainWindow", "&Exceptions"), window.show_exceptions, "Ctrl+3"
    )
    window.cases_tab_action = action(
        QCoreApplication.translate("MainWindow", "&Cases"), window.show_cases, "Ctrl+4"
    )
    window.export_action = action(
        QCoreApplication.translate("MainWindow", "&Export evidence…"),
        on_receipts_tab(window.export.ask_and_export),
        "Ctrl+E",
        QCoreApplication.translate(
            "MainWindow",
            "Export the flagged tickets (with 'Flagged only' on) or the current search as CSV, JSON or a PDF case report, with a SHA-256 manifest",
        ),
    )
    window.mapping_action = action(
        QCoreApplication.translate("MainWindow", "Terminals and &cameras…"),
        window.cameras.open_mapping,
        None,
        QCoreApplication.translate(
            "MainWindow", "Map the cameras that film each register (at most 4, one primary)"
        ),
    )
    window.mapping_action.setEnabled(window.cameras.available)
    window.edit_connection_action = action(
        QCoreApplication.translate("MainWindow", "&Edit connection…"),
        window.connections.edit,
        None,
        QCoreApplication.translate("MainWindow", "Change the API Access URL, key or secret"),
    )
    window.sign_out_action = action(
        QCoreApplication.translate("MainWindow", "Sign &out"),
        window.connections.sign_out,
        None,
        QCoreApplication.translate("MainWindow", "Forget the stored API key on this computer"),
    )
    window.sign_out_action.setEnabled(False)
    window.logs_action = action(
        QCoreApplication.translate("MainWindow", "Open &log folder"), window.open_logs
    )
    window.about_action = action(QCoreApplication.translate("MainWindow", "&About OWS Desktop"), window.about)
    window.shortcuts_action = action(
        QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"),
        partial(show_shortcuts, window),
        QKeySequence.StandardKey.HelpContents,
        QCoreApplication.translate("MainWindow", "Every key the menus answer to"),
    )


def show_shortcuts(window: MainWindow) -> None:
    """Help ▸ Keyboard shortcuts, read from the menus as they are now."""
    from PySide6.QtCore import Qt

    from ows_desktop.ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.menuBar(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def fill_menu_bar(window: MainWindow, scope: Scope | None = None) -> QLabel | None:
    """File, Edit, View, Ticket, Video (with video), Connection and Help, from the window's actions; then the Tab order, the
    other half of reaching everything from the keyboard (see focus_order); then, on a team store, the
    signed-in role's scope in the status bar and its refused items greyed out (:mod:`.scope_view`)."""
    from ows_desktop.ui.focus_order import set_window_tab_order

    bar = window.menuBar()
    file_menu = bar.addMenu(QCoreApplication.translate("window_menus", "&File"))
    file_menu.addActions([window.sync_action, window.cancel_sync_action])
    file_menu.addSeparator()
    file_menu.addAction(window.export_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu(QCoreApplication.translate("window_menus", "&Edit"))
    edit_menu.addActions([window.find_action, window.clear_filters_action])
    edit_menu.addSeparator()
    edit_menu.addAction(window.preferences.action)
    view_menu = bar.addMenu(QCoreApplication.translate("window_menus", "&View"))
    view_menu.addActions(
        [
            window.receipts_tab_action,
            window.users_tab_action,
            window.exceptions_tab_action,
            window.cases_tab_action,
        ]
    )
    view_menu.addSeparator()
    view_menu.addActions([window.next_action, window.prev_action, window.raw_action])
    ticket_menu = bar.addMenu(QCoreApplication.translate("window_menus", "&Ticket"))
    ticket_menu.addActions([window.flag_action, window.flag_dialog_action, window.case_actions.add_action])
    ticket_menu.addAction(window.copy_id_action)
    ticket_menu.addSeparator()
    ticket_menu.addAction(window.mapping_action)
    if window.video is not None:  # the transport's keys (ui/video_keys.py)
        from ows_desktop.ui.video_keys import add_video_menu

        add_video_menu(
            window,
            lambda: (window.video, window.cases.video),
            (window.receipts.table, window.cases.ticket_table),
        )
    connection_menu = bar.addMenu(QCoreApplication.translate("window_menus", "&Connection"))
    connection_menu.addActions([window.edit_connection_action, window.sign_out_action])
    connection_menu.addSeparator()
    connection_menu.addMenu(window.connection_list.menu)
    help_menu = bar.addMenu(QCoreApplication.translate("window_menus", "&Help"))
    help_menu.addActions([window.shortcuts_action, window.logs_action, window.about_action])
    set_window_tab_order(window)
    return show_scope(window, scope)
