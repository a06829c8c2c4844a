"""Investigator review: flags with reasons and states, notes, the append-only audit trail, and exception
rule results per ticket (schema migration v3).

* ``flags`` (from v1) holds the *current* flag of a ticket: reason and review state, keyed by ticket key so a
  flag survives the ticket's rowid moving.
* ``review_audit`` is the history: one row per change (flag, update, unflag, note) with who (the OS user),
  which host, when and what changed (JSON ``{"field": [old, new]}`` or ``{"note": text}``). Notes live only
  here: a note is an audit entry and is never edited. Triggers make the table append-only (UPDATE and DELETE
  raise), ids are AUTOINCREMENT (never reused), and each row carries ``hash`` = SHA-256 over the previous
  row's hash and its own content, so an edit made behind SQLite's back (triggers dropped) is detectable
  (:func:`verify_audit_chain`).
* Every review change is its own transaction, committed before the call returns, with ``synchronous=FULL``
  so it survives a killed process *and* a power cut.
* The rule tables (``ticket_facts``, ``ticket_items``, ``rules_pending``, ``ticket_exceptions``,
  ``location_offsets``) are described in :mod:`.facts` and :mod:`.exceptions`.

Writers take the :class:`~ows_desktop.store.writer.TicketStore` (its lock serialises them with the sync);
readers take a :class:`~ows_desktop.store.reader.TicketReader` (one per thread)."""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import json
import socket
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ows_desktop.store.errors import TicketNotFoundError, translated
from ows_desktop.store.timekeys import SLOT_BITS

if TYPE_CHECKING:
    from ows_desktop.store.reader import TicketReader
    from ows_desktop.store.writer import TicketStore

# Review states, in workflow order, with their labels.
STATE_TO_REVIEW, STATE_CONFIRMED, STATE_CLEARED = "to_review", "confirmed", "cleared"
STATES: tuple[str, ...] = (STATE_TO_REVIEW, STATE_CONFIRMED, STATE_CLEARED)
STATE_LABELS = {STATE_TO_REVIEW: "To review", STATE_CONFIRMED: "Confirmed", STATE_CLEARED: "Cleared"}
LEGACY_OPEN = "open"  # what v1's TicketStore.set_flag writes; read as "to review"

# Built-in reasons (stored as their label); anything else is the investigator's own words, kept verbatim.
REASONS: tuple[str, ...] = ("Void abuse", "Refund fraud", "No-sale", "Discount abuse", "Sweethearting")
_REASON_LOOKUP = {
    key: label
    for label in REASONS
    for key in {label.casefold(), label.casefold().replace("-", " "), label.casefold().replace(" ", "_")}
} | {"no sale": "No-sale", "no_sale": "No-sale", "nosale": "No-sale"}

ACTION_FLAG, ACTION_UPDATE, ACTION_UNFLAG, ACTION_NOTE = "flag", "update", "unflag", "note"
_GENESIS = "0" * 64


