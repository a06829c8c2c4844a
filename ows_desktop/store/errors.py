"""Errors of the ticket cache, whatever its backend (the SQLite failures are mapped onto them in
:mod:`.sqlite_errors`).

Every message names the cache and says what the user can do; the CLI maps them to exit status 2."""

from __future__ import annotations

from pathlib import Path

from ows_desktop.basics.errors import AppError
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP


class StoreError(AppError):
    """Base class of every ticket-cache error."""

    exit_code = 2


class StoreConnectError(StoreError):
    """The team store's server cannot be reached, or the connection to it was lost (exit 4): what was read
    before still stands, and reading again once the server answers works (the window keeps what it shows)."""

    exit_code = 4


class StoreCommitLostError(StoreConnectError):
    """The connection was lost while a write was being committed: the server may have saved it or not (the
    window says so rather than "not saved"). Any other StoreConnectError of a write means nothing of it was
    saved."""


class StoreConflictError(StoreError):
    """The server rolled the transaction back for its conflict with another (a deadlock, a serialization
    failure): nothing of it was saved, and running it again may succeed (the sync's writes do)."""


class StoreCorruptError(StoreError):
    """The cache file is not a SQLite database, or it is damaged."""


class StoreVersionError(StoreError):
    """The cache was written by a newer OWS Desktop whose schema this one does not know."""


class StoreFullError(StoreError):
    """The disk (or the database size limit) is full; the transaction was rolled back."""


class StoreBusyError(StoreError):
    """Another process kept the cache locked for longer than the busy timeout."""


class TicketNotFoundError(StoreError, KeyError):
    """No ticket with that key or rowid is in the cache."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


def corrupt_error(path: Path, detail: str) -> StoreCorruptError:
    return StoreCorruptError(
        QT_TRANSLATE_NOOP(
            "store_errors",
            "The ticket cache at {path} is damaged or is not an OWS Desktop cache ({detail}). Move that file aside and keep it: it may hold flags, notes and cases that no sync can bring back. A sync then fetches the tickets into a new cache; or point --data-dir elsewhere.",
        ).format(path=path, detail=detail)
    )


def version_error(path: Path, found: int, known: int) -> StoreVersionError:
    return StoreVersionError(
        QT_TRANSLATE_NOOP(
            "store_errors",
            "The cache at {path} was written by a newer OWS Desktop (schema {found}, this one knows {known}). Update the app, or point --data-dir elsewhere.",
        ).format(path=path, found=found, known=known)
    )
