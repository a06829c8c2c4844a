"""The store's public interface: one typing Protocol per role, and the value types they take and return.

Everything outside ``ows_desktop.store`` (the sync engine, the rules, exports, item models, the CLI and the
window) types its store parameters against these protocols, never against the SQLite classes, and never
reaches a connection, a cursor or a private member. The SQLite backend implements them
(:class:`~ows_desktop.store.writer.TicketStore` is a :class:`Store`, its readers are :class:`Reader`\\ s);
a second backend implements the same protocols.

Roles:

* :class:`TicketWriter`: storing tickets (upsert, bulk load) and the sync checkpoints (windows), atomically
  with the page they belong to, and when a sync into the store last finished.
* :class:`TicketQueries`: reading for one thread: pages, counts, rowid lists, tickets, raw JSON, the pickers.
* :class:`ReviewWriter` / :class:`ReviewReader`: flags, review states, notes and the append-only audit trail.
* :class:`MappingRows`: cameras and the terminal → camera mapping (the rows; passwords stay in the keyring,
  see :class:`~ows_desktop.store.cameras.CameraRepository`).
* :class:`CaseWriter` / :class:`CaseReader` (in :mod:`.case_roles`): investigation cases, every change audited.
* :class:`RuleRuns` / :class:`RuleResults`: running the exception rules in the store, reading their results.

:class:`Store` (the writer side, one per process, usable from any thread one call at a time) gathers the
writer roles and hands out :class:`Reader` objects (one per thread) that gather the reading roles. Callers
that need one role only take the narrow protocol (``ReviewStore``, ``RuleStore``, ``MappingStore``...)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, Self

from ows_desktop.ows.model import Ticket
from ows_desktop.store.camera_rules import Camera, TerminalMapping, TerminalSpec, TerminalSummary
from ows_desktop.store.case_roles import Case, CaseFilter, CaseReader, CaseWriter
from ows_desktop.store.query import DaySpan, Keyset, StoreDays, TicketQuery, TicketRow
from ows_desktop.store.review import AuditEntry, FlagState, Keep, ReviewChange, TicketReview
from ows_desktop.store.scope import Scope
from ows_desktop.store.values import PageToSave, RunCounts, StoreStats, SyncWindow, UpsertResult

__all__ = [
    "AuditEntry",
    "AuditLog",
    "Camera",
    "Case",
    "CaseFilter",
    "CaseReader",
    "CaseWriter",
    "FlagState",
    "Keep",
    "Keyset",
    "MappingRows",
    "MappingStore",
    "Reader",
    "ReviewChange",
    "ReviewReader",
    "ReviewStore",
    "ReviewWriter",
    "RuleParams",
    "RuleReader",
    "RuleResults",
    "RuleRuns",
    "RuleStore",
    "RunCounts",
    "Store",
    "StoreDays",
    "StoreStats",
    "SyncWindow",
    "TerminalMapping",
    "TerminalSpec",
    "TerminalSummary",
    "TicketQueries",
    "TicketQuery",
    "TicketReview",
    "TicketRow",
    "TicketWriter",
    "UpsertResult",
]

# Enabled exception rule id → its parameters (built by ows_desktop.rules.RuleConfig.sql_params()).
RuleParams = Mapping[str, Mapping[str, Any]]


# -- tickets ----------------------------------------------------------------------------------------------


class TicketWriter(Protocol):
    """Stores tickets and the sync's checkpoints. Every call is one transaction (or a series of them for
    :meth:`bulk_upsert`); a sync's page and its window's progress are stored together (:meth:`save_page`),
    so after a crash a window resumes exactly at the first page not stored."""

    @property
    def path(self) -> Path: ...

    def upsert_tickets(self, tickets: Sequence[Ticket]) -> UpsertResult:
        """New keys are inserted, known keys updated in place; one transaction."""
        ...

    def bulk_upsert(
        self, tickets: Iterable[Ticket], *, batch_size: int = ..., optimize: bool = ...
    ) -> UpsertResult:
        """The same stored result as :meth:`upsert_tickets`, in big batches (first import, benchmarks)."""
        ...

    def create_windows(self, spans: Sequence[tuple[int, int]]) -> list[SyncWindow]:
        """New sync windows ``[start_us, end_us)`` of persist time (epoch microseconds)."""
        ...

    def windows_overlapping(self, start_us: int, end_us: int) -> list[SyncWindow]: ...

    def window(self, window_id: int) -> SyncWindow | None: ...

    def save_page(
        self, window_id: int, tickets: Sequence[Ticket], *, cursor: str | None, empty: bool, done: bool
    ) -> UpsertResult:
        """Store one fetched page AND advance its window, atomically. KeyError for an unknown window."""
        ...

    def save_pages(self, pages: Sequence[PageToSave]) -> UpsertResult:
        """Several pages (of one or more windows, each window's in fetch order) and their windows' progress
        in ONE transaction: after a crash every page's cursor matches the rows stored with it."""
        ...

    def split_window(self, window_id: int, at_us: int) -> SyncWindow | None:
        """Move ``[at_us, end)`` of an unfinished window into a new window (returned); the old window keeps
        its cursor and ``[start, at_us)``. None when the window is done or ``at_us`` is not inside it."""
        ...

    def completed_until_us(self) -> int | None:
        """The persist time up to which every window is done with no gap (None: nothing covered)."""
        ...

    def delete_windows(self, ids: Sequence[int]) -> int: ...

    def record_sync_started(self) -> None: ...

    def record_sync_finished(self, at_us: int) -> None:
        """A sync into this store finished at ``at_us`` (every window of its range done); the sync engine
        calls it, never after a failed or cancelled run (and ``record_sync_started`` before a run's first
        window, store/checkpoints.py says why). Read back by :meth:`TicketQueries.last_sync_finished`."""
        ...


class TicketQueries(Protocol):
    """Reading for the thread that opened it. Pages continue from a :class:`Keyset` (never an OFFSET)."""

    @property
    def path(self) -> Path: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Every read inside the block sees one consistent state."""
        ...

    def count(self, query: TicketQuery, cap: int | None = None) -> int: ...

    def page(
        self, query: TicketQuery, limit: int, after: Keyset | None = None
    ) -> tuple[list[TicketRow], Keyset | None]:
        """Up to ``limit`` rows after ``after``; the keyset to continue from (None after the last row)."""
        ...

    def iter_rows(self, query: TicketQuery, batch: int = ...) -> Iterator[TicketRow]: ...

    def ids(self, query: TicketQuery, limit: int | None = None) -> array[int]:
        """The matching rowids in the query's order, compact (the table model keeps only these)."""
        ...

    def rows(self, rowids: Sequence[int]) -> list[TicketRow]: ...

    def raw(self, rowid: int) -> dict[str, Any]: ...

    def raws(self, rowids: Sequence[int]) -> dict[int, dict[str, Any]]: ...

    def ticket(self, key_or_rowid: str | int) -> Ticket: ...

    def rowid_of(self, key_or_rowid: str | int) -> int: ...

    def find_ticket_key(self, text: str) -> str:
        """The key of the ticket a user named by its key or OWS id; TicketNotFoundError otherwise."""
        ...

    def local_offsets(self, rowids: Sequence[int]) -> dict[int, int | None]: ...

    def store_offsets(self) -> dict[str, int]:
        """Each store of known zone → the offset its newest ticket is shown in (minutes): its clock now."""
        ...

    def distinct_values(self, column: str) -> list[str]: ...

    def terminals(self) -> list[tuple[str, str]]: ...

    def operators(self) -> list[tuple[str, str, str]]: ...  # (location, operator_id, operator)

    def stats(self) -> StoreStats: ...

    def last_sync_finished(self) -> datetime | None:
        """When a sync into this store last finished (None: never): the window's "Last sync"."""
        ...


# -- review -----------------------------------------------------------------------------------------------


class ReviewWriter(Protocol):
    """Flags, review states and notes; each call one durable transaction with its audit entries. Unknown
    tickets raise TicketNotFoundError and change nothing."""

    def flag_tickets(
        self,
        keys: Sequence[str],
        *,
        reason: str | Keep | None = ...,
        state: str | Keep = ...,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> list[ReviewChange]: ...

    def flag_ticket(
        self,
        key: str,
        *,
        reason: str | Keep | None = ...,
        state: str | Keep = ...,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> ReviewChange: ...

    def unflag_tickets(
        self,
        keys: Sequence[str],
        *,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> list[ReviewChange]: ...

    def unflag_ticket(self, key: str, *, note: str | None = None, who: str | None = None) -> bool: ...

    def toggle_flag(self, key: str, *, who: str | None = None) -> bool: ...

    def add_note(
        self, key: str, text: str, *, who: str | None = None, now_us: int | None = None
    ) -> AuditEntry: ...


class ReviewReader(Protocol):
    def review_of(self, key: str) -> TicketReview: ...

    def reviews_of(self, keys: Iterable[str]) -> dict[str, TicketReview]: ...

    def flag_of(self, key: str) -> FlagState | None: ...

    def flags_of(self, keys: Iterable[str]) -> dict[str, FlagState]: ...

    def flagged_count(self) -> dict[str, int]: ...

    def reasons_in_use(self) -> list[str]: ...

    def audit_trail(self, key: str | None = None) -> list[AuditEntry]: ...

    def verify_audit_chain(self) -> int | None:
        """The id of the first audit entry whose hash does not match (None: the chain is intact)."""
        ...

    def verify_audit_entries(self, entries: Iterable[AuditEntry]) -> list[int]: ...


class AuditLog(Protocol):
    """Audit entries about something other than one ticket (an export, a case), in the same append-only
    hash chain as the review entries; read back with ``ReviewReader.audit_trail(subject)``."""

    def record(
        self,
        subject: str,
        action: str,
        details: Mapping[str, Any],
        *,
        who: str | None = None,
        now_us: int | None = None,
    ) -> AuditEntry: ...


# -- cameras ----------------------------------------------------------------------------------------------


class MappingRows(Protocol):
    """Camera and mapping rows. Writes check the per-terminal rules again and raise MappingError."""

    def cameras(self) -> list[Camera]: ...

    def camera(self, camera_id: str) -> Camera | None: ...

    def camera_ids(self) -> set[str]: ...

    def terminals(self) -> list[TerminalSummary]: ...

    def mapping(self, location: str, terminal: str) -> TerminalMapping: ...

    def mappings(self) -> list[TerminalMapping]: ...

    def write_cameras(self, cameras: Sequence[Camera], *, insert_only: bool = False) -> None: ...

    def set_has_password(self, camera_id: str, has_password: bool) -> None: ...

    def delete_camera(self, camera_id: str) -> None: ...

    def add_to_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping: ...

    def remove_from_terminal(self, location: str, terminal: str, camera_id: str) -> TerminalMapping: ...

    def set_primary(self, location: str, terminal: str, camera_id: str) -> TerminalMapping: ...

    def set_terminal_cameras(
        self, location: str, terminal: str, camera_ids: Sequence[str], primary: str | None
    ) -> TerminalMapping: ...

    def set_clock_offset(self, location: str, terminal: str, seconds: float) -> TerminalMapping: ...

    def apply(
        self, cameras: Sequence[Camera], terminals: Sequence[TerminalSpec], *, removed: Sequence[str] | None
    ) -> None:
        """One transaction: upsert cameras and set the listed terminals; ``removed`` (not None) replaces
        the whole mapping and deletes those cameras."""
        ...


# -- exception rules ----------------------------------------------------------------------------------------


class RuleRuns(Protocol):
    """Evaluating the exception rules in the store. Every stored or changed ticket is queued in the same
    transaction; runs drain the queue or walk the whole store in chunks."""

    def pending_total(self) -> int: ...

    def stored_fingerprint(self) -> str | None:
        """The fingerprint of the rules the store's findings were made with (None: never run)."""
        ...

    def run_pending(self, rules: RuleParams, fingerprint: str, batch: int, counts: RunCounts) -> int:
        """Evaluate up to ``batch`` queued tickets; how many were taken (0: the queue is empty)."""
        ...

    def run_keys(
        self, rules: RuleParams, fingerprint: str, keys: Sequence[str], counts: RunCounts
    ) -> None: ...

    def run_all(
        self,
        rules: RuleParams,
        fingerprint: str,
        *,
        chunk_size: int,
        counts: RunCounts,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Every stored ticket; False when cancelled part-way."""
        ...


class RuleResults(Protocol):
    def run_state(self) -> tuple[str | None, int]:
        """(fingerprint of the last complete whole-store run, tickets still queued)."""
        ...

    def exceptions_of(self, rids: Sequence[int]) -> dict[int, list[tuple[str, str]]]: ...

    def ranking_cells(
        self, lo: int, hi: int, by: str, skip: Sequence[str] = (), days: DaySpan | None = None
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Per group (operator ID, name, store if no ID; or store + terminal) and peer cell (store, hour of day), on ``days`` too:
        ``(group…, location, hour, rule, exceptions)`` and ``(group…, location, hour, tickets, flagged)``,
        the rules in ``skip`` (switched off) left out of both."""
        ...


# -- what a backend hands out -------------------------------------------------------------------------------


class ReviewStore(Protocol):
    @property
    def review(self) -> ReviewWriter: ...


class RuleStore(Protocol):
    @property
    def rules(self) -> RuleRuns: ...


class MappingStore(Protocol):
    @property
    def mapping(self) -> MappingRows: ...


class RuleReader(Protocol):
    @property
    def rules(self) -> RuleResults: ...


class Reader(TicketQueries, Protocol):
    """A reading connection for one thread, with the reading roles."""

    @property
    def review(self) -> ReviewReader: ...

    @property
    def rules(self) -> RuleResults: ...

    @property
    def cases(self) -> CaseReader: ...


class Store(TicketWriter, Protocol):
    """The writer side of a store, with the writing roles; hands out one :class:`Reader` per thread."""

    @property
    def review(self) -> ReviewWriter: ...

    @property
    def rules(self) -> RuleRuns: ...

    @property
    def mapping(self) -> MappingRows: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def cases(self) -> CaseWriter: ...

    def reader(self, *, interactive: bool = False) -> Reader: ...

    def scope(self) -> Scope | None:
        """The signed-in role's scope on a team store; None for a single seat (no roles)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
