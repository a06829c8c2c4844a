"""The signed-in person's scope on a team store, shown by the window: "Investigator · 12 stores" in the status
bar, and the menu items the role may not use greyed out with the reason as their tooltip; their keys say it
in the status bar (a greyed item's key did nothing, and the keyboard never reaches a hover tooltip).

This is only what the person sees: the team database refuses those operations anyway (row-level security
and privileges, store/postgres/rls_schema.py). A single-seat store has no scope and shows nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QLabel, QMenu

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.counted import counted

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ows_desktop.store.scope import Scope
    from ows_desktop.ui.main_window import MainWindow

REVIEW_REFUSAL = QT_TRANSLATE_NOOP(
    "scope_view",
    "Reviewing tickets is for directors, investigators and store managers; the sync role only syncs.",
)
ROLE_NAMES = {  # the team store's roles (store/postgres/roles)
    "director": QT_TRANSLATE_NOOP("scope_view", "Director"),
    "investigator": QT_TRANSLATE_NOOP("scope_view", "Investigator"),
    "manager": QT_TRANSLATE_NOOP("scope_view", "Manager"),
    "sync": QT_TRANSLATE_NOOP("scope_view", "Sync"),
    "owner": QT_TRANSLATE_NOOP("scope_view", "Owner"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("scope_view", text)


def role_text(scope: Scope) -> str:
    """``Investigator``: the role's kind in the window's language."""
    if scope.role in ROLE_NAMES:
        return _tr(ROLE_NAMES[scope.role])
    return scope.role.capitalize() if scope.role else QCoreApplication.translate("scope_view", "No OWS role")


def scope_label(scope: Scope) -> str:
    """``Investigator · 12 stores`` in the window's language (Scope.label is the CLI's English)."""
    name = role_text(scope)
    if scope.all_locations:
        return QCoreApplication.translate("scope_view", "{name} · all stores").format(name=name)
    return f"{name} · {counted().stores(len(scope.locations))}"


def show_scope(window: MainWindow, scope: Scope | None) -> QLabel | None:
    """Add the scope label to ``window``'s status bar and disable what the role may not use (None: no scope)."""
    if scope is None:
        return None
    export = [window.export_action]
    review = [window.flag_action, window.flag_dialog_action, window.case_actions.add_action]
    text = scope_label(scope)
    label = QLabel(text, window)
    label.setObjectName("scopeStatus")
    label.setTextFormat(Qt.TextFormat.PlainText)  # role and store ids come from the database
    everywhere = QCoreApplication.translate("scope_view", "every store")
    stores = (
        everywhere
        if scope.all_locations
        else ", ".join(scope.locations) or QCoreApplication.translate("scope_view", "no store yet")
    )
    who = scope.user or QCoreApplication.translate("scope_view", "this role")
    label.setToolTip(
        QCoreApplication.translate("scope_view", "Signed in to the team store as {who}: {stores}").format(
            who=who, stores=stores
        )
    )
    label.setAccessibleName(
        QCoreApplication.translate("scope_view", "Team store scope: {scope}").format(scope=text)
    )
    window.statusBar().addPermanentWidget(label)
    window.receipts.empty.set_team_store(scope.can_sync)  # an empty table speaks of the team store
    window.users.set_team_store(scope.can_sync)  # so does the Users tab without an OWS connection
    exporting = scope.export_refusal()
    if exporting is not None:
        _refuse(window, export, core_text(exporting))
    if not scope.can_review:
        _refuse(window, review, _tr(REVIEW_REFUSAL))
    cases = scope.case_refusal()  # a manager reads cases: Add to case… and every change say why not
    if cases is not None:
        _refuse(window, [window.case_actions.add_action], core_text(cases))
    window.cases.refuse(
        core_text(cases) if cases is not None else None,
        core_text(exporting) if exporting is not None else None,
    )
    rules = scope.rules_refusal()
    if rules is not None:
        window.exceptions.run_button.setEnabled(False)
        window.exceptions.run_button.setToolTip(core_text(rules))
    syncing = scope.sync_refusal()
    if syncing is not None:  # the sync bar's button too: it stays greyed once a sync would have run
        _refuse(window, [window.sync_action], core_text(syncing))
        window.sync_bar.refuse(core_text(syncing))
    return label


REFUSED_MS = 8000  # as long as the controllers' own refusals stay in the status bar


def _refuse(window: MainWindow, actions: Iterable[QAction], reason: str) -> None:
    for action in actions:
        action.setEnabled(False)
        action.setToolTip(reason)
        action.setStatusTip(reason)
        for menu in action.associatedObjects():
            if isinstance(menu, QMenu):
                menu.setToolTipsVisible(True)  # a disabled item says why when hovered
        _say_when_pressed(window, action)


def _say_when_pressed(window: MainWindow, action: QAction) -> None:
    """While ``action`` is greyed its keys put its tooltip (the reason) in the status bar: a shortcut of the
    window on the same keys, enabled only while the action is not. Qt passes a key to the enabled one of
    the two, so the key is never ambiguous, and the menu keeps showing the action's own shortcut."""
    name = f"refusedKeys:{action.text()}"
    if not action.shortcuts() or window.findChild(QShortcut, name) is not None:
        return  # no key, or already said (an action refused for two reasons says the last one)
    shortcut = QShortcut(window)
    shortcut.setObjectName(name)
    shortcut.setKeys(action.shortcuts())
    shortcut.setContext(action.shortcutContext())
    shortcut.setEnabled(not action.isEnabled())
    action.enabledChanged.connect(lambda enabled: shortcut.setEnabled(not enabled))
    shortcut.activated.connect(lambda: window.statusBar().showMessage(action.toolTip(), REFUSED_MS))
