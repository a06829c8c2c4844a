"""The Exceptions view's table: operators (or registers) next to their store peers in the same hours (the
"vs store peers" column, what the view sorts by), their weighted exception counts, one column per rule. A
plain list model (a few dozen rows); the view sorts it through a proxy on :data:`SortRole`.

The Exceptions column counts the row's tickets with any exception — the tickets a click on it lists — not
its findings (a ticket with two rules' exceptions is one ticket, two findings). The rule columns count each
rule's findings (one per ticket: the same as that rule's tickets), and the score and its rate weigh the
findings (``count × weight`` per rule), as README documents.

Every cell knows the ticket filter it stands for (:data:`FilterRole`, TicketQuery keyword arguments): the
row's operator or register over the ranking's date range, for a rule column that rule's exceptions, and for
the peers column exactly the tickets its figure counts (those with an exception).

An operator is named with the employee ID it is ranked by (``Ines Brontë (E1014)``): two cashiers of one name
are two rows, each listing its own tickets; tickets without an ID are a row of that name at that store, which
says it has no employee ID (rules/ranking.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ows_desktop.itemmodels.core_labels import core_label, core_text
from ows_desktop.itemmodels.locale_format import count_text, decimal_text
from ows_desktop.itemmodels.shown_text import shown_cell
from ows_desktop.rules import METHOD_TEXT, MIN_TICKETS, RULES_BY_ID, Ranking, RankingRow, RuleConfig
from ows_desktop.store.operators import NO_ID, operator_text

COL_NAME, COL_TICKETS, COL_EXCEPTIONS, COL_SCORE, COL_RATE, COL_PEERS = range(6)
FIXED_COLUMNS = 6
# Text, not numbers: the name and the sentence against store peers ("1.7× store peers (29 of 136 tickets)")
# read from the left. The ranking is sorted by the latter: a right-aligned title put its last letter under
# the sort arrow.
_READ_LEFT_TO_RIGHT = (COL_NAME, COL_PEERS)
SortRole = Qt.ItemDataRole.UserRole
FilterRole = Qt.ItemDataRole.UserRole + 1  # dict of TicketQuery keyword arguments
RuleRole = Qt.ItemDataRole.UserRole + 2  # the rule id of a rule column (None for the fixed columns)
HEAT = QColor(198, 40, 40)  # per-rule counts are tinted with this, by share of the column's maximum


class ExceptionRankingModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ranking: Ranking | None = None
        self._config = RuleConfig()
        self._rules: tuple[str, ...] = ()
        self._max: dict[str, int] = {}

    # -- content ---------------------------------------------------------------------------------------

    def set_ranking(self, ranking: Ranking | None, config: RuleConfig | None = None) -> None:
        self.beginResetModel()
        self._ranking = ranking
        if config is not None:
            self._config = config
        rows = ranking.rows if ranking else ()
        # Only rules that fired in the range get a column (keeps the table readable), in catalogue order.
        self._rules = tuple(
            r for r in (ranking.rules if ranking else ()) if any(r in row.per_rule for row in rows)
        )
        self._max = {
            rule: max((row.per_rule.get(rule, 0) for row in rows), default=0) for rule in self._rules
        }
        self.endResetModel()

    @property
    def ranking(self) -> Ranking | None:
        return self._ranking

    @property
    def rules(self) -> tuple[str, ...]:
        return self._rules

    def row_at(self, row: int) -> RankingRow | None:
        rows = self._ranking.rows if self._ranking else ()
        return rows[row] if 0 <= row < len(rows) else None

    def rule_at(self, column: int) -> str | None:
        index = column - FIXED_COLUMNS
        return self._rules[index] if 0 <= index < len(self._rules) else None

    def filter_for(self, index: QModelIndex | QPersistentModelIndex) -> dict[str, Any] | None:
        if not index.isValid() or self._ranking is None:
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        return self._filter(self._ranking, row, index.column())

    def _filter(self, ranking: Ranking, row: RankingRow, column: int) -> dict[str, Any]:
        """The tickets a cell's figure counts: the name and Tickets, all the row's; the exceptions, score and
        rate, and the comparison with peers, its tickets with an exception; a rule's column, that rule's."""
        if column in (COL_EXCEPTIONS, COL_SCORE, COL_RATE) or (
            column == COL_PEERS and row.headline is not None
        ):
            return ranking.flagged_filter(row)
        return ranking.filter(row, self.rule_at(column))

    # -- Qt --------------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._ranking is None:
            return 0
        return len(self._ranking.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED_COLUMNS + len(self._rules)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        by_terminal = self._ranking is not None and self._ranking.by == "terminal"
        rule = self.rule_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if rule is not None:
                return core_label(RULES_BY_ID[rule].title) if rule in RULES_BY_ID else rule
            fixed = (
                self.tr("Register") if by_terminal else self.tr("Operator"),
                self.tr("Tickets"),
                self.tr("Exceptions"),
                self.tr("Score"),
                self.tr("Per 100"),
            )
            return (*fixed, self.tr("vs store peers"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if rule is not None:
                known = RULES_BY_ID.get(rule)
                text = core_text(known.description) if known else rule
                return self.tr("{text}\nWeight {weight:g}. Click a count to list those tickets.").format(
                    text=text, weight=self._config.weight(rule)
                )
            return (
                self.tr("Click a name to list its tickets in the range"),
                self.tr("Tickets rung up in the range"),
                self.tr(
                    "Tickets with at least one exception: a ticket with several counts once (the rule columns count each rule's). Click a count to list them."
                ),
                self.tr("Weighted exceptions: the sum of count × rule weight"),
                self.tr("Score per 100 tickets"),
                self.tr(
                    "{METHOD_TEXT} Ranked by that probability, smallest first; fewer than {value} tickets: not ranked. Click to list the counted tickets."
                ).format(
                    METHOD_TEXT=core_text(METHOD_TEXT),
                    value=self._ranking.min_tickets if self._ranking else MIN_TICKETS,
                ),
            )[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section not in _READ_LEFT_TO_RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return shown_cell(self._data(index, role), role)  # server text: bidi controls marked

    def _data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < self.columnCount():
            return None
        column = index.column()
        rule = self.rule_at(column)
        if role == Qt.ItemDataRole.DisplayRole:
            if rule is not None:
                count = row.per_rule.get(rule, 0)
                return str(count) if count else ""
            if column == COL_NAME:
                return self._name(row)
            if column == COL_TICKETS:
                return count_text(row.tickets)
            if column == COL_EXCEPTIONS:  # what a click lists, not the findings
                return count_text(row.flagged_tickets)
            if column == COL_SCORE:
                return decimal_text(row.score, 0 if row.score == int(row.score) else 1)
            if column == COL_PEERS:
                headline = row.headline
                return (
                    core_text(headline.text()) if headline is not None else self.tr("too few tickets to rank")
                )
            return decimal_text(row.score_per_100, 1)
        if role == SortRole:
            if rule is not None:
                return row.per_rule.get(rule, 0)
            if column == COL_NAME:
                return f"{row.location or ''}\x00{row.name.casefold()}\x00{row.operator_id or ''}"
            values = {COL_TICKETS: row.tickets, COL_EXCEPTIONS: row.flagged_tickets, COL_SCORE: row.score}
            return row.surprise if column == COL_PEERS else values.get(column, row.score_per_100)
        if role == FilterRole:
            return self._filter(self._ranking, row, column) if self._ranking else None
        if role == RuleRole:
            return rule
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in _READ_LEFT_TO_RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and rule is not None:
            count, top = row.per_rule.get(rule, 0), self._max.get(rule, 0)
            if count and top:
                heat = QColor(HEAT)
                heat.setAlpha(int(25 + 110 * count / top))
                return heat
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if rule is not None:
                count = row.per_rule.get(rule, 0)
                title = core_label(RULES_BY_ID[rule].title) if rule in RULES_BY_ID else rule
                text = self.tr("{count} × {title} (weight {weight:g}) — click to list these tickets").format(
                    count=count, title=title, weight=self._config.weight(rule)
                )
                figure = row.peers.get(rule) if row.ranked else None
                return (
                    text
                    if figure is None
                    else f"{text}\n{core_text(figure.text())}: {core_text(figure.explanation())}"
                )
            if column == COL_PEERS:
                headline = row.headline
                if headline is None:
                    needed = self._ranking.min_tickets if self._ranking else MIN_TICKETS
                    return self.tr("Not ranked: {tickets} tickets, fewer than the {needed} needed").format(
                        tickets=row.tickets, needed=needed
                    )
                return self.tr(
                    "Tickets with any exception: {explanation}\n{METHOD_TEXT}\nClick to list them."
                ).format(explanation=core_text(headline.explanation()), METHOD_TEXT=core_text(METHOD_TEXT))
            if column == COL_NAME:
                text = self.tr(
                    "{flagged_tickets} of {tickets} tickets have an exception — click to list them"
                ).format(flagged_tickets=row.flagged_tickets, tickets=row.tickets)
                return f"{self._who(row)}\n{text}" if row.operator_id is not None else text
            return None
        return None

    def _name(self, row: RankingRow) -> str:
        """``Ines Brontë (E1014)`` (every name its tickets carry, ``Ana / Ana M. (E2001)``); tickets without an
        ID: ``S063 · Ines Brontë (no employee ID)``; a register: ``S1 · R2``."""
        name = row.name or self.tr("(none)")
        if row.operator_id:
            return operator_text(" / ".join(row.names or (name,)), row.operator_id)
        if row.operator_id == "":
            return f"{row.location} · {core_text(NO_ID.format(name=name))}"
        return name if row.location is None else f"{row.location} · {name}"

    def _who(self, row: RankingRow) -> str:
        """Who an operator row is, for its tooltip."""
        if row.operator_id:
            return self.tr("Employee ID {operator_id}, at {stores}").format(
                operator_id=row.operator_id, stores=", ".join(row.stores)
            )
        return self.tr(
            "These tickets carry no employee ID: their operator is known only by name at store {location}"
        ).format(location=row.location)
