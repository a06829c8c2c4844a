"""What the receipts page shows instead of the table when it has no row: no ticket matches the filters
(clear them), or the cache or team store holds none yet (sync now, when the signed-in role may)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ows_desktop.ui.filter_state import has_search_syntax


class EmptyState(QWidget):
    clearRequested = Signal()
    syncRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self._team_can_sync: bool | None = None  # None: a cache on this computer (set_team_store)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.hint.setObjectName("emptyHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("emptyClearFilters")
        self.clear_button.clicked.connect(self.clearRequested)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("emptySync")
        self.sync_button.clicked.connect(self.syncRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(10)
        layout.addLayout(buttons)
        layout.addStretch(3)

    def show_no_match(self, description: str, search: str = "") -> None:
        """``search``: the search text applied; a search engine's syntax in it (:func:`has_search_syntax`) is
        not one here, and the hint says so (``a OR b`` looked for receipts holding a, "or" and b, and listed
        none, with nothing saying why)."""
        what = f" {description}" if description else self.tr(" these filters")
        self.title.setText(self.tr("No tickets match{what}.").format(what=what))
        hint = self.tr(
            "Try fewer words, another period or store, or clear the filters. Newer tickets may still need a sync."
        )
        if has_search_syntax(search):
            hint = self.tr(
                "The search lists receipts holding every word typed, at the start of a word: OR, AND and NOT "
                "are searched as words; quotes, a leading minus and * are ignored. {hint}"
            ).format(hint=hint)
        self.hint.setText(hint)
        self.clear_button.show()
        self.sync_button.hide()

    def show_crossed_amounts(self, low: str, high: str) -> None:
        self.title.setText(
            self.tr("No ticket can match: the min total {low} is above the max total {high}.").format(
                low=low, high=high
            )
        )
        self.hint.setText(self.tr("Swap the two amounts, or clear one of them."))
        self.clear_button.show()
        self.sync_button.hide()

    def set_team_store(self, can_sync: bool) -> None:
        """The window shows a team store (not a cache on this computer); ``can_sync``: the signed-in role may
        sync it (else the team store's sync service does, and the empty table offers no Sync)."""
        self._team_can_sync = can_sync

    def show_empty_cache(self) -> None:
        can_sync = self._team_can_sync
        if can_sync is None:
            self.title.setText(self.tr("No tickets yet."))
            self.hint.setText(
                self.tr(
                    "Sync to fetch tickets from OWS (Ctrl+R). They are kept on this computer, so searching and browsing work offline afterwards."
                )
            )
        else:
            self.title.setText(self.tr("No tickets in the team store yet."))
            self.hint.setText(
                self.tr("Sync to fetch tickets from OWS (Ctrl+R) into the team store.")
                if can_sync
                else self.tr(
                    "The team store's sync service fetches them from OWS; they show here as they land."
                )
            )
        self.clear_button.hide()
        self.sync_button.setVisible(can_sync is not False)
