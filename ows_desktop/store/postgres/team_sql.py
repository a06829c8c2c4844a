"""Schema v5 of the team store: what workstations coordinate through.

* ``sync_status``: the last sync's claim, one row (who, since, range; see :mod:`.sync_claim`).
* ``team_tenant``: the OWS tenant the store belongs to, one row (bound by the first ``store copy`` or
  sync; a copy from another tenant's cache is refused, see :mod:`.copy_in`).
* ``copy_progress``: how far ``store copy`` got per source cache, so an interrupted copy resumes exactly.
* Notifications for live updates (see :mod:`.live`): a review change (flag row or audit entry) notifies
  ``ows_review`` with the ticket key; stored tickets notify ``ows_tickets`` once per statement. PostgreSQL
  sends them at commit and folds identical ones of a transaction into one."""

from __future__ import annotations

REVIEW_CHANNEL = "ows_review"
TICKETS_CHANNEL = "ows_tickets"

MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE sync_status (
        id integer PRIMARY KEY CHECK (id = 1),
        who text NOT NULL,
        db_role text NOT NULL DEFAULT current_user,
        backend_pid integer NOT NULL DEFAULT pg_backend_pid(),
        started_us bigint NOT NULL,
        range_start_us bigint NOT NULL,
        range_end_us bigint NOT NULL,
        finished_us bigint
    )
    """,
    """
    CREATE TABLE team_tenant (
        id integer PRIMARY KEY CHECK (id = 1),
        api_access_url text NOT NULL,
        tickets_endpoint text NOT NULL,
        bound_us bigint NOT NULL
    )
    """,
    """
    CREATE TABLE copy_progress (
        source text PRIMARY KEY,
        tickets_after bigint NOT NULL DEFAULT 0,
        audit_after bigint NOT NULL DEFAULT 0,
        finished_us bigint
    )
    """,
    f"""
    CREATE FUNCTION ows_notify_review() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('{REVIEW_CHANNEL}', OLD.ticket_key);
        ELSE
            PERFORM pg_notify('{REVIEW_CHANNEL}', NEW.ticket_key);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER flags_notify AFTER INSERT OR UPDATE OR DELETE ON flags
    FOR EACH ROW EXECUTE FUNCTION ows_notify_review()
    """,
    """
    CREATE TRIGGER review_audit_notify AFTER INSERT ON review_audit
    FOR EACH ROW EXECUTE FUNCTION ows_notify_review()
    """,
    f"""
    CREATE FUNCTION ows_notify_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{TICKETS_CHANNEL}', '');
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER tickets_notify AFTER INSERT OR UPDATE ON tickets
    FOR EACH STATEMENT EXECUTE FUNCTION ows_notify_tickets()
    """,
)
