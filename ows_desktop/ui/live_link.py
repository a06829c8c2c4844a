"""Links the window to live updates from the store (:class:`ows_desktop.tasks.live_updates.LiveUpdates`): a
colleague's flag or review (on a single seat: one set from the command line) shows in the table (that row
only) and in the receipt when it is the one shown, tickets a sync landed elsewhere appear as after a local
sync page (the loaded rows are re-read, the selection kept, the status bar's count and coverage read again),
and the Exceptions tab is refreshed. A lost connection (the server restarted, the network dropped) shows a
banner while the listener reconnects by itself (what it says, and about the changes that could not be saved
meanwhile: ui/store_away.py); the table keeps what it shows meanwhile, and a read that fails then (the team
store fails them at once: store/postgres/outage.py) leaves that banner up rather than a red "could not be
read" over it. When the connection is back the banner goes (unless something was not saved), a search run
meanwhile runs, the loaded rows, the open receipt and the Cases tab's list are read again. The Cases tab
follows a case changed elsewhere (a new case, an entry in its history, its fields) as the table follows a
flag (ui/case_live.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Slot

from ows_desktop.ui.case_live import CasesFollow

LOST_MESSAGE_MS = 8000


class LiveLink(QObject):
    def __init__(
        self, live: Any, receipts: Any, exceptions: Any, status: Any, parent: QObject, away: Any = None
    ) -> None:
        """``live``: LiveUpdates; ``receipts``: the ReceiptsPage; ``exceptions``: the ExceptionsView;
        ``status(text, ms)``: the window's status bar; ``away``: the window's StoreAway (its banner)."""
        super().__init__(parent)
        self._live, self._receipts, self._exceptions, self._status = live, receipts, exceptions, status
        self._away = away
        live.reviewChanged.connect(receipts.model.review_changed)
        live.reviewChanged.connect(self._on_review_changed)
        live.ticketsLanded.connect(self._on_tickets_landed)
        live.restored.connect(self._on_restored)  # notifications may have been missed meanwhile
        live.lost.connect(self._on_lost)
        receipts.storeError.connect(self._on_read_failed)  # after the window's own handler
        self._cases: Any = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:  # before the window's own close handling
            self._live.stop()
        return False

    @Slot(list)
    def _on_review_changed(self, keys: list[str]) -> None:
        key = self._receipts.current_key()
        if key is not None and key in keys:
            self._show_current_again()
        self._exceptions.refresh()

    def _show_current_again(self) -> None:
        model = self._receipts.model
        key = self._receipts.current_key()
        row = model.row_of_key(key) if key is not None else -1
        ticket_row = model.ticket_row(row) if row >= 0 else None
        if ticket_row is not None:
            self._receipts.show_ticket(ticket_row.rowid, flagged=ticket_row.flagged)

    @Slot()
    def _on_tickets_landed(self) -> None:
        self._receipts.tickets_saved(0)
        self._receipts.reread_receipt()  # the open receipt's ticket may be among them, or have new findings
        self._exceptions.refresh_when_seen()

    @Slot(str)
    def _on_lost(self, message: str) -> None:
        self._status(
            self.tr("Live updates paused (reconnecting): {message}").format(message=message), LOST_MESSAGE_MS
        )
        if self._away is not None:
            self._away.lost(message)

    def link_cases(self, page: Any, actions: Any = None) -> None:
        """The Cases tab (a CasesPage, and its CaseActions: what their dialogs show): read again when a case or
        one of the case's tickets changed elsewhere (ui/case_live.py); its read errors while the connection is
        away show as the receipts' do, and its list is read again when the connection is back."""
        self._cases = page
        asking = actions.reading if actions is not None else (lambda: False)
        self.cases_follow = CasesFollow(
            page, self, asking
        )  # a case or its ticket changed elsewhere: read again
        self._live.reviewChanged.connect(self.cases_follow.changed)
        page.storeError.connect(self._on_read_failed)  # after the tab's own handler
        if actions is not None:
            actions.readFailed.connect(self._on_read_failed)

    @Slot(str)
    def _on_read_failed(self, _message: str) -> None:
        """A read failed while the connection is away: the outage's banner says why (the rows shown stay,
        maybe out of date), not a red error over it."""
        if self._away is not None:
            self._away.read_failed()

    @Slot()
    def _on_restored(self) -> None:
        """Back: the outage's banners go (not what was not saved), and what is shown is read again."""
        if self._away is not None:
            self._away.back()
        self._receipts.read_again()
        self._receipts.reread_receipt()
        self._exceptions.refresh_when_seen()
        self._show_current_again()
        if self._cases is not None and self._cases.isVisible():
            self._cases.refresh()


def link_live_updates(window: Any, live: Any) -> LiveLink | None:
    """Start ``live`` (None: the store has no live updates) for ``window`` (a MainWindow: its ``receipts``,
    ``exceptions`` and status bar); it stops when the window closes."""
    if live is None:
        return None
    link = LiveLink(
        live, window.receipts, window.exceptions, window.statusBar().showMessage, window, window.store_away
    )
    window.installEventFilter(link)
    # the status bar's ticket count, and on a team store how far its sync is complete
    live.ticketsLanded.connect(window.sync.stats_changed)
    live.restored.connect(window.sync.stats_changed)
    live.start()
    return link
