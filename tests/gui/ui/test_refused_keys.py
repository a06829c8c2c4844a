"""A key whose menu item the role may not use says why in the status bar (ui/scope_view.py): a manager pressing
Ctrl+E (Export evidence…) or Ctrl+Shift+C (Add to case…) got nothing at all, the reason only in the greyed
menu item's hover tooltip, out of reach of the keyboard. The menu items stay greyed, with their tooltip."""

from __future__ import annotations

from typing import Any

from gui_support import OFFSCREEN_NOISE, make_services, open_window
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from ows_desktop.store.scope import Scope

pytestmark = OFFSCREEN_NOISE

EXPORT = "Exporting evidence is for investigators and the director; mgr_ana signed in as manager."
CASES = "Cases are for investigators and the director; mgr_ana may read them but not change them."


def scoped_window(qtbot: Any, paths: Any, store: Any, scope: Scope) -> Any:
    services = make_services(paths, store)
    services.scope = scope
    window = open_window(qtbot, services)  # a role that does not sync is asked for no OWS account
    window.activateWindow()  # a window's keys reach only the active window
    qtbot.waitUntil(window.isActiveWindow)
    return window


def press(qtbot: Any, window: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    window.statusBar().clearMessage()
    qtbot.keyClick(window.receipts.table, key, modifiers)


def test_a_refused_actions_key_says_why_in_the_status_bar(qtbot: Any, paths: Any, filled_store: Any) -> None:
    window = scoped_window(qtbot, paths, filled_store, Scope("manager", ("S012",), False, "mgr_ana"))
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    press(qtbot, window, Qt.Key.Key_E, ctrl)
    assert window.statusBar().currentMessage() == EXPORT
    press(qtbot, window, Qt.Key.Key_C, ctrl | shift)
    assert window.statusBar().currentMessage() == CASES
    # the menus still show them greyed, saying why when hovered
    add = window.case_actions.add_action
    assert not window.export_action.isEnabled() and window.export_action.toolTip() == EXPORT
    assert not add.isEnabled() and add.toolTip() == CASES
    # in a text field too (on X11 a field's Ctrl+E moves to the end of the line: the window's key comes first)
    ctrl_e = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, ctrl)
    assert window.window_keys.window_takes(ctrl_e)


def test_an_allowed_actions_key_runs_it_and_says_no_refusal(
    qtbot: Any, paths: Any, filled_store: Any
) -> None:
    window = scoped_window(qtbot, paths, filled_store, Scope("investigator", ("S012",), False, "inv_bo"))
    ran: list[bool] = []
    window.export_action.triggered.disconnect()  # the person's key, not the dialog it opens
    window.export_action.triggered.connect(lambda *_: ran.append(True))
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert ran == [True] and window.statusBar().currentMessage() == ""
