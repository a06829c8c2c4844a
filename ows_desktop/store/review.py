"""Investigator review: flags with reasons and states, notes, the append-only audit trail, and exception
rule results per ticket (schema migration v3)."""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    """Schema v2 → v3: review and rule-result tables."""
