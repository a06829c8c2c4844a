"""Team-store schema step: a case is seen and changed only by whom its store's rows are for.

Why: the first policy (:mod:`.rls_schema`) showed every case to every investigator — title, subject, loss
and, through the audit trail, its notes and history — and let any investigator change it: one could
overwrite a director's loss on another store's case and close it. #16 asks that a role see and change only
rows of its locations. Now a case is seen by whoever sees every store (the owner, a director, the sync
login), by whoever has its store, by its assignee (a case handed over) and by the login that opened it; a
case's store may be set only to one of the writer's stores (or none, on a case of one's own). Its audit
entries are seen, and appended, only with the case. The numbering reads every case through a function
that returns the next number and nothing else, so two investigators of different stores never clash."""

from __future__ import annotations

from ows_desktop.store.postgres.rls_schema import _AUDIT_ADD, _AUDIT_SEE

_MINE = "location = ANY ((SELECT ows_my_locations())::text[])"
SEE = f"((SELECT ows_sees_all()) OR {_MINE} OR assignee = current_user OR created_by = current_user)"
CHANGE = (
    f"((SELECT ows_sees_all()) OR {_MINE} OR assignee = current_user "
    "OR (location IS NULL AND created_by = current_user))"
)
_VISIBLE_CASE = "EXISTS (SELECT 1 FROM cases AS c WHERE c.number = substr(review_audit.ticket_key, 6))"
AUDIT_SEE = _AUDIT_SEE.replace(
    "(ticket_key LIKE 'case:%' AND (SELECT ows_in_group('ows_investigator')))",
    f"(ticket_key LIKE 'case:%' AND {_VISIBLE_CASE})",
)
AUDIT_ADD = _AUDIT_ADD.replace(
    "OR ticket_key LIKE 'case:%'", f"OR (ticket_key LIKE 'case:%' AND {_VISIBLE_CASE})"
)

MIGRATION: tuple[str, ...] = (
    'ALTER TABLE cases ADD COLUMN created_by text COLLATE "C"',
    # who opened each case so far: the login of its first audit entry
    "UPDATE cases SET created_by = (SELECT a.db_role FROM review_audit AS a WHERE a.ticket_key = 'case:' || "
    "cases.number AND a.action = 'case_new' ORDER BY a.id LIMIT 1)",
    "ALTER TABLE cases ALTER COLUMN created_by SET DEFAULT current_user",
    "DROP POLICY IF EXISTS ows_scope ON cases",
    f"CREATE POLICY ows_scope ON cases USING {SEE} WITH CHECK {CHANGE}",
    "DROP POLICY IF EXISTS ows_audit_read ON review_audit",
    f"CREATE POLICY ows_audit_read ON review_audit FOR SELECT USING {AUDIT_SEE}",
    "DROP POLICY IF EXISTS ows_audit_append ON review_audit",
    f"CREATE POLICY ows_audit_append ON review_audit FOR INSERT WITH CHECK {AUDIT_ADD}",
    """
    CREATE FUNCTION ows_next_case_seq(y integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
        SELECT coalesce(max(seq), 0) + 1 FROM cases WHERE year = y
    $$
    """,
    "REVOKE ALL ON FUNCTION ows_next_case_seq(integer) FROM PUBLIC",
    # a store upgraded by `store migrate` has its groups already: they number cases at once (`store roles
    # --apply` grants it too, on a new store)
    "DO $$ BEGIN IF (SELECT count(*) FROM pg_roles WHERE rolname IN ('ows_director', 'ows_investigator')) = 2 "
    "THEN GRANT EXECUTE ON FUNCTION ows_next_case_seq(integer) TO ows_director, ows_investigator; END IF; END $$",
)
