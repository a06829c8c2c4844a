"""Review in the SQLite cache: the ``flags`` table (from v1) and the append-only ``review_audit`` trail (v3).

:class:`SqliteReviewWriter` is ``store.review`` (its writes run on the writer connection through the
:class:`~ows_desktop.store.gate.WriterGate`, serialised with the sync, each one durable: ``synchronous=FULL``
so it survives a killed process *and* a power cut); :class:`SqliteReviewReader` is ``reader.review`` (on
the reader's own connection). Triggers make ``review_audit`` append-only (UPDATE and DELETE raise) and its
ids are AUTOINCREMENT (never reused); the values and the hash chain are in :mod:`.review`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ows_desktop.store.errors import TicketNotFoundError
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.review import (
    ACTION_FLAG,
    ACTION_NOTE,
    ACTION_UNFLAG,
    ACTION_UPDATE,
    GENESIS,
    KEEP,
    LEGACY_OPEN,
    REASONS,
    STATE_TO_REVIEW,
    STATES,
    AuditEntry,
    FlagState,
    Keep,
    ReviewChange,
    TicketReview,
    actor,
    changes_json,
    current_host,
    entry_hash,
    expected_hash,
    normalise_reason,
    normalise_state,
    note_text,
)
from ows_desktop.store.sqlite_errors import translated
from ows_desktop.store.timekeys import now_us as clock

_FLAG_COLUMNS = "ticket_key, reason, state, created_us, updated_us"
_AUDIT_COLUMNS = "id, ticket_key, at_us, who, host, action, changes, hash"


class SqliteReviewWriter:
    """Flags, review states and notes, each call one durable transaction with its audit entries."""

    def __init__(self, gate: WriterGate) -> None:
        self._gate = gate

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
        trail. Raises TicketNotFoundError (nothing written) when a key is not in the cache, ValueError for an
        unknown state or an empty note."""
        new_reason = reason if isinstance(reason, Keep) else normalise_reason(reason)
        new_state = state if isinstance(state, Keep) else normalise_state(state)
        body = note_text(note) if note is not None else None
        who, host, at = actor(who), current_host(), _now(now_us)
        changes: list[ReviewChange] = []
        with self._gate.durable() as conn:
            _require_tickets(conn, keys, self._gate.path)
            for key in dict.fromkeys(keys):
                before = _flag(conn, key)
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
                        f"INSERT INTO flags ({_FLAG_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                        (key, after.reason, after.state, at, at),
                    )
                    diff = {"reason": [None, after.reason], "state": [None, after.state]}
                    entries.append(append_entry(conn, key, at, who, host, ACTION_FLAG, diff))
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
                        entries.append(append_entry(conn, key, at, who, host, ACTION_UPDATE, diff))
                if body is not None:
                    entries.append(append_entry(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
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
        alone (but still get ``note``). Raises TicketNotFoundError for a key not in the cache."""
        body = note_text(note) if note is not None else None
        who, host, at = actor(who), current_host(), _now(now_us)
        changes: list[ReviewChange] = []
        with self._gate.durable() as conn:
            _require_tickets(conn, keys, self._gate.path)
            for key in dict.fromkeys(keys):
                before = _flag(conn, key)
                entries = []
                if before is not None:
                    conn.execute("DELETE FROM flags WHERE ticket_key = ?", (key,))
                    diff = {"reason": [before.reason, None], "state": [before.state, None]}
                    entries.append(append_entry(conn, key, at, who, host, ACTION_UNFLAG, diff))
                if body is not None:
                    entries.append(append_entry(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
                changes.append(ReviewChange(None, tuple(entries)))
        return changes

    def unflag_ticket(self, key: str, *, note: str | None = None, who: str | None = None) -> bool:
        """Remove one flag; True when the ticket was flagged."""
        change = self.unflag_tickets([key], note=note, who=who)[0]
        return any(entry.action == ACTION_UNFLAG for entry in change.entries)

    def toggle_flag(self, key: str, *, who: str | None = None) -> bool:
        """The F key: flag an unflagged ticket (to review, no reason yet), unflag a flagged one. Returns
        whether the ticket is flagged afterwards."""
        with self._gate.reading() as conn:
            flagged = _flag(conn, key) is not None
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
        who, host, at = actor(who), current_host(), _now(now_us)
        with self._gate.durable() as conn:
            _require_tickets(conn, [key], self._gate.path)
            return append_entry(conn, key, at, who, host, ACTION_NOTE, {"note": body})


class SqliteReviewReader:
    """Flags and the audit trail, read on one reader connection (the thread that owns the reader)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def review_of(self, key: str) -> TicketReview:
        with translated(self._path):
            return TicketReview(key, _flag(self._conn, key), tuple(_audit(self._conn, key)))

    def reviews_of(self, keys: Iterable[str]) -> dict[str, TicketReview]:
        """The reviews of many tickets in two statements (exports)."""
        wanted = list(dict.fromkeys(keys))
        audit: dict[str, list[AuditEntry]] = {key: [] for key in wanted}
        flags = self.flags_of(wanted)
        with translated(self._path):
            for row in self._conn.execute(
                f"SELECT {_AUDIT_COLUMNS} FROM review_audit WHERE ticket_key IN (SELECT value FROM json_each(?)) "
                "ORDER BY ticket_key, id",  # the index's order: a seek per ticket, not a scan of the whole trail
                (json.dumps(wanted),),
            ):
                audit[row[1]].append(_entry_from_row(row))
        return {key: TicketReview(key, flags.get(key), tuple(audit[key])) for key in wanted}

    def flag_of(self, key: str) -> FlagState | None:
        with translated(self._path):
            return _flag(self._conn, key)

    def flags_of(self, keys: Iterable[str]) -> dict[str, FlagState]:
        """The current flags of these tickets (unflagged ones are absent)."""
        with translated(self._path):
            return {
                row[0]: _flag_from_row(row)
                for row in self._conn.execute(
                    f"SELECT {_FLAG_COLUMNS} FROM flags WHERE ticket_key IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(keys)),),
                )
            }

    def flagged_count(self) -> dict[str, int]:
        """Flagged tickets per review state (every state present, 0 when none)."""
        counts = dict.fromkeys(STATES, 0)
        with translated(self._path):
            for state, count in self._conn.execute("SELECT state, count(*) FROM flags GROUP BY state"):
                key = STATE_TO_REVIEW if state == LEGACY_OPEN else state
                counts[key] = counts.get(key, 0) + count
        return counts

    def reasons_in_use(self) -> list[str]:
        """The built-in reasons followed by the free-text ones in use (for a filter picker)."""
        with translated(self._path):
            used = [
                r for (r,) in self._conn.execute("SELECT DISTINCT reason FROM flags WHERE reason IS NOT NULL")
            ]
        return list(REASONS) + sorted((r for r in used if r not in REASONS), key=str.casefold)

    def audit_trail(self, key: str | None = None) -> list[AuditEntry]:
        """The audit entries of one ticket, or of all tickets, oldest first."""
        with translated(self._path):
            if key is not None:
                return list(_audit(self._conn, key))
            return [
                _entry_from_row(row)
                for row in self._conn.execute(f"SELECT {_AUDIT_COLUMNS} FROM review_audit ORDER BY id")
            ]

    def verify_audit_chain(self) -> int | None:
        """Recompute the whole hash chain; the id of the first entry that does not match (None: intact)."""
        previous = GENESIS
        for entry in self.audit_trail():
            if expected_hash(previous, entry) != entry.hash:
                return entry.id
            previous = entry.hash
        return None

    def verify_audit_entries(self, entries: Iterable[AuditEntry]) -> list[int]:
        """Check these entries against their neighbours in the chain (cost proportional to the entries, not
        to the whole trail): each must hash from its predecessor's stored hash, and its successor must hash
        from it. Returns the ids that do not check out (empty: consistent)."""
        wanted = {entry.id: entry for entry in entries}
        if not wanted:
            return []
        around = sorted({i for ident in wanted for i in (ident - 1, ident, ident + 1)})
        with translated(self._path):
            stored = {
                row[0]: _entry_from_row(row)
                for row in self._conn.execute(
                    f"SELECT {_AUDIT_COLUMNS} FROM review_audit WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(around),),
                )
            }
        links: dict[int, bool] = {}  # id → "hashes from its predecessor's stored hash", computed once

        def linked(ident: int) -> bool:
            if ident not in links:
                entry, before = stored.get(ident), stored.get(ident - 1)
                previous = GENESIS if ident == 1 else (before.hash if before else None)
                links[ident] = (
                    entry is not None
                    and previous is not None
                    and expected_hash(previous, entry) == entry.hash
                )
            return links[ident]

        bad = []
        for ident in sorted(wanted):
            entry = stored.get(ident)
            consistent = (
                entry is not None
                and entry == wanted[ident]
                and entry.changes_text == wanted[ident].changes_text
            )
            if not (consistent and linked(ident) and (ident + 1 not in stored or linked(ident + 1))):
                bad.append(ident)
        return bad


# -- rows ---------------------------------------------------------------------------------------------------


def _flag(conn: sqlite3.Connection, key: str) -> FlagState | None:
    row = conn.execute(f"SELECT {_FLAG_COLUMNS} FROM flags WHERE ticket_key = ?", (key,)).fetchone()
    return None if row is None else _flag_from_row(row)


def _flag_from_row(row: Sequence[Any]) -> FlagState:
    key, reason, state, created, updated = row
    return FlagState(key, reason, STATE_TO_REVIEW if state == LEGACY_OPEN else state, created, updated)


def _audit(conn: sqlite3.Connection, key: str) -> Iterator[AuditEntry]:
    for row in conn.execute(
        f"SELECT {_AUDIT_COLUMNS} FROM review_audit WHERE ticket_key = ? ORDER BY id", (key,)
    ):
        yield _entry_from_row(row)


def _entry_from_row(row: Sequence[Any]) -> AuditEntry:
    ident, key, at, who, host, action, changes, digest = row
    try:
        parsed = json.loads(changes)
    except ValueError:
        parsed = {"unreadable": changes}
    changes_dict = parsed if isinstance(parsed, dict) else {}
    return AuditEntry(ident, key, at, who, host, action, changes_dict, digest, changes)


def append_entry(
    conn: sqlite3.Connection, key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    """Append one audit entry, chained to the last one (in the caller's write transaction)."""
    text = changes_json(changes)
    row = conn.execute("SELECT hash FROM review_audit ORDER BY id DESC LIMIT 1").fetchone()
    previous = row[0] if row else GENESIS
    (next_id,) = conn.execute(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'review_audit'), 0) + 1"
    ).fetchone()
    digest = entry_hash(previous, next_id, key, at, who, host, action, text)
    cursor = conn.execute(
        "INSERT INTO review_audit (id, ticket_key, at_us, who, host, action, changes, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (next_id, key, at, who, host, action, text, digest),
    )
    return AuditEntry(int(cursor.lastrowid or next_id), key, at, who, host, action, changes, digest, text)


def _require_tickets(conn: sqlite3.Connection, keys: Sequence[str], path: Path) -> None:
    wanted = list(dict.fromkeys(keys))
    found = {
        key
        for (key,) in conn.execute(
            "SELECT key FROM tickets WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(wanted),)
        )
    }
    missing = [key for key in wanted if key not in found]
    if missing:
        shown = ", ".join(repr(k) for k in missing[:3]) + (" …" if len(missing) > 3 else "")
        raise TicketNotFoundError(f"No ticket {shown} in the cache at {path}; nothing was changed.")


def _now(now_us: int | None) -> int:
    return clock() if now_us is None else int(now_us)
