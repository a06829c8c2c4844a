"""What the receipts page shows instead of the table when it has no row: no ticket matches the filters
(clear them), or the cache or team store holds none yet (sync now, when the signed-in role may).

"Refunds over 50" (status Refund, Min total 50) lists none: a refund's total is negative, as the Total column
shows it. The total filter stays exact (what it compares is the figure on screen and in an export), and the
empty list says so and offers the filter that lists them (:func:`refunds_by_size`: Max total −50)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.itemmodels.ticket_columns import status_kind
from ows_desktop.ui.filter_state import FilterState, amount_text
from ows_desktop.ui.search_syntax import syntax_words


def refunds_by_size(state: FilterState) -> FilterState | None:
    """The filters with the refund totals ``state`` meant by their size (min 50 → max −50; 50 to 100 →
    −100 to −50), when its status is a refund's and its min total above 0 (no refund can match); else None."""
    if status_kind(state.status) != "refund" or state.min_total is None or state.min_total <= 0:
        return None
    low = None if state.max_total is None else -state.max_total
    return replace(state, min_total=low, max_total=-state.min_total)


class EmptyState(QWidget):
    clearRequested = Signal()
    syncRequested = Signal()
    filtersRequested = Signal(object)  # FilterState: the filters it offers (refunds by their size)

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
        self._offered: FilterState | None = None
        self.suggest_button = QPushButton(self)
        self.suggest_button.setObjectName("emptySuggestion")
        self.suggest_button.setAccessibleName(self.tr("Apply the filter offered"))
        self.suggest_button.clicked.connect(lambda: self.filtersRequested.emit(self._offered))
        self.suggest_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.suggest_button)
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

    def explain(self, filters: FilterState) -> None:
        """Why the list of ``filters`` is empty: an empty cache, crossed amounts, or no ticket matches."""
        if filters.is_default():
            self.show_empty_cache()
        elif filters.amounts_crossed():
            self.show_crossed_amounts(amount_text(filters.min_total), amount_text(filters.max_total))
        else:
            self.show_no_match(filters.describe(short=True), filters.text, filters)

    def show_no_match(self, description: str, search: str = "", filters: FilterState | None = None) -> None:
        """``search``: the search text applied; a search engine's syntax in it (:mod:`.search_syntax`) is
        not one here, and the hint says so (``a OR b`` looked for receipts holding a, "or" and b, and listed
        none, with nothing saying why). ``filters``: those applied, for refunds by their size."""
        what = f" {description}" if description else self.tr(" these filters")
        self.title.setText(self.tr("No tickets match{what}.").format(what=what))
        hint = self.tr(
            "Try fewer words, another period or store, or clear the filters. Newer tickets may still need a sync."
        )
        if syntax := syntax_words(search):  # what the search does with each piece typed (search_syntax)
            hint = self.tr(
                "The search lists receipts holding every word typed, at the start of a word: {syntax}. {hint}"
            ).format(syntax=syntax, hint=hint)
        self._offered = refunds_by_size(filters) if filters is not None else None
        if filters is not None and self._offered is not None:
            hint = self._refund_hint(filters, self._offered) + " " + hint
        self.hint.setText(hint)
        self.suggest_button.setVisible(self._offered is not None)
        self.clear_button.show()
        self.sync_button.hide()

    def _refund_hint(self, asked: FilterState, offered: FilterState) -> str:
        """Says why no refund matched, and sets the offer's button ("Show total ≤ -50")."""
        size, total = money_text(asked.min_total), money_text(offered.max_total)  # as the Total column
        if offered.min_total is None:
            self.suggest_button.setText(self.tr("Show total ≤ {total}").format(total=total))
            return self.tr(
                "Refund totals are negative: a refund of {size} or more has a total of {total} or less."
            ).format(size=size, total=total)
        low, high = money_text(offered.min_total), money_text(asked.max_total)
        self.suggest_button.setText(self.tr("Show total {low} to {high}").format(low=low, high=total))
        return self.tr(
            "Refund totals are negative: a refund of {size} to {most} has a total from {low} to {high}."
        ).format(size=size, most=high, low=low, high=total)

    def show_crossed_amounts(self, low: str, high: str) -> None:
        self.title.setText(
            self.tr("No ticket can match: the min total {low} is above the max total {high}.").format(
                low=low, high=high
            )
        )
        self.hint.setText(self.tr("Swap the two amounts, or clear one of them."))
        self.suggest_button.hide()
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
        self.suggest_button.hide()
        self.sync_button.setVisible(can_sync is not False)
