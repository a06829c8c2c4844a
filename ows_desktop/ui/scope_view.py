"""The signed-in person's scope on a team store, shown by the window: "Investigator · 12 stores" in the status
bar, and the menu items the role may not use greyed out with the reason as their tooltip.

This is only what the person sees: the team database refuses those operations anyway (row-level security
and privileges, store/postgres/rls_schema.py). A single-seat store has no scope and shows nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ows_desktop.store.scope import Scope
    from ows_desktop.ui.main_window import MainWindow

REVIEW_REFUSAL = (
    "Reviewing tickets is for directors, investigators and store managers; the sync role only syncs."
)


def show_scope(window: MainWindow, scope: Scope | None) -> QLabel | None:
    """Add the scope label to ``window``'s status bar and disable what the role may not use (None: no scope)."""
    if scope is None:
        return None
    export = [window.export_action]
    review = [window.flag_action, window.flag_dialog_action, window.case_actions.add_action]
    label = QLabel(scope.label(), window)
    label.setObjectName("scopeStatus")
    label.setTextFormat(Qt.TextFormat.PlainText)  # role and store ids come from the database
    stores = "every store" if scope.all_locations else ", ".join(scope.locations) or "no store yet"
    label.setToolTip(f"Signed in to the team store as {scope.user or 'this role'}: {stores}")
    label.setAccessibleName(f"Team store scope: {scope.label()}")
    window.statusBar().addPermanentWidget(label)
    refusal = scope.export_refusal()
    if refusal is not None:
        _refuse(export, refusal)
    if not scope.can_review:
        _refuse(review, REVIEW_REFUSAL)
    return label


def _refuse(actions: Iterable[QAction], reason: str) -> None:
    for action in actions:
        action.setEnabled(False)
        action.setToolTip(reason)
        action.setStatusTip(reason)
        for menu in action.associatedObjects():
            if isinstance(menu, QMenu):
                menu.setToolTipsVisible(True)  # a disabled item says why when hovered
