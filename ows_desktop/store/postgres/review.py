"""Review on the team store: ``flags`` and the append-only ``review_audit`` trail, shared by every
workstation. The values, rules and the hash chain are :mod:`ows_desktop.store.review`'s, so a trail written
here verifies exactly as the SQLite store's does.

Review writes take one transaction-level advisory lock first, so the writes of two workstations at once
run one after the other (the second waits for the first to commit): the chain stays linear (each entry
reads the last hash and the next id, then inserts) and no flag update is lost. Triggers refuse UPDATE, DELETE and TRUNCATE of ``review_audit``
(schema v2). The flow of each call mirrors :mod:`ows_desktop.store.review_sql` (same audit entries for the
same calls); what differs is the SQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ows_desktop.store.errors import TicketNotFoundError
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
from ows_desktop.store.timekeys import now_us as clock

if TYPE_CHECKING:
    from psycopg import Connection

AUDIT_LOCK_KEY = 0x4F575346
_FLAG_COLUMNS = "ticket_key, reason, state, created_us, updated_us"
_AUDIT_COLUMNS = "id, ticket_key, at_us, who, host, action, changes, hash"

Transaction = Callable[[], AbstractContextManager["Connection[Any]"]]


class PgReviewWriter:
    """``store.review`` on the team store: each call one transaction with its audit entries."""

    def __init__(self, transaction: Transaction, where: object) -> None:
        self._transaction = transaction
        self._where = where

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
        new_reason = _reason(reason)
        new_state = state if isinstance(state, Keep) else normalise_state(state)
        body = note_text(note) if note is not None else None
        who, host, at = _text(actor(who)), _text(current_host()), _now(now_us)
        changes: list[ReviewChange] = []
        with self._transaction() as conn:
            _require_tickets(conn, keys, self._where)
            for key in dict.fromkeys(keys):
                before = _flag(conn, key, lock=True)
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
                        f"INSERT INTO flags ({_FLAG_COLUMNS}) VALUES (%s, %s, %s, %s, %s)",
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
                            "UPDATE flags SET reason = %s, state = %s, updated_us = %s WHERE ticket_key = %s",
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
        return self.flag_tickets([key], reason=reason, state=state, note=note, who=who, now_us=now_us)[0]

    def unflag_tickets(
        self,
        keys: Sequence[str],
        *,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> list[ReviewChange]:
        body = note_text(note) if note is not None else None
        who, host, at = _text(actor(who)), _text(current_host()), _now(now_us)
        changes: list[ReviewChange] = []
        with self._transaction() as conn:
            _require_tickets(conn, keys, self._where)
            for key in dict.fromkeys(keys):
                before = _flag(conn, key, lock=True)
                entries = []
                if before is not None:
                    conn.execute("DELETE FROM flags WHERE ticket_key = %s", (key,))
                    diff = {"reason": [before.reason, None], "state": [before.state, None]}
                    entries.append(append_entry(conn, key, at, who, host, ACTION_UNFLAG, diff))
                if body is not None:
                    entries.append(append_entry(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
                changes.append(ReviewChange(None, tuple(entries)))
        return changes

    def unflag_ticket(self, key: str, *, note: str | None = None, who: str | None = None) -> bool:
        change = self.unflag_tickets([key], note=note, who=who)[0]
        return any(entry.action == ACTION_UNFLAG for entry in change.entries)

    def toggle_flag(self, key: str, *, who: str | None = None) -> bool:
        with self._transaction() as conn:
            flagged = _flag(conn, key) is not None
        if flagged:
            self.unflag_tickets([key], who=who)
            return False
        self.flag_tickets([key], who=who)
        return True

    def add_note(
        self, key: str, text: str, *, who: str | None = None, now_us: int | None = None
    ) -> AuditEntry:
        body = note_text(text)
        who, host, at = _text(actor(who)), _text(current_host()), _now(now_us)
        with self._transaction() as conn:
            _require_tickets(conn, [key], self._where)
            return append_entry(conn, key, at, who, host, ACTION_NOTE, {"note": body})


class PgReviewReader:
    """``reader.review`` on the team store (the reader's own connection)."""

    def __init__(self, conn: Connection[Any]) -> None:
        self._conn = conn

    def review_of(self, key: str) -> TicketReview:
        return TicketReview(key, _flag(self._conn, key), tuple(self._audit("WHERE ticket_key = %s", (key,))))

    def reviews_of(self, keys: Iterable[str]) -> dict[str, TicketReview]:
        wanted = list(dict.fromkeys(keys))
        audit: dict[str, list[AuditEntry]] = {key: [] for key in wanted}
        for entry in self._audit("WHERE ticket_key = ANY(%s)", (wanted,)):
            audit[entry.ticket_key].append(entry)
        flags = self.flags_of(wanted)
        return {key: TicketReview(key, flags.get(key), tuple(audit[key])) for key in wanted}

    def flag_of(self, key: str) -> FlagState | None:
        return _flag(self._conn, key)

    def flags_of(self, keys: Iterable[str]) -> dict[str, FlagState]:
        rows = self._conn.execute(
            f"SELECT {_FLAG_COLUMNS} FROM flags WHERE ticket_key = ANY(%s)", (list(keys),)
        ).fetchall()
        return {row[0]: _flag_from_row(row) for row in rows}

    def flagged_count(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for state, count in self._conn.execute("SELECT state, count(*) FROM flags GROUP BY state"):
            key = STATE_TO_REVIEW if state == LEGACY_OPEN else state
            counts[key] = counts.get(key, 0) + count
        return counts

    def reasons_in_use(self) -> list[str]:
        used = [
            r for (r,) in self._conn.execute("SELECT DISTINCT reason FROM flags WHERE reason IS NOT NULL")
        ]
        return list(REASONS) + sorted((r for r in used if r not in REASONS), key=str.casefold)

    def audit_trail(self, key: str | None = None) -> list[AuditEntry]:
        if key is not None:
            return self._audit("WHERE ticket_key = %s", (key,))
        return self._audit("", ())

    def verify_audit_chain(self) -> int | None:
        previous = GENESIS
        for entry in self.audit_trail():
            if expected_hash(previous, entry) != entry.hash:
                return entry.id
            previous = entry.hash
        return None

    def verify_audit_entries(self, entries: Iterable[AuditEntry]) -> list[int]:
        wanted = {entry.id: entry for entry in entries}
        if not wanted:
            return []
        stored = {entry.id: entry for entry in self._audit("WHERE id = ANY(%s)", (sorted(wanted),))}
        # whether each entry (and the one after it) chains onto its predecessor, checked by the server: the
        # neighbours may be entries of stores this role may not read (ows_audit_links, schema rls_schema)
        ids = sorted({i for ident in wanted for i in (ident, ident + 1)})
        links = {
            int(i): ok is True
            for i, ok in self._conn.execute("SELECT id, ok FROM ows_audit_links(%s)", (ids,))
        }

        bad = []
        for ident in sorted(wanted):
            entry = stored.get(ident)
            consistent = (
                entry is not None
                and entry == wanted[ident]
                and entry.changes_text == wanted[ident].changes_text
            )
            if not (consistent and links.get(ident) and links.get(ident + 1, True)):
                bad.append(ident)
        return bad

    def _audit(self, where: str, params: Sequence[object]) -> list[AuditEntry]:
        rows = self._conn.execute(f"SELECT {_AUDIT_COLUMNS} FROM review_audit {where} ORDER BY id", params)
        return [_entry_from_row(row) for row in rows]


def _flag(conn: Connection[Any], key: str, *, lock: bool = False) -> FlagState | None:
    sql = f"SELECT {_FLAG_COLUMNS} FROM flags WHERE ticket_key = %s" + (" FOR UPDATE" if lock else "")
    row = conn.execute(sql, (key,)).fetchone()
    return None if row is None else _flag_from_row(row)


def _flag_from_row(row: Sequence[Any]) -> FlagState:
    key, reason, state, created, updated = row
    return FlagState(key, reason, STATE_TO_REVIEW if state == LEGACY_OPEN else state, created, updated)


def _entry_from_row(row: Sequence[Any]) -> AuditEntry:
    ident, key, at, who, host, action, changes, digest = row
    try:
        parsed = json.loads(changes)
    except ValueError:
        parsed = {"unreadable": changes}
    return AuditEntry(
        ident, key, at, who, host, action, parsed if isinstance(parsed, dict) else {}, digest, changes
    )


def append_entry(
    conn: Connection[Any], key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    """Append one audit entry chained to the last one, in the caller's transaction (see module doc)."""
    text = changes_json(changes)
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK_KEY,))
    # ows_audit_tail() reads past row-level security: a manager chains to entries she may not read
    row = conn.execute("SELECT id, hash FROM ows_audit_tail()").fetchone()
    next_id, previous = (1, GENESIS) if row is None else (int(row[0]) + 1, str(row[1]))
    digest = entry_hash(previous, next_id, key, at, who, host, action, text)
    conn.execute(
        f"INSERT INTO review_audit ({_AUDIT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (next_id, key, at, who, host, action, text, digest),
    )
    return AuditEntry(next_id, key, at, who, host, action, changes, digest, text)


def _require_tickets(conn: Connection[Any], keys: Sequence[str], where: object) -> None:
    """Start a review write: take the review lock (review writes from every workstation run one at a time:
    two flags of the same unflagged ticket must not both insert), then check the tickets exist."""
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK_KEY,))
    wanted = list(dict.fromkeys(keys))
    found = {key for (key,) in conn.execute("SELECT key FROM tickets WHERE key = ANY(%s)", (wanted,))}
    missing = [key for key in wanted if key not in found]
    if missing:
        shown = ", ".join(repr(k) for k in missing[:3]) + (" …" if len(missing) > 3 else "")
        raise TicketNotFoundError(f"No ticket {shown} in the team store at {where}; nothing was changed.")


def _text(value: str) -> str:
    """PostgreSQL text cannot hold NUL: it becomes U+FFFD in reasons and names (the one difference from the
    SQLite store; notes are unaffected, their JSON escapes NUL)."""
    return value.replace("\x00", "\ufffd")


def _reason(reason: str | Keep | None) -> str | Keep | None:
    if isinstance(reason, Keep):
        return reason
    normal = normalise_reason(reason)
    return None if normal is None else _text(normal)


def _now(now_us: int | None) -> int:
    return clock() if now_us is None else int(now_us)
