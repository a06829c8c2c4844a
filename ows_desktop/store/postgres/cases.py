"""Investigation cases on the team store (schema v5): the shared case flow (:mod:`ows_desktop.store.case_flow`)
through :class:`.portable.PgSql`. Each write first takes the review lock (the audit chain's advisory lock),
so case changes from every workstation run one after the other: two new cases never get the same number,
and each audit entry chains onto the one before."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ows_desktop.store.case_flow import CaseBackend, CaseReaderRows, CaseWriterFlow
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.portable import PgSql
from ows_desktop.store.postgres.review import AUDIT_LOCK_KEY, Transaction, append_entry
from ows_desktop.store.review import AuditEntry
from ows_desktop.store.rule_sql import Sql

if TYPE_CHECKING:
    from psycopg import Connection


def _append(
    conn: Sql, key: str, at: int, who: str, host: str, action: str, changes: dict[str, Any]
) -> AuditEntry:
    assert isinstance(conn, PgSql)
    return append_entry(conn.conn, key, at, who, host, action, changes)


class PgCaseWriter(CaseWriterFlow):
    """``store.cases`` on the team store (the writer's connection)."""

    def __init__(self, transaction: Transaction, where: object) -> None:
        @contextmanager
        def locked() -> Iterator[Sql]:
            with transaction() as conn:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK_KEY,))
                yield PgSql(conn)

        super().__init__(CaseBackend(locked, _append, f"the team store at {where}"))


class PgCaseReader(CaseReaderRows):
    """``reader.cases`` on the team store (the reader's own connection)."""

    def __init__(self, conn: Connection[Any], where: object) -> None:
        super().__init__(PgSql(conn), f"the team store at {where}", lambda: translated(where))
