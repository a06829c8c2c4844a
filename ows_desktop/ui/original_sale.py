"""A refund's "Refund of" link: the sale it returns, shown on the Receipts tab.

An investigator checking a refund wants the sale it claims to return (was the customer there, was it paid
in cash, what the cameras show). The link names that sale by the id the refund carries; a ticket's id is
its key, so it is looked up through the key's index on the window's read connection (one index probe, never
a scan of the store on the GUI thread). Found, it is listed by a search for its id, every other filter
cleared (as a cell of the Exceptions view does), and selected; not found, the status line says so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.ows.text import display_text, stored_id
from ows_desktop.store import StoreError, TicketNotFoundError
from ows_desktop.ui.receipt_view import ReceiptPanel
from ows_desktop.ui.receipts_page import ReceiptsPage


class OriginalSale(QObject):
    statusMessage = Signal(str, int)  # text, milliseconds shown

    def __init__(
        self,
        reader: Any,
        receipts: ReceiptsPage,
        show_receipts: Callable[[], None],
        panels: Sequence[ReceiptPanel],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._reader = reader
        self._receipts = receipts
        self._show_receipts = show_receipts
        for panel in panels:  # the Receipts tab's receipt and a case's
            panel.originalRequested.connect(self.show_original)

    def _key(self, original: str) -> str | None:
        """The stored key of the ticket with this id (stored as the id, escaped if it has lone surrogates)."""
        for key in dict.fromkeys((original, stored_id(original))):
            try:
                self._reader.rowid_of(key)
            except TicketNotFoundError:
                continue
            return key
        return None

    @Slot(str)
    def show_original(self, original: str) -> None:
        shown = display_text(original)
        try:
            key = self._key(original)
        except StoreError as exc:
            self.statusMessage.emit(
                self.tr("The sale {id} could not be looked up: {exc}").format(id=shown, exc=exc), 8000
            )
            return
        if key is None:
            self.statusMessage.emit(
                self.tr(  # short: the status bar's room at 1366 px, in French too
                    "The sale {id} is not among the synced tickets: sync the days it was rung up."
                ).format(id=shown),
                8000,
            )
            return
        self._show_receipts()
        if self._receipts.show_named(original, key):
            self.statusMessage.emit(
                self.tr("Showing the sale {id} that the refund returns.").format(id=shown), 6000
            )
        else:
            self.statusMessage.emit(
                self.tr("The sale {id} is stored, but a search for its id does not list it.").format(
                    id=shown
                ),
                8000,
            )
