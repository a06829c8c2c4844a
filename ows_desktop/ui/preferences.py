"""Edit ▸ Preferences…: the pages Sync, Video, Rules, Display, Evidence and Network over the ONE settings
file (``basics.settings``; the CLI reads the same file without Qt). Nothing is written before OK: Cancel
leaves the settings as they were. OK first checks every page and refuses a wrong value in place, with the
reason, on its page. "Restore Defaults" resets the page shown.

A password typed on the Network page goes to the keyring in a job of the window's JobRunner (never on the
GUI thread: a locked keyring may wait on its unlock prompt): OK then waits, saying so, and writes the settings
and closes when the keyring took it, or shows the keyring's refusal on the page and writes nothing. Cancel
stays possible meanwhile (the settings are then left as they were).

Signals:
    settingsChanged(list): the keys whose stored value OK changed (the window applies what it must at once).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.preferences_fields import coerce, show_problem
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

    def secret_write(self) -> Callable[[], None] | None: ...


class PreferencesDialog(QDialog):
    settingsChanged = Signal(list)

    def __init__(
        self,
        settings: Any,
        *,
        proxy: Any = None,
        jobs: JobRunner | None = None,
        parent: QWidget | None = None,
    ):
        """``jobs``: the window's JobRunner, which asks the keyring (needed when ``proxy`` has passwords)."""
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        self._jobs = jobs
        self._saving = False  # a keyring write of OK is under way
        passwords = getattr(proxy, "passwords", None)
        overridden = bool(getattr(proxy, "overridden", False))
        self.pages: dict[str, Any] = {}
        for page in (
            sync_page(),
            video_page(),
            RulesPage(),
            display_page(),
            evidence_page(),
            NetworkPage(passwords, jobs=jobs, overridden=overridden),
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

        self.saving_label = QLabel(self.tr("Saving the proxy password in the keyring…"), self)
        self.saving_label.setObjectName("preferencesSaving")
        self.saving_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saving_label.hide()

        body = QHBoxLayout()
        body.addWidget(self.page_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.saving_label)
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

    def saving(self) -> bool:
        """OK was pressed and waits for the keyring to take the proxy password."""
        return self._saving

    def accept(self) -> None:
        """Check every page; write only if all are right (else show the first problem on its page). A keyring
        write runs first, in a job; the settings are written when it succeeded."""
        if self._saving:
            return
        for title, page in self.pages.items():
            if page.problem() is not None:
                self.show_page(title)
                return
        writes = [(title, w) for title, page in self.pages.items() if (w := page.secret_write()) is not None]
        if not writes:
            self._write_settings()
            return
        if self._jobs is None:
            raise ValueError("a keyring write needs the window's JobRunner")
        self._set_saving(True)
        self._jobs.submit(partial(_write_secrets, writes), succeeded=self._on_secrets_written)

    @Slot(object, object)
    def _on_secrets_written(self, _tag: Any, refused: Any) -> None:
        self._set_saving(False)
        if refused is None:
            self._write_settings()
            return
        title, message = refused  # the keyring refused the proxy password: say so, write nothing
        page = self.pages[title]
        self.show_page(title)
        show_problem(page.problem_label, message, getattr(page, "password", None))

    def _set_saving(self, on: bool) -> None:
        self._saving = on
        self.saving_label.setVisible(on)
        self.stack.setEnabled(not on)  # what OK saves stays what was on screen
        self.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not on)
        self.restore_button.setEnabled(not on)

    def _write_settings(self) -> None:
        changed: list[str] = []
        for page in self.pages.values():
            for key, value in page.values().items():
                if self.stored(key) != value:
                    self._settings.set(key, value)
                    changed.append(key)
        super().accept()
        if changed:
            self.settingsChanged.emit(changed)


def _write_secrets(writes: list[tuple[str, Callable[[], None]]]) -> tuple[str, str] | None:
    """In a job: run the keyring writes; the page and the plain reason of the first one refused, else None."""
    for title, write in writes:
        try:
            write()
        except CredentialError as exc:
            return title, str(exc)
    return None
