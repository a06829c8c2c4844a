"""Edit ▸ Preferences…: the pages Sync, Video, Rules, Display, Evidence and Network over the ONE settings
file (``basics.settings``; the CLI reads the same file without Qt). Nothing is written before OK: Cancel
leaves the settings as they were. OK first checks every page and refuses a wrong value in place, with the
reason, on its page. "Restore Defaults" resets the page shown.

Signals:
    settingsChanged(list): the keys whose stored value OK changed (the window applies what it must at once).
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.credentials import CredentialError
from ows_desktop.basics.settings import DEFAULTS
from ows_desktop.rules.definitions import RULE_DEFAULTS
from ows_desktop.ui.preferences_fields import coerce
from ows_desktop.ui.preferences_network import NetworkPage
from ows_desktop.ui.preferences_pages import display_page, evidence_page, sync_page, video_page
from ows_desktop.ui.preferences_rules import RulesPage


class PreferencePage(Protocol):
    title: str
    problem_label: QLabel

    def load(self, settings: Any) -> None: ...

    def restore_defaults(self) -> None: ...

    def values(self) -> dict[str, Any]: ...

    def problem(self) -> str | None: ...

    def commit(self) -> None: ...


class PreferencesDialog(QDialog):
    settingsChanged = Signal(list)

    def __init__(self, settings: Any, *, proxy: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        passwords = getattr(proxy, "passwords", None)
        overridden = bool(getattr(proxy, "overridden", False))
        self.pages: dict[str, Any] = {}
        for page in (
            sync_page(),
            video_page(),
            RulesPage(),
            display_page(),
            evidence_page(),
            NetworkPage(passwords, overridden=overridden),
        ):
            self.pages[page.title] = page

        self.page_list = QListWidget(self)
        self.page_list.setObjectName("preferencesPages")
        self.page_list.setAccessibleName(self.tr("Preference pages"))
        self.page_list.setAccessibleDescription(self.tr("Choose a page; its settings show on the right."))
        self.stack = QStackedWidget(self)
        for title, page in self.pages.items():
            self.page_list.addItem(title)
            self.stack.addWidget(page)
            page.load(settings)
        self.page_list.setMaximumWidth(self.page_list.sizeHintForColumn(0) + 40)
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.page_list.setCurrentRow(0)

        buttons = QDialogButtonBox.StandardButton
        self.button_box = QDialogButtonBox(
            buttons.Ok | buttons.Cancel | buttons.RestoreDefaults, Qt.Orientation.Horizontal, self
        )
        self.restore_button = self.button_box.button(buttons.RestoreDefaults)
        self.restore_button.setText(self.tr("Restore &Defaults"))
        self.restore_button.setToolTip(self.tr("Put back the default values of the page shown (saved on OK)"))
        self.restore_button.setAccessibleDescription(self.restore_button.toolTip())
        self.restore_button.clicked.connect(self.restore_page_defaults)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.button_box)
        self.resize(760, 560)

    def page(self, title: str) -> Any:
        return self.pages[title]

    def show_page(self, title: str) -> None:
        self.page_list.setCurrentRow(list(self.pages).index(title))

    def current_page(self) -> Any:
        return self.stack.currentWidget()

    def stored(self, key: str) -> Any:
        """The value a setting has now (its default when the file does not hold it)."""
        return coerce(self._settings.get(key), RULE_DEFAULTS.get(key, DEFAULTS.get(key)))

    @Slot()
    def restore_page_defaults(self) -> None:
        self.current_page().restore_defaults()

    def accept(self) -> None:
        """Check every page; write only if all are right (else show the first problem on its page)."""
        for title, page in self.pages.items():
            if page.problem() is not None:
                self.show_page(title)
                return
        for title, page in self.pages.items():
            try:
                page.commit()
            except CredentialError as exc:  # the keyring refused the proxy password: say so, write nothing
                page.problem_label.setText(str(exc))
                page.problem_label.show()
                self.show_page(title)
                return
        changed: list[str] = []
        for page in self.pages.values():
            for key, value in page.values().items():
                if self.stored(key) != value:
                    self._settings.set(key, value)
                    changed.append(key)
        super().accept()
        if changed:
            self.settingsChanged.emit(changed)
