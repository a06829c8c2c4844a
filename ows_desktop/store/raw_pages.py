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
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ows_desktop.store.rawjson import RawCodec, dumps

PAGE_TICKETS = 50  # tickets per page for writes that do not come as OWS pages (upsert_tickets, bulk)

Ref = tuple[int, int, int]  # (raw_pages.id, byte offset, byte length) of a ticket's JSON


class JsonBytes:
    """The encoder a v6 store hands to ``ticket_record``: the ticket's JSON as UTF-8 bytes (the page
    compresses it later, with its neighbours): the bytes it was received as when ``received`` has them (by
    ``id`` of the ticket's raw object), else its compact re-encoding."""

    def __init__(self, received: dict[int, bytes] | None = None) -> None:
        self._received = received or {}

    def encode(self, raw: Any) -> bytes:
        found = self._received.get(id(raw))
        return found if found is not None else dumps(raw)[1]


_RESULTS = re.compile(r'"results"\s*:\s*\[')
_DECODER = json.JSONDecoder()


def received_json(body: bytes, raws: Sequence[Any]) -> dict[int, bytes]:
    """Each ticket's JSON text exactly as the server sent it, cut from the page's answer: ``id(raw)`` → UTF-8
    bytes. Only when the cut decodes to an object equal to every ticket's raw JSON, in order (the
    normaliser's input): anything else (another encoding, a key "results" elsewhere, NaN) returns {} and
    the tickets are re-encoded as before. Costs one more C-level decode of the page; saves json.dumps."""
    if not raws or not body:
        return {}
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    for match in _RESULTS.finditer(text):
        cut = _cut(text, match.end(), raws)
        if cut is not None:
            return {id(raw): piece.encode("utf-8") for raw, piece in zip(raws, cut, strict=True)}
    return {}


def _cut(text: str, at: int, raws: Sequence[Any]) -> list[str] | None:
    pieces = []
    end = len(text)
    try:
        for index, raw in enumerate(raws):
            while at < end and text[at] in " \t\r\n":
                at += 1
            if index:
                if text[at] != ",":
                    return None
                at += 1
                while at < end and text[at] in " \t\r\n":
                    at += 1
            value, stop = _DECODER.raw_decode(text, at)
            if value != raw:
                return None
            pieces.append(text[at:stop])
            at = stop
        while at < end and text[at] in " \t\r\n":
            at += 1
    except (ValueError, IndexError, RecursionError):
        return None
    return pieces if at < end and text[at] == "]" else None


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
