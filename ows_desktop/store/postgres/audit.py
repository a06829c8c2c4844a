"""``store.audit`` on the team store: export and case entries in the same append-only, hash-chained
``review_audit`` trail as the review entries (the shared flow,
:class:`~ows_desktop.store.review_flow.AuditLogFlow`, as on the SQLite store)."""

from __future__ import annotations

from ows_desktop.store.postgres.review import Transaction, review_backend
from ows_desktop.store.review_flow import AuditLogFlow


class PgAuditLog(AuditLogFlow):
    def __init__(self, transaction: Transaction, where: object = "the team store") -> None:
        super().__init__(review_backend(transaction, where))
