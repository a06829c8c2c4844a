"""Schema migration: who may see what, enforced by the team database itself (row-level security).

A desktop app that filters in Python protects nothing: anyone holding the URL and a SQL client reads every
row. So every table that holds ticket data, flags, the review audit trail, exceptions or per-location
configuration gets ``ENABLE`` + ``FORCE ROW LEVEL SECURITY`` and one policy keyed by the ticket's location
(``tickets.location``, the OWS store id such as ``S012``; a row without one reaches it through its ticket).

Who sees what is decided by membership of the group roles that ``ows-desktop store roles`` creates
(:mod:`.roles`); this migration names no role that might not exist yet (it looks them up in ``pg_roles``),
so ``store init`` works before the roles exist:

- the owner of the store's tables (the admin who ran ``store init``), ``ows_director`` and ``ows_sync``
  see every location (sync writes tickets of all stores);
- everyone else sees the locations ``ows_assignments`` lists for their own login role (``current_user``:
  ``SET ROLE ows_manager`` drops to a role that has no assignment and sees nothing). Only the director (or
  the owner) may change that table.

Each policy reads its caller's scope once per query (``(SELECT f())`` is an init plan), and a ticket row is
then a ``location = ANY(array)`` test the location index can use. ``ows_audit_tail()`` is the one function
that reads past the policies, and it returns only the last entry's id and hash, which every workstation needs
to chain its own audit entry to the trail it may not read."""

from __future__ import annotations

GROUPS = ("ows_director", "ows_investigator", "ows_manager", "ows_sync")

_SCOPE = "((SELECT ows_sees_all()) OR {expr} = ANY ((SELECT ows_my_locations())::text[]))"


def _via_ticket(table: str, column: str, ticket_column: str) -> str:
    """A policy expression for a table whose rows reach their location through their ticket."""
    return (
        "((SELECT ows_sees_all()) OR EXISTS (SELECT 1 FROM tickets AS t "
        f"WHERE t.{ticket_column} = {table}.{column} AND t.location = ANY ((SELECT ows_my_locations())::text[])))"
    )


# table -> policy expression (USING and WITH CHECK). tests/core/store/test_team_roles_policies.py fails when
# a table holding location-bound data is missing here.
LOCATION_POLICIES: dict[str, str] = {
    "tickets": _SCOPE.format(expr="location"),
    "ticket_docs": _via_ticket("ticket_docs", "rid", "rid"),
    "ticket_terminals": _SCOPE.format(expr="location"),
    "ticket_exceptions": _via_ticket("ticket_exceptions", "rid", "rid"),
    "flags": _via_ticket("flags", "ticket_key", "key"),
    "mapped_terminals": _SCOPE.format(expr="location"),
    "terminal_cameras": _SCOPE.format(expr="location"),
    "location_offsets": _SCOPE.format(expr="location"),
    # exception-rule facts and the rule queue (helper pga's schema v6)
    "ticket_facts": _via_ticket("ticket_facts", "rid", "rid"),
    "ticket_items": _SCOPE.format(expr="location"),
    "rules_pending": _via_ticket("rules_pending", "rid", "rid"),
    "case_tickets": _via_ticket("case_tickets", "ticket_key", "key"),
    # A case's header (number, title, status) is seen by every investigator, so cases can be handed over
    # and numbered without gaps or clashes (the next number is read from the table); a manager sees the
    # cases of her stores or assigned to her. The tickets of a case stay behind their own policy above.
    "cases": "((SELECT ows_sees_all()) OR (SELECT ows_in_group('ows_investigator')) OR assignee = current_user "
    "OR location = ANY ((SELECT ows_my_locations())::text[]))",
}

