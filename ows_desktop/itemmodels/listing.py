"""What a refresh of the receipt table reads: the first rowids of its query and where the next page starts.
No Qt: read on the GUI thread (:meth:`~ows_desktop.itemmodels.tickets.TicketTableModel.refresh`) or, while a
sync saves pages, in a background job with that job's own read connection (:func:`read_listing_from`)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

from ows_desktop.store.interface import Keyset, TicketQueries, TicketQuery


@dataclass(frozen=True)
class Listing:
    """The first rowids of ``query`` (at most the number asked) and the keyset after them (None: no more)."""

    query: TicketQuery
    ids: array[int]
    next: Keyset | None


def read_listing(reader: TicketQueries, query: TicketQuery, want: int) -> Listing:
    ids = reader.ids(query, limit=want + 1)
    if len(ids) <= want:
        return Listing(query, ids, None)
    ids = ids[:want]
    last = reader.rows([ids[-1]]) if ids else []
    if not last:
        return Listing(query, ids, None)
    return Listing(
        query, ids, Keyset(query.sort, query.descending, last[0].sort_value(query.sort), last[0].rowid)
    )


def read_listing_from(store: Any, query: TicketQuery, want: int) -> Listing:
    """In a job: the listing through a read connection of the job's thread, opened and closed here."""
    with store.reader() as reader:
        return read_listing(reader, query, want)
