"""Schema v10: the employee ID of each ticket's operator (``tickets.operator_id``, '' when the ticket carries
none), and the operator picker's rows by it (``ticket_operators``: location, operator_id, operator).

Before, a ticket kept its operator's name alone, so two cashiers of one name in two stores (E1014 at S027,
E1053 at S063) were one person to the Exceptions ranking, its click-through and the operator filter
(:mod:`ows_desktop.store.operators`). The IDs of the tickets already stored are read from their raw JSON, as
the normaliser reads them (a one-off pass over every stored page); a ticket whose JSON cannot be read keeps
no ID, as it keeps the rest of its columns, rather than leave the cache unopenable."""

from __future__ import annotations

import sqlite3
import zlib
from typing import Any

from ows_desktop.store.rawjson import load_codec

TABLE = """
    CREATE TABLE ticket_operators (
        location TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        operator TEXT NOT NULL,
        PRIMARY KEY (location, operator_id, operator)
    ) WITHOUT ROWID
"""
_BATCH = 2000


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE tickets ADD COLUMN operator_id TEXT NOT NULL DEFAULT ''")
    _backfill(conn)
    conn.execute("CREATE INDEX tickets_operator_id ON tickets(operator_id)")
    conn.execute("DROP TABLE ticket_operators")
    conn.execute(TABLE)
    conn.execute(
        "INSERT OR IGNORE INTO ticket_operators (location, operator_id, operator) "
        "SELECT DISTINCT coalesce(location, ''), operator_id, operator FROM tickets "
        "WHERE operator > '' OR operator_id > ''"
    )


def _backfill(conn: sqlite3.Connection) -> None:
    """Each stored ticket's employee ID from its raw JSON: a page (schema v6) inflated once for its tickets."""
    import json

    from ows_desktop.ows.tickets import operator_id_of  # the normaliser is heavier than the store

    codec = load_codec(conn)
    cursor = conn.execute("SELECT rid, raw, page, at, len FROM ticket_docs ORDER BY page, at")
    page_id: int | None = None
    inflated = b""
    while chunk := cursor.fetchmany(_BATCH):
        found: list[tuple[str, int]] = []
        for rid, stored, page, at, length in chunk:
            raw: Any = None
            try:
                if page is None:
                    raw = codec.decode(stored)
                else:
                    if page != page_id:
                        row = conn.execute("SELECT data FROM raw_pages WHERE id = ?", (page,)).fetchone()
                        page_id, inflated = page, codec.inflate(row[0]) if row else b""
                    raw = json.loads(inflated[at : at + length].decode("utf-8"))
            except (zlib.error, UnicodeDecodeError, ValueError):
                continue
            operator_id = operator_id_of(raw)
            if operator_id:
                found.append((operator_id, rid))
        conn.executemany("UPDATE tickets SET operator_id = ? WHERE rid = ?", found)
