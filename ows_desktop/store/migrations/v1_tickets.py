"""Schema v1: the ticket cache itself.

* ``tickets``: one compact row per ticket, normalised columns only; ``rid`` is the time-ordered rowid
  (see :mod:`ows_desktop.store.timekeys`). Text filter columns hold '' rather than NULL so keyset
  comparisons stay simple.
* ``ticket_docs``: same rowid; the line/discount search words and the raw JSON (zlib BLOB or TEXT). Kept
  out of ``tickets`` so filter scans over ``tickets`` stay small.
* ``ticket_search`` (view) is the external content of ``ticket_fts``: the indexed text is assembled from
  the two tables, so it is stored once.
* ``raw_dicts``: zlib preset dictionaries for the raw JSON, by Adler-32 id (see ``rawjson``).
* ``ticket_terminals``: the (location, terminal) pairs seen, for the filter pickers.
* ``flags``: minimal investigator flags, keyed by ticket key so they survive a ticket's rowid move.
* ``sync_windows``: sync checkpoints (persist-time sub-windows with their cursor).

A migration is frozen once released: a later change is a new migration, never an edit here."""

from __future__ import annotations

import sqlite3

# The indexed text of a ticket. Any change here needs a migration that rebuilds ticket_fts.
SEARCH_TEXT_SQL = (
    "ifnull(t.id, '') || ' ' || ifnull(t.number, '') || ' ' || t.location || ' ' || t.terminal || ' ' "
    "|| t.operator || ' ' || t.status || ' ' || d.terms"
)

_V1 = (
    """
    CREATE TABLE tickets (
        rid INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        id TEXT,
        number TEXT,
        location TEXT NOT NULL DEFAULT '',
        terminal TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        start_us INTEGER,
        end_us INTEGER,
        persisted_us INTEGER,
        total REAL,
        subtotal REAL,
        tax REAL,
        line_count INTEGER NOT NULL DEFAULT 0,
        has_void INTEGER NOT NULL DEFAULT 0,
        has_refund INTEGER NOT NULL DEFAULT 0,
        is_no_sale INTEGER NOT NULL DEFAULT 0,
        discount_total REAL NOT NULL DEFAULT 0,
        first_seen_us INTEGER NOT NULL,
        updated_us INTEGER NOT NULL
    )
    """,
    "CREATE INDEX tickets_location ON tickets(location)",
    "CREATE INDEX tickets_terminal ON tickets(terminal)",
    "CREATE INDEX tickets_operator ON tickets(operator)",
    "CREATE INDEX tickets_status ON tickets(status)",
    "CREATE INDEX tickets_total ON tickets(total)",
    "CREATE INDEX tickets_persisted ON tickets(persisted_us)",
    """
    CREATE TABLE ticket_docs (
        rid INTEGER PRIMARY KEY,
        terms TEXT NOT NULL,
        raw BLOB NOT NULL
    )
    """,
    f"""
    CREATE VIEW ticket_search(rid, body) AS
    SELECT t.rid, {SEARCH_TEXT_SQL} FROM tickets AS t JOIN ticket_docs AS d ON d.rid = t.rid
    """,
    """
    CREATE VIRTUAL TABLE ticket_fts USING fts5(
        body,
        content = 'ticket_search',
        content_rowid = 'rid',
        tokenize = 'unicode61 remove_diacritics 2',
        columnsize = 0
    )
    """,
    """
    CREATE TABLE raw_dicts (
        id INTEGER PRIMARY KEY,
        data BLOB NOT NULL,
        created_us INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE ticket_terminals (
        location TEXT NOT NULL,
        terminal TEXT NOT NULL,
        PRIMARY KEY (location, terminal)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE flags (
        ticket_key TEXT PRIMARY KEY,
        reason TEXT,
        state TEXT NOT NULL DEFAULT 'open',
        created_us INTEGER NOT NULL,
        updated_us INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE sync_windows (
        id INTEGER PRIMARY KEY,
        start_us INTEGER NOT NULL,
        end_us INTEGER NOT NULL CHECK (end_us > start_us),
        cursor TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        tickets INTEGER NOT NULL DEFAULT 0,
        empty_pages INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        updated_us INTEGER NOT NULL
    )
    """,
)


def migrate(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)
