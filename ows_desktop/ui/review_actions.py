"""The window's review part: F flags the selected ticket (or removes its flag), Shift+F flags every
selected ticket with a reason, a review state and a note — in the ticket list on screen (ui/shown_tickets.py).
The writes run off the GUI thread through :class:`~ows_desktop.tasks.store_ops.StoreOps` (a sync may hold
SQLite's write lock for a while; a keypress must never wait for it); the table and the receipt show the
change when it lands. One that cannot reach the team store's server is named by the window's banner
(ui/store_away.py); the flag dialog's answer is offered again, filled, under a line saying it was not saved.

Signals:
    reviewChanged(): a flag or review change was saved.
    statusMessage(str, int): a transient status-bar text and its timeout in ms.
    storeError(str): a write failed; the text says what could not be saved.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ows_desktop.basics.messages import message_of
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.ows.model import ticket_name
from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.review import LEGACY_OPEN, STATE_TO_REVIEW
from ows_desktop.tasks.store_ops import StoreOps, offer
from ows_desktop.ui.flag_dialog import FlagDialog, FlagRequest, apply_request
from ows_desktop.ui.receipt_review import flag_summary
from ows_desktop.ui.receipts_page import ReceiptsPage
from ows_desktop.ui.shown_tickets import ShownTickets
from ows_desktop.ui.store_away import not_saved_line

log = logging.getLogger(__name__)
SHOWN = 5  # tickets named in the flag dialog (the status bar names 3)


def flag_change(*keys: str) -> str:
    """Which flag change a write is (made again on the same tickets: the same, however they are named)."""
    return "flag:" + "\n".join(sorted(keys))


class ReviewActions(QObject):
    reviewChanged = Signal()  # a flag or review write landed (views that show review state re-read)
    statusMessage = Signal(str, int)
    storeError = Signal(str)

    def __init__(
        self,
        store: Any,
        reader: Any,
        receipts: ReceiptsPage,
        shown: ShownTickets,
        ops: StoreOps,
        dialog_parent: QWidget,
    ):
        super().__init__(dialog_parent)
        self._store = store
        self._ops = ops
        self._reader = reader  # the GUI thread's read connection (for the dialog's current values)
        self._receipts = receipts  # shows a change when it lands
        self._shown = shown  # what F and Shift+F act on
        self._dialog_parent = dialog_parent

    @Slot()
    def flag_current(self) -> None:
        """F: flag the selected ticket (reason "to review"), or remove its flag; saved in the background."""
        key, selected = self._shown.acting_key(), self._shown.selected_count()
        if key is None:
            self.statusMessage.emit(
                self.tr("Nothing flagged: select a receipt in the list first.")
                if not selected
                else self.tr(
                    "Nothing flagged: F flags the receipt shown. Click one of the %Ln selected receipt(s), "
                    "or press Shift+F to flag them all.",
                    "",
                    selected,
                ),
                6000,
            )
            return
        store, label = self._store, self._label(key)
        if not self._may_unflag(key, label):
            return
        self._ops.run(
            lambda: store.review.toggle_flag(key),
            owner=self,
            succeeded=lambda flagged: self._on_flag_toggled(label, flagged, selected),
            failed=lambda message: self.storeError.emit(
                self.tr("The flag on {label} could not be saved: {message}").format(
                    label=label, message=core_text(message)
                )
            ),
            what=self.tr("the flag change on {labels}").format(labels=label),  # the banner: not saved
            about=flag_change(key),
        )

    @Slot()
    def copy_ids(self) -> None:
        """Ticket ▸ Copy ticket ID: the selected tickets' IDs, one a line (for a note, an email, the command
        line); the receipt's own copy gives its text, one value a line."""
        keys = [row.key for row in self._shown.selected_rows()]
        if not keys:
            self.statusMessage.emit(self.tr("Nothing copied: select a receipt in the list first."), 4000)
            return
        QGuiApplication.clipboard().setText("\n".join(keys))
        self.statusMessage.emit(
            self.tr("Copied the ticket ID {key}").format(key=keys[0])
            if len(keys) == 1
            else self.tr("Copied %Ln ticket IDs", "", len(keys)),
            4000,
        )

    def _may_unflag(self, key: str, label: str) -> bool:
        """F on a flag someone worked on (a reason, a state past "to review", notes) removes it only once the
        person says so: F sits beside J and K, and one stray press took a confirmed finding's reason and state
        off the ticket (the audit trail keeps them, the table and exports no longer showed them)."""
        review = self._review_of(key, label)
        if review is None:
            return False
        flag = review.flag
        if flag is None or (
            not flag.reason and flag.state in (STATE_TO_REVIEW, LEGACY_OPEN) and not review.notes
        ):
            return True
        answer = QMessageBox.question(
            self._dialog_parent,
            self.tr("Remove the flag?"),
            self.tr(
                "Remove the flag from {label}?\n{flag}\nIts notes and history stay in the audit trail."
            ).format(label=label, flag=flag_summary(review, hint=False)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _review_of(self, key: str, label: str) -> Any:
        """The ticket's flag and notes as stored now; None (and the status bar says why) when they cannot be
        read (the team store is away): nothing is changed on a flag the person cannot see."""
        try:
            return self._reader.review.review_of(key)
        except StoreConnectError as exc:
            log.warning("Reading the flag of %s failed: %s", key, exc)
            self.statusMessage.emit(
                self.tr("Nothing changed: the flag on {label} could not be read: {message}").format(
                    label=label, message=core_text(message_of(exc))
                ),
                8000,
            )
            return None

    def _label(self, key: str) -> str:
        """The ticket as the receipt names it (``Ticket #7742 (S027-R01)``); its key if it cannot be read."""
        try:
            return ticket_name(self._reader.ticket(key))
        except Exception as exc:  # a ticket that cannot be read is still named, by its key
            log.warning("Reading ticket %s failed: %s", key, exc)
            return self.tr("Ticket {key}").format(key=key)

    def _on_flag_toggled(self, label: str, flagged: Any, selected: int = 1) -> None:
        text = (
            self.tr("{label} flagged for review").format(label=label)
            if flagged
            else self.tr("Flag removed from {label}").format(label=label)
        )
        if flagged and selected > 1:  # F took the receipt shown, not the others the person sees selected
            text = self.tr("{text} (only this one: Shift+F flags all %Ln selected)", "", selected).format(
                text=text
            )
        self.statusMessage.emit(text, 6000)
        self._after_change()

    @Slot()
    def flag_selected(self) -> None:
        """Flag (or unflag) every selected ticket at once, with a reason, a review state and a note."""
        rows = self._shown.selected_rows()  # on screen and selected: nothing else is ever flagged
        if not rows:
            self.statusMessage.emit(
                self.tr("Nothing flagged: select one or more receipts in the list first."), 4000
            )
            return
        # only the first few are ever shown (dialog and status bar): name those as the receipt does
        labels = [self._label(r.key) for r in rows[:SHOWN]] + [r.id or r.key for r in rows[SHOWN:]]
        current = self._review_of(rows[0].key, labels[0]) if len(rows) == 1 else None
        if len(rows) == 1 and current is None:
            return
        try:
            reasons = self._reader.review.reasons_in_use()
        except StoreConnectError as exc:  # the usual reasons are offered; the dialog can be used
            log.warning("Reading the flag reasons in use failed: %s", exc)
            reasons = []
        self._ask_flags([r.key for r in rows], labels, current, reasons)

    def _ask_flags(
        self,
        keys: list[str],
        labels: list[str],
        current: Any,
        reasons: list[str],
        typed: FlagRequest | None = None,
        refused: str = "",
    ) -> None:
        """The flag dialog for ``keys``, then its answer saved; ``typed``: an answer not saved (``refused``:
        why), offered again — with what the dialog showed before (the server may still be away)."""
        dialog = FlagDialog(
            labels,
            ticket_ids=keys[:SHOWN],
            current=current,
            reasons=reasons,
            tz=self._receipts.tz,  # the history's times in the window's zone, as the receipt's
            parent=self._dialog_parent,
            typed=typed,
            refused=refused,
        )
        if dialog.exec() != FlagDialog.DialogCode.Accepted or dialog.request() is None:
            return
        store, request = self._store, dialog.request()
        edited = current is not None and current.flag is not None  # one flagged receipt: its flag changed
        again = lambda missed: QTimer.singleShot(  # noqa: E731
            0, self, lambda: self._ask_flags(keys, labels, current, reasons, request, not_saved_line(missed))
        )
        self._ops.run(
            lambda: apply_request(store, keys, request),
            owner=self,
            succeeded=lambda _result: self._on_applied(labels, request, edited=edited),
            failed=lambda message: self.storeError.emit(
                self.tr("The flags could not be saved: {message}").format(message=core_text(message))
            ),
            what=self.tr("the flag change on {labels}").format(labels=self._named(labels)),
            about=flag_change(*keys),
            unreached=offer(again),  # perhaps saved: offered from the banner, once checked
        )

    def _named(self, labels: list[str]) -> str:
        return ", ".join(labels[:3]) + (
            self.tr(" and {value} more").format(value=len(labels) - 3) if len(labels) > 3 else ""
        )

    def _on_applied(self, labels: list[str], request: Any, *, edited: bool = False) -> None:
        named = self._named(labels)
        what = (
            self.tr("Flag removed from")
            if request.action == "unflag"
            else self.tr("Flag updated on")
            if edited
            else self.tr("Flagged")
        )
        noun = (
            "" if len(labels) == 1 else self.tr("{labels_count} tickets: ").format(labels_count=len(labels))
        )
        reason = f" ({request.reason})" if request.action != "unflag" and request.reason else ""
        self.statusMessage.emit(f"{what} {noun}{named}{reason}", 6000)
        self._after_change()

    def _after_change(self) -> None:
        """A write landed: the table re-reads, and the selected receipt shows its flag."""
        self.reviewChanged.emit()
        receipts = self._receipts
        key = receipts.current_key()
        receipts.refresh_now()
        if key is not None:
            row = receipts.model.row_of_key(key)
            # the current row again when the refresh lost it; a multi-selection the refresh kept stays whole
            if row < 0 or not receipts.table.selectionModel().isRowSelected(row, QModelIndex()):
                receipts.select_key(key)
                row = receipts.model.row_of_key(key)
            ticket_row = receipts.model.ticket_row(row) if row >= 0 else None
            if ticket_row is not None:
                receipts.show_ticket(ticket_row.rowid, flagged=ticket_row.flagged)
