"""Raw ticket JSON stored a page at a time (schema v6): the compact JSON of the tickets written together
(one OWS page in a sync; ``PAGE_TICKETS`` otherwise) is concatenated and compressed ONCE, instead of zlib
per ticket.

Measured on simulator tickets: zlib per ticket (a copy of a compressor primed with the cache's dictionary,
level 6) cost ~50 µs a ticket and kept ~23 % of the bytes; one level-1 stream per 50-ticket page primed with
the same dictionary costs ~7 µs a ticket and keeps ~17 %. A ticket's row says where its JSON lies in the
page (``page``, ``at``, ``len``) and keeps an 8-byte digest of it in ``raw``, so a ticket received again
unchanged is recognised without reading its page. ``live`` counts the rows pointing into a page; a page
nobody points to any more is deleted. Rows from before v6 keep their own JSON (``page`` NULL)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ows_desktop.store.rawjson import RawCodec, dumps

PAGE_TICKETS = 50  # tickets per page for writes that do not come as OWS pages (upsert_tickets, bulk)

Ref = tuple[int, int, int]  # (raw_pages.id, byte offset, byte length) of a ticket's JSON


class JsonBytes:
    """The encoder a v6 store hands to ``ticket_record``: the ticket's compact JSON as UTF-8 bytes (the
    page compresses it later, with its neighbours)."""

    @staticmethod
    def encode(raw: Any) -> bytes:
        return dumps(raw)[1]


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


def write_pages(
    conn: sqlite3.Connection, codec: RawCodec, groups: Iterable[Sequence[tuple[str, bytes]]]
) -> dict[str, Ref]:
    """Store each group of (key, JSON bytes) as one compressed page; where each key's JSON lies."""
    refs: dict[str, Ref] = {}
    for group in groups:
        if not group:
            continue
        blob = codec.compress_page(b"".join(data for _, data in group))
        page = conn.execute("INSERT INTO raw_pages (live, data) VALUES (?, ?)", (len(group), blob)).lastrowid
        assert page is not None
        at = 0
        for key, data in group:
            refs[key] = (page, at, len(data))
            at += len(data)
    return refs


def release(conn: sqlite3.Connection, pages: Iterable[int | None]) -> None:
    """Rows stopped pointing into these pages (one entry per row): delete pages nobody points to."""
    counts = Counter(page for page in pages if page is not None)
    if counts:
        conn.executemany(
            "UPDATE raw_pages SET live = live - ? WHERE id = ?", [(n, p) for p, n in counts.items()]
        )
        conn.executemany("DELETE FROM raw_pages WHERE id = ? AND live <= 0", [(p,) for p in counts])


def page_data(conn: sqlite3.Connection, pages: Iterable[int]) -> dict[int, bytes]:
    """The compressed pages by id."""
    wanted = sorted(set(pages))
    if not wanted:
        return {}
    rows = conn.execute(
        "SELECT id, data FROM raw_pages WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(wanted),)
    )
    return dict(rows.fetchall())


def from_page(inflated: bytes, at: int, length: int) -> dict[str, Any]:
    """A ticket's JSON object from its page (already inflated)."""
    value = json.loads(inflated[at : at + length].decode("utf-8"))
    return value if isinstance(value, dict) else {"value": value}
