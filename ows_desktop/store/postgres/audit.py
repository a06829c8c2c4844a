"""``store.audit`` on the team store: export and case entries in the same append-only, hash-chained
``review_audit`` trail as the review entries (see :mod:`ows_desktop.store.audit_sql` for the SQLite one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ows_desktop.store.postgres.review import Transaction, append_entry
from ows_desktop.store.review import AuditEntry, actor, current_host, storable
from ows_desktop.store.timekeys import now_us as clock


class PgAuditLog:
    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    def record(
        self,
        subject: str,
        action: str,
        details: Mapping[str, Any],
        *,
        who: str | None = None,
        now_us: int | None = None,
    ) -> AuditEntry:
        at = clock() if now_us is None else int(now_us)
        with self._transaction() as conn:
            return append_entry(
                conn, storable(subject), at, actor(who), current_host(), action, dict(details)
            )
