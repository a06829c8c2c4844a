"""Schema v3: review (flag states, the append-only audit trail) and the exception rules' tables.

* ``review_audit``: one row per review change; triggers make it append-only, ids are AUTOINCREMENT and each
  row carries the hash chain (see :mod:`ows_desktop.store.review`).
* ``ticket_facts``, ``ticket_items``, ``rules_pending``, ``location_offsets`` (see :mod:`.facts`) and
  ``ticket_exceptions`` (see :mod:`.rule_sql`).

The tickets stored before v3 get their facts from their raw JSON, and v1's flags get "to review" and a
first audit entry each."""

from __future__ import annotations

import dataclasses
import sqlite3

from ows_desktop.store import facts
from ows_desktop.store.rawjson import load_codec
from ows_desktop.store.review import ACTION_FLAG, STATE_TO_REVIEW, STATES
from ows_desktop.store.review_sql import append_entry
from ows_desktop.store.timekeys import SLOT_BITS

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
        append_entry(
            conn,
            key,
            updated_us,
            "schema-migration",
            "",
            ACTION_FLAG,
            {"reason": [None, reason], "state": [None, new_state]},
            record_user=False,  # v3's trail has no os_user / db_role columns yet (v7)
        )


def _backfill_facts(conn: sqlite3.Connection) -> None:
    """Facts and items for tickets stored before v3, decoded from their raw JSON (a one-off cost)."""
    from ows_desktop.ows.tickets import normalise_ticket  # the normaliser is heavier than the store

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
