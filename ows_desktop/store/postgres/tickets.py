"""Storing tickets in the team store: the same :class:`~ows_desktop.store.ticket_rows.TicketRecord` as the
SQLite store (same derived columns, same time-ordered rowid), staged with ``COPY`` and written with one
statement per table per batch (:mod:`.staged_rows`).

Writers on several workstations are serialised per transaction by an advisory lock: a rowid is chosen by
reading the highest one of its millisecond, which two concurrent transactions must not do at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection, Cursor

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ows_desktop.store.facts import FACT_COLUMNS, ITEM_COLUMNS, Facts, Items
from ows_desktop.store.fulltext import fold_tokens
from ows_desktop.store.postgres.derived_rows import delete_rids
from ows_desktop.store.postgres.nul_text import pg_records
from ows_desktop.store.postgres.partitions import ensure_months
from ows_desktop.store.postgres.search_words import KeptWords, batch_words
from ows_desktop.store.postgres.staged_rows import TICKET_ROW, delete_replaced, prepare, stage, write_staged
from ows_desktop.store.raw_pages import received_json
from ows_desktop.store.rawjson import dumps
from ows_desktop.store.ticket_rows import TICKET_COLUMNS, TicketRecord, operator_triple
from ows_desktop.store.timekeys import MAX_MS, SLOT_BITS, SLOTS, first_rowid, rowid_ms
from ows_desktop.store.values import PageToSave, UpsertResult

WRITE_LOCK_KEY = 0x4F575345
_SEARCHED = tuple(
    TICKET_COLUMNS.index(c) for c in ("id", "number", "location", "terminal", "operator", "status")
)
_LOCATION, _TERMINAL = TICKET_COLUMNS.index("location"), TICKET_COLUMNS.index("terminal")
_OPERATOR, _OPERATOR_ID = TICKET_COLUMNS.index("operator"), TICKET_COLUMNS.index("operator_id")
_ROW_LOCATION, _ROW_SEARCH = TICKET_ROW.index("location"), TICKET_ROW.index("search")

_EXISTING_SQL = (
    f"SELECT t.rid, t.first_seen_us, t.terms, d.raw, {', '.join('t.' + c for c in TICKET_COLUMNS)} "
    "FROM tickets AS t JOIN ticket_docs AS d ON d.rid = t.rid WHERE t.key = ANY(%s)"
)
_FACTS_SQL = (
    f"INSERT INTO ticket_facts (rid, {', '.join(FACT_COLUMNS)}) VALUES ({', '.join(['%s'] * (len(FACT_COLUMNS) + 1))}) "
    f"ON CONFLICT (rid) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in FACT_COLUMNS)}"
)
_ITEMS_SQL = f"INSERT INTO ticket_items (rid, {', '.join(ITEM_COLUMNS)}) VALUES ({', '.join(['%s'] * (len(ITEM_COLUMNS) + 1))})"
_MAX_IN_MS_SQL = (
    "SELECT ms, (SELECT max(rid) FROM tickets WHERE rid BETWEEN ms << %s AND (ms << %s) + %s) "
    "FROM unnest(%s::bigint[]) AS ms"
)


class TextCodec:
    """Raw JSON for the team store: compact JSON text (PostgreSQL compresses large values itself, TOAST)."""

    has_dictionary = True  # nothing to train

    def encode(self, raw: Any) -> str:
        return dumps(raw)[0]


class ReceivedText(TextCodec):
    """:class:`TextCodec` for a sync's pages: a ticket's JSON text as it was received (cut from the page by
    the client, or by :func:`ows_desktop.store.raw_pages.received_json`), as the SQLite store keeps it, instead
    of ``json.dumps`` of its decoded object again (~25 µs a ticket in the sync's one writer thread)."""

    def __init__(self, pages: Sequence[PageToSave]) -> None:
        self._received: dict[int, bytes] = {}
        for page in pages:
            if page.tickets and len(page.received) == len(page.tickets):  # cut by the client already
                self._received.update(
                    (id(t.raw), text)
                    for t, text in zip(page.tickets, page.received, strict=True)
                    if text is not None
                )
            else:
                self._received.update(received_json(page.body, [t.raw for t in page.tickets]))

    def encode(self, raw: Any) -> str:
        found = self._received.get(id(raw))
        if found is not None:
            try:
                return found.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return super().encode(raw)


def search_text(values: tuple[object, ...], terms: str) -> str:
    """The folded tokens of a ticket's searchable text, each between spaces (see :mod:`.schema`)."""
    parts = [str(values[i]) for i in _SEARCHED if values[i]]
    parts.append(terms)
    return " " + " ".join(fold_tokens(" ".join(parts))) + " "


@dataclass(frozen=True, slots=True)
class _Existing:
    rid: int
    first_seen_us: int
    terms: str
    raw: str
    values: tuple[object, ...]


def upsert_records(
    conn: Connection[Any],
    records: Sequence[TicketRecord],
    now_us: int,
    months: set[tuple[int, int]] | None = None,
    then: Callable[[Connection[Any]], Callable[[], None]] | None = None,
    words: KeptWords | None = None,
) -> UpsertResult:
    """Insert new tickets, update known ones in place (moving a row whose ticket time changed), inside the
    caller's transaction. ``months``: the writer's cache of the months known to exist (:func:`ensure_months`);
    ``words``: its memory of the vocabulary (None: every word of the batch is sent, :mod:`.search_words`).
    ``then(conn)`` queues more statements of the transaction in the batch's last pipeline (the sync's
    checkpoints) and returns what to check once their results are in.

    Round trips (each one a wait for the server, and for the GIL when the sync's fetching threads hold it:
    up to 5 ms each): one pipeline that takes the write lock, reads the batch's known tickets and the highest
    rids of its milliseconds; the two ``COPY``s of :mod:`.staged_rows`; one pipeline with every write."""
    by_key = {record.key: record for record in pg_records(records)}  # the last copy of a key wins
    if not by_key:
        if then is None:
            return UpsertResult()
        with conn.pipeline():
            check_cursors = then(conn)
        check_cursors()  # after the pipeline: its results are in
        return UpsertResult()
    times = sorted({record.time_ms for record in by_key.values()})
    existing = {}
    with conn.pipeline():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        ensure_months(conn, times, known=months)  # monthly partitions (a catalog query for a new month only)
        prepare(conn)
        found = conn.execute(_EXISTING_SQL, (list(by_key),))
        tops = conn.execute(_MAX_IN_MS_SQL, (SLOT_BITS, SLOT_BITS, SLOTS - 1, times))
        for rid, first_seen, terms, raw, *values in found:
            existing[values[0]] = _Existing(rid, first_seen, terms, raw, tuple(values))
        highest = {ms: first_rowid(ms) if top is None else top + 1 for ms, top in tops}
    new, in_place, moved, unchanged = [], [], [], 0
    for key, record in by_key.items():
        old = existing.get(key)
        if old is None:
            new.append(record)
        elif old.values == _comparable(record.values) and old.terms == record.terms and old.raw == record.raw:
            unchanged += 1
        elif rowid_ms(old.rid) == record.time_ms:
            in_place.append((old, record))
        else:
            moved.append((old, record))
    if moved:
        delete_rids(conn, [old.rid for old, _ in moved])  # with its derived rows (schema v8)
        highest = {}  # their rids are free again: read the highest ones anew, as before the delete
    placed = [(rec, now_us) for rec in new] + [(rec, old.first_seen_us) for old, rec in moved]
    rids = _allocate(conn, [rec.time_ms for rec, _ in placed], highest) if placed else []
    # A changed ticket keeps its rid: its rows are written again there (staged_rows: a batch is a few
    # statements, however many tickets it holds), its exceptions stay until the rules replace them. Deleted
    # after the rids are allocated, so no new ticket is given a rid a changed one still needs.
    delete_replaced(
        conn, [old.rid for old, _ in in_place], [old.rid for old, rec in in_place if rec.facts is not None]
    )
    rows = [
        (rid, rec, _ticket_row(rid, rec, first_seen, now_us))
        for rid, (rec, first_seen) in zip(rids, placed, strict=True)
    ]
    rows += [(old.rid, rec, _ticket_row(old.rid, rec, old.first_seen_us, now_us)) for old, rec in in_place]
    staged = stage(conn, rows)
    # the words of the batch for prefix search, committed with its tickets (search_words)
    located = batch_words((str(row[_ROW_LOCATION]), str(row[_ROW_SEARCH])) for _, _, row in rows)
    pairs = sorted(
        {(r.values[_LOCATION], r.values[_TERMINAL]) for r in by_key.values() if r.values[_TERMINAL]}
    )
    operators = sorted(
        {operator_triple(r) for r in by_key.values() if r.values[_OPERATOR] or r.values[_OPERATOR_ID]}
    )
    offsets = sorted(
        {(str(r.values[_LOCATION]), offset) for r in by_key.values() if (offset := _offset(r)) is not None}
    )
    learned = None
    with conn.pipeline():
        if staged:
            write_staged(conn)
            (words or KeptWords()).write(conn, located)
        if pairs:
            conn.execute(
                "INSERT INTO ticket_terminals (location, terminal) SELECT * FROM unnest(%s::text[], %s::text[]) "
                "ON CONFLICT DO NOTHING",
                ([p[0] for p in pairs], [p[1] for p in pairs]),
            )
        if operators:
            conn.execute(
                "INSERT INTO ticket_operators (location, operator_id, operator) "
                "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]) ON CONFLICT DO NOTHING",
                ([p[0] for p in operators], [p[1] for p in operators], [p[2] for p in operators]),
            )
        if offsets:
            learned = _remember_offsets(conn, offsets, now_us)
        finish = then(conn) if then is not None else None
    if learned is not None:
        _requeue_offsetless(conn, [location for (location,) in learned])
    if finish is not None:
        finish()
    return UpsertResult(inserted=len(new), updated=len(in_place) + len(moved) + unchanged)


def _ticket_row(rid: int, rec: TicketRecord, first_seen_us: int, now_us: int) -> tuple[object, ...]:
    """The ``tickets`` row of a record, in :data:`.staged_rows.TICKET_ROW` order."""
    return (
        rid,
        *rec.values,
        first_seen_us,
        now_us,
        rec.terms,
        search_text(rec.values, rec.terms),
        _offset(rec),
    )


def write_facts(
    conn: Connection[Any], placed: Sequence[tuple[int, Facts | None, Items]], *, replace: bool = False
) -> None:
    """Store the rule facts and items of ``(rid, facts, items)`` and queue the rids for the rules (the
    SQLite store's :func:`ows_desktop.store.facts.write`); ``replace``: the rids may have older items."""
    rows = [(rid, facts, items) for rid, facts, items in placed if facts is not None]
    if not rows:
        return
    with conn.cursor() as cur:
        if replace:
            cur.execute("DELETE FROM ticket_items WHERE rid = ANY(%s)", ([rid for rid, _, _ in rows],))
        cur.executemany(_FACTS_SQL, [(rid, *facts) for rid, facts, _ in rows])
        cur.executemany(_ITEMS_SQL, [(rid, *item) for rid, _, items in rows for item in items])
        cur.execute(
            "INSERT INTO rules_pending (rid) SELECT unnest(%s::bigint[]) ON CONFLICT DO NOTHING",
            ([rid for rid, _, _ in rows],),
        )


def _remember_offsets(conn: Connection[Any], offsets: Sequence[tuple[str, int]], now_us: int) -> Cursor[Any]:
    """The smallest UTC offset seen per location wins (schema v4); the locations whose offset was learned or
    changed come back from the returned cursor (:func:`_requeue_offsetless`, once its results are in)."""
    lowest: dict[str, int] = {}
    for location, offset in offsets:
        lowest[location] = min(offset, lowest.get(location, offset))
    return conn.execute(
        "INSERT INTO location_offsets (location, offset_min, updated_us) "
        "SELECT l, o, %s FROM unnest(%s::text[], %s::integer[]) AS n (l, o) "
        "ON CONFLICT (location) DO UPDATE SET offset_min = excluded.offset_min, "
        "updated_us = excluded.updated_us WHERE excluded.offset_min < location_offsets.offset_min "
        "RETURNING location",
        (now_us, list(lowest), list(lowest.values())),
    )


def _requeue_offsetless(conn: Connection[Any], changed: list[str]) -> None:
    """When a location's offset is learned or changes, its tickets without an offset of their own are
    queued for the rules again (as in SQLite)."""
    if changed:
        conn.execute(
            "INSERT INTO rules_pending (rid) SELECT t.rid FROM tickets AS t JOIN ticket_facts AS f ON f.rid = t.rid "
            "WHERE t.location = ANY(%s::text[]) AND f.utc_offset_min IS NULL ON CONFLICT DO NOTHING",
            (changed,),
        )


def _offset(record: TicketRecord) -> int | None:
    """The ticket's own UTC offset in minutes (the last of its rule facts), None when it carries none."""
    if not record.facts or record.facts[-1] is None:
        return None
    return int(record.facts[-1])


def _comparable(values: tuple[object, ...]) -> tuple[object, ...]:
    """Values as PostgreSQL hands them back (the flags are smallints, amounts floats)."""
    return tuple(float(v) if isinstance(v, int) and not isinstance(v, bool) and i in _FLOATS else v
                 for i, v in enumerate(values))  # fmt: skip


_FLOATS = frozenset(TICKET_COLUMNS.index(c) for c in ("total", "subtotal", "tax", "discount_total"))


def _allocate(conn: Connection[Any], wanted_ms: list[int], highest: dict[int, int]) -> list[int]:
    """A free time-ordered rowid for each millisecond asked (the next slot after the millisecond's highest;
    a full millisecond spills into the next one). Called under the write lock. ``highest``: the next free
    rid of milliseconds already read (updated here); the others are read."""
    distinct = sorted(set(wanted_ms) - set(highest))
    if distinct:
        for ms, top in conn.execute(_MAX_IN_MS_SQL, (SLOT_BITS, SLOT_BITS, SLOTS - 1, distinct)):
            highest[ms] = first_rowid(ms) if top is None else top + 1
    rids = []
    for ms in wanted_ms:
        while True:
            if ms not in highest:
                (top,) = conn.execute(
                    "SELECT max(rid) FROM tickets WHERE rid BETWEEN %s AND %s",
                    (first_rowid(ms), first_rowid(ms) + SLOTS - 1),
                ).fetchone() or (None,)
                highest[ms] = first_rowid(ms) if top is None else top + 1
            candidate = highest[ms]
            if candidate < first_rowid(ms) + SLOTS:
                highest[ms] = candidate + 1
                rids.append(candidate)
                break
            if ms >= MAX_MS:
                raise OverflowError("no free rowid left at the end of time")
            ms += 1
    return rids


def raw_object(stored: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(stored)
    return found
