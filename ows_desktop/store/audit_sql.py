"""Audit entries about something other than one ticket's review (an export, a case), in the same append-only,
hash-chained ``review_audit`` trail: the entry's subject (``export:<id>``, ``case:<number>``) takes the
place of the ticket key. Read them back with ``reader.review.audit_trail(subject)``. The flow is shared
with the team store (:class:`~ows_desktop.store.review_flow.AuditLogFlow`)."""

from __future__ import annotations

from ows_desktop.store.gate import WriterGate
from ows_desktop.store.review_flow import AuditLogFlow
from ows_desktop.store.review_sql import review_backend


class SqliteAuditLog(AuditLogFlow):
    """``store.audit``: one durable transaction per entry."""

    def __init__(self, gate: WriterGate) -> None:
        super().__init__(review_backend(gate))
