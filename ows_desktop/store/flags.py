"""Investigator flags on tickets (minimal for now; the review workflow extends the table by migration)."""

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


def set_flag(conn: sqlite3.Connection, ticket_key: str, reason: str | None, state: str, now_us: int) -> None:
    conn.execute(
        "INSERT INTO flags (ticket_key, reason, state, created_us, updated_us) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (ticket_key) DO UPDATE SET reason = excluded.reason, state = excluded.state, "
        "updated_us = excluded.updated_us",
        (ticket_key, reason, state, now_us, now_us),
    )


def clear_flag(conn: sqlite3.Connection, ticket_key: str) -> bool:
    return conn.execute("DELETE FROM flags WHERE ticket_key = ?", (ticket_key,)).rowcount > 0


def get_flag(conn: sqlite3.Connection, ticket_key: str) -> Flag | None:
    row = conn.execute(
        "SELECT ticket_key, reason, state, created_us, updated_us FROM flags WHERE ticket_key = ?",
        (ticket_key,),
    ).fetchone()
    return None if row is None else Flag(*row)
