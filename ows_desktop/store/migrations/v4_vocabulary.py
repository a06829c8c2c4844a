"""Schema v4: the full-text vocabulary (see :mod:`ows_desktop.store.fulltext`: prefix terms become an OR of
whole tokens)."""

from __future__ import annotations

import sqlite3

from ows_desktop.store.fulltext import backfill_terms


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE fts_terms (term TEXT PRIMARY KEY) WITHOUT ROWID")
    backfill_terms(conn)
