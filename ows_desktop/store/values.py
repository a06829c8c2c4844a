"""Value types of the store's interface that are not tied to one role's module (see :mod:`.interface`):
plain data, the same for every backend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ows_desktop.ows.model import Ticket


class StoreStats(NamedTuple):
    """How many tickets the cache holds, and the newest persist time among them."""

    tickets: int
    newest_persisted: datetime | None


@dataclass(slots=True)
class RunCounts:
    """What an exception-rule run did so far: tickets evaluated (including neighbours pulled in),
    exceptions stored. A run adds to it as it goes."""

    tickets: int = 0
    exceptions: int = 0

    def add(self, tickets: int, exceptions: int) -> None:
        self.tickets += tickets
        self.exceptions += exceptions


@dataclass(frozen=True, slots=True)
class SyncWindow:
    """A persist-time sub-window ``[start_us, end_us)`` of a sync and how far it has been fetched: ``cursor``
    is the OWS cursor of its next page."""

    id: int
    start_us: int
    end_us: int
    cursor: str | None
    pages: int
    tickets: int
    empty_pages: int
    done: bool


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """``inserted``: tickets new to the cache; ``updated``: tickets already there (rewritten if changed)."""

    inserted: int = 0
    updated: int = 0

    def __add__(self, other: UpsertResult) -> UpsertResult:
        return UpsertResult(self.inserted + other.inserted, self.updated + other.updated)


@dataclass(frozen=True, slots=True)
class PageToSave:
    """One fetched page of a sync window and the cursor that follows it, for :meth:`save_pages`."""

    window_id: int
    tickets: Sequence[Ticket]
    cursor: str | None
    empty: bool
    done: bool
    body: bytes = b""  # the page's answer as received: each ticket's JSON is stored from it when it can be
    # each ticket's JSON as received when the client cut it while decoding (TicketPage.received): then the
    # body is not cut again; None for a ticket whose raw is not the received object
    received: Sequence[bytes | None] = ()
