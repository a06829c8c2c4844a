"""Compact per-ticket facts and per-item rows the exception rules run on (schema v3).

The rules must evaluate a million stored tickets in seconds, so they never decode the raw JSON: when a ticket
is stored, :func:`extract` boils it down to one ``ticket_facts`` row (what kind of ticket it is, voided and
live line counts, the pre-discount merchandise value, tender shape, self-approved discounts, price overrides,
the UTC offset the POS wrote) and one ``ticket_items`` row per live line that sells (``role`` 1) or refunds
(``role`` -1) an item with a SKU. Both are written by the upsert in the same transaction as the ticket (see
the extension point in :mod:`.ticket_rows`), deleted with it by a trigger, and the ticket's rowid is queued in
``rules_pending`` so the rule runner evaluates it.

``ticket_items`` exists for one rule, "refund without a matching sale": an index over ``(location, sku,
role, rid)`` answers "was this item sold at this store in the N days before?" with one seek. It holds only
what that needs (the raw JSON keeps every line): a full per-line copy would grow the cache by a third and
slow the sync's upsert for no rule. Nothing here raises on odd tickets (the normaliser never does either)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from ows_desktop.ows.model import Ticket
from ows_desktop.store.many_rows import insert_rows

# Ticket kinds the rules reason about (``ticket_facts.kind``); unknown statuses count as sales.
KIND_SALE, KIND_VOID, KIND_POST_VOID, KIND_REFUND, KIND_NO_SALE, KIND_PAID_OUT = (
    "sale",
    "void",
    "post_void",
    "refund",
    "no_sale",
    "paid_out",
)
_KINDS = {
    "void": KIND_VOID,
    "voided": KIND_VOID,
    "cancelled": KIND_VOID,
    "canceled": KIND_VOID,
    "post_void": KIND_POST_VOID,
    "postvoid": KIND_POST_VOID,
    "refund": KIND_REFUND,
    "refunded": KIND_REFUND,
    "return": KIND_REFUND,
    "returned": KIND_REFUND,
    "no_sale": KIND_NO_SALE,
    "nosale": KIND_NO_SALE,
    "paid_out": KIND_PAID_OUT,
    "paidout": KIND_PAID_OUT,
}
_REFUND_LINE_KINDS = frozenset({"refund", "return", "returned", "refunded"})
# Tickets whose live positive lines are real sales of the item (refund matching).
_SELLING_KINDS = frozenset({KIND_SALE})
# The raw start-time fields, in the normaliser's priority order (ows/tickets.py _START).
_START_FIELDS = ("startDate", "startTime", "openedTime", "OpenedTime")
_MAX_OFFSET_MIN = 24 * 60

FACT_COLUMNS = (
    "kind",
    "voided_lines",
    "live_lines",
    "gross",
    "tenders",
    "cash_only",
    "self_approved",
    "overrides",
    "override_pct",
    "refund_lines",
    "utc_offset_min",
)
ITEM_COLUMNS = ("idx", "location", "sku", "role")

_FACTS_HEAD = f"INTO ticket_facts (rid, {', '.join(FACT_COLUMNS)})"
_REPLACE_FACTS_SQL = f"INSERT OR REPLACE {_FACTS_HEAD} VALUES ({', '.join('?' * (len(FACT_COLUMNS) + 1))})"
_DROP_FACTS_SQL = "DELETE FROM ticket_facts WHERE rid IN (SELECT value FROM json_each(?))"
_INSERT_ITEMS = f"INSERT OR FAIL INTO ticket_items (rid, {', '.join(ITEM_COLUMNS)})"

Facts = tuple[Any, ...]  # FACT_COLUMNS values
Items = tuple[tuple[Any, ...], ...]  # ITEM_COLUMNS values per sold/refunded item


def ticket_kind(status: str | None) -> str:
    if not status:
        return KIND_SALE
    word = status.lower().replace("-", "_").replace(" ", "_")
    return _KINDS.get(word, KIND_SALE)


def extract(
    ticket: Ticket, status_word: str | None = None, *, encodable: bool = False
) -> tuple[Facts, Items]:
    """The facts row and item rows of ``ticket`` (without the rowid, which is not known yet).
    ``status_word``: its status as :func:`ticket_kind` words it, when the caller has it already;
    ``encodable``: the caller found its location and its lines' SKUs valid UTF-8 material already (the
    ticket row's check, store/ticket_rows.py), so the items need no check of their own."""
    kind = ticket_kind(ticket.status) if status_word is None else _KINDS.get(status_word, KIND_SALE)
    location = ticket.location or ""
    selling = kind in _SELLING_KINDS
    voided_lines = live_lines = overrides = refund_lines = 0
    gross = 0.0
    override_pct = 0.0
    items: list[tuple[Any, ...]] = []
    for idx, line in enumerate(ticket.lines):
        quantity, price, amount = line.quantity, line.price, line.amount
        if amount is None and quantity is not None and price is not None:
            amount = quantity * price
        line_kind = line.kind
        refund_like = (line_kind is not None and line_kind in _REFUND_LINE_KINDS) or (
            quantity is not None and quantity < 0
        )
        original = line.original_price
        role = 0
        if line.voided:
            voided_lines += 1
        else:
            live_lines += 1
            if refund_like:
                refund_lines += 1
                role = -1
            else:
                if amount is not None and amount > 0:
                    gross += amount
                if selling:
                    role = 1
            if original is not None and price is not None and original > 0 and price < original - 0.005:
                overrides += 1
                override_pct = max(override_pct, (original - price) * 100.0 / original)
        sku = line.sku
        if role and sku:
            items.append((idx, location, sku, role))
    tenders = ticket.tenders
    cash_only = bool(tenders)
    for tender in tenders:  # all(...) without a generator: runs for every ticket
        if not (tender.kind or "").startswith("cash"):
            cash_only = False
            break
    self_approved = 0
    for discount in ticket.discounts:
        applied, approved = discount.operator, discount.approver
        if applied and approved and applied.strip().casefold() == approved.strip().casefold():
            self_approved += 1
    if not encodable and not _encodable([location, *[item[2] for item in items]]):
        items = [_clean_item(item) for item in items]
    facts = (
        kind,
        voided_lines,
        live_lines,
        round(gross, 6),
        len(tenders),
        int(cash_only),
        self_approved,
        overrides,
        round(override_pct, 4),
        refund_lines,
        _utc_offset_minutes(ticket.raw),
    )
    return facts, tuple(items)


