"""The main window's menu bar: how its actions are made (shortcut, status tip, window-wide) and in which
menu each one sits. The actions themselves and what they do belong to :class:`~ows_desktop.ui.main_window.
MainWindow` and the parts it composes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


def fill_menu_bar(window: MainWindow, scope: Scope | None = None) -> QLabel | None:
    """File, Edit, View, Ticket, Connection and Help, from the window's actions; then the Tab order, the
    other half of reaching everything from the keyboard (see focus_order); then, on a team store, the
    signed-in role's scope in the status bar and its refused items greyed out (:mod:`.scope_view`)."""
    from ows_desktop.ui.focus_order import set_window_tab_order

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.sync_action, window.cancel_sync_action])
    file_menu.addSeparator()
    file_menu.addAction(window.export_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([window.find_action, window.clear_filters_action])
    edit_menu.addSeparator()
    edit_menu.addAction(window.preferences.action)
    view_menu = bar.addMenu("&View")
    view_menu.addActions([window.receipts_tab_action, window.users_tab_action, window.exceptions_tab_action])
    view_menu.addSeparator()
    view_menu.addActions([window.next_action, window.prev_action, window.raw_action])
    ticket_menu = bar.addMenu("&Ticket")
    ticket_menu.addActions([window.flag_action, window.flag_dialog_action, window.case_actions.add_action])
    ticket_menu.addSeparator()
    ticket_menu.addAction(window.mapping_action)
    connection_menu = bar.addMenu("&Connection")
    connection_menu.addActions([window.edit_connection_action, window.sign_out_action])
    connection_menu.addSeparator()
    connection_menu.addMenu(window.connection_list.menu)
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([window.logs_action, window.about_action])
    set_window_tab_order(window)
    return show_scope(window, scope)
