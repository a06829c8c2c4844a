"""Team-store schema step: a rules run notifies the tickets channel.

Why: the live views (:mod:`.live`) re-read the table, the open receipt and the exceptions when the tickets
channel speaks, and until now only a statement on ``tickets`` made it speak. The rules run after a sync's
pages, in transactions of their own that rewrite a scope's ``ticket_exceptions`` and delete that scope from
``rules_pending`` (store/rule_eval.py: every evaluation does both, a whole-store run too, whose scopes may
have nothing queued): the findings of the run after a sync's last page reached an open window only at its
next landing of tickets or when the person moved. A statement trigger on that delete covers every
evaluation; a run with nothing to evaluate issues no delete and wakes no window. PostgreSQL sends a
transaction's identical notifications once, after it commits."""

from __future__ import annotations

MIGRATION: tuple[str, ...] = (
    # the function the tickets' own trigger calls (team_sql.py): the same notification, on the same channel
    """
    CREATE TRIGGER rules_pending_notify AFTER DELETE ON rules_pending
    FOR EACH STATEMENT EXECUTE FUNCTION ows_notify_tickets()
    """,
)
