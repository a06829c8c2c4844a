"""The cache schema: versioned with ``PRAGMA user_version``, built by ordered migrations, one module each.

``MIGRATIONS[i]`` takes a database at version ``i`` to version ``i + 1``. :func:`upgrade` applies each
pending migration in its own write transaction that also records the new version, so a failure leaves the
database at the last version that was completely applied, never half way; a database newer than the code
is refused (:class:`~ows_desktop.store.errors.StoreVersionError`) before anything is written. Adding a
table later is adding one module and appending its ``migrate`` here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ows_desktop.store.errors import version_error
from ows_desktop.store.migrations import (
    v1_tickets,
    v2_cameras,
    v3_review,
    v4_vocabulary,
    v5_cases,
    v6_raw_pages,
    v7_audit_who,
    v8_case_outcome,
    v9_ticket_operators,
    v10_operator_ids,
)

Migration = Callable[[sqlite3.Connection], None]

APPLICATION_ID = 0x4F575344  # "OWSD" in the file header: tells our cache from other SQLite files

MIGRATIONS: tuple[Migration, ...] = (
    v1_tickets.migrate,
    v2_cameras.migrate,
    v3_review.migrate,
    v4_vocabulary.migrate,
    v5_cases.migrate,
    v6_raw_pages.migrate,
    v7_audit_who.migrate,
    v8_case_outcome.migrate,
    v9_ticket_operators.migrate,
    v10_operator_ids.migrate,
)
SCHEMA_VERSION = len(MIGRATIONS)


def latest_version() -> int:
    """The version this code migrates to (read at call time, so tests can append a migration)."""
    return len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the database on ``conn`` (autocommit mode) up to :func:`latest_version`, one migration per
    transaction. Another process may migrate at the same time: each step re-reads the version under the
    write lock and skips what is already done."""
    while user_version(conn) < latest_version():
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = user_version(conn)
            if current > latest_version():
                raise version_error(path, current, latest_version())
            if current < latest_version():
                MIGRATIONS[current](conn)
                conn.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
                conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    if user_version(conn) > latest_version():
        raise version_error(path, user_version(conn), latest_version())
