"""The window's layout state across runs: geometry, the open tab, the sync range, and (through the pages
themselves) the splitters, table columns and filters — the Cases list's column choices, widths and order too
(ui/case_columns.py). Read at start, written on close; nothing secret."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from ows_desktop.itemmodels.ticket_columns import COLUMN_SORTS
from ows_desktop.ui.filter_state import FilterState, SyncRange
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.sync_bar import SyncBar
from ows_desktop.ui.users_page import UsersPage

TAB_USERS = 1
CASE_TICKETS = "cases/tickets_header"  # the case's tickets' table, as the receipts table's "receipts/header"


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
        cases: Any = None,
    ):
        """``cases``: the Cases tab (ui/cases_page.py), whose list's column choices, widths and order are kept
        too."""
        self._settings = settings
        self._window = window
        self._tabs = tabs
        self._sync_bar = sync_bar
        self._receipts = receipts
        self._users = users
        self._cases = cases

    def restore(self) -> FilterState:
        """Apply the saved layout; returns the receipts filters, applied by the page's first query."""
        settings = self._settings
        geometry = settings.get("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self._window.restoreGeometry(QByteArray(geometry))
        self._sync_bar.set_sync_range(SyncRange.from_json(settings.get("sync/range")))
        self._users.restore_state(settings)
        if self._cases is not None:
            self._cases.columns.restore_state(settings)
            restore_header(self._cases.ticket_table, self._cases.tickets, settings, CASE_TICKETS)
        filters = _restore_receipts(self._receipts, settings)
        if str(settings.get("window/tab")) == str(TAB_USERS):
            self._tabs.setCurrentIndex(TAB_USERS)
        return filters

    def save(self) -> None:
        settings = self._settings
        settings.set("window/geometry", self._window.saveGeometry())
        settings.set("window/tab", self._tabs.currentIndex())
        settings.set("sync/range", self._sync_bar.sync_range().to_json())
        _save_receipts(self._receipts, settings)
        self._users.save_state(settings)
        if self._cases is not None:
            self._cases.columns.save_state(settings)
            save_header(self._cases.ticket_table, settings, CASE_TICKETS)


def save_header(table: Any, settings: Any, key: str) -> None:
    """A ticket table's header under ``key``: the widths the person gave the columns (not what a narrow window
    fitted), their order, the sort."""
    with table.fit.as_asked():
        settings.set(key, table.horizontalHeader().saveState())


def restore_header(table: Any, model: Any, settings: Any, key: str) -> bool:
    """The header :func:`save_header` saved under ``key`` (a state from another column set: Qt keeps the
    columns it names, a new one at its default width), its widths fitted and its sort the model's order
    (read by the next query). False when none was saved."""
    state = settings.get(key)
    if not isinstance(state, QByteArray | bytes) or not state:
        return False
    table.horizontalHeader().restoreState(QByteArray(state))
    table.fit.remember()
    _order_from_header(table, model)
    return True


def _order_from_header(table: Any, model: Any) -> None:
    """The order the header's arrow shows becomes the model's (the next query's); an arrow on a column that
    does not sort is put back on the model's order."""
    header = table.horizontalHeader()
    column = header.sortIndicatorSection()
    sort = COLUMN_SORTS[column] if 0 <= column < len(COLUMN_SORTS) else None
    if sort is not None:
        model.set_order(sort, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
    else:
        table.show_query_sort()


def _save_receipts(page: ReceiptsPage, settings: Any) -> None:
    # the widths the person gave the columns and the split, not what a narrow window fitted or lent the table
    save_header(page.table, settings, "receipts/header")
    settings.set("receipts/splitter", page.room.split_state())
    settings.set("receipts/filters", page.filters().to_json())
    settings.set("receipts/receipt_tab", page.receipt.currentIndex())


def _restore_receipts(page: ReceiptsPage, settings: Any) -> FilterState:
    """Restore the Receipts tab's layout and return its saved filters (``page.start`` applies them)."""
    if not restore_header(page.table, page.model, settings, "receipts/header"):
        _order_from_header(page.table, page.model)  # the first query (in start) uses the arrow's order
    splitter_state = settings.get("receipts/splitter")
    if isinstance(splitter_state, QByteArray | bytes) and splitter_state:
        page.split_fitted = page.splitter.restoreState(QByteArray(splitter_state))
    tab = settings.get("receipts/receipt_tab")
    with contextlib.suppress(TypeError, ValueError):
        index = int(tab or 0)
        if (
            0 <= index < page.receipt.count()
        ):  # a hand-edited 2**31 raised OverflowError in Qt: the window never opened
            page.receipt.setCurrentIndex(index)
    return FilterState.from_json(settings.get("receipts/filters"))


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
