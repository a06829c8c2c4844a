"""The one place SQLite failures are turned into the store's errors (:mod:`.errors`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.basics.paths import on_read_only_disk
from ows_desktop.store.errors import StoreBusyError, StoreError, StoreFullError, corrupt_error


def translate(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The StoreError for a SQLite failure, or None for a programming error that should propagate as is."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = str(exc)
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return corrupt_error(path, detail)
    if primary == sqlite3.SQLITE_FULL:
        return StoreFullError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The disk holding the ticket cache at {path} is full ({detail}); the last change was rolled back. Free some disk space, or point --data-dir at a bigger disk, and sync again.",
            ).format(path=path, detail=detail)
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The ticket cache at {path} stayed locked by another process ({detail}). Close the other OWS Desktop window or sync that uses it and try again.",
            ).format(path=path, detail=detail)
        )
    if primary in (
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_IOERR,
    ) and on_read_only_disk(path):
        return StoreError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "The ticket cache at {path} is on a read-only disk ({detail}), where it cannot be changed. Make the disk writable, or point --data-dir at a copy on a writable disk.",
            ).format(path=path, detail=detail)
        )
    if primary in (
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_NOLFS,
        sqlite3.SQLITE_PROTOCOL,
    ):
        return StoreError(
            QT_TRANSLATE_NOOP(
                "store_errors",
                "Cannot use the ticket cache at {path} ({detail}). Check that the disk is present and that you own the folder and the file, or point --data-dir elsewhere.",
            ).format(path=path, detail=detail)
        )
    return None


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise SQLite failures inside the block as the matching StoreError (chained to the original)."""
    try:
        yield
    except sqlite3.Error as exc:
        mapped = translate(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
