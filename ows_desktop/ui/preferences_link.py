"""Links Edit ▸ Preferences… (Ctrl+,; the application menu on macOS) to the window: opens the dialog over
the window's settings and, after OK, applies what must change at once — the theme, the times shown, the sync
schedule, the proxy choice, the Exceptions view's rule settings — and says what waits for a restart (the
language). Everything else is read where it is used, at its next use.

Signals:
    statusMessage(str, int): a line for the status bar (text, timeout in ms).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow

from ows_desktop.ui.preferences import PreferencesDialog
from ows_desktop.ui.theme import HIGH_CONTRAST_SHEET, dark_palette, high_contrast_palette, light_palette


def system_wants_high_contrast() -> bool:
    """The platform's accessibility setting asks for more contrast (Qt ≥ 6.10 reads it from the OS)."""
    accessibility = getattr(QGuiApplication.styleHints(), "accessibility", None)
    if accessibility is None:  # pragma: no cover - older Qt
        return False
    return bool(accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast)


def apply_theme(theme: str) -> None:
    """ "light", "dark", "high_contrast", or "system" (what the platform gives; its high-contrast setting
    gives the high-contrast palette, since Fusion on Linux would otherwise keep its own mid-grey frames)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    high = theme == "high_contrast" or (theme == "system" and system_wants_high_contrast())
    app.setStyleSheet(HIGH_CONTRAST_SHEET if high else "")
    if high:
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(high_contrast_palette())
    elif theme == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    elif theme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(light_palette())
    else:
        hints.unsetColorScheme()
        app.setPalette(QPalette())  # an empty palette: back to the platform's
    # A style sheet resolves its palette(...) colours when it is applied: set the windows' sheets again so the
    # table, the receipt and the panels take the new colours now (else they kept the old theme's until restart)
    for widget in app.topLevelWidgets():
        if sheet := widget.styleSheet():
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)


class PreferencesLink(QObject):
    statusMessage = Signal(str, int)

    def __init__(
        self,
        window: QMainWindow,
        services: Any,
        on_rules_changed: Any = None,
        time_views: Sequence[Any] = (),
        sync: Any = None,
        jobs: Any = None,
    ):
        super().__init__(window)
        from ows_desktop.ui.window_menus import make_action

        self._window = window
        self._services = services
        self._on_rules_changed = on_rules_changed
        # what shows ticket times, in store or workstation time: each has set_workstation_time(bool) — the
        # ticket tables, the receipts and the video clocks of the Receipts and Cases tabs
        self._time_views = tuple(view for view in time_views if view is not None)
        self._sync = sync  # the sync controller: its schedule (Preferences ▸ Sync ▸ Sync every)
        self._jobs = jobs  # tasks.jobs.JobRunner: asks the keyring for the proxy password off the GUI thread
        self.dialog: PreferencesDialog | None = None
        self._rules_before = ""
        self.action: QAction = make_action(
            window,
            self.tr("&Preferences…"),
            self.open,
            "Ctrl+,",
            self.tr("Sync, video, rules, display, evidence and network"),
        )
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        theme = str(services.settings.get("display/theme"))
        if theme != "system" or system_wants_high_contrast():
            apply_theme(theme)
        self._apply_time_zone()
        accessibility = getattr(QGuiApplication.styleHints(), "accessibility", None)
        if accessibility is not None:  # the system's contrast setting changed while the window is open
            accessibility().contrastPreferenceChanged.connect(self._follow_system_contrast)

    @Slot()
    def _follow_system_contrast(self) -> None:
        if str(self._services.settings.get("display/theme")) == "system":
            apply_theme("system")

    def _apply_time_zone(self) -> None:
        """Preferences ▸ Display ▸ Show ticket times in: the tables' Time column, the receipts and the video
        clocks, at once."""
        workstation = self._services.settings.get("display/time_zone") == "workstation"
        for view in self._time_views:
            view.set_workstation_time(workstation)

    @Slot()
    def open(self) -> PreferencesDialog:
        """Show the dialog (window-modal, without blocking: tests and people drive the same dialog)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        self._rules_before = self._services.rule_config().fingerprint()
        dialog = PreferencesDialog(
            self._services.settings, proxy=self._services.proxy, jobs=self._jobs, parent=self._window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settingsChanged.connect(self._apply)
        dialog.destroyed.connect(self._forget)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _forget(self) -> None:
        self.dialog = None

    @Slot(list)
    def _apply(self, keys: list[str]) -> None:
        if "display/language" in keys:
            self.statusMessage.emit(
                self.tr("Preferences saved. The language changes the next time OWS Desktop starts."), 30_000
            )
        if "display/theme" in keys:
            apply_theme(str(self._services.settings.get("display/theme")))
        if "display/time_zone" in keys:
            self._apply_time_zone()
        if "sync/every_minutes" in keys and self._sync is not None:
            self._sync.apply_schedule()
        if any(key.startswith("network/") for key in keys) and self._services.proxy is not None:
            self._services.proxy.reload()
        if any(key.startswith("rules/") for key in keys) and self._on_rules_changed is not None:
            # stale: the stored results were made with other thresholds or rules (weights only re-rank)
            self._on_rules_changed(self._services.rule_config().fingerprint() != self._rules_before)
