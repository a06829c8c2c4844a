"""The rows in view kept where they are while the ticket table's model is listed again (a live refresh during a
sync, a review change): which rows a refresh keeps loaded, and the scroll position held on the row at the top."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from ows_desktop.itemmodels.tickets import TicketTableModel


def rows_to_keep(table: QTableView, model: TicketTableModel) -> int:
    """How many loaded rows a refresh keeps: those in view and down to the current row, and a page more."""
    current = table.currentIndex()
    bottom = table.rowAt(max(0, table.viewport().height() - 1))
    if bottom < 0:
        bottom = model.rowCount() - 1
    return max(bottom, current.row() if current.isValid() else -1) + 1 + model.page_size


def rows_in_sight(table: QTableView, model: TicketTableModel) -> list[int]:
    """The rowids of the current row and of the last row in view (a refresh keeps them listed)."""
    rows = (table.currentIndex().row(), table.rowAt(max(0, table.viewport().height() - 1)))
    return [rowid for row in rows if row >= 0 and (rowid := model.rowid(row)) is not None]


@contextmanager
def kept_in_view(table: QTableView, model: TicketTableModel) -> Iterator[None]:
    """Keep the rows in view where they are while the model changes inside the block, unless the user is at
    the very top with nothing selected (a live list then shows the newest tickets arriving)."""
    bar = table.verticalScrollBar()
    top = table.rowAt(0)
    anchor = top if top >= 0 and (bar.value() > 0 or table.currentIndex().isValid()) else -1
    anchor_rowid = model.rowid(anchor) if anchor >= 0 else None
    anchor_y = table.rowViewportPosition(anchor) if anchor >= 0 else 0
    yield
    if anchor_rowid is not None:
        row = model.row_of_rowid(anchor_rowid)
        if row >= 0:
            # The scroll bar's range follows the new rows only at the view's next layout: set now, the value
            # was cut to the old maximum near the last loaded rows (the rows in view jumped, and at the maximum
            # the view fetched a page more while the listing was shown).
            table.updateGeometries()
            bar.setValue(bar.value() + table.rowViewportPosition(row) - anchor_y)


def refresh_in_place(
    table: QTableView, model: TicketTableModel, extra: int, rows_changed: bool = True
) -> None:
    """Re-read the model's loaded rows (``extra`` tickets were just saved; ``rows_changed=False``: none of the
    stored ones changed), keeping the rows in view where they are (:func:`kept_in_view`)."""
    keep = rows_to_keep(table, model)
    with kept_in_view(table, model):
        model.refresh(extra, keep=keep, rows_changed=rows_changed)
