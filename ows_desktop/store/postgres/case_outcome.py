"""Team-store schema step: a case keeps the outcome it was concluded with when it is closed (as the SQLite
store's v8, :mod:`ows_desktop.store.migrations.v8_case_outcome`, which says why); a case closed before gets
the outcome its last close came from, read from its audit trail."""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    "ALTER TABLE cases ADD COLUMN outcome text",
    "UPDATE cases SET outcome = status WHERE status IN ('loss_confirmed', 'no_loss')",
    """
    UPDATE cases SET outcome = (
        SELECT a.changes::jsonb #>> '{status,0}' FROM review_audit AS a
        WHERE a.ticket_key = 'case:' || cases.number AND a.action = 'case_update'
          AND a.changes::jsonb #>> '{status,1}' = 'closed'
        ORDER BY a.id DESC LIMIT 1
    ) WHERE status = 'closed'
    """,
    "UPDATE cases SET outcome = NULL WHERE outcome NOT IN ('loss_confirmed', 'no_loss')",
)
