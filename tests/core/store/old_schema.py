"""SQLite caches as earlier schemas left them, for the migration tests: what a later migration adds is taken
away again (this code's writer fills it, so a test that writes with it into an older schema adds it first)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ows_desktop.store.migrations.v9_ticket_operators import TABLE as OPERATORS_V9
from ows_desktop.store.migrations.v10_operator_ids import TABLE as OPERATORS_V10


def as_v9_left_it(conn: sqlite3.Connection) -> None:
    """Take away what v10 adds: the tickets' employee IDs, and the operator picker's rows by them."""
    conn.execute("DROP INDEX tickets_operator_id")
    conn.execute("ALTER TABLE tickets DROP COLUMN operator_id")
    conn.execute("DROP TABLE ticket_operators")
    conn.execute(OPERATORS_V9)


def as_v8_left_it(conn: sqlite3.Connection) -> None:
    as_v9_left_it(conn)
    conn.execute("DROP TABLE ticket_operators")


@contextmanager
def this_codes_columns(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside: the columns and tables this code's insert writes that a cache of an early schema has none of
    (v9's operator picker rows, v10's employee IDs); taken away again after."""
    conn.execute("ALTER TABLE tickets ADD COLUMN operator_id TEXT NOT NULL DEFAULT ''")
    conn.execute(OPERATORS_V10)
    yield
    conn.execute("DROP TABLE ticket_operators")
    conn.execute("ALTER TABLE tickets DROP COLUMN operator_id")
