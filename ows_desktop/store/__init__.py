"""The local ticket cache (no Qt). Everything SQLite-specific stays inside this package.

Open with :func:`open_store` → :class:`TicketStore` (one writer), read with ``store.reader()`` →
:class:`TicketReader` (one per thread). Code outside this package types its parameters against the
protocols of :mod:`ows_desktop.store.interface` (``Store``, ``Reader`` and the narrower role protocols).

The names below are imported when first used (basics/lazy_names.py): a process that needs one small module
of this package (the PDF's layout and drawing process: the zones, the review labels) does not import the
writer, the reader and the migrations with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ows_desktop.basics.lazy_names import lazy_attributes

if TYPE_CHECKING:
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

_MODULE_OF = {
    "StoreBusyError": "errors",
    "StoreCorruptError": "errors",
    "StoreError": "errors",
    "StoreFullError": "errors",
    "StoreVersionError": "errors",
    "TicketNotFoundError": "errors",
    "Reader": "interface",
    "Store": "interface",
    "SCHEMA_VERSION": "migrations",
    "SORTS": "query",
    "Keyset": "query",
    "TicketQuery": "query",
    "TicketRow": "query",
    "TicketReader": "reader",
    "StoreStats": "values",
    "SyncWindow": "values",
    "UpsertResult": "values",
    "TicketStore": "writer",
    "open_store": "writer",
}

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

__getattr__ = lazy_attributes(__name__, _MODULE_OF, globals())
