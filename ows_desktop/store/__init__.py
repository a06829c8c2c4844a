"""The local SQLite ticket cache (no Qt). Everything SQLite-specific stays inside this package.

Write with :func:`open_store` → :class:`TicketStore` (one writer), read with ``store.reader()`` →
:class:`TicketReader` (one per thread)."""

from ows_desktop.store.checkpoints import SyncWindow
from ows_desktop.store.errors import (
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreVersionError,
    TicketNotFoundError,
)
from ows_desktop.store.flags import Flag
from ows_desktop.store.query import SORTS, Keyset, TicketQuery, TicketRow
from ows_desktop.store.reader import StoreStats, TicketReader
from ows_desktop.store.schema import SCHEMA_VERSION
from ows_desktop.store.tickets import UpsertResult
from ows_desktop.store.writer import TicketStore, open_store

__all__ = [
    "SCHEMA_VERSION",
    "SORTS",
    "Flag",
    "Keyset",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "StoreFullError",
    "StoreStats",
    "StoreVersionError",
    "SyncWindow",
    "TicketNotFoundError",
    "TicketQuery",
    "TicketReader",
    "TicketRow",
    "TicketStore",
    "UpsertResult",
    "open_store",
]
