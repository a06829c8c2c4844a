"""Team-store schema step: review notifications carry no ticket key.

``LISTEN`` is open to every role and a notification's payload bypasses row-level security, so a payload
naming the changed ticket told every listening workstation which tickets of every store were being
reviewed. The review trigger now notifies with an empty payload; each listener asks which tickets changed
(:class:`~ows_desktop.store.postgres.live.PgChangeFeed` reads the audit entries after the last one it saw),
and that read goes through the policies, so a manager learns of her own store's changes only."""

from __future__ import annotations

from ows_desktop.store.postgres.team_sql import REVIEW_CHANNEL

MIGRATION: tuple[str, ...] = (
    f"""
    CREATE OR REPLACE FUNCTION ows_notify_review() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('{REVIEW_CHANNEL}', '');
        RETURN NULL;
    END
    $$
    """,
)