class _Keep:
    """Sentinel: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


# -- schema -------------------------------------------------------------------------------------------------

_LINE_TIME = f"coalesce(end_us, start_us, (rid >> {SLOT_BITS}) * 1000)"
_NO_SALE_TIME = f"coalesce(start_us, end_us, (rid >> {SLOT_BITS}) * 1000)"

_V3 = (
    """
    CREATE TABLE ticket_facts (
        rid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        voided_lines INTEGER NOT NULL,
        live_lines INTEGER NOT NULL,
        gross REAL NOT NULL,
        tenders INTEGER NOT NULL,
        cash_only INTEGER NOT NULL,
        self_approved INTEGER NOT NULL,
        overrides INTEGER NOT NULL,
        override_pct REAL NOT NULL,
        refund_lines INTEGER NOT NULL,
        utc_offset_min INTEGER
    )
    """,
    """
    CREATE TABLE ticket_items (
        rid INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        location TEXT NOT NULL,
        sku TEXT NOT NULL,
        role INTEGER NOT NULL,
        PRIMARY KEY (rid, idx)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX ticket_items_match ON ticket_items(location, sku, role, rid)",
    "CREATE INDEX ticket_items_returned ON ticket_items(rid) WHERE role = -1",
    """
    CREATE TABLE location_offsets (
        location TEXT PRIMARY KEY,
        offset_min INTEGER NOT NULL,
        updated_us INTEGER NOT NULL
    ) WITHOUT ROWID
    """,
    "CREATE TABLE rules_pending (rid INTEGER PRIMARY KEY)",
    """
    CREATE TABLE ticket_exceptions (
        rid INTEGER NOT NULL,
        rule TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (rid, rule)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX ticket_exceptions_rule ON ticket_exceptions(rule, rid)",
    # Void → no-sale on one register: voids by end time, no-sales by start time (partial: a few % of rows).
    f"CREATE INDEX tickets_void_time ON tickets(location, terminal, {_LINE_TIME}) WHERE has_void",
    f"CREATE INDEX tickets_no_sale_time ON tickets(location, terminal, {_NO_SALE_TIME}) WHERE is_no_sale",
    """
    CREATE TRIGGER tickets_derived_cleanup AFTER DELETE ON tickets BEGIN
        DELETE FROM ticket_facts WHERE rid = OLD.rid;
        DELETE FROM ticket_items WHERE rid = OLD.rid;
        DELETE FROM ticket_exceptions WHERE rid = OLD.rid;
        DELETE FROM rules_pending WHERE rid = OLD.rid;
    END
    """,
    """
    CREATE TABLE review_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_key TEXT NOT NULL,
        at_us INTEGER NOT NULL,
        who TEXT NOT NULL,
        host TEXT NOT NULL,
        action TEXT NOT NULL,
        changes TEXT NOT NULL,
        hash TEXT NOT NULL
    )
    """,
    "CREATE INDEX review_audit_ticket ON review_audit(ticket_key, id)",
    """
    CREATE TRIGGER review_audit_no_update BEFORE UPDATE ON review_audit BEGIN
        SELECT RAISE(ABORT, 'the review audit trail is append-only: its entries cannot be changed');
    END
    """,
    """
    CREATE TRIGGER review_audit_no_delete BEFORE DELETE ON review_audit BEGIN
        SELECT RAISE(ABORT, 'the review audit trail is append-only: its entries cannot be deleted');
    END
    """,
    "CREATE INDEX flags_reason ON flags(reason)",
    "CREATE INDEX flags_state ON flags(state)",
    """
    CREATE TABLE review_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID
    """,
)
_BACKFILL_BATCH = 2000


def migrate(conn: sqlite3.Connection) -> None:
    """Schema v2 → v3: review and rule-result tables; facts for the tickets already stored; the v1 flags
    get "to review" and a first audit entry each."""
    for statement in _V3:
        conn.execute(statement)
    _backfill_facts(conn)
    legacy = conn.execute(
        "SELECT ticket_key, reason, state, updated_us FROM flags ORDER BY created_us, ticket_key"
    ).fetchall()
    conn.execute("UPDATE flags SET state = ? WHERE state NOT IN (?, ?, ?)", (STATE_TO_REVIEW, *STATES))
    for key, reason, state, updated_us in legacy:
        new_state = state if state in STATES else STATE_TO_REVIEW
        _append(
            conn,
            key,
            updated_us,
            "schema-migration",
            "",
            ACTION_FLAG,
            {"reason": [None, reason], "state": [None, new_state]},
        )


def _backfill_facts(conn: sqlite3.Connection) -> None:
    """Facts and items for tickets stored before v3, decoded from their raw JSON (a one-off cost)."""
    from ows_desktop.ows.tickets import normalise_ticket
    from ows_desktop.store import facts
    from ows_desktop.store.rawjson import load_codec

    codec = load_codec(conn)
    cursor = conn.execute(
        "SELECT t.rid, t.location, d.raw FROM tickets AS t JOIN ticket_docs AS d ON d.rid = t.rid"
    )
    offsets: list[tuple[str, int]] = []
    while chunk := cursor.fetchmany(_BACKFILL_BATCH):
        placed = []
        for rid, location, raw in chunk:
            # The stored columns are what the ticket was stored as; the raw JSON gives the rest.
            ticket = dataclasses.replace(normalise_ticket(codec.decode(raw)), location=location or None)
            ticket_facts, lines = facts.extract(ticket)
            placed.append((rid, ticket_facts, lines))
            if ticket_facts[-1] is not None:
                offsets.append((location, ticket_facts[-1]))
        facts.write(conn, placed, replace=False)
    facts.remember_offsets(conn, offsets, 0)


# -- values -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlagState:
    """A ticket's current flag."""

    ticket_key: str
    reason: str | None
    state: str
    created_us: int
    updated_us: int

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    ticket_key: str
    at_us: int
    who: str
    host: str
    action: str  # flag / update / unflag / note
    changes: dict[str, Any]
    hash: str
    changes_text: str = field(default="", repr=False, compare=False)  # as stored (what the hash covers)

    @property
    def note(self) -> str | None:
        return self.changes.get("note") if self.action == ACTION_NOTE else None

    def describe(self) -> str:
        """One line in words: ``flagged (reason Void abuse, state To review)``, ``note: …``."""
        if self.action == ACTION_NOTE:
            return f"note: {self.changes.get('note', '')}"
        parts = []
        for field_name in ("reason", "state"):
            change = self.changes.get(field_name)
            if change is None:
                continue
            old, new = change
            if field_name == "state":
                old, new = STATE_LABELS.get(old, old), STATE_LABELS.get(new, new)
            if self.action == ACTION_FLAG:
                parts.append(f"{field_name} {new if new is not None else '—'}")
            elif self.action == ACTION_UPDATE:
                parts.append(
                    f"{field_name} {old if old is not None else '—'} → {new if new is not None else '—'}"
                )
        verb = {ACTION_FLAG: "flagged", ACTION_UPDATE: "changed", ACTION_UNFLAG: "unflagged"}.get(
            self.action, self.action
        )
        return f"{verb} ({', '.join(parts)})" if parts else verb


