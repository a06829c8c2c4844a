"""Writing review on either backend (``store.review``): flags, review states and notes, each call one
durable transaction with its audit entries. One flow and one SQL text for both backends: a backend hands
:class:`ReviewWriterFlow` a :class:`ReviewBackend` (its write and read transactions, how it appends a
chained audit entry, how it names itself, whether it locks the flag row, and how it cleans text it cannot
hold). Unknown tickets raise TicketNotFoundError and change nothing. The values and rules are
:mod:`.review`'s; reading is :mod:`.review_rows`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from ows_desktop.store.dialect import Sql
from ows_desktop.store.errors import TicketNotFoundError
from ows_desktop.store.review import (
    ACTION_FLAG,
    ACTION_NOTE,
    ACTION_UNFLAG,
    ACTION_UPDATE,
    KEEP,
    STATE_TO_REVIEW,
    AuditEntry,
    FlagState,
    Keep,
    ReviewChange,
    actor,
    current_host,
    normalise_reason,
    normalise_state,
    note_text,
    storable,
)
from ows_desktop.store.review_rows import FLAG_COLUMNS, flag_of, missing_tickets
from ows_desktop.store.timekeys import now_us as clock

# Append one audit entry in the caller's transaction: (conn, key, at, who, host, action, changes).
Append = Callable[[Sql, str, int, str, str, str, dict[str, Any]], AuditEntry]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class ReviewBackend:
    transaction: Callable[[], AbstractContextManager[Sql]]  # one durable write transaction
    reading: Callable[[], AbstractContextManager[Sql]]
    append: Append
    where: str  # "the cache at PATH" / "the team store at URL", for messages
    lock_rows: str = ""  # appended to the flag row's SELECT in a write (" FOR UPDATE")
    clean: Callable[[str], str] = _same  # text the backend cannot hold as is (PostgreSQL: NUL)
    # the next case number of a year (PostgreSQL: through a function that reads past row-level security)
    next_case_seq: str = "SELECT coalesce(max(seq), 0) + 1 FROM cases WHERE year = ?"


class ReviewWriterFlow:
    """Flags, review states and notes, each call one durable transaction with its audit entries."""

    def __init__(self, backend: ReviewBackend) -> None:
        self._db = backend

    def flag_tickets(
        self,
        keys: Sequence[str],
        *,
        reason: str | Keep | None = KEEP,
        state: str | Keep = KEEP,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> list[ReviewChange]:
        """Flag (or update the flag of) each ticket in ``keys`` in one durable transaction.

        A ticket not flagged yet gets ``reason`` (KEEP: none) and ``state`` (KEEP: to review); a flagged one
        changes only the fields given. Each actual change, and ``note`` when given, is appended to the audit
        trail. Raises TicketNotFoundError (nothing written) when a key is not in the store, ValueError for an
        unknown state or an empty note."""
        new_reason = reason if isinstance(reason, Keep) else self._reason(reason)
        new_state = state if isinstance(state, Keep) else normalise_state(state)
        body = note_text(note) if note is not None else None
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        append = self._db.append
        changes: list[ReviewChange] = []
        with self._db.transaction() as conn:
            self._require_tickets(conn, keys)
            for key in dict.fromkeys(keys):
                before = flag_of(conn, key, lock=self._db.lock_rows)
                entries = []
                if before is None:
                    after = FlagState(
                        key,
                        None if isinstance(new_reason, Keep) else new_reason,
                        STATE_TO_REVIEW if isinstance(new_state, Keep) else new_state,
                        at,
                        at,
                    )
                    conn.execute(
                        f"INSERT INTO flags ({FLAG_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                        (key, after.reason, after.state, at, at),
                    )
                    diff = {"reason": [None, after.reason], "state": [None, after.state]}
                    entries.append(append(conn, key, at, who, host, ACTION_FLAG, diff))
                else:
                    diff = {}
                    reason_after = before.reason if isinstance(new_reason, Keep) else new_reason
                    state_after = before.state if isinstance(new_state, Keep) else new_state
                    if reason_after != before.reason:
                        diff["reason"] = [before.reason, reason_after]
                    if state_after != before.state:
                        diff["state"] = [before.state, state_after]
                    after = before
                    if diff:
                        after = FlagState(key, reason_after, state_after, before.created_us, at)
                        conn.execute(
                            "UPDATE flags SET reason = ?, state = ?, updated_us = ? WHERE ticket_key = ?",
                            (reason_after, state_after, at, key),
                        )
                        entries.append(append(conn, key, at, who, host, ACTION_UPDATE, diff))
                if body is not None:
                    entries.append(append(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
                changes.append(ReviewChange(after, tuple(entries)))
        return changes

    def flag_ticket(
        self,
        key: str,
        *,
        reason: str | Keep | None = KEEP,
        state: str | Keep = KEEP,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> ReviewChange:
        """:meth:`flag_tickets` for one ticket."""
        return self.flag_tickets([key], reason=reason, state=state, note=note, who=who, now_us=now_us)[0]

    def unflag_tickets(
        self,
        keys: Sequence[str],
        *,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> list[ReviewChange]:
        """Remove the flags of ``keys`` (the audit trail and the notes stay). Unflagged tickets are left
        alone (but still get ``note``). Raises TicketNotFoundError for a key not in the store."""
        body = note_text(note) if note is not None else None
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        changes: list[ReviewChange] = []
        with self._db.transaction() as conn:
            self._require_tickets(conn, keys)
            for key in dict.fromkeys(keys):
                before = flag_of(conn, key, lock=self._db.lock_rows)
                entries = []
                if before is not None:
                    conn.execute("DELETE FROM flags WHERE ticket_key = ?", (key,))
                    diff = {"reason": [before.reason, None], "state": [before.state, None]}
                    entries.append(self._db.append(conn, key, at, who, host, ACTION_UNFLAG, diff))
                if body is not None:
                    entries.append(self._db.append(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
                changes.append(ReviewChange(None, tuple(entries)))
        return changes

    def unflag_ticket(self, key: str, *, note: str | None = None, who: str | None = None) -> bool:
        """Remove one flag; True when the ticket was flagged."""
        change = self.unflag_tickets([key], note=note, who=who)[0]
        return any(entry.action == ACTION_UNFLAG for entry in change.entries)

    def toggle_flag(self, key: str, *, who: str | None = None) -> bool:
        """The F key: flag an unflagged ticket (to review, no reason yet), unflag a flagged one. Returns
        whether the ticket is flagged afterwards."""
        with self._db.reading() as conn:
            flagged = flag_of(conn, key) is not None
        if flagged:
            self.unflag_tickets([key], who=who)
            return False
        self.flag_tickets([key], who=who)
        return True

    def add_note(
        self, key: str, text: str, *, who: str | None = None, now_us: int | None = None
    ) -> AuditEntry:
        """Append a note to a ticket (flagged or not)."""
        body = note_text(text)
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        with self._db.transaction() as conn:
            self._require_tickets(conn, [key])
            return self._db.append(conn, key, at, who, host, ACTION_NOTE, {"note": body})

    def _reason(self, reason: str | None) -> str | None:
        normal = normalise_reason(reason)
        return None if normal is None else self._db.clean(normal)

    def _require_tickets(self, conn: Sql, keys: Sequence[str]) -> None:
        shown = missing_tickets(conn, keys)
        if shown is not None:
            raise TicketNotFoundError(f"No ticket {shown} in {self._db.where}; nothing was changed.")


class AuditLogFlow:
    """``store.audit``: entries about something other than one ticket (an export, a case), one durable
    transaction each, in the same chain as the review entries."""

    def __init__(self, backend: ReviewBackend) -> None:
        self._db = backend

    def record(
        self,
        subject: str,
        action: str,
        details: Mapping[str, Any],
        *,
        who: str | None = None,
        now_us: int | None = None,
    ) -> AuditEntry:
        who_text, host = self._db.clean(actor(who)), self._db.clean(current_host())
        with self._db.transaction() as conn:
            return self._db.append(
                conn, storable(subject), _now(now_us), who_text, host, action, dict(details)
            )


def _now(now_us: int | None) -> int:
    return clock() if now_us is None else int(now_us)