# The audit trail: an entry is seen by whoever sees its ticket, and by its own author (exports and case
# entries have no ticket). An entry is written only under the writer's own role name, only for a ticket
# the writer sees (or an export or case subject), and never an export by a manager (managers review, not export).
_AUDIT_SEE = (
    "((SELECT ows_sees_all()) OR db_role = current_user "
    "OR (ticket_key LIKE 'case:%' AND (SELECT ows_in_group('ows_investigator'))) OR EXISTS (SELECT 1 FROM tickets AS t "
    "WHERE t.key = review_audit.ticket_key AND t.location = ANY ((SELECT ows_my_locations())::text[])))"
)
_AUDIT_ADD = (
    "(db_role = current_user AND NOT ((SELECT ows_in_group('ows_manager')) "
    "AND action IN ('export', 'case_export')) AND ((SELECT ows_sees_all()) OR EXISTS (SELECT 1 FROM tickets AS t "
    "WHERE t.key = review_audit.ticket_key AND t.location = ANY ((SELECT ows_my_locations())::text[])) "
    "OR ticket_key LIKE 'export:%' OR ticket_key LIKE 'case:%'))"
)
_ASSIGN_SEE = "(member = current_user OR (SELECT ows_sees_all()))"
_ASSIGN_CHANGE = "((SELECT ows_is_owner()) OR (SELECT ows_in_group('ows_director')))"

_FUNCTIONS: tuple[str, ...] = (
    # Does the current role belong to the named group? False when the group does not exist (yet).
    """
    CREATE FUNCTION ows_in_group(name text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(bool_or(pg_has_role(current_user, r.oid, 'MEMBER')), false)
        FROM pg_roles AS r WHERE r.rolname = name
    $$
    """,
    # The owner of the store (whoever ran store init) administers it.
    """
    CREATE FUNCTION ows_is_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(current_user, c.relowner, 'MEMBER')
        FROM pg_class AS c WHERE c.oid = 'ows_schema'::regclass
    $$
    """,
    """
    CREATE FUNCTION ows_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT ows_is_owner() OR ows_in_group('ows_director') OR ows_in_group('ows_sync')
    $$
    """,
    """
    CREATE TABLE ows_assignments (
        member text COLLATE "C" NOT NULL,
        location text COLLATE "C" NOT NULL,
        granted_us bigint NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint,
        granted_by text NOT NULL DEFAULT current_user,
        PRIMARY KEY (member, location)
    )
    """,
    """
    CREATE FUNCTION ows_my_locations() RETURNS text[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(location), '{}') FROM ows_assignments WHERE member = current_user
    $$
    """,
    """
    CREATE FUNCTION ows_audit_tail(OUT id bigint, OUT hash text) RETURNS SETOF record
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
        SELECT a.id, a.hash FROM review_audit AS a ORDER BY a.id DESC LIMIT 1
    $$
    """,
    "REVOKE ALL ON FUNCTION ows_audit_tail() FROM PUBLIC",
    # The sync role writes tickets of a new month without owning the tables: the owner makes the partition
    # (partitions.ensure_months calls this), and only a ticket-month partition of tickets or ticket_docs.
    """
    CREATE FUNCTION ows_create_partition(parent text, name text, lo bigint, hi bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        IF parent NOT IN ('tickets', 'ticket_docs') OR name !~ ('^' || parent || '_[0-9]{4}_[0-9]{2}$') THEN
            RAISE EXCEPTION 'only a monthly partition of tickets or ticket_docs can be made here'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)',
                       name, parent, lo, hi);
    END
    $$
    """,
    "REVOKE ALL ON FUNCTION ows_create_partition(text, text, bigint, bigint) FROM PUBLIC",
    # store.review.entry_hash in SQL: length-prefixed fields (the OS user and role when recorded), SHA-256
    """
    CREATE FUNCTION ows_chain_hash(prev text, id bigint, ticket_key text, at_us bigint, who text, host text,
                                   action text, changes text, os_user text, db_role text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(
            length(prev) || ':' || prev || length(id::text) || ':' || id::text
            || length(ticket_key) || ':' || ticket_key || length(at_us::text) || ':' || at_us::text
            || length(who) || ':' || who || length(host) || ':' || host
            || length(action) || ':' || action || length(changes) || ':' || changes
            || CASE WHEN os_user IS NULL THEN ''
                    ELSE length(os_user) || ':' || os_user
                         || CASE WHEN db_role IS NULL THEN '-1:-' ELSE length(db_role) || ':' || db_role END
               END, 'UTF8')), 'hex')
    $$
    """,
    # Whether each given entry chains onto its predecessor, for a role that may not read the predecessor
    # (an investigator's export checks its tickets' entries): a yes or no per id, nothing of the entries.
    """
    CREATE FUNCTION ows_audit_links(ids bigint[]) RETURNS TABLE (id bigint, ok boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
        SELECT a.id, coalesce(a.hash = ows_chain_hash(
            CASE WHEN a.id = 1 THEN repeat('0', 64) ELSE p.hash END,
            a.id, a.ticket_key, a.at_us, a.who, a.host, a.action, a.changes, a.os_user, a.db_role), false)
        FROM review_audit AS a LEFT JOIN review_audit AS p ON p.id = a.id - 1
        WHERE a.id = ANY(ids)
    $$
    """,
    "REVOKE ALL ON FUNCTION ows_audit_links(bigint[]) FROM PUBLIC",
    # Nobody can append a forged entry either: the next id and the chained hash (store.review.entry_hash,
    # length-prefixed fields, SHA-256) are checked against the real tail, which the writer may not read.
    """
    CREATE FUNCTION ows_audit_check() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path FROM CURRENT AS $$
    DECLARE
        last_id bigint;
        last_hash text;
    BEGIN
        SELECT a.id, a.hash INTO last_id, last_hash FROM review_audit AS a ORDER BY a.id DESC LIMIT 1;
        IF last_id IS NULL THEN
            last_id := 0;
            last_hash := repeat('0', 64);
        END IF;
        IF NEW.id <> last_id + 1 OR NEW.hash IS DISTINCT FROM ows_chain_hash(last_hash, NEW.id, NEW.ticket_key,
                NEW.at_us, NEW.who, NEW.host, NEW.action, NEW.changes, NEW.os_user, NEW.db_role) THEN
            RAISE EXCEPTION 'an audit entry must follow the last one (id %, chained hash)', last_id + 1
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER review_audit_chained BEFORE INSERT ON review_audit
    FOR EACH ROW EXECUTE FUNCTION ows_audit_check()
    """,
)


