"""Team-store schema step: a case's tickets that retention removed (``case_retention``).

``store retention`` drops old months whole (:func:`.partitions.drop_months_before`); a case's ticket of such a
month is no longer in the store. Its ``case_tickets`` row stayed, hidden by row-level security from everyone
but whoever sees every store (its policy reaches the location through the ticket, which is gone), so a case's
reader counted it among the tickets "in a store you may not see" (store.case_unseen) — of her own store, and
of no store any more. Retention now moves such a row here in its own transaction, and a case's readers count
it as removed by retention (never naming it: its store is not known any more).

A row is seen with its case (the ``cases`` policy decides, as for the case's history), by the roles that read
cases; only the owner writes it (retention is the owner's). This step moves the rows of tickets an earlier
retention dropped: a ``case_tickets`` row without its ticket (a case takes only tickets in the store, and
nothing but retention deletes a ticket: a moved ticket is deleted and written again in one transaction).
Every statement may run again (a test's store set back to an earlier version upgrades again)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection

_NOW_US = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"
_SEEN_WITH_ITS_CASE = "(EXISTS (SELECT 1 FROM cases AS c WHERE c.id = case_retention.case_id))"
_GONE = "NOT EXISTS (SELECT 1 FROM tickets AS t WHERE t.key = k.ticket_key)"

MIGRATION: tuple[str, ...] = (
    f"""
    CREATE TABLE IF NOT EXISTS case_retention (
        case_id bigint NOT NULL REFERENCES cases (id),
        ticket_key text COLLATE "C" NOT NULL,
        added_us bigint NOT NULL,
        removed_us bigint NOT NULL DEFAULT {_NOW_US},
        PRIMARY KEY (case_id, ticket_key)
    )
    """,
    "ALTER TABLE case_retention ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE case_retention FORCE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS ows_scope ON case_retention",
    f"CREATE POLICY ows_scope ON case_retention USING {_SEEN_WITH_ITS_CASE} WITH CHECK {_SEEN_WITH_ITS_CASE}",
    "INSERT INTO case_retention (case_id, ticket_key, added_us) "
    f"SELECT k.case_id, k.ticket_key, k.added_us FROM case_tickets AS k WHERE {_GONE} ON CONFLICT DO NOTHING",
    f"DELETE FROM case_tickets AS k WHERE {_GONE}",
    # a store upgraded by `store migrate` has its groups already: they read it at once (`store roles --apply`
    # grants it too, roles.PRIVILEGES)
    """
    DO $$
    DECLARE
        g text;
    BEGIN
        FOREACH g IN ARRAY ARRAY['ows_director', 'ows_investigator', 'ows_manager'] LOOP
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
                EXECUTE format('GRANT SELECT ON case_retention TO %I', g);
            END IF;
        END LOOP;
    END
    $$
    """,
)


def retire_case_tickets(conn: Connection[Any], cutoff_rid: int) -> None:
    """Retention, in its transaction, before it drops the months before ``cutoff_rid``: the cases' tickets of
        those months move from ``case_tickets`` to ``case_retention``, with their store (who may take them out of
    the case: :mod:`.case_retained_out`)."""
    conn.execute(
        "INSERT INTO case_retention (case_id, ticket_key, added_us, location) "
        "SELECT k.case_id, k.ticket_key, k.added_us, t.location "
        "FROM case_tickets AS k JOIN tickets AS t ON t.key = k.ticket_key WHERE t.rid < %s "
        "ON CONFLICT DO NOTHING",
        (cutoff_rid,),
    )
    conn.execute(
        "DELETE FROM case_tickets AS k USING tickets AS t WHERE t.key = k.ticket_key AND t.rid < %s",
        (cutoff_rid,),
    )
