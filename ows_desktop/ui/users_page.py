"""The Users tab: the tenant's OWS users (``/apip/users``), loaded in the background and searchable.

They are OWS's, listed with an OWS account: a team-store role that does not sync (a manager, an investigator,
a director) is never asked for one — the sync login has it — and its tab says so instead of "Connect to OWS"."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QByteArray, QRegularExpression, QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.itemmodels.users import (
    COL_CREATED,
    COL_EMAIL,
    COL_GROUPS,
    COL_NAME,
    SortRole,
    UsersTableModel,
)
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.ui.errors import users_failure
from ows_desktop.ui.header_style import use_sort_arrows
from ows_desktop.ui.services import ClientOpener, Connection


def fetch_users(open_client: ClientOpener, connection: Connection) -> list[Any]:
    """Runs in a job."""
    with open_client(connection.base_url, connection.credentials) as client:
        return client.users()


class UsersPage(QWidget):
    def __init__(
        self, *, jobs: JobRunner, open_client: ClientOpener, tz: tzinfo | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("usersPage")
        self._team_can_sync: bool | None = None  # None: a single seat (set_team_store)
        self._jobs = jobs
        self._open_client = open_client
        self._connection: Connection | None = None
        self._generation = 0
        self._loaded_for: Connection | None = None
        self.loading = False

        self.model = UsersTableModel(tz, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SortRole)

        self.search = QLineEdit(self)
        self.search.setObjectName("userSearch")
        self.search.setAccessibleName(self.tr("Search users"))
        self.search.setPlaceholderText(self.tr("Search users by name, e-mail or group…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(30)
        self.search.textChanged.connect(self._on_search)
        self.reload_button = QPushButton(self.tr("Reload"), self)
        self.reload_button.setObjectName("reloadUsers")
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.setEnabled(False)  # until a connection: nothing to reload from
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.status.setObjectName("usersStatus")
        self.status.setWordWrap(True)  # an error runs long: it wraps instead of leaving the window
        bold = QFont(self.status.font())
        bold.setBold(True)
        self.status.setFont(bold)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.search, 1)
        top.addWidget(self.reload_button)

        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setAccessibleName(self.tr("Users"))
        self.table.setModel(self.proxy)
        use_sort_arrows(self.table.horizontalHeader())  # ui/header_style.py
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((COL_NAME, 220), (COL_EMAIL, 280), (COL_GROUPS, 320)):
            self.table.setColumnWidth(column, width)
        # a date is never cut: the Created column is as wide as its longest date (and its title)
        header.setSectionResizeMode(COL_CREATED, QHeaderView.ResizeMode.ResizeToContents)
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(frame, 1)
        self._show_status(self._unconnected_text())

    def set_team_store(self, can_sync: bool) -> None:
        """The window works on a team store; ``can_sync``: the signed-in role syncs it (its window asks for the
        OWS account; a manager's, an investigator's or a director's never does)."""
        self._team_can_sync = can_sync
        if self._connection is None and not self.loading:
            self._show_status(self._unconnected_text())

    def _unconnected_text(self) -> str:
        """What the tab says without an OWS connection: how this person's window gets one, if it does."""
        if self._team_can_sync is False:  # the window asks for no OWS account
            return self.tr(
                "OWS users are listed with the OWS account that syncs the team store; this window reads the "
                "team store without one."
            )
        return self.tr("Connect to OWS to list its users.")

    # -- loading --------------------------------------------------------------------------------------------

    def set_connection(self, connection: Connection | None) -> None:
        self._connection = connection
        self._generation += 1
        self.model.set_users([])
        self._loaded_for = None
        if connection is None:
            self.loading = False
            self._show_status(self._unconnected_text())
        self.reload_button.setEnabled(connection is not None)

    def ensure_loaded(self) -> None:
        if self._connection is not None and self._loaded_for != self._connection and not self.loading:
            self.reload()

    @Slot()
    def reload(self) -> None:
        connection = self._connection
        if connection is None:
            return
        self._generation += 1
        self.loading = True
        self.reload_button.setEnabled(False)
        self._show_status(self.tr("Loading users from OWS…"))
        opener = self._open_client
        self._jobs.submit(
            lambda: fetch_users(opener, connection),
            (self._generation, connection),
            succeeded=self._on_loaded,
            failed=self._on_failed,
        )

    @Slot(object, object)
    def _on_loaded(self, tag: Any, users: Any) -> None:
        generation, connection = tag
        if generation != self._generation:
            return
        self.loading = False
        self._loaded_for = connection
        self.model.set_users(users)
        self.reload_button.setEnabled(True)
        self._update_count()

    @Slot(object, object, int)
    def _on_failed(self, tag: Any, message: str, code: int) -> None:
        if tag[0] != self._generation:
            return
        self.loading = False
        self.reload_button.setEnabled(True)
        self._show_status(users_failure(message, code), error=True)

    # -- search ---------------------------------------------------------------------------------------------

    @Slot(str)
    def _on_search(self, text: str) -> None:
        self.proxy.setFilterRegularExpression(
            QRegularExpression(
                QRegularExpression.escape(text.strip()),
                QRegularExpression.PatternOption.CaseInsensitiveOption,
            )
        )
        self._update_count()

    def _update_count(self) -> None:
        if self.loading or self._loaded_for is None:
            return
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.search.text().strip():
            self._show_status(
                self.tr("{shown} of {total} users match").format(
                    shown=count_text(shown), total=count_text(total)
                )
            )
        else:
            self._show_status(self.tr("%Ln user(s)", "", total))

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(shown_text(text))  # may hold the server's words
        self.status.setProperty("error", error)

    def save_state(self, settings: Any) -> None:
        settings.set("users/header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: Any) -> None:
        state = settings.get("users/header")
        if isinstance(state, QByteArray | bytes) and state:
            self.table.horizontalHeader().restoreState(QByteArray(state))
