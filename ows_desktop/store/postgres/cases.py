"""Investigation cases on the team store: the shared case flow (:mod:`ows_desktop.store.case_flow`) on the
review backend of the team store, so each case write first takes the review lock (the audit chain's
advisory lock): case changes from every workstation run one after the other, two new cases never get the
same number, and each audit entry chains onto the one before."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ows_desktop.store.case_flow import CaseReaderRows, CaseWriterFlow
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.portable import PgSql
from ows_desktop.store.postgres.review import Transaction, review_backend

if TYPE_CHECKING:
    from psycopg import Connection


class PgCaseWriter(CaseWriterFlow):
    """``store.cases`` on the team store (the writer's connection)."""

    def __init__(self, transaction: Transaction, where: object) -> None:
        super().__init__(review_backend(transaction, where))


class PgCaseReader(CaseReaderRows):
    """``reader.cases`` on the team store (the reader's own connection)."""

    def __init__(self, conn: Connection[Any], where: object) -> None:
        super().__init__(PgSql(conn), f"the team store at {where}", lambda: translated(where))
