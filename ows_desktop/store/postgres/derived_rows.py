"""The rows derived from a ticket — its document, rule facts, items, exceptions and rules queue entry — and
how they go with it (schema v8).

Schema v7 partitioned ``tickets`` by month; the foreign keys from these tables into the partitioned
``tickets`` then cost a row-by-row check per insert that grows with the number of months (ingest fell to
about half). v8 drops those foreign keys and this module does what their ``ON DELETE CASCADE`` did, in the
writer's own transaction: a ticket whose time changed is deleted with its derived rows (:func:`delete_rids`)
and retention deletes the derived rows of the months it drops (:func:`delete_before`). Every write of a
derived row happens under the writers' advisory lock (:mod:`.tickets`) for a ticket the writer has just
placed, so no row is left without its ticket."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection

# Tables keyed by a ticket's rid; ticket_docs is partitioned like tickets (retention drops its months whole).
DERIVED = ("ticket_docs", "ticket_facts", "ticket_items", "ticket_exceptions", "rules_pending")


def drop_ticket_references(conn: Connection[Any]) -> None:
    """Migration step: drop every foreign key into ``tickets`` (their parents; the partitions' copies go with
    them)."""
    for table, name in conn.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE confrelid = 'tickets'::regclass AND contype = 'f' AND conparentid = 0"
    ).fetchall():
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')


MIGRATION: tuple[Any, ...] = (drop_ticket_references,)


def delete_rids(conn: Connection[Any], rids: Sequence[int]) -> None:
    """Delete these tickets and everything derived from them (in the caller's transaction)."""
    if not rids:
        return
    for table in DERIVED:
        conn.execute(f"DELETE FROM {table} WHERE rid = ANY(%s)", (list(rids),))
    conn.execute("DELETE FROM tickets WHERE rid = ANY(%s)", (list(rids),))


def delete_before(conn: Connection[Any], cutoff_rid: int) -> None:
    """Retention: delete the derived rows of the tickets before ``cutoff_rid`` from the tables that are not
    partitioned by month (the partitions of ticket_docs are dropped whole by the caller)."""
    for table in DERIVED:
        if table != "ticket_docs":
            conn.execute(f"DELETE FROM {table} WHERE rid < %s", (cutoff_rid,))
