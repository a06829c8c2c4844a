"""Audit entries about something other than one ticket's review (an export, a case), in the same append-only,
hash-chained ``review_audit`` trail: the entry's subject (``export:<id>``, ``case:<number>``) takes the
place of the ticket key. Read them back with ``reader.review.audit_trail(subject)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ows_desktop.store.gate import WriterGate
from ows_desktop.store.review import AuditEntry, actor, current_host, storable
from ows_desktop.store.review_sql import append_entry
from ows_desktop.store.timekeys import now_us as clock


class SqliteAuditLog:
    """``store.audit``: one durable transaction per entry."""

    def __init__(self, gate: WriterGate) -> None:
        self._gate = gate

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
        with self._gate.durable() as conn:
            return append_entry(
                conn, storable(subject), at, actor(who), current_host(), action, dict(details)
            )
