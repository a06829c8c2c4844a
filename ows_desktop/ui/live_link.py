"""Links the window to live updates from a shared store (:class:`ows_desktop.tasks.live_updates.LiveUpdates`):
a colleague's flag or review shows in the table (that row only) and in the receipt when it is the one shown,
tickets a sync landed elsewhere appear as after a local sync page (the loaded rows are re-read, the
selection kept), and the Exceptions tab is refreshed. A lost connection says so in the status bar; the
listener reconnects by itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Slot

LOST_MESSAGE_MS = 8000


class LiveLink(QObject):
    def __init__(self, live: Any, receipts: Any, exceptions: Any, status: Any, parent: QObject) -> None:
        """``live``: LiveUpdates; ``receipts``: the ReceiptsPage; ``exceptions``: the ExceptionsView;
        ``status(text, ms)``: the window's status bar."""
        super().__init__(parent)
        self._live, self._receipts, self._exceptions, self._status = live, receipts, exceptions, status
        live.reviewChanged.connect(receipts.model.review_changed)
        live.reviewChanged.connect(self._on_review_changed)
        live.ticketsLanded.connect(self._on_tickets_landed)
        live.restored.connect(self._on_tickets_landed)  # notifications may have been missed meanwhile
        live.lost.connect(self._on_lost)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:  # before the window's own close handling
            self._live.stop()
        return False

    @Slot(list)
    def _on_review_changed(self, keys: list[str]) -> None:
        key = self._receipts.current_key()
        if key is not None and key in keys:
            model = self._receipts.model
            row = model.row_of_key(key)
            ticket_row = model.ticket_row(row) if row >= 0 else None
            if ticket_row is not None:
                self._receipts.show_ticket(ticket_row.rowid, flagged=ticket_row.flagged)
        self._exceptions.refresh()

    @Slot()
    def _on_tickets_landed(self) -> None:
        self._receipts.tickets_saved(0)
        self._exceptions.refresh()

    @Slot(str)
    def _on_lost(self, message: str) -> None:
        self._status(
            self.tr("Live updates paused (reconnecting): {message}").format(message=message), LOST_MESSAGE_MS
        )


def link_live_updates(window: Any, live: Any) -> LiveLink | None:
    """Start ``live`` (None: the store has no live updates) for ``window`` (a MainWindow: its ``receipts``,
    ``exceptions`` and status bar); it stops when the window closes."""
    if live is None:
        return None
    link = LiveLink(live, window.receipts, window.exceptions, window.statusBar().showMessage, window)
    window.installEventFilter(link)
    live.start()
    return link
