"""Schema v5: investigation cases (see :mod:`ows_desktop.store.cases`).

* ``cases``: one row per case; ``number`` (``C-<year>-<seq>``) is unique and never reused (no case is ever
  deleted: a trigger refuses it), ``(year, seq)`` too.
* ``case_tickets``: which tickets a case holds (by ticket key, so a ticket's rowid may move)."""

from __future__ import annotations

import sqlite3

_V5 = (
    """
    CREATE TABLE cases (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        number TEXT NOT NULL UNIQUE,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        title TEXT NOT NULL,
        operator TEXT,
        location TEXT,
        terminal TEXT,
        status TEXT NOT NULL,
        assignee TEXT,
        loss_override REAL,
        loss_reason TEXT,
        created_us INTEGER NOT NULL,
        updated_us INTEGER NOT NULL,
        UNIQUE (year, seq)
    )
    """,
    "CREATE INDEX cases_status ON cases(status)",
    "CREATE INDEX cases_assignee ON cases(assignee)",
    "CREATE INDEX cases_location ON cases(location)",
    """
    CREATE TABLE case_tickets (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        ticket_key TEXT NOT NULL,
        added_us INTEGER NOT NULL,
        PRIMARY KEY (case_id, ticket_key)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX case_tickets_ticket ON case_tickets(ticket_key)",
    """
    CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases BEGIN
        SELECT RAISE(ABORT, 'cases are never deleted (close them): their numbers must stay unique');
    END
    """,
)


def migrate(conn: sqlite3.Connection) -> None:
    for statement in _V5:
        conn.execute(statement)
