"""The ticket list the person is looking at. F, Shift+F and Add to case… act on the selected tickets of the
tab in view — the Receipts tab's, or a case's on the Cases tab — never on a hidden tab's selection: from the
Cases tab, F once flagged the Receipts tab's current ticket while the case's ticket was the receipt shown.
J and K move in that list; on a tab without one they show the Receipts tab and move there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ows_desktop.store.query import TicketRow


class TicketList(Protocol):
    def acting_key(self) -> str | None:
        """The ticket an action on "this receipt" applies to (the one shown, while selected), or None."""
        ...

    def selected_rows(self) -> list[TicketRow]:
        """The selected tickets, in the list's order."""
        ...

    def selected_count(self) -> int:
        """How many tickets are selected (without reading them)."""
        ...

    def move(self, step: int) -> None:
        """The ticket ``step`` rows away becomes the current, selected one."""
        ...

    def isVisible(self) -> bool: ...  # the QWidget that shows the list


class ShownTickets:
    """The window's ticket lists (a tab each); calling it gives the one on screen, None on the other tabs.
    ``first``: the Receipts tab's list, which ``show_first`` brings on screen."""

    def __init__(self, first: TicketList, show_first: Callable[[], None]) -> None:
        self._lists = [first]
        self._show_first = show_first

    def add(self, tickets: TicketList) -> None:
        self._lists.append(tickets)

    def __call__(self) -> TicketList | None:
        return next((tickets for tickets in self._lists if tickets.isVisible()), None)

    def acting_key(self) -> str | None:
        """F's ticket: the one shown in the list on screen, None on a tab without a list."""
        tickets = self()
        return tickets.acting_key() if tickets is not None else None

    def selected_rows(self) -> list[TicketRow]:
        """Shift+F's and Add to case…'s tickets: those selected in the list on screen ([] on other tabs)."""
        tickets = self()
        return tickets.selected_rows() if tickets is not None else []

    def selected_count(self) -> int:
        tickets = self()
        return tickets.selected_count() if tickets is not None else 0

    def move(self, step: int) -> None:
        """J (1) and K (-1)."""
        tickets = self()
        if tickets is None:
            self._show_first()
            tickets = self._lists[0]
        tickets.move(step)