@dataclass(frozen=True, slots=True)
class TicketReview:
    """Everything review-related about one ticket: its flag (None when not flagged), notes, history."""

    ticket_key: str
    flag: FlagState | None
    audit: tuple[AuditEntry, ...]

    @property
    def notes(self) -> tuple[AuditEntry, ...]:
        return tuple(entry for entry in self.audit if entry.action == ACTION_NOTE)


@dataclass(frozen=True, slots=True)
class ReviewChange:
    """What a write did: the flag after it, and the audit entries it appended."""

    flag: FlagState | None
    entries: tuple[AuditEntry, ...]

    @property
    def changed(self) -> bool:
        return bool(self.entries)


def current_user() -> str:
    """The OS user name (the "who" of the audit trail)."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):  # no USER/LOGNAME and no passwd entry (containers)
        return "unknown"


def current_host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def normalise_reason(reason: str | None) -> str | None:
    """A built-in reason in any spelling (``void abuse``, ``VOID_ABUSE``, ``no sale``) becomes its label;
    anything else is kept as typed (outer whitespace trimmed; text that cannot be stored as UTF-8 has its
    broken characters replaced). Empty → None."""
    if reason is None:
        return None
    text = _storable(reason).strip()
    if not text:
        return None
    return _REASON_LOOKUP.get(" ".join(text.casefold().split()), text)


def normalise_state(state: str) -> str:
    """``to review`` / ``To-Review`` / ``open`` → ``to_review``; raises ValueError for an unknown state."""
    word = "_".join(str(state).strip().casefold().replace("-", " ").split())
    if word == LEGACY_OPEN or word == "toreview":
        word = STATE_TO_REVIEW
    if word not in STATES:
        raise ValueError(
            f"Unknown review state {state!r}; use one of: {', '.join(s.replace('_', ' ') for s in STATES)}."
        )
    return word


def reason_label(reason: str | None) -> str:
    return reason if reason else "—"


# -- writing ------------------------------------------------------------------------------------------------


@contextmanager
def _durable(store: TicketStore) -> Iterator[sqlite3.Connection]:
    """One write transaction whose commit is fsynced (``synchronous = FULL`` just for it)."""
    with store._reading() as conn:  # holds the store lock for the pragma dance
        conn.execute("PRAGMA synchronous = FULL")
        try:
            with store._transaction() as tx:
                yield tx
        finally:
            conn.execute("PRAGMA synchronous = NORMAL")


def flag_tickets(
    store: TicketStore,
    keys: Sequence[str],
    *,
    reason: str | _Keep | None = KEEP,
    state: str | _Keep = KEEP,
    note: str | None = None,
    who: str | None = None,
    now_us: int | None = None,
) -> list[ReviewChange]:
    """Flag (or update the flag of) each ticket in ``keys`` in one durable transaction.

    A ticket not flagged yet gets ``reason`` (KEEP: none) and ``state`` (KEEP: to review); a flagged one
    changes only the fields given. Each actual change, and ``note`` when given, is appended to the audit
    trail. Raises TicketNotFoundError (nothing written) when a key is not in the cache, ValueError for an
    unknown state or an empty note."""
    new_reason = reason if isinstance(reason, _Keep) else normalise_reason(reason)
    new_state = state if isinstance(state, _Keep) else normalise_state(state)
    body = _note_text(note) if note is not None else None
    who, host, at = _actor(who), current_host(), _now(now_us)
    changes: list[ReviewChange] = []
    with _durable(store) as conn:
        _require_tickets(conn, keys, store.path)
        for key in dict.fromkeys(keys):
            before = _flag(conn, key)
            entries = []
            if before is None:
                after = FlagState(
                    key,
                    None if isinstance(new_reason, _Keep) else new_reason,
                    STATE_TO_REVIEW if isinstance(new_state, _Keep) else new_state,
                    at,
                    at,
                )
                conn.execute(
                    "INSERT INTO flags (ticket_key, reason, state, created_us, updated_us) VALUES (?, ?, ?, ?, ?)",
                    (key, after.reason, after.state, at, at),
                )
                diff = {"reason": [None, after.reason], "state": [None, after.state]}
                entries.append(_append(conn, key, at, who, host, ACTION_FLAG, diff))
            else:
                diff = {}
                reason_after = before.reason if isinstance(new_reason, _Keep) else new_reason
                state_after = before.state if isinstance(new_state, _Keep) else new_state
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
                    entries.append(_append(conn, key, at, who, host, ACTION_UPDATE, diff))
            if body is not None:
                entries.append(_append(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
            changes.append(ReviewChange(after, tuple(entries)))
    return changes


def flag_ticket(
    store: TicketStore,
    key: str,
    *,
    reason: str | _Keep | None = KEEP,
    state: str | _Keep = KEEP,
    note: str | None = None,
    who: str | None = None,
    now_us: int | None = None,
) -> ReviewChange:
    """:func:`flag_tickets` for one ticket."""
    return flag_tickets(store, [key], reason=reason, state=state, note=note, who=who, now_us=now_us)[0]


def unflag_tickets(
    store: TicketStore,
    keys: Sequence[str],
    *,
    note: str | None = None,
    who: str | None = None,
    now_us: int | None = None,
) -> list[ReviewChange]:
    """Remove the flags of ``keys`` (the audit trail and the notes stay). Unflagged tickets are left alone
    (but still get ``note``). Raises TicketNotFoundError for a key not in the cache."""
    body = _note_text(note) if note is not None else None
    who, host, at = _actor(who), current_host(), _now(now_us)
    changes: list[ReviewChange] = []
    with _durable(store) as conn:
        _require_tickets(conn, keys, store.path)
        for key in dict.fromkeys(keys):
            before = _flag(conn, key)
            entries = []
            if before is not None:
                conn.execute("DELETE FROM flags WHERE ticket_key = ?", (key,))
                diff = {"reason": [before.reason, None], "state": [before.state, None]}
                entries.append(_append(conn, key, at, who, host, ACTION_UNFLAG, diff))
            if body is not None:
                entries.append(_append(conn, key, at, who, host, ACTION_NOTE, {"note": body}))
            changes.append(ReviewChange(None, tuple(entries)))
    return changes


def unflag_ticket(store: TicketStore, key: str, *, note: str | None = None, who: str | None = None) -> bool:
    """Remove one flag; True when the ticket was flagged."""
    change = unflag_tickets(store, [key], note=note, who=who)[0]
    return any(entry.action == ACTION_UNFLAG for entry in change.entries)


def toggle_flag(store: TicketStore, key: str, *, who: str | None = None) -> bool:
    """The F key: flag an unflagged ticket (to review, no reason yet), unflag a flagged one. Returns whether
    the ticket is flagged afterwards."""
    with store._reading() as conn:
        flagged = _flag(conn, key) is not None
    if flagged:
        unflag_tickets(store, [key], who=who)
        return False
    flag_tickets(store, [key], who=who)
    return True


def add_note(
    store: TicketStore, key: str, text: str, *, who: str | None = None, now_us: int | None = None
) -> AuditEntry:
    """Append a note to a ticket (flagged or not)."""
    body = _note_text(text)
    who, host, at = _actor(who), current_host(), _now(now_us)
    with _durable(store) as conn:
        _require_tickets(conn, [key], store.path)
        return _append(conn, key, at, who, host, ACTION_NOTE, {"note": body})


# -- reading ------------------------------------------------------------------------------------------------


def review_of(reader: TicketReader, key: str) -> TicketReview:
    with translated(reader.path):
        conn = reader._conn
        return TicketReview(key, _flag(conn, key), tuple(_audit(conn, key)))


def reviews_of(reader: TicketReader, keys: Iterable[str]) -> dict[str, TicketReview]:
    """The reviews of many tickets in two statements (exports)."""
    wanted = list(dict.fromkeys(keys))
    flags: dict[str, FlagState] = {}
    audit: dict[str, list[AuditEntry]] = {key: [] for key in wanted}
    with translated(reader.path):
        conn = reader._conn
        payload = json.dumps(wanted)
        for row in conn.execute(
            "SELECT ticket_key, reason, state, created_us, updated_us FROM flags "
            "WHERE ticket_key IN (SELECT value FROM json_each(?))",
            (payload,),
        ):
            flags[row[0]] = _flag_from_row(row)
        for row in conn.execute(
            f"SELECT {_AUDIT_COLUMNS} FROM review_audit WHERE ticket_key IN (SELECT value FROM json_each(?)) "
            "ORDER BY ticket_key, id",  # the index's order: a seek per ticket, not a scan of the whole trail
            (payload,),
        ):
            audit[row[1]].append(_entry_from_row(row))
    return {key: TicketReview(key, flags.get(key), tuple(audit[key])) for key in wanted}


def flag_of(reader: TicketReader, key: str) -> FlagState | None:
    with translated(reader.path):
        return _flag(reader._conn, key)


def flagged_count(reader: TicketReader) -> dict[str, int]:
    """Flagged tickets per review state (every state present, 0 when none)."""
    counts = dict.fromkeys(STATES, 0)
    with translated(reader.path):
        for state, count in reader._conn.execute("SELECT state, count(*) FROM flags GROUP BY state"):
            key = STATE_TO_REVIEW if state == LEGACY_OPEN else state
            counts[key] = counts.get(key, 0) + count
    return counts


def reasons_in_use(reader: TicketReader) -> list[str]:
    """The built-in reasons followed by the free-text ones in use (for a filter picker)."""
    with translated(reader.path):
        used = [
            r for (r,) in reader._conn.execute("SELECT DISTINCT reason FROM flags WHERE reason IS NOT NULL")
        ]
    return list(REASONS) + sorted((r for r in used if r not in REASONS), key=str.casefold)


def audit_trail(reader: TicketReader, key: str | None = None) -> list[AuditEntry]:
    """The audit entries of one ticket, or of all tickets, oldest first."""
    with translated(reader.path):
        conn = reader._conn
        if key is not None:
            return list(_audit(conn, key))
        return [
            _entry_from_row(row)
            for row in conn.execute(f"SELECT {_AUDIT_COLUMNS} FROM review_audit ORDER BY id")
        ]


def verify_audit_chain(reader: TicketReader) -> int | None:
    """Recompute the whole hash chain; returns the id of the first entry that does not match (None: intact)."""
    previous = _GENESIS
    for entry in audit_trail(reader):
        if _expected_hash(previous, entry) != entry.hash:
            return entry.id
        previous = entry.hash
    return None


def verify_audit_entries(reader: TicketReader, entries: Iterable[AuditEntry]) -> list[int]:
    """Check these entries against their neighbours in the chain (cost proportional to the entries, not to
    the whole trail): each must hash from its predecessor's stored hash, and its successor must hash from
    it. Returns the ids that do not check out (empty: consistent)."""
    wanted = {entry.id: entry for entry in entries}
    if not wanted:
        return []
    around = sorted({i for ident in wanted for i in (ident - 1, ident, ident + 1)})
    with translated(reader.path):
        stored = {
            row[0]: _entry_from_row(row)
            for row in reader._conn.execute(
                f"SELECT {_AUDIT_COLUMNS} FROM review_audit WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(around),),
            )
        }
    links: dict[int, bool] = {}  # id → "hashes from its predecessor's stored hash", computed once

    def linked(ident: int) -> bool:
        if ident not in links:
            entry, before = stored.get(ident), stored.get(ident - 1)
            previous = _GENESIS if ident == 1 else (before.hash if before else None)
            links[ident] = (
                entry is not None and previous is not None and _expected_hash(previous, entry) == entry.hash
            )
        return links[ident]

    bad = []
    for ident in sorted(wanted):
        entry = stored.get(ident)
        consistent = (
            entry is not None and entry == wanted[ident] and entry.changes_text == wanted[ident].changes_text
        )
        if not (consistent and linked(ident) and (ident + 1 not in stored or linked(ident + 1))):
            bad.append(ident)
    return bad


def _expected_hash(previous: str, entry: AuditEntry) -> str:
    changes = entry.changes_text or json.dumps(entry.changes, ensure_ascii=False, sort_keys=True)
    return _entry_hash(
        previous, entry.id, entry.ticket_key, entry.at_us, entry.who, entry.host, entry.action, changes
    )


def find_ticket_key(reader: TicketReader, text: str) -> str:
    """The key of the ticket a user named by its key or its OWS id. Raises TicketNotFoundError."""
    from ows_desktop.ows.text import has_lone_surrogate, stored_id

    # As typed (the form `search` prints), else escaped the way ids are stored (a raw id from OWS).
    candidates = [t for t in dict.fromkeys((text, text.strip())) if not has_lone_surrogate(t)]
    candidates += [stored_id(t) for t in dict.fromkeys((text, text.strip())) if stored_id(t) != t]
    row = None
    with translated(reader.path):
        conn = reader._conn
        for candidate in candidates:
            row = conn.execute(
                "SELECT key FROM tickets WHERE key = ? OR id = ? ORDER BY key = ? DESC, rid DESC LIMIT 1",
                (candidate, candidate, candidate),
            ).fetchone()
            if row is not None:
                break
    if row is None:
        raise TicketNotFoundError(
            f"No ticket {text!r} in the cache at {reader.path}. Check the id (ows-desktop search {text!r}) "
            "or sync the day it was rung up first."
        )
    return str(row[0])


# -- internals ----------------------------------------------------------------------------------------------

_AUDIT_COLUMNS = "id, ticket_key, at_us, who, host, action, changes, hash"


def _flag(conn: sqlite3.Connection, key: str) -> FlagState | None:
    row = conn.execute(
        "SELECT ticket_key, reason, state, created_us, updated_us FROM flags WHERE ticket_key = ?", (key,)
    ).fetchone()
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


def _append(
    conn: sqlite3.Connection, key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    text = json.dumps(changes, ensure_ascii=False, sort_keys=True)
    row = conn.execute("SELECT hash FROM review_audit ORDER BY id DESC LIMIT 1").fetchone()
    previous = row[0] if row else _GENESIS
    (next_id,) = conn.execute(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'review_audit'), 0) + 1"
    ).fetchone()
    digest = _entry_hash(previous, next_id, key, at, who, host, action, text)
    cursor = conn.execute(
        "INSERT INTO review_audit (id, ticket_key, at_us, who, host, action, changes, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (next_id, key, at, who, host, action, text, digest),
    )
    return AuditEntry(int(cursor.lastrowid or next_id), key, at, who, host, action, changes, digest, text)


def _entry_hash(
    previous: str, ident: int, key: str, at: int, who: str, host: str, action: str, changes: str
) -> str:
    # Length-prefixed fields: unambiguous whatever characters they hold.
    material = "".join(
        f"{len(part)}:{part}" for part in (previous, str(ident), key, str(at), who, host, action, changes)
    )
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def _require_tickets(conn: sqlite3.Connection, keys: Sequence[str], path: Any) -> None:
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


def _note_text(note: str) -> str:
    text = _storable(str(note))
    if not text.strip():
        raise ValueError("A note needs some text.")
    return text


def _storable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. from a mis-decoded clipboard)
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _actor(who: str | None) -> str:
    return _storable(who) if who else current_user()


def _now(now_us: int | None) -> int:
    if now_us is not None:
        return int(now_us)
    from ows_desktop.store.writer import now_us as clock

    return clock()


def local_offsets(reader: TicketReader, rids: Sequence[int]) -> dict[int, int | None]:
    """rid → the store's local UTC offset in minutes for that ticket (its own, else the one learned for its
    store), None when unknown."""
    with translated(reader.path):
        return {
            rid: offset
            for rid, offset in reader._conn.execute(
                "SELECT t.rid, coalesce(f.utc_offset_min, lo.offset_min) FROM tickets AS t "
                "LEFT JOIN ticket_facts AS f ON f.rid = t.rid "
                "LEFT JOIN location_offsets AS lo ON lo.location = t.location "
                "WHERE t.rid IN (SELECT value FROM json_each(?))",
                (json.dumps([int(r) for r in rids]),),
            )
        }


def flags_of(reader: TicketReader, keys: Iterable[str]) -> dict[str, FlagState]:
    """The current flags of these tickets (unflagged ones are absent)."""
    with translated(reader.path):
        return {
            row[0]: _flag_from_row(row)
            for row in reader._conn.execute(
                "SELECT ticket_key, reason, state, created_us, updated_us FROM flags "
                "WHERE ticket_key IN (SELECT value FROM json_each(?))",
                (json.dumps(list(keys)),),
            )
        }


def raws_of(reader: TicketReader, rids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """rid → the ticket's raw JSON, for many tickets in one statement (exports)."""
    with translated(reader.path):
        rows = reader._conn.execute(
            "SELECT rid, raw FROM ticket_docs WHERE rid IN (SELECT value FROM json_each(?))",
            (json.dumps([int(r) for r in rids]),),
        ).fetchall()
    return {rid: reader._decode(stored) for rid, stored in rows}
