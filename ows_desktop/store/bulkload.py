"""Loading many tickets fast (the search benchmark's 5M-ticket cache, a first import).

Same stored result as :meth:`TicketStore.upsert_tickets` (it runs the same upsert, so keys already stored
are updated, never duplicated, and the FTS index is filled in the same pass), only in big transactions and
with the FTS index merged into one segment at the end."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from ows_desktop.ows.model import Ticket
from ows_desktop.store.fulltext import optimize_index
from ows_desktop.store.tickets import UpsertResult, upsert_records
from ows_desktop.store.writer import TicketStore, now_us

DEFAULT_BATCH = 20_000


def bulk_insert_tickets(
    store: TicketStore,
    tickets: Iterable[Ticket],
    *,
    batch_size: int = DEFAULT_BATCH,
    optimize: bool = True,
) -> UpsertResult:
    """Store every ticket of ``tickets`` (any iterable, consumed ``batch_size`` at a time)."""
    if batch_size <= 0:
        raise ValueError("batch_size must be positive")
    total = UpsertResult()
    iterator = iter(tickets)
    while batch := list(islice(iterator, batch_size)):
        now = now_us()
        records = store._records(batch, now)
        with store._transaction() as conn:
            total += upsert_records(conn, records, now)
    if optimize:
        with store._transaction() as conn:
            optimize_index(conn)
            conn.execute("PRAGMA optimize")
    return total
