"""Live updates: what other writers changed in the store, as the store reports it.

A store that implements :class:`LiveStore` opens a :class:`ChangeFeed` (its own connection) that waits for
other writers' changes: review changes by ticket key (flags, states, notes) and "tickets were stored"
(a sync landed pages). The window's listener (:mod:`ows_desktop.tasks.live_updates`) turns them into
targeted model updates. The team store's other writers are colleagues' workstations (LISTEN/NOTIFY,
store/postgres/live.py); a single seat's are other programs on the same computer, the command line
(store/sqlite_live.py). No Qt, no driver here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class StoreChanges:
    review_keys: frozenset[str] = frozenset()  # tickets whose flag, state or notes changed
    tickets: bool = False  # tickets were stored or updated

    def __bool__(self) -> bool:
        return bool(self.review_keys) or self.tickets


class ChangeFeed(Protocol):
    def wait(self, timeout_s: float) -> StoreChanges:
        """The changes committed since the last call, waiting up to ``timeout_s`` for the first one.
        Raises a StoreError (exit 4) when the connection is lost."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class LiveStore(Protocol):
    def change_feed(self) -> ChangeFeed:
        """A new feed on a connection of its own (StoreError when the server cannot be reached)."""
        ...
