"""One sync per tenant at a time on a store several workstations share (the PostgreSQL team store).

A store that implements :class:`SharedSyncStore` hands out at most one :class:`SyncClaim` at a time, to any
workstation; the claim ends when its holder releases it or dies (the server releases it with the dead
connection). Anyone can read who holds it and how far that sync got, from the shared checkpoints
(:class:`SyncWatch`). A single-seat store (SQLite) does not implement it: its syncs need no claim.

Backend-neutral values and the protocol only; no Qt, no driver here."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from ows_desktop.store.scope import Scope


@dataclass(frozen=True, slots=True)
class SyncWatch:
    """The running sync of a shared store, as another workstation sees it."""

    who: str  # OS user@host of the workstation that syncs
    started_us: int
    range_start_us: int
    range_end_us: int
    windows_done: int = 0
    windows_total: int = 0
    pages: int = 0
    tickets: int = 0
    covered_us: int = 0  # of the range, by completed windows

    @property
    def fraction(self) -> float:
        span = max(1, self.range_end_us - self.range_start_us)
        return min(1.0, max(0.0, self.covered_us / span))

    def started_label(self) -> str:
        """The start time as the workstation's local HH:MM (with the date when it is not today)."""
        started = datetime.fromtimestamp(self.started_us / 1_000_000, UTC).astimezone()
        today = datetime.now(UTC).astimezone().date()
        return started.strftime("%H:%M" if started.date() == today else "%Y-%m-%d %H:%M")

    def busy_line(self) -> str:
        return f"Sync already running on {self.who} since {self.started_label()} — watching its progress"

    def progress_line(self) -> str:
        return (
            f"{self.who}: {self.fraction:4.0%} of the range, {self.windows_done} of {self.windows_total} "
            f"windows complete, {self.tickets:,} tickets in {self.pages:,} pages"
        )


@runtime_checkable
class SharedSyncStore(Protocol):
    """A store several workstations sync into; see the module docstring."""

    @property
    def location(self) -> object:
        """Where the store lives, for messages (``str()`` holds no secret)."""
        ...

    @property
    def url(self) -> str:
        """The store URL that opens this store again (store.url), never with a password: the window's sync
        process opens the store by it."""
        ...

    def password(self) -> str | None:
        """The database password this store connects with (None: none), for a sync process, which gets it
        through its pipe (never argv, the environment or a file)."""
        ...

    def scope(self) -> Scope | None:
        """The signed-in role's scope (store.scope): only some roles may sync."""
        ...

    def try_claim_sync(
        self, who: str, range_start_us: int, range_end_us: int
    ) -> AbstractContextManager[None] | None:
        """The claim for one sync (a context manager that releases it), or None while another holds it."""
        ...

    def watch_sync(self) -> SyncWatch | None:
        """The sync that holds the claim now, with its progress; None when no sync runs."""
        ...

    def bind_sync_tenant(self, api_access_url: str, tickets_endpoint: str) -> tuple[str, str] | None:
        """A shared store holds one OWS tenant: bind it to this one on its first sync. Returns None when the
        store is (now) this tenant's, else the (API Access URL, tickets endpoint) it belongs to; then nothing
        was written."""
        ...
