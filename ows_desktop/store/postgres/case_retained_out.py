"""Team-store schema step: a person may take a ticket retention removed out of a case (``case remove``).

A case keeps, in ``case_retention`` (:mod:`.case_retention`), the tickets ``store retention`` removed from the
store, and says "1 ticket removed by retention" for them. Only the owner could write that table, so nobody
could take such a ticket out of a case: ``case remove C-… KEY`` said the ticket was not in the store, told the
person to sync its day, and the case went on counting it.

Now the roles that change cases may delete a case's ``case_retention`` row, with the case's ``case_remove``
audit entry in the same transaction (store/case_flow.py). Retention records each row's store (``location``,
the ticket's as it was dropped), and a row is deleted only by whoever saw that ticket's store: whoever sees
every store, or a login assigned that store — the same rule as taking out a ticket still in the store
(``case_tickets`` reaches its location through the ticket). Rows retention wrote before this step have no
store recorded (the ticket is gone): only whoever sees every store takes those out. Every statement may run
again."""

from __future__ import annotations

# RESTRICTIVE: the case's own policy (``ows_scope``, for every command) still applies; this narrows deletes.
_TAKE_OUT = "((SELECT ows_sees_all()) OR location = ANY ((SELECT ows_my_locations())::text[]))"

MIGRATION: tuple[str, ...] = (
    'ALTER TABLE case_retention ADD COLUMN IF NOT EXISTS location text COLLATE "C"',
    "DROP POLICY IF EXISTS ows_take_out ON case_retention",
    f"CREATE POLICY ows_take_out ON case_retention AS RESTRICTIVE FOR DELETE USING {_TAKE_OUT}",
    # a store upgraded by `store migrate` has its groups already (`store roles --apply` grants it too,
    # roles.PRIVILEGES)
    """
    DO $$
    DECLARE
        g text;
    BEGIN
        FOREACH g IN ARRAY ARRAY['ows_director', 'ows_investigator'] LOOP
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
                EXECUTE format('GRANT DELETE ON case_retention TO %I', g);
            END IF;
        END LOOP;
    END
    $$
    """,
)
