"""Team-store schema v6: the exception rules' tables, investigation cases and who made each audit entry (the SQLite cache's v3 rule
tables and v5 cases, see :mod:`ows_desktop.store.migrations`), so the rules, the Exceptions rankings and
cases run on the team store through the same shared SQL (:mod:`ows_desktop.store.rule_sql`,
:mod:`ows_desktop.store.case_flow`).

* ``ticket_facts`` / ``ticket_items`` (see :mod:`ows_desktop.store.facts`), written with each ticket;
  ``rules_pending``, the queue of tickets to evaluate; ``review_meta``, the last whole-store run. Rows go
  with their ticket (ON DELETE CASCADE, as ``ticket_exceptions`` since v1).
* ``cases`` and ``case_tickets``; a case is never deleted (a trigger refuses it), so a number is never
  reused.
* ``review_audit.os_user``: the OS user of the workstation that wrote each entry (its database role is
  recorded since v2, ``db_role``); older entries keep NULL and verify as before.

The tickets stored before v5 get their facts from their raw JSON and are queued for the rules."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ows_desktop.store.timekeys import SLOT_BITS

if TYPE_CHECKING:
    from psycopg import Connection

_LINE_TIME = f"coalesce(end_us, start_us, (rid >> {SLOT_BITS}) * 1000)"
_NO_SALE_TIME = f"coalesce(start_us, end_us, (rid >> {SLOT_BITS}) * 1000)"
_NEVER_DELETED = "cases are never deleted (close them): their numbers must stay unique"
_BACKFILL_BATCH = 2000

STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE ticket_facts (
        rid bigint PRIMARY KEY REFERENCES tickets ON DELETE CASCADE,
        kind text NOT NULL,
        voided_lines integer NOT NULL,
        live_lines integer NOT NULL,
        gross double precision NOT NULL,
        tenders integer NOT NULL,
        cash_only integer NOT NULL,
        self_approved integer NOT NULL,
        overrides integer NOT NULL,
        override_pct double precision NOT NULL,
        refund_lines integer NOT NULL,
        utc_offset_min integer
    )
    """,
    """
    CREATE TABLE ticket_items (
        rid bigint NOT NULL REFERENCES tickets ON DELETE CASCADE,
        idx integer NOT NULL,
        location text COLLATE "C" NOT NULL,
        sku text COLLATE "C" NOT NULL,
        role integer NOT NULL,
        PRIMARY KEY (rid, idx)
    )
    """,
    "CREATE INDEX ticket_items_match ON ticket_items (location, sku, role, rid)",
    "CREATE INDEX ticket_items_returned ON ticket_items (rid) WHERE role = -1",
    "CREATE TABLE rules_pending (rid bigint PRIMARY KEY REFERENCES tickets ON DELETE CASCADE)",
    'CREATE TABLE review_meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL)',
    f"CREATE INDEX tickets_void_time ON tickets (location, terminal, ({_LINE_TIME})) WHERE has_void <> 0",
    f"CREATE INDEX tickets_no_sale_time ON tickets (location, terminal, ({_NO_SALE_TIME})) WHERE is_no_sale <> 0",
    """
    CREATE TABLE cases (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        number text COLLATE "C" NOT NULL UNIQUE,
        year integer NOT NULL,
        seq integer NOT NULL,
        title text NOT NULL,
        operator text COLLATE "C",
        location text COLLATE "C",
        terminal text COLLATE "C",
        status text NOT NULL,
        assignee text COLLATE "C",
        loss_override double precision,
        loss_reason text,
        created_us bigint NOT NULL,
        updated_us bigint NOT NULL,
        UNIQUE (year, seq)
    )
    """,
    "CREATE INDEX cases_status ON cases (status)",
    "CREATE INDEX cases_assignee ON cases (assignee)",
    "CREATE INDEX cases_location ON cases (location)",
    """
    CREATE TABLE case_tickets (
        case_id bigint NOT NULL REFERENCES cases (id),
        ticket_key text COLLATE "C" NOT NULL,
        added_us bigint NOT NULL,
        PRIMARY KEY (case_id, ticket_key)
    )
    """,
    "CREATE INDEX case_tickets_ticket ON case_tickets (ticket_key)",
    f"""
    CREATE FUNCTION cases_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_NEVER_DELETED}' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_refuse_delete()
    """,
    "ALTER TABLE review_audit ADD COLUMN os_user text",
    """
    CREATE TRIGGER cases_no_truncate BEFORE TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION cases_refuse_delete()
    """,
)


def backfill_facts(conn: Connection[Any]) -> None:
    """Facts and items for the tickets stored before v5, decoded from their raw JSON, each queued for the
    rules (a one-off cost, in the migration's transaction)."""
    from ows_desktop.ows.tickets import normalise_ticket  # the normaliser is heavier than the store
    from ows_desktop.store import facts
    from ows_desktop.store.postgres.tickets import raw_object, write_facts

    with conn.cursor(name="ows_backfill_facts") as cursor:
        cursor.execute(
            "SELECT t.rid, t.location, d.raw FROM tickets AS t JOIN ticket_docs AS d ON d.rid = t.rid ORDER BY t.rid"
        )
        while chunk := cursor.fetchmany(_BACKFILL_BATCH):
            placed = []
            for rid, location, raw in chunk:
                ticket = dataclasses.replace(normalise_ticket(raw_object(raw)), location=location or None)
                placed.append((rid, *facts.extract(ticket)))
            write_facts(conn, placed, replace=False)


MIGRATION: tuple[Any, ...] = (*STATEMENTS, backfill_facts)
