"""Ticket → row extraction and the upsert that keeps ``tickets``, ``ticket_docs`` and the FTS index in step.

Runs inside the writer's transaction. Per batch it issues a fixed number of statements (one lookup of the
existing keys, executemany inserts/updates, one FTS statement each way), so the per-ticket cost is mostly
the Python that builds each row."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol, TypeGuard, cast

from ows_desktop.ows.model import Ticket, positional_constructor
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store import facts as rule_facts
from ows_desktop.store import raw_pages
from ows_desktop.store.fulltext import index_rows, unindex_rows
from ows_desktop.store.many_rows import insert_rows
from ows_desktop.store.rawjson import RawCodec
from ows_desktop.store.slots import SlotAllocator
from ows_desktop.store.timekeys import clamp_ms, rowid_ms, sort_time_us
from ows_desktop.store.values import UpsertResult

# Normalised columns, in the order of TicketRecord.values (rid, first_seen_us, updated_us come apart).
TICKET_COLUMNS: tuple[str, ...] = (
    "key",
    "id",
    "number",
    "location",
    "terminal",
    "operator",
    "status",
    "start_us",
    "end_us",
    "persisted_us",
    "total",
    "subtotal",
    "tax",
    "line_count",
    "has_void",
    "has_refund",
    "is_no_sale",
    "discount_total",
    "operator_id",  # schema v10: who the operator is ('' when the ticket carries no employee ID)
)
_INDEX = {name: i for i, name in enumerate(TICKET_COLUMNS)}
_LOCATION = _INDEX["location"]
_TERMINAL = _INDEX["terminal"]
_OPERATOR, _OPERATOR_ID = _INDEX["operator"], _INDEX["operator_id"]
# The columns that are part of the FTS text (with ticket_docs.terms; see schema.SEARCH_TEXT_SQL).
_SEARCHED = tuple(_INDEX[c] for c in ("id", "number", "location", "terminal", "operator", "status"))

_VOID_STATUSES = frozenset({"void", "voided", "post_void", "postvoid"})
_REFUND_STATUSES = frozenset({"refund", "refunded", "return", "returned"})
_REFUND_LINE_KINDS = frozenset({"refund", "return", "returned", "refunded"})
_NO_SALE_STATUSES = frozenset({"no_sale", "nosale"})

_INSERT_TICKETS = f"INSERT OR FAIL INTO tickets (rid, {', '.join(TICKET_COLUMNS)}, first_seen_us, updated_us)"
_TICKET_WIDTH = len(TICKET_COLUMNS) + 3
_UPDATE_TICKET_SQL = (
    f"UPDATE tickets SET {', '.join(f'{c} = ?' for c in TICKET_COLUMNS[1:])}, updated_us = ? WHERE rid = ?"
)
_EXISTING_SQL = (
    f"SELECT t.rid, t.first_seen_us, d.terms, d.raw, d.page, {', '.join('t.' + c for c in TICKET_COLUMNS)} "
    "FROM tickets AS t JOIN ticket_docs AS d ON d.rid = t.rid "
    "WHERE t.key IN (SELECT value FROM json_each(?))"
)


@dataclass(frozen=True, slots=True)
class TicketRecord:
    """What one ticket becomes: the normalised column values, search words, stored raw JSON."""

    key: str
    time_ms: int
    values: tuple[object, ...]  # in TICKET_COLUMNS order
    terms: str
    raw: bytes | str
    # Extension point for the exception rules (store/facts.py): the ticket's facts row and item rows,
    # written with the ticket by ``write_rule_facts``. None: not extracted (nothing is written).
    facts: rule_facts.Facts | None = None
    items: rule_facts.Items = ()


_new_record = positional_constructor(TicketRecord)  # every field, in order: ~4x faster than TicketRecord(...)


@dataclass(frozen=True, slots=True)
class _Existing:
    rid: int
    first_seen_us: int
    terms: str
    raw: bytes | str
    page: int | None
    values: tuple[object, ...]


class RawEncoder(Protocol):
    def encode(self, raw: Any) -> bytes | str: ...


class _Docs:
    """How ``ticket_docs`` rows are written: before v6 (and for the PostgreSQL-shared tests) the record's
    stored raw as is; from v6 a digest plus where the JSON lies in a page written with the batch."""

    def __init__(self, codec: RawCodec | None, refs: Mapping[str, raw_pages.Ref] | None = None) -> None:
        self.paged = codec is not None
        self.refs = refs or {}
        self._digests: dict[str, bytes] = {}

    def stored(self, record: TicketRecord) -> bytes | str:
        """What ``ticket_docs.raw`` holds for this record (compared to tell an unchanged ticket)."""
        if not self.paged:
            return record.raw
        found = self._digests.get(record.key)
        if found is None:
            raw = record.raw if isinstance(record.raw, bytes) else record.raw.encode("utf-8")
            found = self._digests[record.key] = raw_pages.digest(raw)
        return found

    def row(self, rid: int, record: TicketRecord) -> tuple[object, ...]:
        if not self.paged:
            return (rid, record.terms, record.raw)
        return (rid, record.terms, self.stored(record), *self.refs[record.key])


def ticket_record(ticket: Ticket, now_us: int, codec: RawEncoder) -> TicketRecord:
    """Extract the stored form of ``ticket``. ``now_us`` places a ticket that carries no time at all.

    Runs for every ticket a sync stores: one pass over the lines (void, refund, search words), the status
    word worked out once for the row and the rule facts, the texts checked for UTF-8 once for both."""
    status = ticket.status or ""
    status_word = _status_word(status)
    lines = ticket.lines
    has_void = status_word in _VOID_STATUSES
    has_refund = status_word in _REFUND_STATUSES
    words: dict[str, None] = {}  # ordered set: repeated lines are indexed once
    for line in lines:
        if line.voided:
            has_void = True
        kind = line.kind
        if kind is not None and not has_refund and kind.lower() in _REFUND_LINE_KINDS:
            has_refund = True
        if line.description:
            words[line.description] = None
        if line.sku:
            words[line.sku] = None
    discounted: float = 0  # as sum() starts
    for discount in ticket.discounts:
        if discount.description:
            words[discount.description] = None
        if discount.amount is not None:
            discounted = discounted + discount.amount  # as sum() adds them, from the int 0
    start, end, persisted = _us(ticket.start), _us(ticket.end), _us(ticket.persisted)
    values: tuple[object, ...] = (
        ticket.key,
        ticket.id,
        ticket.number,
        ticket.location or "",
        ticket.terminal or "",
        ticket.operator or "",
        status,
        start,
        end,
        persisted,
        ticket.total,
        ticket.subtotal,
        ticket.tax,
        len(lines),
        int(has_void),
        int(has_refund),
        int(status_word in _NO_SALE_STATUSES),
        float(discounted),
        ticket.operator_id or "",
    )
    terms = " ".join(words)
    encodable = _encodable(values, terms)
    if not encodable:
        values = tuple(_clean(v) for v in values)
        terms = terms.encode("utf-8", "replace").decode("utf-8")
    # Encodable values and terms hold the location and every line's SKU: the facts need no check of their own.
    facts, items = rule_facts.extract(ticket, status_word, encodable=encodable)
    return _new_record(
        str(values[0]),
        clamp_ms(sort_time_us(start, persisted, end, now_us) // 1000),
        values,
        terms,
        codec.encode(ticket.raw),
        facts,
        items,
    )


@lru_cache(maxsize=1024)
def _status_word(status: str) -> str:
    """``status`` lower-cased with hyphens and spaces as underscores (a handful of distinct statuses:
    remembered)."""
    return status.lower().replace("-", "_").replace(" ", "_")


def _us(moment: datetime | None) -> int | None:
    return None if moment is None else to_epoch_us(moment)


def upsert_records(
    conn: sqlite3.Connection,
    records: Iterable[TicketRecord],
    now_us: int,
    codec: RawCodec | None = None,
    groups: Iterable[int] | None = None,
) -> UpsertResult:
    """Insert new tickets, update known ones in place (moving a row whose ticket time changed).

    With ``codec`` (schema v6) the records' raw is their JSON bytes, stored in compressed pages: one per
    ``groups`` value (each record's page number in the batch; ``PAGE_TICKETS`` records a page without)."""
    records = list(records)
    by_key = {record.key: record for record in records}  # the last copy of a key wins
    if not by_key:
        return UpsertResult()
    docs = _Docs(codec)
    group_of = dict(
        zip(
            (r.key for r in records),
            groups if groups is not None else (i // raw_pages.PAGE_TICKETS for i in range(len(records))),
            strict=False,
        )
    )
    existing = _existing(conn, by_key)
    new: list[TicketRecord] = []
    in_place: list[tuple[_Existing, TicketRecord]] = []
    moved: list[tuple[_Existing, TicketRecord]] = []
    unchanged = 0
    for key, record in by_key.items():
        old = existing.get(key)
        if old is None:
            new.append(record)
        elif old.values == record.values and old.terms == record.terms and old.raw == docs.stored(record):
            unchanged += 1
        elif rowid_ms(old.rid) == record.time_ms:
            in_place.append((old, record))
        else:
            moved.append((old, record))

    if codec is not None:
        written = [*new, *(rec for _, rec in in_place), *(rec for _, rec in moved)]
        pages: dict[int, list[tuple[str, bytes]]] = {}
        for rec in written:
            data = rec.raw if isinstance(rec.raw, bytes) else rec.raw.encode("utf-8")
            pages.setdefault(group_of.get(rec.key, 0), []).append((rec.key, data))
        docs.refs = raw_pages.write_pages(conn, codec, pages.values())
        raw_pages.release(conn, [old.page for old, _ in (*in_place, *moved)])
    changed = [(old, record) for old, record in in_place if _search_text_changed(old, record)]
    reindexed = [old.rid for old, _ in changed]
    unindex_rows(conn, reindexed + [old.rid for old, _ in moved])
    if moved:
        gone = [(old.rid,) for old, _ in moved]
        conn.executemany("DELETE FROM tickets WHERE rid = ?", gone)
        conn.executemany("DELETE FROM ticket_docs WHERE rid = ?", gone)
    if in_place:
        conn.executemany(_UPDATE_TICKET_SQL, [(*rec.values[1:], now_us, old.rid) for old, rec in in_place])
        if docs.paged:
            conn.executemany(
                "UPDATE ticket_docs SET terms = ?, raw = ?, page = ?, at = ?, len = ? WHERE rid = ?",
                [(*docs.row(old.rid, rec)[1:], old.rid) for old, rec in in_place],
            )
        else:
            conn.executemany(
                "UPDATE ticket_docs SET terms = ?, raw = ? WHERE rid = ?",
                [(rec.terms, rec.raw, old.rid) for old, rec in in_place],
            )
        write_rule_facts(conn, [(old.rid, rec) for old, rec in in_place], now_us, replace=True)
    placed = [(record, now_us) for record in new] + [(rec, old.first_seen_us) for old, rec in moved]
    new_rids = insert_records(conn, placed, now_us, docs)
    index_rows(
        conn, reindexed + new_rids, search_pieces([rec for _, rec in changed] + [rec for rec, _ in placed])
    )
    remember_terminals(conn, [rec for _, rec in in_place])
    return UpsertResult(inserted=len(new), updated=len(in_place) + len(moved) + unchanged)


def insert_records(
    conn: sqlite3.Connection,
    placed: Sequence[tuple[TicketRecord, int]],
    now_us: int,
    docs: _Docs | None = None,
) -> list[int]:
    """Insert (record, first_seen_us) pairs whose keys are not stored yet; returns their new rowids.

    Does not touch the FTS index (the caller indexes the returned rowids)."""
    if not placed:
        return []
    allocator = SlotAllocator(conn)
    allocator.prepare(record.time_ms for record, _ in placed)
    rids = [allocator.allocate(record.time_ms) for record, _ in placed]
    insert_rows(
        conn,
        _INSERT_TICKETS,
        _TICKET_WIDTH,
        [
            (rid, *record.values, first_seen, now_us)
            for rid, (record, first_seen) in zip(rids, placed, strict=True)
        ],
    )
    docs = docs or _Docs(None)
    insert_rows(
        conn,
        "INSERT OR FAIL INTO ticket_docs (rid, terms, raw, page, at, len)"
        if docs.paged
        else "INSERT OR FAIL INTO ticket_docs (rid, terms, raw)",
        6 if docs.paged else 3,
        [docs.row(rid, record) for rid, (record, _) in zip(rids, placed, strict=True)],
    )
    remember_terminals(conn, [record for record, _ in placed])
    write_rule_facts(conn, [(rid, record) for rid, (record, _) in zip(rids, placed, strict=True)], now_us)
    return rids


def write_rule_facts(
    conn: sqlite3.Connection,
    placed: Sequence[tuple[int, TicketRecord]],
    now_us: int,
    *,
    replace: bool = False,
) -> None:
    """Extension point: store the rule facts of inserted/updated rows and queue them for the rule runner
    (store/facts.py; ``replace`` when the rows may have older facts)."""
    rule_facts.write(conn, [(rid, rec.facts, rec.items) for rid, rec in placed], replace=replace)
    offsets = [
        (str(rec.values[_LOCATION]), int(rec.facts[-1]))
        for _, rec in placed
        if rec.facts and rec.facts[-1] is not None
    ]
    rule_facts.remember_offsets(conn, offsets, now_us)


def remember_terminals(conn: sqlite3.Connection, records: Sequence[TicketRecord]) -> None:
    """Note the (location, terminal) pairs and (location, operator_id, operator) triples of ``records`` for the
    filter pickers."""
    pairs = {(rec.values[_LOCATION], rec.values[_TERMINAL]) for rec in records if rec.values[_TERMINAL]}
    if pairs:
        insert_rows(conn, "INSERT OR IGNORE INTO ticket_terminals (location, terminal)", 2, list(pairs))
    operators = {operator_triple(rec) for rec in records if rec.values[_OPERATOR] or rec.values[_OPERATOR_ID]}
    if operators:
        insert_rows(
            conn,
            "INSERT OR IGNORE INTO ticket_operators (location, operator_id, operator)",
            3,
            list(operators),
        )


def operator_triple(record: TicketRecord) -> tuple[str, str, str]:
    """(location, operator_id, operator) of a record, as ``ticket_operators`` keeps them."""
    values = record.values
    return str(values[_LOCATION]), str(values[_OPERATOR_ID]), str(values[_OPERATOR])


def _existing(conn: sqlite3.Connection, by_key: dict[str, TicketRecord]) -> dict[str, _Existing]:
    found: dict[str, _Existing] = {}
    for rid, first_seen, terms, raw, page, *values in conn.execute(
        _EXISTING_SQL, (json.dumps(list(by_key)),)
    ):
        found[values[0]] = _Existing(rid, first_seen, terms, raw, page, tuple(values))
    return found


def search_pieces(records: Iterable[TicketRecord]) -> set[str]:
    """The distinct pieces the search text of ``records`` is made of, joined by spaces (schema's
    SEARCH_TEXT_SQL: the searched columns, then the terms, themselves words joined by spaces)."""
    pieces: set[str] = set()
    add, update = pieces.add, pieces.update
    for record in records:
        values = record.values
        for index in _SEARCHED:
            value = values[index]
            if value is not None:
                add(value)  # type: ignore[arg-type]  # a text (or what SQLite shows as one)
        update(record.terms.split(" "))
    pieces.discard("")
    return pieces


def _search_text_changed(old: _Existing, record: TicketRecord) -> bool:
    return old.terms != record.terms or any(old.values[i] != record.values[i] for i in _SEARCHED)


# isinstance(value, str), callable from C (filter)
_IS_TEXT = cast("Callable[[object], TypeGuard[str]]", str.__instancecheck__)


def _encodable(values: tuple[object, ...], terms: str) -> bool:
    """True when every text is valid UTF-8 material (no lone surrogates), checked in one encode."""
    try:
        "\x00".join(filter(_IS_TEXT, (terms, *values))).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value
