"""Team-store schema step: a ticket retention removed from a case and added back is the case's again.

``case_retention`` (:mod:`.case_retention`) holds a case's tickets that ``store retention`` removed. Its row
stayed when the ticket's month was synced again and the ticket added back to the case, and a case's readers
told the two apart by the ``case_tickets`` row, which row-level security shows only to whoever sees the
ticket's store: a login without that store read the ticket the case holds again as "removed by retention"
(not "in a store you may not see", and its ``case export`` was not refused), and a ticket added back and then
taken out of the case by a person stayed "removed by retention" for everyone.

Now adding a ticket to a case takes its ``case_retention`` row out, in the same statement (a trigger, so
whatever writes ``case_tickets`` does it; the function runs as the owner, who alone writes
``case_retention``): a row there is a ticket retention removed from the case that the case does not hold
now, for every reader. Retention removing it again writes the row again, once per case (its key).

This step also mends the rows an earlier version left: a ticket the case holds again, and one it held again
and a person took out since (its history's last ``case_add`` or ``case_remove`` naming it is a removal:
retention writes no entry, and a ticket retention removed cannot be taken out by a person until it is added
back). Every statement may run again.

It also sets every owner-run function's search path to the store's schema, then pg_temp last (see below)."""

from __future__ import annotations

_HELD_AGAIN = (
    "DELETE FROM case_retention AS r USING case_tickets AS k "
    "WHERE k.case_id = r.case_id AND k.ticket_key = r.ticket_key"
)
_TAKEN_OUT_SINCE = """
    DELETE FROM case_retention AS r USING cases AS c
    WHERE c.id = r.case_id AND (
        SELECT a.action FROM review_audit AS a
        WHERE a.ticket_key = 'case:' || c.number AND a.action IN ('case_add', 'case_remove')
          AND (a.changes::jsonb -> 'tickets') @> jsonb_build_array(r.ticket_key)
        ORDER BY a.id DESC LIMIT 1
    ) = 'case_remove'
"""

# Every function of the store that runs as its owner (this step's trigger, and the released ones of
# rls_schema, search_order and case_scope: their steps are frozen, so they are mended here) looks up names in the
# store's schema, then pg_temp LAST. ``SET search_path FROM CURRENT`` kept the migration's path, which does not
# name pg_temp, and then pg_temp is searched FIRST: a temporary table any session may create (case_retention,
# review_audit, cases) stood in for the store's own inside the owner's function.
_DEFINERS_SEARCH_TEMP_LAST = r"""
    DO $$
    DECLARE
        f regprocedure;
    BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc AS p
                 WHERE p.prosecdef AND p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'ows\_%'
        LOOP
            EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
        END LOOP;
    END
    $$
"""

MIGRATION: tuple[str, ...] = (
    """
    CREATE OR REPLACE FUNCTION ows_case_ticket_back() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
    BEGIN
        DELETE FROM case_retention WHERE case_id = NEW.case_id AND ticket_key = NEW.ticket_key;
        RETURN NULL;
    END
    $$
    """,
    "REVOKE ALL ON FUNCTION ows_case_ticket_back() FROM PUBLIC",
    _DEFINERS_SEARCH_TEMP_LAST,
    "DROP TRIGGER IF EXISTS case_tickets_back ON case_tickets",
    """
    CREATE TRIGGER case_tickets_back AFTER INSERT ON case_tickets
    FOR EACH ROW EXECUTE FUNCTION ows_case_ticket_back()
    """,
    _HELD_AGAIN,
    _TAKEN_OUT_SINCE,
)
