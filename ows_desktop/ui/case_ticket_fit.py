"""The Cases tab's ticket table: its store, register and operator columns as wide as their texts, whatever the
width the case list leaves it.

The table takes the receipts table's fit (ui/column_fit.py), where the text columns give up their width first
("S0…R02", "E1021"): right for 200,000 receipts in a 1024 px window beside a receipt, where those columns only
tell rows apart. A case's few tickets are read for who and where: a tester who widened the case list saw the
case's registers and operators cut while the Status column kept the room of its widest chip for "Sale".

Here each text column is as wide as the widest of its texts among the tickets the case's reading brought
(the model's rows held: nothing is read for it; measured again as each reading lands), its title at least.
When the table is narrower than its columns, the others give up room: first what any holds beyond its content,
then the Status column down to its chips by their letter (its tooltip names the status); only then the names,
widest first, down to what tells them apart (whole in their tooltips), so that the total stays in view as in the
receipts table (a case pane at its narrowest, the case list dragged wide). A width the person gave a column (dragged, or saved so) is kept
as she gave it, whatever the fit: the others give way around it."""

from __future__ import annotations

import math

from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QTableView

from ows_desktop.itemmodels.ticket_columns import COL_STATUS
from ows_desktop.ui.column_fit import (
    CELL_MARGIN,
    TEXT_COLUMNS,
    TEXT_FLOOR,
    ColumnFit,
    _keep,
    _title_width,
    _trim,
    least_width,
    lower_widest,
)

_HELD = -1  # the rows of a text column's width: those held, not those in view


class CaseTicketFit(ColumnFit):
    """A :class:`ColumnFit` that never cuts a text column for room (see the module)."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self._defaults = self.asked()  # the widths the table began with: any other was the person's
        self._own: set[int] = set()  # the columns whose width the person gave
        table.model().rowsInserted.connect(self.fit)  # a further page of the case: its texts too

    def remember(self) -> None:
        """A saved width other than the column's first one was the person's (before the fit lays them out)."""
        header = self._table.horizontalHeader()
        self._own = {c for c, width in self._defaults.items() if header.sectionSize(c) != width}
        super().remember()

    def own(self) -> set[int]:
        """The columns whose width the person gave."""
        return set(self._own)

    def fit(self) -> None:
        table = self._table
        shown = self._shown()
        if not shown or not table.isVisible():  # fitted when shown
            return
        last = shown[-1]  # it stretches into whatever room is left
        content = {column: max(_title_width(table, column), self._data_width(column)) for column in shown}
        widths = {
            column: content[column]
            if column in TEXT_COLUMNS and column not in self._own
            else self._asked.get(column, content[column])
            for column in shown
        }
        widths[last] = min(widths[last], content[last])
        excess = sum(widths.values()) - table.viewport().width()
        giving = {column: widths[column] for column in shown if column not in self._own}  # hers stay
        if excess > 0:  # what any column holds beyond its content (no text is cut)
            excess = _trim(giving, {c: min(giving[c], content[c]) for c in giving}, excess)
        if excess > 0 and COL_STATUS in giving:  # the Status chips by their letter
            status = min(giving[COL_STATUS], least_width(table, COL_STATUS))
            excess = _trim(giving, {**giving, COL_STATUS: status}, excess)
        text = [column for column in giving if column in TEXT_COLUMNS]
        if excess > 0:  # only then the names, widest first: the total stays in view, as in the receipts table
            keep = {column: _keep(table, self._data_width(column)) for column in text}
            excess = lower_widest(text, giving, excess, keep)
        if excess > 0:  # to slivers; then the person's own widths scroll sideways
            lower_widest(text, giving, excess, dict.fromkeys(text, TEXT_FLOOR))
        self._apply({**widths, **giving})

    def _on_resized(self, column: int, old: int, new: int) -> None:
        super()._on_resized(column, old, new)
        shown = self._shown()
        if not self._fitting and shown and column != shown[-1]:  # the person's drag
            self._own.add(column)

    def _data_width(self, column: int) -> int:
        """A text column's: the widest text of the rows held (the case's tickets read), once per reading."""
        if column not in TEXT_COLUMNS:
            return super()._data_width(column)
        key = (column, _HELD, _HELD)
        width = self._widths.get(key)
        if width is None:
            texts = self._table.model().held_texts(column)  # type: ignore[attr-defined]
            metrics = QFontMetricsF(self._table.font())
            data = math.ceil(max((metrics.horizontalAdvance(text) for text in texts), default=0))
            width = self._widths[key] = data + CELL_MARGIN if data else 0
        return width


__all__ = ["CaseTicketFit"]
