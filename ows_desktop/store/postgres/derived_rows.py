"""The rows derived from a ticket — its document, rule facts, items, exceptions and rules queue entry — and
how they go with it (schema v8).

Schema v7 partitioned ``tickets`` by month; the foreign keys from these tables into the partitioned
``tickets`` then cost a row-by-row check per insert that grows with the number of months (ingest fell to
about half). v8 drops those foreign keys and the code does what their ``ON DELETE CASCADE`` did, in the
writer's transaction: a ticket whose time changed is deleted with its derived rows (:func:`delete_rids`),
and retention deletes the derived rows of the months it drops (:func:`.partitions.drop_months_before`).
Writers place derived rows under their advisory lock (:mod:`.tickets`), for tickets they have just placed;
a delete first waits for any rule step (the rules' advisory lock, :mod:`.rules`) and holds the next off
until it commits, so no exception lands after its ticket is gone. v8 also drops the catch-all ``_default``
partitions (:func:`drop_default_partitions`), so the writers' cache of known months stays safe."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ows_desktop.store.postgres.partitions import DERIVED, PARTITIONED, ensure_months
from ows_desktop.store.postgres.rules import RULES_LOCK_KEY
from ows_desktop.store.timekeys import SLOT_BITS, rowid_ms

if TYPE_CHECKING:
    from psycopg import Connection


def drop_ticket_references(conn: Connection[Any]) -> None:
    """Migration step: drop every foreign key into ``tickets`` (their parents; the partitions' copies go with
    them)."""
    for table, name in conn.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE confrelid = 'tickets'::regclass AND contype = 'f' AND conparentid = 0"
    ).fetchall():
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')


def drop_default_partitions(conn: Connection[Any]) -> None:
    """Migration step (schema v8): without the catch-all ``_default`` partitions a row of a missing month
    fails instead of landing there unseen; any rows they held move to their months' partitions."""
    for table in reversed(PARTITIONED):  # ticket_docs first, as before
        conn.execute(f"ALTER TABLE {table} DETACH PARTITION {table}_default")
    months = [
        rowid_ms(int(rid))
        for (rid,) in conn.execute(f"SELECT DISTINCT rid >> {SLOT_BITS} << {SLOT_BITS} FROM tickets_default")
    ]
    ensure_months(conn, months)
    for table in PARTITIONED:
        conn.execute(f"INSERT INTO {table} SELECT * FROM {table}_default")
        conn.execute(f"DROP TABLE {table}_default")


MIGRATION: tuple[Any, ...] = (drop_ticket_references, drop_default_partitions)


def delete_rids(conn: Connection[Any], rids: Sequence[int]) -> None:
    """Delete these tickets and everything derived from them (in the caller's transaction)."""
    if not rids:
        return
    # A rule step (another workstation's) may be writing exceptions for these rids: wait for it to commit, and
    # hold it off until this transaction ends, so none lands after the delete (what the foreign keys did).
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (RULES_LOCK_KEY,))
    for table in DERIVED:
        conn.execute(f"DELETE FROM {table} WHERE rid = ANY(%s)", (list(rids),))
    conn.execute("DELETE FROM tickets WHERE rid = ANY(%s)", (list(rids),))
