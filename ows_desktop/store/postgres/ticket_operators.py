"""Team-store schema step: the (location, operator) pairs seen, as ``ticket_terminals`` keeps the registers',
so the operator picker lists the chosen store's cashiers (as the SQLite store's v9,
:mod:`ows_desktop.store.migrations.v9_ticket_operators`, which says why). Filled from the tickets stored;
seen under the same policy as the tickets of its location."""

from __future__ import annotations

from ows_desktop.store.postgres.rls_schema import sync_writes_people_read

# The same policy as tickets (rls_schema._SCOPE, frozen here with this migration).
_SCOPE = "((SELECT ows_sees_all()) OR location = ANY ((SELECT ows_my_locations())::text[]))"

MIGRATION: tuple[str, ...] = (
    """
    CREATE TABLE ticket_operators (
        location text COLLATE "C" NOT NULL,
        operator text COLLATE "C" NOT NULL,
        PRIMARY KEY (location, operator)
    )
    """,
    "INSERT INTO ticket_operators (location, operator) "
    "SELECT DISTINCT location, operator FROM tickets WHERE operator > ''",
    "ALTER TABLE ticket_operators ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE ticket_operators FORCE ROW LEVEL SECURITY",
    f"CREATE POLICY ows_scope ON ticket_operators USING {_SCOPE} WITH CHECK {_SCOPE}",
    # a store whose roles exist already (store roles ran before this upgrade): as ticket_terminals, the sync
    # role writes the pairs and the people read theirs; `store roles` grants the same (roles.PRIVILEGES)
    sync_writes_people_read("ticket_operators"),
)
