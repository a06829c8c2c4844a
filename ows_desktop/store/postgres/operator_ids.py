"""Team-store schema step: the employee ID of each ticket's operator (``tickets.operator_id``, '' when the
ticket carries none) and the operator picker's rows by it (``ticket_operators``: location, operator_id,
operator), as the SQLite store's v10 (:mod:`ows_desktop.store.migrations.v10_operator_ids`, which says why).
The IDs of the tickets already stored are read from their raw JSON as the normaliser reads them (a one-off
pass, in the migration's transaction; a NUL becomes U+FFFD as in every text of this store)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection

_BATCH = 2000


def backfill_operator_ids(conn: Connection[Any]) -> None:
    """Each stored ticket's employee ID from its raw JSON."""
    import json

    from ows_desktop.ows.tickets import operator_id_of  # the normaliser is heavier than the store
    from ows_desktop.store.postgres.nul_text import pg_text

    with conn.cursor(name="ows_backfill_operator_ids") as cursor:
        cursor.execute("SELECT rid, raw FROM ticket_docs")
        while chunk := cursor.fetchmany(_BATCH):
            rids, ids = [], []
            for rid, stored in chunk:
                try:
                    operator_id = operator_id_of(json.loads(stored))
                except ValueError:
                    continue
                if operator_id:
                    rids.append(rid)
                    ids.append(pg_text(operator_id))
            if rids:
                conn.execute(
                    "UPDATE tickets AS t SET operator_id = v.id FROM unnest(%s::bigint[], %s::text[]) AS v (rid, id) "
                    "WHERE t.rid = v.rid",
                    (rids, ids),
                )


MIGRATION: tuple[Any, ...] = (
    "ALTER TABLE tickets ADD COLUMN operator_id text COLLATE \"C\" NOT NULL DEFAULT ''",
    backfill_operator_ids,
    "CREATE INDEX tickets_operator_id ON tickets (operator_id, rid)",
    # the picker's rows by employee ID: read again from the tickets (the owner sees every store's)
    "ALTER TABLE ticket_operators ADD COLUMN operator_id text COLLATE \"C\" NOT NULL DEFAULT ''",
    "ALTER TABLE ticket_operators DROP CONSTRAINT ticket_operators_pkey",
    "DELETE FROM ticket_operators",
    "INSERT INTO ticket_operators (location, operator_id, operator) "
    "SELECT DISTINCT location, operator_id, operator FROM tickets WHERE operator > '' OR operator_id > ''",
    "ALTER TABLE ticket_operators ADD PRIMARY KEY (location, operator_id, operator)",
)
