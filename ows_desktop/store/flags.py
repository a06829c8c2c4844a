"""Reading a ticket's flag. Every change goes through :mod:`ows_desktop.store.review`, which keeps the audit
trail; nothing else writes the flags table."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Flag:
    ticket_key: str
    reason: str | None
    state: str
    created_us: int
    updated_us: int


def get_flag(conn: sqlite3.Connection, ticket_key: str) -> Flag | None:
    row = conn.execute(
        "SELECT ticket_key, reason, state, created_us, updated_us FROM flags WHERE ticket_key = ?",
        (ticket_key,),
    ).fetchone()
    return None if row is None else Flag(*row)