def _policies() -> tuple[str, ...]:
    statements: list[str] = []
    for table, expression in LOCATION_POLICIES.items():
        statements += _forced(table)
        statements.append(f"CREATE POLICY ows_scope ON {table} USING {expression} WITH CHECK {expression}")
    statements += _forced("review_audit")
    statements.append(f"CREATE POLICY ows_audit_read ON review_audit FOR SELECT USING {_AUDIT_SEE}")
    statements.append(f"CREATE POLICY ows_audit_append ON review_audit FOR INSERT WITH CHECK {_AUDIT_ADD}")
    statements += _forced("ows_assignments")
    statements.append(f"CREATE POLICY ows_assign_read ON ows_assignments FOR SELECT USING {_ASSIGN_SEE}")
    for command in ("INSERT", "UPDATE", "DELETE"):
        check = f"WITH CHECK {_ASSIGN_CHANGE}" if command == "INSERT" else f"USING {_ASSIGN_CHANGE}"
        statements.append(
            f"CREATE POLICY ows_assign_{command.lower()} ON ows_assignments FOR {command} {check}"
        )
    return tuple(statements)


def _forced(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
    ]


# Tables that hold location-bound data (for the completeness test and `store roles`).
POLICY_TABLES = (*LOCATION_POLICIES, "review_audit", "ows_assignments")

MIGRATION: tuple[str, ...] = (*_FUNCTIONS, *_policies())


def sync_writes_people_read(table: str) -> str:
    """A step for a table added to a store whose group roles may exist already (`store roles` ran before the
    upgrade): every group reads it, the sync role writes it at once, as ``roles.PRIVILEGES`` grants."""
    return f"""
    DO $$
    DECLARE
        g text;
    BEGIN
        FOREACH g IN ARRAY ARRAY['ows_director', 'ows_investigator', 'ows_manager', 'ows_sync'] LOOP
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
                EXECUTE format('GRANT SELECT ON {table} TO %I', g);
            END IF;
        END LOOP;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ows_sync') THEN
            GRANT INSERT, UPDATE, DELETE ON {table} TO ows_sync;
        END IF;
    END
    $$
    """
