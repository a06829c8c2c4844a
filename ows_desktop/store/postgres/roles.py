"""The team store's roles: the group roles and their privileges (``store roles``), people's scopes
(``store grant|revoke``) and the signed-in person's scope for the window.

Four NOLOGIN group roles; each person is a LOGIN role that is a member of one of them:

- ``ows_director``: every location; reviews, exports, and assigns locations to people;
- ``ows_investigator``: the locations assigned to them; reviews and exports;
- ``ows_manager``: the locations assigned to them; reviews, never exports;
- ``ows_sync``: the only role that writes tickets and checkpoints; cannot read flags, notes or the audit trail.

Rows are filtered by the policies of :mod:`.rls_schema`; what a role may do at all is the table privileges
below. No role gets UPDATE or DELETE on the audit trail, and PUBLIC gets nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ows_desktop.store.errors import StoreError
from ows_desktop.store.postgres.rls_schema import GROUPS
from ows_desktop.store.scope import Scope

if TYPE_CHECKING:
    from psycopg import Connection

ROLE_NAMES = {
    "director": "ows_director",
    "investigator": "ows_investigator",
    "manager": "ows_manager",
    "sync": "ows_sync",
}

_R, _REVIEW, _RW = "SELECT", "SELECT, INSERT, UPDATE", "SELECT, INSERT, UPDATE, DELETE"
_TICKET_DATA = {"ows_director": _R, "ows_investigator": _R, "ows_manager": _R, "ows_sync": _RW}
_RULES = {"ows_director": _RW, "ows_investigator": _RW, "ows_manager": _R, "ows_sync": _RW}
_MAPPING = {"ows_director": _RW, "ows_investigator": _RW, "ows_manager": _R}

# table -> group -> privileges. Every table of the schema must be listed (a test checks it): a new table
# is nobody's until someone decides who may use it.
PRIVILEGES: dict[str, dict[str, str]] = {
    "ows_schema": {group: _R for group in GROUPS},
    "tickets": _TICKET_DATA,
    "ticket_docs": _TICKET_DATA,
    "ticket_terminals": _TICKET_DATA,
    "ticket_operators": _TICKET_DATA,
    "ticket_words": _TICKET_DATA,  # the vocabulary of prefix search (search_words), per location as tickets
    "location_offsets": _TICKET_DATA,
    "sync_windows": _TICKET_DATA,
    "sync_status": _TICKET_DATA,  # who syncs now (pgb's claim); everyone may watch it
    "ticket_exceptions": {**_TICKET_DATA, "ows_director": _RW, "ows_investigator": _RW},
    "flags": {"ows_director": _REVIEW, "ows_investigator": _REVIEW, "ows_manager": _REVIEW},
    "review_audit": {
        "ows_director": "SELECT, INSERT",
        "ows_investigator": "SELECT, INSERT",
        "ows_manager": "SELECT, INSERT",
    },
    "cameras": _MAPPING,
    "mapped_terminals": _MAPPING,
    "terminal_cameras": _MAPPING,
    "ticket_facts": _RULES,
    "ticket_items": _RULES,
    "rules_pending": _RULES,
    "review_meta": _RULES,
    "cases": {"ows_director": _REVIEW, "ows_investigator": _REVIEW, "ows_manager": _R},
    "case_tickets": {"ows_director": _RW, "ows_investigator": _RW, "ows_manager": _R},
    # retention writes it; a person takes a ticket it removed out of a case (case_retained_out)
    "case_retention": {
        "ows_director": "SELECT, DELETE",
        "ows_investigator": "SELECT, DELETE",
        "ows_manager": _R,
    },
    "team_tenant": _TICKET_DATA,  # which OWS tenant the store holds (bound by the first sync or copy)
    "copy_progress": {},  # store copy: the owner's job
    "ows_assignments": {"ows_director": _RW, "ows_investigator": _R, "ows_manager": _R, "ows_sync": _R},
}
_SEQUENCE_USERS = (
    "ows_director",
    "ows_investigator",
    "ows_sync",
)  # identity columns of mapping + checkpoints
_AUDIT_WRITERS = ("ows_director", "ows_investigator", "ows_manager")


def roles_sql() -> str:
    """The SQL that creates the group roles and grants their privileges (idempotent; run by the owner of
    the store's tables, who needs CREATEROLE for the roles)."""
    lines = ["-- OWS Desktop team store: group roles and privileges (ows-desktop store roles URL)", "BEGIN;"]
    for group in GROUPS:
        lines.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN "
            f"CREATE ROLE {group} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS; END IF; END $$;"
        )
    everyone = ", ".join(GROUPS)
    lines.append(
        f"DO $$ BEGIN EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema()); "
        f"EXECUTE format('GRANT USAGE ON SCHEMA %I TO {everyone}', current_schema()); END $$;"
    )
    for table, grants in PRIVILEGES.items():
        lines.append(f"REVOKE ALL ON {table} FROM PUBLIC, {everyone};")
        lines += [
            f"GRANT {privileges} ON {table} TO {group};" for group, privileges in grants.items() if privileges
        ]
    lines.append(
        "DO $$ DECLARE s record; BEGIN FOR s IN SELECT sequence_name FROM information_schema.sequences "
        "WHERE sequence_schema = current_schema() LOOP "
        f"EXECUTE format('GRANT USAGE ON SEQUENCE %I TO {', '.join(_SEQUENCE_USERS)}', s.sequence_name); "
        "END LOOP; END $$;"
    )
    lines.append(  # not even the owner changes the audit trail (the triggers refuse it too)
        "DO $$ BEGIN EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON review_audit FROM %I', "
        "(SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'review_audit')); "
        "END $$;"
    )
    lines.append(f"GRANT EXECUTE ON FUNCTION ows_audit_tail() TO {', '.join(_AUDIT_WRITERS)};")
    lines.append("GRANT EXECUTE ON FUNCTION ows_create_partition(text, text, bigint, bigint) TO ows_sync;")
    lines.append(f"GRANT EXECUTE ON FUNCTION ows_audit_links(bigint[]) TO {', '.join(_AUDIT_WRITERS)};")
    lines.append("GRANT EXECUTE ON FUNCTION ows_next_case_seq(integer) TO ows_director, ows_investigator;")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def apply_roles(conn: Connection[Any]) -> None:
    """Run :func:`roles_sql` on ``conn`` (autocommit; the SQL is one transaction)."""
    conn.execute(roles_sql())


