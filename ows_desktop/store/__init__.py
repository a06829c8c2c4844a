"""The local ticket cache (no Qt). Everything SQLite-specific stays inside this package.

Open with :func:`open_store` → :class:`TicketStore` (one writer), read with ``store.reader()`` →
:class:`TicketReader` (one per thread). Code outside this package types its parameters against the
protocols of :mod:`ows_desktop.store.interface` (``Store``, ``Reader`` and the narrower role protocols)."""

from ows_desktop.store.errors import (
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreVersionError,
    TicketNotFoundError,
)
from ows_desktop.store.interface import Reader, Store
from ows_desktop.store.migrations import SCHEMA_VERSION
from ows_desktop.store.query import SORTS, Keyset, TicketQuery, TicketRow
from ows_desktop.store.reader import TicketReader
from ows_desktop.store.values import StoreStats, SyncWindow, UpsertResult
from ows_desktop.store.writer import TicketStore, open_store

__all__ = [
    "SCHEMA_VERSION",
    "SORTS",
    "Keyset",
    "Reader",
    "Store",
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
