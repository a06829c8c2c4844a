"""The receipt of the row the person most likely moves to next, laid out while the window waits for her.

Moving to the next receipt (J/K) read the ticket, made its HTML, parsed it and laid it out inside the key press;
while a sync runs that was the press's largest share (the receipt's layout up to 15 ms). Shortly after the
current row changed, :class:`ReceiptLookahead` reads the row in the direction of the last move and has the
receipt panel lay it out (:meth:`ReceiptPanel.prepare`); the press then only puts that document in place. What
is shown is always what the store holds at the press: the panel uses a prepared document only when the receipt
made then is the same HTML.

What the panel shows of a ticket is read in one place (:func:`read_receipt`), also when tickets stored
elsewhere may have changed the open receipt (:func:`reread`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QTimer, Slot
from PySide6.QtWidgets import QTableView

from ows_desktop.ows.model import Ticket
from ows_desktop.ui.receipt_review import checked_review
from ows_desktop.ui.receipt_view import ReceiptPanel

log = logging.getLogger(__name__)

AHEAD_DELAY_MS = 20  # after the move: once the moved-to receipt was painted, before a next press (~50 ms on)


@dataclass(frozen=True, slots=True)
class ReceiptRead:
    """What the receipt panel shows for one ticket, read in one go (:func:`read_receipt`)."""

    ticket: Ticket
    offset: int | None  # its store's UTC offset, minutes
    review: Any  # its flag, notes and history (store.review.TicketReview)
    exceptions: list[tuple[str, str]]  # what the exception rules found on it: (rule id, detail)

    def show(self, panel: ReceiptPanel, *, flagged: bool) -> None:
        panel.show_ticket(self.ticket, **self._shown(flagged))

    def changes(self, panel: ReceiptPanel, *, flagged: bool) -> bool:
        return panel.would_change(self.ticket, **self._shown(flagged))

    def prepare(self, panel: ReceiptPanel, *, flagged: bool) -> None:
        panel.prepare(self.ticket, **self._shown(flagged))

    def _shown(self, flagged: bool) -> dict[str, Any]:
        """The panel's arguments besides the ticket (the same for showing, comparing and preparing)."""
        return {
            "flagged": flagged,
            "utc_offset_min": self.offset,
            "review": self.review,
            "exceptions": self.exceptions,
        }


def read_receipt(reader: Any, rowid: int) -> ReceiptRead:
    """What the receipt panel shows for ``rowid``: the ticket, its store's UTC offset, its review (with its
    audit entries that fail their integrity check) and the exceptions the rules found on it."""
    ticket = reader.ticket(rowid)
    offset = reader.local_offsets([rowid]).get(rowid)
    exceptions = reader.rules.exceptions_of([rowid]).get(rowid, [])
    return ReceiptRead(ticket, offset, checked_review(reader, ticket.key), exceptions)


def reread(reader: Any, model: Any, panel: ReceiptPanel, key: str | None) -> None:
    """Tickets were stored elsewhere (a sync, the rules after it): read the open receipt (``key``, a row of
    ``model``) again and show it again only if it changed — its contents, review or rule findings (a person
    reading it keeps her place otherwise). One that cannot be read now is left as it is (a move reads it)."""
    row = model.ticket_row(model.row_of_key(key)) if key is not None else None
    if row is None or panel.ticket() is None:
        return
    try:
        read = read_receipt(reader, row.rowid)
    except Exception as exc:
        log.debug("Reading receipt %s again failed: %s", row.rowid, exc)
        return
    if read.ticket.key == key and read.changes(panel, flagged=row.flagged):
        read.show(panel, flagged=row.flagged)


class ReceiptLookahead(QObject):
    """Lays out the next receipt (in the direction of the last move) ``delay_ms`` after each move."""

    def __init__(
        self,
        table: QTableView,
        reader: Any,
        receipt: ReceiptPanel,
        delay_ms: int = AHEAD_DELAY_MS,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._table, self._reader, self._receipt = table, reader, receipt
        self._step = 1
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._prepare)
        table.selectionModel().currentRowChanged.connect(self._moved)

    @Slot(QModelIndex, QModelIndex)
    def _moved(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and previous.isValid() and current.row() != previous.row():
            self._step = 1 if current.row() > previous.row() else -1
        self.timer.start()

    @Slot()
    def _prepare(self) -> None:
        current = self._table.currentIndex()
        model: Any = self._table.model()
        if not current.isValid() or model is None:
            return
        row = model.ticket_row(current.row() + self._step)
        if row is None:
            return
        try:
            read = read_receipt(self._reader, row.rowid)
        except Exception as exc:  # shown (and reported) when the person moves there
            log.debug("Reading receipt %s ahead failed: %s", row.rowid, exc)
            return
        read.prepare(self._receipt, flagged=row.flagged)
