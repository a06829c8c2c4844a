"""A combo or spin box takes the mouse wheel only once the person has clicked or tabbed into it.

Why: Qt gives these fields the wheel whenever the pointer is over them, so a wheel turned to scroll a page
changed what the field holds on its way past — a case's status ("No loss → Loss confirmed", an audited
change), a rule's weight in Preferences. Unfocused, the field passes the wheel on to what is behind it (the
page scrolls); focused, it takes it as before. A case's Status picker takes no wheel at all
(:func:`no_wheel`): each turn over it focused was an audited status change, without a question."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget


class _WheelGuard(QObject):
    def __init__(self, field: QWidget, *, focused_too: bool = False) -> None:
        super().__init__(field)
        self._focused_too = focused_too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if watched.hasFocus() and not self._focused_too:
            return False
        parent = watched.parentWidget()
        if parent is not None:
            QCoreApplication.sendEvent(parent, event)  # the page behind scrolls (its parents in turn)
        return True


def wheel_only_when_focused(*fields: QWidget) -> None:
    """Guard ``fields`` (combo and spin boxes): no wheel until focused, and the wheel no longer focuses them."""
    for field in fields:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        guard = _WheelGuard(field)  # owned by the field: gone with it
        field.installEventFilter(guard)


def no_wheel(*fields: QWidget) -> None:
    """Guard ``fields``: the wheel never changes them, focused or not (what is behind them scrolls)."""
    for field in fields:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        field.installEventFilter(_WheelGuard(field, focused_too=True))
