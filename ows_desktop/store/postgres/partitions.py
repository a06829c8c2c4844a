"""Monthly partitions of the team store's tickets and their documents (schema v7), and the retention that
drops old months.

A chain persists ~200 M tickets a year: ``tickets`` and ``ticket_docs`` (the raw JSON, most of the bytes)
are partitioned by RANGE of ``rid``. A rid is the ticket's time in milliseconds shifted left by
``SLOT_BITS`` (:mod:`ows_desktop.store.timekeys`), so a calendar month (UTC) is one rid range, and a
date-bounded search — compiled to ``rid >= lo AND rid < hi`` (:mod:`.search`) — is pruned by the planner
to the partitions of its months. Indexes are per partition (each month's indexes stay small); ticket keys
stay unique because every writer looks a key up under the writers' advisory lock before inserting
(:mod:`.tickets`), as a unique index across partitions would need the partition key in it.

Writers create the partitions of the months they are about to write (:func:`ensure_months`) in their own
transaction, remembering the months they know exist (no catalog query per page); since schema v8 there is no
``_default`` partition, so a row of a month dropped meanwhile fails and the writer creates it again. Retention
(``ows-desktop store retention URL --keep-months N``) deletes the rows of older months from the tables
derived from tickets (:data:`DERIVED`), moves the cases' tickets of those months to ``case_retention``
(:mod:`.case_retention`), then drops those months' partitions: instant, no table rewrite, no bloat."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ows_desktop.store.postgres.case_retention import retire_case_tickets
from ows_desktop.store.postgres.rules import RULES_LOCK_KEY
from ows_desktop.store.timekeys import SLOT_BITS, first_rowid, rowid_ms

if TYPE_CHECKING:
    from psycopg import Connection

PARTITIONED = ("tickets", "ticket_docs")  # parents first
# The tables keyed by a ticket's rid, which go with it (:mod:`.derived_rows`); ticket_docs is partitioned
# like tickets, so retention drops its months whole.
DERIVED = ("ticket_docs", "ticket_facts", "ticket_items", "ticket_exceptions", "rules_pending")


def month_of(ms: int) -> tuple[int, int]:
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.year, moment.month


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_rids(year: int, month: int) -> tuple[int, int]:
    """The rid range [lo, hi) of a UTC calendar month."""
    start = datetime(year, month, 1, tzinfo=UTC)
    after = datetime(*_next(year, month), 1, tzinfo=UTC)
    return first_rowid(int(start.timestamp() * 1000)), first_rowid(int(after.timestamp() * 1000))


def _name(table: str, year: int, month: int) -> str:
    return f"{table}_{year:04d}_{month:02d}"


def ensure_months(
    conn: Connection[Any],
    times_ms: Iterable[int],
    tables: tuple[str, ...] = PARTITIONED,
    known: set[tuple[int, int]] | None = None,
) -> None:
    """Create the monthly partitions these ticket times fall in, if missing (in the caller's transaction).
    ``known``: the writer's months known to exist (read, then filled): when it holds them all, the catalog
    is not asked. Retention may drop a known month meanwhile: the insert then fails (:func:`month_missing`,
    schema v8 has no default partition to catch it silently) and the writer forgets its months and retries."""
    wanted = {month_of(ms) for ms in times_ms}
    if not wanted or (known is not None and wanted <= known):
        return
    have = {
        name
        for (name,) in conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            (tables[-1],),
        )
    }
    # Under row-level security (#16) the sync role owns nothing: the owner's ows_create_partition() makes
    # the month for it (a ticket-month partition and nothing else); before that migration, directly.
    (definer,) = conn.execute(
        "SELECT to_regprocedure('ows_create_partition(text,text,bigint,bigint)') IS NOT NULL"
    ).fetchone() or (False,)
    for year, month in sorted(wanted):
        if _name(tables[-1], year, month) in have:
            continue
        lo, hi = month_rids(year, month)
        for table in tables:
            if definer:
                conn.execute(
                    "SELECT ows_create_partition(%s, %s, %s, %s)", (table, _name(table, year, month), lo, hi)
                )
                continue
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {_name(table, year, month)} PARTITION OF {table} "
                f"FOR VALUES FROM ({lo}) TO ({hi})"
            )
    if known is not None:
        known |= wanted  # created in this transaction: if it rolls back, the insert's error clears them


def month_missing(error: BaseException) -> bool:
    """``error`` says a row had no partition: its month was dropped (retention) after the writer saw it."""
    return getattr(getattr(error, "diag", None), "sqlstate", None) == "23514" and "no partition" in str(error)


def _partition(conn: Connection[Any], table: str) -> None:
    """Rebuild ``table`` as a partitioned table with the same columns, indexes, references and triggers,
    its rows moved into monthly partitions."""
    old = f"{table}_unpartitioned"
    indexes = [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = %s AND i.indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
            (table, table),
        )
    ]
    references = list(
        conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE confrelid = %s::regclass AND contype = 'f' AND conparentid = 0",
            (table,),
        )
    )
    own_fks = list(
        conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f' AND conparentid = 0",
            (table,),
        )
    )
    triggers = list(
        conn.execute(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            (table,),
        )
    )
    for referrer, name, _definition in references:
        conn.execute(f"ALTER TABLE {referrer} DROP CONSTRAINT {name}")
    conn.execute(f"ALTER TABLE {table} RENAME TO {old}")
    conn.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS) PARTITION BY RANGE (rid)")
    conn.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (rid)")
    conn.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
    for name, definition in own_fks:
        conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name}_p {definition}")
    months = [
        rowid_ms(int(rid))
        for (rid,) in conn.execute(f"SELECT DISTINCT rid >> {SLOT_BITS} << {SLOT_BITS} FROM {old}")
    ]
    ensure_months(conn, months, (table,))
    conn.execute(f"INSERT INTO {table} SELECT * FROM {old}")
    conn.execute(f"DROP TABLE {old}")
    for _name_of_index, sql in indexes:
        conn.execute(sql.replace(f" ON {_qualified(conn, old)} ", f" ON {table} ", 1))
    if table == "tickets":
        conn.execute("CREATE INDEX tickets_key ON tickets (key)")
    for trigger in triggers:
        conn.execute(trigger[0].replace(f" ON {_qualified(conn, old)} ", f" ON {table} ", 1))
    for referrer, name, definition in references:
        conn.execute(f"ALTER TABLE {referrer} ADD CONSTRAINT {name} {definition}")


def _qualified(conn: Connection[Any], table: str) -> str:
    schema = conn.execute("SELECT current_schema()").fetchone()
    return f"{schema[0] if schema else 'public'}.{table}"


def partition_tables(conn: Connection[Any]) -> None:
    """Migration step: tickets, then ticket_docs, as monthly partitioned tables."""
    _partition(conn, "tickets")
    _partition(conn, "ticket_docs")


MIGRATION: tuple[Any, ...] = (partition_tables,)


def drop_months_before(conn: Connection[Any], year: int, month: int) -> list[str]:
    """Retention: delete everything of the months before ``year-month`` and drop their partitions; the
    months dropped (``YYYY-MM``), oldest first. In the caller's transaction."""
    cutoff, _ = month_rids(year, month)
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (RULES_LOCK_KEY,))  # no rule step writes meanwhile
    retire_case_tickets(conn, cutoff)  # a case's tickets of those months: said as removed by retention
    for table in DERIVED[1:]:  # what their foreign keys cascaded before schema v8
        conn.execute(f"DELETE FROM {table} WHERE rid < %s", (cutoff,))
    for (table,) in conn.execute(  # any table still referring to tickets by a foreign key
        "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE confrelid = 'tickets'::regclass "
        "AND contype = 'f' AND conparentid = 0 AND conrelid::regclass::text NOT LIKE 'ticket_docs%%'"
    ).fetchall():
        conn.execute(f"DELETE FROM {table} WHERE rid < %s", (cutoff,))
    dropped = []
    for (name,) in conn.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'tickets'::regclass AND c.relname ~ '^tickets_[0-9]{4}_[0-9]{2}$' ORDER BY 1"
    ).fetchall():
        y, m = int(name[8:12]), int(name[13:15])
        if (y, m) >= (year, month):
            continue
        docs = _name("ticket_docs", y, m)
        if conn.execute("SELECT to_regclass(%s)", (docs,)).fetchone()[0] is not None:  # type: ignore[index]
            conn.execute(f"ALTER TABLE ticket_docs DETACH PARTITION {docs}")
            conn.execute(f"DROP TABLE {docs}")
        conn.execute(f"ALTER TABLE tickets DETACH PARTITION {name}")  # its rows' references are gone
        conn.execute(f"DROP TABLE {name}")
        dropped.append(f"{y:04d}-{m:02d}")
    return dropped
