"""Schema v9: the (location, operator) pairs seen, as ``ticket_terminals`` keeps the registers', so the operator
picker lists the chosen store's cashiers. Before, it listed every operator of the chain whatever the store
chosen, and one of another store matched no receipt. Filled from the tickets already stored (one scan, once)."""

from __future__ import annotations

import sqlite3

TABLE = """
    CREATE TABLE ticket_operators (
        location TEXT NOT NULL,
        operator TEXT NOT NULL,
        PRIMARY KEY (location, operator)
    ) WITHOUT ROWID
"""


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute(TABLE)
    conn.execute(
        "INSERT OR IGNORE INTO ticket_operators (location, operator) "
        "SELECT DISTINCT coalesce(location, ''), operator FROM tickets WHERE operator > ''"
    )
