"""Team-store schema step: the ``total`` index in the receipt table's own order, and the statistics target of
``total`` kept on every month partition, also the ones a writer creates later.

Why (measured at 5 M tickets, tests/bench/bench_team_search.py; RESULTS.md "Team store"): the table sorts
by total with NULLs lowest, as the SQLite store does (``total DESC NULLS LAST, rid DESC``, :mod:`.search`).
The index was ``(total, rid)``, whose order read backwards is ``total DESC NULLS FIRST``: the planner could
not walk it for that order, read every ticket of the amount filter from both months (288 k for 50..60)
and sorted them for the first page of 101 (4.3 s). ``(total NULLS FIRST, rid)`` is the ascending order as
the table wants it and, read backwards, the descending one: the first page walks the months' indexes
merged and stops at 101 rows. Range filters and the capped count read it as before.

Schema v11 set ``total``'s statistics target to 1,000 on the months that existed (the amount outliers
need the finer histogram); a partition created later starts at the default (checked on PostgreSQL 15):
:func:`ows_create_partition`, which makes every new month, now gives it the parent's targets."""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    "DROP INDEX IF EXISTS tickets_total",
    "CREATE INDEX tickets_total ON tickets (total NULLS FIRST, rid)",
    """
    CREATE OR REPLACE FUNCTION ows_create_partition(parent text, name text, lo bigint, hi bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
        col record;
    BEGIN
        IF parent NOT IN ('tickets', 'ticket_docs') OR name !~ ('^' || parent || '_[0-9]{4}_[0-9]{2}$') THEN
            RAISE EXCEPTION 'only a monthly partition of tickets or ticket_docs can be made here'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF to_regclass(name) IS NOT NULL THEN
            RETURN;
        END IF;
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', name, parent, lo, hi);
        FOR col IN SELECT attname, attstattarget FROM pg_attribute
                   WHERE attrelid = parent::regclass AND attnum > 0 AND NOT attisdropped AND attstattarget >= 0
        LOOP
            EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET STATISTICS %s', name, col.attname, col.attstattarget);
        END LOOP;
    END
    $$
    """,
    "REVOKE ALL ON FUNCTION ows_create_partition(text, text, bigint, bigint) FROM PUBLIC",
)
