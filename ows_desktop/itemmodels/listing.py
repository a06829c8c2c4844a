"""What a refresh of the receipt table reads: the first rowids of its query and where the next page starts.
No Qt: read on the GUI thread (:meth:`~ows_desktop.itemmodels.tickets.TicketTableModel.refresh`) or, while a
sync saves pages, in a background job with that job's own read connection (:func:`read_listing_from`).

A job also prepares what applying the listing needs, so the GUI thread neither reads nor diffs: how the new
rowids arise from the loaded ones (``before``: a copy of them when the job was asked for) and the rows of the
recently shown tickets still listed (``fresh``), read again to tell which of them a sync changed."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ows_desktop.itemmodels.insertions import insertion_plan
from ows_desktop.itemmodels.row_cache import RECHECKED_ROWS
from ows_desktop.store.interface import Keyset, TicketQueries, TicketQuery, TicketRow

Plan = tuple[int, list[tuple[int, int]]] | None  # see insertion_plan
KEEP_TRIES, MIN_MORE = 4, 200  # reading further for rows to keep: at most 4 times, each 25 % (≥ 200) more
# Rowids looked up per C call in a job. A listing deep in a sync holds ~150 k of them, and one C call over all
# of them (a set of them built: ~14 ms) held the interpreter lock that long: the window's thread, which needs
# it for every call into the model, waited (the GUI stall bench's "blocked" time). Between two slices
# (~0.3 ms each) the window's thread can take the lock.
SLICE = 8192


def found_in(wanted: Iterable[int], ids: array[int], stop: int | None = None) -> set[int]:
    """The rowids of ``wanted`` that ``ids[:stop]`` holds, looked up :data:`SLICE` rowids at a time."""
    wanted = set(wanted)
    found: set[int] = set()
    end = len(ids) if stop is None else min(stop, len(ids))
    for start in range(0, end, SLICE):
        if len(found) == len(wanted):
            break
        found |= wanted.intersection(ids[start : min(start + SLICE, end)])
    return found


@dataclass(frozen=True)
class Listing:
    """The first rowids of ``query`` (at most the number asked) and the keyset after them (None: no more)."""

    query: TicketQuery
    ids: array[int]
    next: Keyset | None
    before: array[int] | None = None  # the loaded rowids ``plan`` was made against (None: no plan)
    plan: Plan = None
    fresh: dict[int, TicketRow] | None = None  # recently shown rows still listed, read again (None: not read)

    def plan_for(self, loaded: array[int]) -> Plan:
        """How ``ids`` arise from ``loaded`` (made in the job when ``loaded`` is what it was made against)."""
        if self.before is not None and self.before == loaded:
            return self.plan
        return insertion_plan(loaded, self.ids)

    def fresh_rows(self, rowids: list[int]) -> list[TicketRow]:
        """The rows read again for ``rowids``, in that order (those the job did not read are left out)."""
        fresh = self.fresh or {}
        return [fresh[rowid] for rowid in rowids if rowid in fresh]


def read_listing(
    reader: TicketQueries,
    query: TicketQuery,
    want: int,
    before: array[int] | None = None,
    recent: Sequence[int] = (),
    keep: Sequence[int] = (),
) -> Listing:
    """The listing; with ``before`` also its insertion plan, with ``recent`` (rowids, most recently shown
    first) the rows of those still listed. ``keep``: rowids listed too while they still match (the current
    row, the last one in view): more than ``want`` are read when tickets saved after ``want`` was chosen push
    them further down (a sync keeps saving while the listing is read; unlisted, the selection was lost or jumped to the top)."""
    ids = reader.ids(query, limit=want + 1)
    kept = set(keep)
    for _ in range(KEEP_TRIES):
        if len(ids) <= want or found_in(kept, ids, want) == kept:  # the query ended, or all are listed
            break
        want += max(want // 4, MIN_MORE)
        ids = reader.ids(query, limit=want + 1)
    following: Keyset | None = None
    if len(ids) > want:
        ids = ids[:want]
        last = reader.rows([ids[-1]]) if ids else []
        if last:
            following = Keyset(query.sort, query.descending, last[0].sort_value(query.sort), last[0].rowid)
    extra: dict[str, Any] = {}
    if before is not None:
        extra.update(before=before, plan=insertion_plan(before, ids))
    if recent:
        listed = found_in(recent, ids)
        wanted = [rowid for rowid in recent if rowid in listed][:RECHECKED_ROWS]
        extra["fresh"] = {row.rowid: row for row in reader.rows(wanted)} if wanted else {}
    return Listing(query, ids, following, **extra)


def read_listing_from(
    store: Any,
    query: TicketQuery,
    want: int,
    before: array[int] | None = None,
    recent: Sequence[int] = (),
    keep: Sequence[int] = (),
) -> Listing:
    """In a job: the listing through a read connection of the job's thread, opened and closed here."""
    with store.reader() as reader:
        return read_listing(reader, query, want, before, recent, keep)