def read_scope(conn: Connection[Any]) -> Scope:
    """The scope of the connection's role (after the RLS migration)."""
    user, owner, director, sync = conn.execute(
        "SELECT current_user, ows_is_owner(), ows_in_group('ows_director'), ows_in_group('ows_sync')"
    ).fetchone() or ("", False, False, False)
    if owner or director or sync:
        return Scope("owner" if owner else "director" if director else "sync", (), True, user)
    role = ""
    for name in ("investigator", "manager"):
        if conn.execute("SELECT ows_in_group(%s)", (ROLE_NAMES[name],)).fetchone() == (True,):
            role = name
            break
    if not role:  # no OWS role: the assignments are not readable, and there are none
        return Scope("", (), False, user)
    locations = tuple(
        loc
        for (loc,) in conn.execute(
            "SELECT location FROM ows_assignments WHERE member = current_user ORDER BY location"
        )
    )
    return Scope(role, locations, False, user)


def role_name(role: str) -> str:
    try:
        return ROLE_NAMES[role]
    except KeyError:
        raise StoreError(f"Unknown role {role!r}; use one of {', '.join(ROLE_NAMES)}.") from None


def parse_locations(text: str | None) -> list[str]:
    """``"S012,S044"`` → ``["S012", "S044"]``; StoreError (exit 2) for an empty list."""
    locations = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not locations:
        raise StoreError(
            "Give the locations as a comma-separated list of store ids, e.g. --locations S012,S044."
        )
    return list(dict.fromkeys(locations))


def grant(conn: Connection[Any], user: str, role: str, locations: Sequence[str]) -> None:
    """Make ``user`` (a LOGIN role, created without a password if missing) a member of ``role``'s group
    only, and assign it ``locations``; one transaction."""
    group = role_name(role)
    with conn.transaction():
        _check_person(conn, user, create=True)
        for other in GROUPS:
            if other != group and _is_member(conn, user, other):
                conn.execute(f"REVOKE {other} FROM {_ident(conn, user)}")
        if not _is_member(conn, user, group):
            conn.execute(f"GRANT {group} TO {_ident(conn, user)}")
        conn.cursor().executemany(
            "INSERT INTO ows_assignments (member, location) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            [(user, location) for location in locations],
        )


def unknown_locations(conn: Connection[Any], locations: Sequence[str]) -> list[str]:
    """Those of ``locations`` no ticket of the store has (ids are case-sensitive: ``s012`` is not ``S012``)."""
    known = {row[0] for row in conn.execute("SELECT location FROM ticket_terminals WHERE location = ANY(%s)",
                                            (list(locations),))}  # fmt: skip
    return [location for location in locations if location not in known]


def revoke(conn: Connection[Any], user: str, locations: Iterable[str] | None) -> int:
    """Take ``locations`` (None: every location and the group membership) from ``user``; rows removed."""
    with conn.transaction():
        _check_person(conn, user, create=False)
        if locations is None:
            cur = conn.execute("DELETE FROM ows_assignments WHERE member = %s", (user,))
            for group in GROUPS:
                if _is_member(conn, user, group):
                    conn.execute(f"REVOKE {group} FROM {_ident(conn, user)}")
        else:
            cur = conn.execute(
                "DELETE FROM ows_assignments WHERE member = %s AND location = ANY(%s)",
                (user, list(locations)),
            )
        return cur.rowcount


def _ident(conn: Connection[Any], name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name).as_string(conn)


def _is_member(conn: Connection[Any], user: str, group: str) -> bool:
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = %s AND u.rolname = %s)",
        (group, user),
    ).fetchone()
    return bool(row and row[0])


def _check_person(conn: Connection[Any], user: str, *, create: bool) -> None:
    """A person's role must be a plain login: never a superuser, BYPASSRLS, or the store's owner."""
    if user in GROUPS:
        raise StoreError(f"{user} is a group role; grant a person's login role instead.")
    row = conn.execute(
        "SELECT rolsuper, rolbypassrls, pg_has_role(oid, (SELECT relowner FROM pg_class "
        "WHERE oid = 'ows_schema'::regclass), 'MEMBER') FROM pg_roles WHERE rolname = %s",
        (user,),
    ).fetchone()
    if row is None:
        if not create:
            raise StoreError(f"There is no database role {user!r}; nothing to revoke.")
        conn.execute(
            f"CREATE ROLE {_ident(conn, user)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB"
        )
        return
    if row[0] or row[1] or row[2]:
        raise StoreError(
            f"{user!r} is a superuser, has BYPASSRLS or owns the store: row-level security cannot limit it. "
            "Give the person a plain login role of their own."
        )
