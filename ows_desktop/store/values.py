"""Small value types of the store's interface that belong to no one table (see :mod:`.interface`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple


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
