"""The OWS users table (a few dozen rows: a plain list model; the page filters it with a proxy). Created and
Last sign-in are this workstation's time with its zone, as every time of the window carries one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ows_desktop.itemmodels.record_table import RecordTable
from ows_desktop.itemmodels.ticket_columns import acted_time_text, utc_text
from ows_desktop.ows.model import User

COL_NAME, COL_EMAIL, COL_GROUPS, COL_CREATED, COL_LAST_SIGN_IN = range(5)
HEADERS = (
    QT_TRANSLATE_NOOP("UsersTableModel", "Name"),
    QT_TRANSLATE_NOOP("UsersTableModel", "E-mail"),
    QT_TRANSLATE_NOOP("UsersTableModel", "Groups"),
    QT_TRANSLATE_NOOP("UsersTableModel", "Created"),
    QT_TRANSLATE_NOOP("UsersTableModel", "Last sign-in"),
)
SortRole = Qt.ItemDataRole.UserRole
UserRole = Qt.ItemDataRole.UserRole + 1


class UsersTableModel(RecordTable[User]):
    headers = HEADERS
    header_context = "UsersTableModel"

    def __init__(self, tz: tzinfo | None = None, parent: Any = None):
        super().__init__(parent)
        self._tz = tz

    def set_users(self, users: Sequence[User]) -> None:
        self.set_records(sorted(users, key=lambda u: (u.display_name.casefold(), u.email or "")))

    def user(self, row: int) -> User | None:
        return self.record(row)

    def cell(self, user: User, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return user.display_name or "—"
            if column == COL_EMAIL:
                return user.email or "—"
            if column == COL_GROUPS:
                return ", ".join(user.groups) or "—"
            if column == COL_CREATED:
                return acted_time_text(user.created, self._tz, compact=True) if user.created else "—"
            if column == COL_LAST_SIGN_IN:
                return (
                    acted_time_text(user.last_sign_in, self._tz, compact=True)
                    if user.last_sign_in
                    else QCoreApplication.translate("UsersTableModel", "Never")
                )
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_CREATED and user.created:
                return utc_text(user.created)
            if column == COL_LAST_SIGN_IN and user.last_sign_in:
                return utc_text(user.last_sign_in)
            if column == COL_GROUPS and user.groups:
                return "\n".join(user.groups)
            return None
        if role == SortRole:
            if column == COL_CREATED:
                return user.created.timestamp() if user.created else 0.0
            if column == COL_LAST_SIGN_IN:
                return user.last_sign_in.timestamp() if user.last_sign_in else 0.0
            text = self.cell(user, column, Qt.ItemDataRole.DisplayRole)
            return text.casefold() if isinstance(text, str) else ""
        if role == UserRole:
            return user
        return None
