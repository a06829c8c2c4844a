"""The ticket list the person is looking at. F, Shift+F and Add to case… act on the selected tickets of the
tab in view — the Receipts tab's, or a case's on the Cases tab — never on a hidden tab's selection: from the
Cases tab, F once flagged the Receipts tab's current ticket while the case's ticket was the receipt shown."""

from __future__ import annotations

from typing import Protocol

from ows_desktop.store.query import TicketRow


class TicketList(Protocol):
    def acting_key(self) -> str | None:
        """The ticket an action on "this receipt" applies to (the one shown, while selected), or None."""
        ...

    def selected_rows(self) -> list[TicketRow]:
        """The selected tickets, in the list's order."""
        ...

    def isVisible(self) -> bool: ...  # the QWidget that shows the list


class ShownTickets:
    """The window's ticket lists (a tab each); calling it gives the one on screen, None on the other tabs."""

    def __init__(self, *lists: TicketList) -> None:
        self._lists = list(lists)

    def add(self, tickets: TicketList) -> None:
        self._lists.append(tickets)

    def __call__(self) -> TicketList | None:
        return next((tickets for tickets in self._lists if tickets.isVisible()), None)
