"""Review rows on either backend: reading flags and the audit trail (``reader.review``), the rows → values
mapping, and appending a chained audit entry. One SQL text for both (see :mod:`.dialect`); what differs per
backend is how an entry gets its id and the previous hash (its *chain head*: SQLite's AUTOINCREMENT
sequence; on the team store the last entry, read under an advisory lock) and which database role wrote it.

The values, the rules and the hash chain are :mod:`.review`'s; the writing flow is :mod:`.review_flow`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ows_desktop.store.dialect import Sql
from ows_desktop.store.review import (
    GENESIS,
    LEGACY_OPEN,
    REASONS,
    STATE_TO_REVIEW,
    STATES,
    AuditEntry,
    FlagState,
    TicketReview,
    changes_json,
    current_user,
    entry_hash,
    expected_hash,
)

FLAG_COLUMNS = "ticket_key, reason, state, created_us, updated_us"
AUDIT_COLUMNS = "id, ticket_key, at_us, who, host, action, changes, hash, os_user, db_role"
_LEGACY_AUDIT_COLUMNS = "id, ticket_key, at_us, who, host, action, changes, hash"

# (next id, previous hash, database role) of the chain, in the caller's write transaction.
ChainHead = Callable[[Sql], tuple[int, str, str | None]]


def flag_from_row(row: Sequence[Any]) -> FlagState:
    key, reason, state, created, updated = row
    return FlagState(key, reason, STATE_TO_REVIEW if state == LEGACY_OPEN else state, created, updated)


def entry_from_row(row: Sequence[Any]) -> AuditEntry:
    ident, key, at, who, host, action, changes, digest, os_user, db_role = row
    try:
        parsed = json.loads(changes)
    except ValueError:
        parsed = {"unreadable": changes}
    changes_dict = parsed if isinstance(parsed, dict) else {}
    return AuditEntry(ident, key, at, who, host, action, changes_dict, digest, changes, os_user, db_role)


def flag_of(conn: Sql, key: str, *, lock: str = "") -> FlagState | None:
    row = conn.execute(f"SELECT {FLAG_COLUMNS} FROM flags WHERE ticket_key = ?{lock}", (key,)).fetchone()
    return None if row is None else flag_from_row(row)


def missing_tickets(conn: Sql, keys: Sequence[str]) -> str | None:
    """None when every ticket key is stored, else the missing ones as shown in a message."""
    wanted = list(dict.fromkeys(keys))
    d = conn.dialect
    sql = f"SELECT key FROM tickets WHERE {d.in_list('key', '?')}"
    found = {key for (key,) in conn.execute(sql, (d.list_param(wanted),))}
    missing = [key for key in wanted if key not in found]
    if not missing:
        return None
    return ", ".join(repr(k) for k in missing[:3]) + (" …" if len(missing) > 3 else "")


def append_chained(
    conn: Sql,
    head: ChainHead,
    key: str,
    at: int,
    who: str,
    host: str,
    action: str,
    changes: dict[str, Any],
    *,
    record_user: bool = True,
) -> AuditEntry:
    """Append one audit entry chained to the last one (in the caller's write transaction). With
    ``record_user`` (always, but for the SQLite v3 migration, whose table has no such columns yet) it
    records and hashes the OS user and the database role."""
    text = changes_json(changes)
    next_id, previous, role = head(conn)
    if not record_user:
        digest = entry_hash(previous, next_id, key, at, who, host, action, text)
        conn.execute(
            f"INSERT INTO review_audit ({_LEGACY_AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (next_id, key, at, who, host, action, text, digest),
        )
        return AuditEntry(next_id, key, at, who, host, action, changes, digest, text)
    os_user = current_user().replace("\x00", "\ufffd")
    digest = entry_hash(previous, next_id, key, at, who, host, action, text, os_user, role)
    conn.execute(
        f"INSERT INTO review_audit ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (next_id, key, at, who, host, action, text, digest, os_user, role),
    )
    return AuditEntry(next_id, key, at, who, host, action, changes, digest, text, os_user, role)


class ReviewReaderRows:
    """``reader.review``: flags and the audit trail, read on one reader connection (the thread that owns
    the reader); ``guard`` turns the driver's errors into the store's."""

    def __init__(self, conn: Sql, guard: Callable[[], AbstractContextManager[None]]) -> None:
        self._conn = conn
        self._guard = guard

    def review_of(self, key: str) -> TicketReview:
        with self._guard():
            return TicketReview(
                key, flag_of(self._conn, key), tuple(self._audit("WHERE ticket_key = ?", (key,)))
            )

    def reviews_of(self, keys: Iterable[str]) -> dict[str, TicketReview]:
        """The reviews of many tickets in two statements (exports)."""
        wanted = list(dict.fromkeys(keys))
        audit: dict[str, list[AuditEntry]] = {key: [] for key in wanted}
        flags = self.flags_of(wanted)
        d = self._conn.dialect
        with self._guard():
            # the index's order (ticket_key, id): a seek per ticket, not a scan of the whole trail
            for entry in self._audit(
                f"WHERE {d.in_list('ticket_key', '?')}", (d.list_param(wanted),), "ticket_key, id"
            ):
                audit[entry.ticket_key].append(entry)
        return {key: TicketReview(key, flags.get(key), tuple(audit[key])) for key in wanted}

    def flag_of(self, key: str) -> FlagState | None:
        with self._guard():
            return flag_of(self._conn, key)

    def flags_of(self, keys: Iterable[str]) -> dict[str, FlagState]:
        """The current flags of these tickets (unflagged ones are absent)."""
        d = self._conn.dialect
        with self._guard():
            rows = self._conn.execute(
                f"SELECT {FLAG_COLUMNS} FROM flags WHERE {d.in_list('ticket_key', '?')}",
                (d.list_param(keys),),
            ).fetchall()
        return {row[0]: flag_from_row(row) for row in rows}

    def flagged_count(self) -> dict[str, int]:
        """Flagged tickets per review state (every state present, 0 when none)."""
        counts = dict.fromkeys(STATES, 0)
        with self._guard():
            for state, count in self._conn.execute("SELECT state, count(*) FROM flags GROUP BY state"):
                key = STATE_TO_REVIEW if state == LEGACY_OPEN else state
                counts[key] = counts.get(key, 0) + count
        return counts

    def reasons_in_use(self) -> list[str]:
        """The built-in reasons followed by the free-text ones in use (for a filter picker)."""
        with self._guard():
            used = [
                r for (r,) in self._conn.execute("SELECT DISTINCT reason FROM flags WHERE reason IS NOT NULL")
            ]
        return list(REASONS) + sorted((r for r in used if r not in REASONS), key=str.casefold)

    def audit_trail(self, key: str | None = None) -> list[AuditEntry]:
        """The audit entries of one ticket (or subject), or of all, oldest first."""
        with self._guard():
            if key is not None:
                return self._audit("WHERE ticket_key = ?", (key,))
            return self._audit("", ())

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
        d = self._conn.dialect
        with self._guard():
            stored = {
                e.id: e
                for e in self._audit(f"WHERE {d.in_list('id', '?', 'bigint')}", (d.list_param(around),))
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

    def _audit(self, where: str, params: Sequence[object], order: str = "id") -> list[AuditEntry]:
        rows = self._conn.execute(
            f"SELECT {AUDIT_COLUMNS} FROM review_audit {where} ORDER BY {order}", params
        )
        return [entry_from_row(row) for row in rows]