def write(
    conn: sqlite3.Connection, placed: Iterable[tuple[int, Facts | None, Items]], *, replace: bool
) -> None:
    """Store the facts and items of ``(rid, facts, items)`` and queue the rids for the rule runner.

    ``replace``: the rids may already have items (an in-place update), delete those first. Records built
    without facts (``facts`` None) are skipped."""
    rows = [(rid, facts, lines) for rid, facts, lines in placed if facts is not None]
    if not rows:
        return
    if replace:
        conn.executemany("DELETE FROM ticket_items WHERE rid = ?", [(rid,) for rid, _, _ in rows])
    _replace_facts(conn, [(rid, *facts) for rid, facts, _ in rows])
    insert_rows(
        conn, _INSERT_ITEMS, len(ITEM_COLUMNS) + 1, [(rid, *item) for rid, _, items in rows for item in items]
    )
    insert_rows(conn, "INSERT OR IGNORE INTO rules_pending (rid)", 1, [(rid,) for rid, _, _ in rows])


def _replace_facts(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """``INSERT OR REPLACE`` of every facts row: the rows of distinct rids as "delete those rids, then insert
    them 64 a statement" (many_rows.py: an ``OR REPLACE`` of several rows would need a statement journal,
    its NOT NULL columns having no default), the same rows in the end; else one statement per row."""
    rids = [row[0] for row in rows]
    if len(set(rids)) == len(rids) and all(type(rid) is int for rid in rids):
        conn.execute(_DROP_FACTS_SQL, (json.dumps(rids),))
        insert_rows(conn, f"INSERT OR FAIL {_FACTS_HEAD}", len(FACT_COLUMNS) + 1, rows)
    else:
        conn.executemany(_REPLACE_FACTS_SQL, rows)


def remember_offsets(conn: sqlite3.Connection, pairs: Sequence[tuple[str, int]], now_us: int) -> None:
    """Remember each location's UTC offset from its tickets that carry one, for its tickets that carry none.

    The smallest offset seen wins (standard time where the store observes DST, whatever order tickets arrive
    in); when a location's offset is learned or changes, its tickets without an offset of their own are
    queued for the rules again, so the result does not depend on the order of arrival."""
    lowest: dict[str, int] = {}
    for location, offset in pairs:
        if location not in lowest or offset < lowest[location]:
            lowest[location] = offset
    changed = []
    for location, offset in lowest.items():
        row = conn.execute(
            "SELECT offset_min FROM location_offsets WHERE location = ?", (location,)
        ).fetchone()
        if row is None or offset < row[0]:
            changed.append((location, offset, now_us))
    if not changed:
        return
    conn.executemany(
        "INSERT INTO location_offsets (location, offset_min, updated_us) VALUES (?, ?, ?) "
        "ON CONFLICT (location) DO UPDATE SET offset_min = excluded.offset_min, updated_us = excluded.updated_us",
        changed,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rules_pending (rid) SELECT t.rid FROM tickets AS t "
        "JOIN ticket_facts AS f ON f.rid = t.rid WHERE t.location = ? AND f.utc_offset_min IS NULL",
        [(location,) for location, _, _ in changed],
    )


def _encodable(texts: list[str]) -> bool:
    try:
        "\x00".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_item(item: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.encode("utf-8", "replace").decode("utf-8") if isinstance(v, str) else v for v in item)


def _utc_offset_minutes(raw: Any) -> int | None:
    """The UTC offset (minutes) the POS wrote with the ticket's start time, if it wrote one.

    ``{"DateTime": naive local, "OffsetMinutes": n}`` → n; an ISO string with a numeric offset → that offset.
    A ``Z`` suffix says nothing about the store's local time (someone converted to UTC), so it gives None,
    as do epoch numbers."""
    if not isinstance(raw, dict):
        return None
    value = None
    for name in _START_FIELDS:
        value = raw.get(name)
        if value is not None:
            break
    if isinstance(value, dict):
        text = value.get("DateTime", value.get("dateTime"))
        if isinstance(text, str):
            own = _iso_offset(text)
            if own is not None:
                return own
        minutes = value.get("OffsetMinutes", value.get("offsetMinutes"))
        if isinstance(minutes, str):
            try:
                minutes = float(minutes.strip())
            except ValueError:
                return None
        if (
            isinstance(minutes, int | float)
            and not isinstance(minutes, bool)
            and -_MAX_OFFSET_MIN < minutes < _MAX_OFFSET_MIN
        ):
            return int(minutes)
        return None
    if isinstance(value, str):
        return _iso_offset(value)
    return None


def _iso_offset(text: str) -> int | None:
    text = text.strip()
    if len(text) < 16 or text.endswith(("Z", "z")) or not ("+" in text[10:] or "-" in text[10:]):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    offset = parsed.utcoffset()
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    return minutes if -_MAX_OFFSET_MIN < minutes < _MAX_OFFSET_MIN else None
