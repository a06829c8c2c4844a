"""Schema v8: a case keeps the outcome it was concluded with (``loss_confirmed`` or ``no_loss``) when it is
closed. Closing moved a case from "No loss" to "Closed", and every view, ``case show`` and the evidence then
said only "Closed", with a loss figure, for a case the investigator concluded had no loss: the outcome lived on
only in the history. A case closed before v8 gets the outcome its last close came from, read from its audit
trail (unchanged: the trail is append-only)."""

from __future__ import annotations

import sqlite3

BACKFILL = (
    "UPDATE cases SET outcome = status WHERE status IN ('loss_confirmed', 'no_loss')",
    """
    UPDATE cases SET outcome = (
        SELECT json_extract(a.changes, '$.status[0]') FROM review_audit AS a
        WHERE a.ticket_key = 'case:' || cases.number AND a.action = 'case_update'
          AND json_extract(a.changes, '$.status[1]') = 'closed'
        ORDER BY a.id DESC LIMIT 1
    ) WHERE status = 'closed'
    """,
    "UPDATE cases SET outcome = NULL WHERE outcome NOT IN ('loss_confirmed', 'no_loss')",
)


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE cases ADD COLUMN outcome TEXT")
    for statement in BACKFILL:
        conn.execute(statement)
