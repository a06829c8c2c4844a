"""Schema v7: who made each review audit entry, beyond the ``who`` name: the workstation's OS user and the
database role (always NULL in the single-seat cache, which has no roles; the team store records its
``current_user``). Older entries keep NULL in both and verify as before (see
:func:`ows_desktop.store.review.entry_hash`)."""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE review_audit ADD COLUMN os_user TEXT")
    conn.execute("ALTER TABLE review_audit ADD COLUMN db_role TEXT")
