"""The window's own Ctrl shortcuts come before a text field's Emacs keys.

On Linux Qt gives every line edit and text box the X11 bindings Ctrl+E (end of line) and Ctrl+U (delete
the line), and a focused field takes them before any shortcut. With the focus in the search field, File ▸
Export evidence… (Ctrl+E) did nothing, right after the search a person wanted to export, and View ▸ Show
raw JSON (Ctrl+U) deleted the search instead. Now the window's shortcuts win in its text fields. The
fields keep everything typed without Ctrl and the editing keys people expect in any field: copy, cut,
paste, select all, undo and redo. Dialogs are windows of their own and keep their keys. Widgets only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# What a text field keeps even when the window has a shortcut on the same keys.
_FIELD_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
_CHORD = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
_WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)  # what has the X11 keys


class WindowShortcutsFirst(QObject):
    """Watches the text fields of ``window`` that take the focus, and lets the window's shortcuts through
    (see the module). Lives as the window's child."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    @Slot(QWidget, QWidget)
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, _TEXT_FIELDS) and new.window() is self._window:
            new.installEventFilter(self)  # once: installing it again only moves it to the front

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.window_takes(event)
        ):
            event.ignore()  # not overridden: the shortcut runs
            return True
        return super().eventFilter(watched, event)

    def window_takes(self, event: QKeyEvent) -> bool:
        """True when ``event`` is an enabled shortcut of the window's that a field must not keep."""
        if not event.modifiers() & _CHORD or any(event.matches(key) for key in _FIELD_KEYS):
            return False
        pressed = QKeySequence(event.keyCombination())
        keys = [
            shortcut
            for action in self._window.findChildren(QAction)
            if action.isEnabled() and action.shortcutContext() in _WINDOW_WIDE
            for shortcut in action.shortcuts()
        ]
        keys += [  # the window's own QShortcuts (a greyed action's keys, saying why: ui/scope_view.py)
            key
            for shortcut in self._window.findChildren(QShortcut)
            if shortcut.isEnabled()
            and shortcut.context() in _WINDOW_WIDE
            and shortcut.parent() is self._window
            for key in shortcut.keys()  # noqa: SIM118 (its key sequences: a QShortcut is no dict)
        ]
        return any(key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for key in keys)
