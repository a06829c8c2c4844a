"""Many rows written by few statements: ``INSERT OR FAIL ... VALUES (?, ...), (?, ...), ...`` with up to
``CHUNK_ROWS`` rows each, instead of ``executemany`` (one statement and one ``sqlite3_step`` per row).

Why: Python's sqlite3 module binds each row and lets go of the interpreter lock around every step, and a
sync's writer inserts ~6 rows a ticket (ticket, document, facts, items, rule queue) while four cursor
threads run Python: every row was a hand-over of the lock and a statement's fixed cost. 64 rows a statement
cost the writer ~10 µs less CPU a ticket (tickets + documents 40-48 → 31-34 µs, facts + items + queue
19-22 → 13-15 µs; bench_sync_store's pages, 12 k tickets) and let go of the lock once per 64 rows.

``OR FAIL`` (or ``OR IGNORE``), never the default ``ABORT``: a statement of several rows that may abort
needs a statement journal to undo its earlier rows, which SQLite writes (spilled to a temporary file past
64 KiB: the same inserts with ABORT cost more than ``executemany``). With FAIL a failing row stops the
statement and keeps the rows before it, which is exactly what ``executemany`` leaves (each earlier row was
its own statement), and the error is the same; the rows are bound as ``executemany`` binds them, in the
same order. A batch's remainder goes in power-of-two chunks, so a table needs at most ~7 statement texts
(the connection's statement cache keeps them prepared)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

CHUNK_ROWS = 64
_MAX_VARIABLES = 999  # SQLite's smallest SQLITE_MAX_VARIABLE_NUMBER (builds before 3.32)


def insert_rows(conn: sqlite3.Connection, head: str, width: int, rows: Sequence[Sequence[object]]) -> None:
    """``{head} VALUES (...)`` for every row of ``rows`` (each ``width`` values), in order; ``head`` is
    ``INSERT OR FAIL INTO t (a, b)`` or ``INSERT OR IGNORE INTO ...``."""
    if not head.startswith(("INSERT OR FAIL ", "INSERT OR IGNORE ")):
        raise ValueError(f"{head!r}: a statement of several rows must not abort (see many_rows.py)")
    chunk = _chunk_rows(width)
    total = len(rows)
    at = 0
    while at < total:
        size = chunk if total - at >= chunk else 1 << ((total - at).bit_length() - 1)
        part = rows[at : at + size]
        if size == 1:
            conn.execute(_statement(head, width, 1), part[0])
        else:
            conn.execute(_statement(head, width, size), list(chain.from_iterable(part)))
        at += size


def _chunk_rows(width: int) -> int:
    """The largest power of two up to CHUNK_ROWS whose rows fit SQLite's variable limit."""
    chunk = CHUNK_ROWS
    while chunk > 1 and chunk * width > _MAX_VARIABLES:
        chunk //= 2
    return chunk


@lru_cache(maxsize=256)
def _statement(head: str, width: int, rows: int) -> str:
    one = "(" + ", ".join("?" * width) + ")"
    return f"{head} VALUES {', '.join([one] * rows)}"
