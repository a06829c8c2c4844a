"""The video's transport from the keyboard. A tester working by keyboard alone had to Tab through every line
of the receipt to reach play, the frame steps and Snapshot, and F1 listed no video key. The Video menu's
actions press the transport's buttons of the video on screen (the Receipts tab's or the Cases tab's) exactly
as a click would: a button that is off (no camera, a frame step while playing) does nothing.

Space plays and pauses from the receipt lists only: on a focused button Space presses that button, as
everywhere, and a text field types it. The other keys work anywhere in the window; a text field keeps "," and
"." (ui/window_keys.py lets only chords through)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

KEYS = (  # the transport's button, the action's text, its key
    ("play_button", QT_TRANSLATE_NOOP("video_keys", "&Play / pause"), "Space"),
    ("back_button", QT_TRANSLATE_NOOP("video_keys", "&Back 5 s"), "Alt+Left"),
    ("forward_button", QT_TRANSLATE_NOOP("video_keys", "F&orward 5 s"), "Alt+Right"),
    ("frame_back_button", QT_TRANSLATE_NOOP("video_keys", "Frame b&ack"), ","),
    ("frame_button", QT_TRANSLATE_NOOP("video_keys", "&Frame forward"), "."),
    ("snapshot_button", QT_TRANSLATE_NOOP("video_keys", "&Snapshot"), "Ctrl+Shift+S"),
)


def add_video_menu(
    window: QMainWindow, panes: Callable[[], Sequence[Any]], lists: Sequence[QWidget]
) -> QMenu:
    """The Video menu in ``window``'s menu bar; ``panes()``: the video panes (None for a tab without one),
    ``lists``: the receipt lists Space plays and pauses from."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("video_keys", "Vi&deo"))
    for name, text, keys in KEYS:
        action = QAction(QCoreApplication.translate("video_keys", text), window)
        action.setShortcut(QKeySequence(keys))
        action.setObjectName(f"video_{name}")
        if keys == "Space":
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for widget in lists:
                widget.addAction(action)
        else:
            window.addAction(action)
        action.triggered.connect(lambda _checked=False, name=name: press(panes(), name))
        menu.addAction(action)
    return menu


def press(panes: Sequence[Any], name: str) -> bool:
    """Click the button ``name`` of the pane on screen, if it is on; True when it was clicked."""
    for pane in panes:
        if pane is not None and pane.isVisible():
            button = getattr(pane, name)
            if button.isEnabled():
                button.click()
                return True
    return False


__all__ = ["KEYS", "add_video_menu", "press"]
