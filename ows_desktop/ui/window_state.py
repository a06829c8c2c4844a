"""The window's layout state across runs: geometry, the open tab, the sync range, and (through the pages
themselves) the splitters, table columns and filters. Read at start, written on close; nothing secret."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from ows_desktop.ui.filter_state import FilterState, SyncRange
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.sync_bar import SyncBar
from ows_desktop.ui.users_page import UsersPage

TAB_USERS = 1


class WindowLayoutState:
    """Restores and saves the parts of the window a person arranges, in the injected settings."""

    def __init__(
        self,
        settings: Any,
        *,
        window: QMainWindow,
        tabs: QTabWidget,
        sync_bar: SyncBar,
        receipts: ReceiptsPage,
        users: UsersPage,
    ):
        self._settings = settings
        self._window = window
        self._tabs = tabs
        self._sync_bar = sync_bar
        self._receipts = receipts
        self._users = users

    def restore(self) -> FilterState:
        """Apply the saved layout; returns the receipts filters, applied by the page's first query."""
        settings = self._settings
        geometry = settings.get("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self._window.restoreGeometry(QByteArray(geometry))
        self._sync_bar.set_sync_range(SyncRange.from_json(settings.get("sync/range")))
        self._users.restore_state(settings)
        filters = self._receipts.restore_state(settings)
        if str(settings.get("window/tab")) == str(TAB_USERS):
            self._tabs.setCurrentIndex(TAB_USERS)
        return filters

    def save(self) -> None:
        settings = self._settings
        settings.set("window/geometry", self._window.saveGeometry())
        settings.set("window/tab", self._tabs.currentIndex())
        settings.set("sync/range", self._sync_bar.sync_range().to_json())
        self._receipts.save_state(settings)
        self._users.save_state(settings)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open ``window`` within the available area of the screen under the mouse (a 1366×768 laptop minus its
    task bar), never partly off it: at most ``width`` × ``height``, at the area's top left.

    Not ``window.screen()``: PySide tied the QScreen it returned to the window, and when the garbage
    collector destroyed the window (the app's way after a connection switch) PySide deleted the screen itself
    (gdb: QScreen::~QScreen from the collector, through shiboken); the next window's construction then read
    the deleted screen (a segmentation fault, tests/gui/ui/test_window_teardown.py)."""
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    if area is None or area.isEmpty():
        window.resize(width, height)
        window.setMinimumSize(960, 600)
        return
    frame = 40  # the title bar and borders the window manager adds
    window.setMinimumSize(min(960, area.width()), min(600, area.height() - frame))
    window.resize(min(width, area.width()), min(height, area.height() - frame))
    window.move(area.topLeft())
