"""Sync checkpoints in SQLite (``sync_windows``): persist-time sub-windows of a sync and how far each has
been fetched.

A window is ``[start_us, end_us)`` in epoch microseconds of persist time. ``cursor`` is the OWS cursor
for its next page; :meth:`TicketStore.save_page` advances it in the same transaction that stores the
page's tickets, so after a kill the sync resumes exactly at the first page not stored.

When a sync into the store last finished, every window of its range done, is the ``review_meta`` row
``sync_finished_us`` (the key/value table both backends have; a new table would need a schema version, and a
cache or team store of a newer version is refused by every older workstation): the sync engine records it,
whichever program synced (the window, its sync process, ``ows-desktop sync`` or the sync service), and the
window's "Last sync" reads it. A failed or cancelled sync leaves it as it was. A store no sync of this version
has run on yet has no row: it was last synced when its last completed window was saved (``updated_us``), the
nearest the store knows. A sync starts by writing that moment (or "" for never) if the row is missing, so the
windows a failed or cancelled sync completes never count as a finished sync."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ows_desktop.store.values import SyncWindow

_COLUMNS = "id, start_us, end_us, cursor, pages, tickets, empty_pages, done"


def _window(row: tuple) -> SyncWindow:  # type: ignore[type-arg]
    wid, start_us, end_us, cursor, pages, tickets, empty_pages, done = row
    return SyncWindow(wid, start_us, end_us, cursor, pages, tickets, empty_pages, bool(done))


def create_windows(
    conn: sqlite3.Connection, spans: Sequence[tuple[int, int]], now_us: int
) -> list[SyncWindow]:
    windows = []
    for start_us, end_us in spans:
        if end_us <= start_us:
            raise ValueError(f"A sync window must end after it starts (got {start_us}..{end_us}).")
        row = conn.execute(
            f"INSERT INTO sync_windows (start_us, end_us, updated_us) VALUES (?, ?, ?) RETURNING {_COLUMNS}",
            (int(start_us), int(end_us), now_us),
        ).fetchone()
        windows.append(_window(row))
    return windows


def windows_overlapping(conn: sqlite3.Connection, start_us: int, end_us: int) -> list[SyncWindow]:
    """Windows sharing at least one microsecond with ``[start_us, end_us)``, by start then id."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM sync_windows WHERE start_us < ? AND end_us > ? ORDER BY start_us, id",
        (end_us, start_us),
    )
    return [_window(row) for row in rows]


def get_window(conn: sqlite3.Connection, window_id: int) -> SyncWindow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM sync_windows WHERE id = ?", (window_id,)).fetchone()
    return None if row is None else _window(row)


def advance_window(
    conn: sqlite3.Connection,
    window_id: int,
    *,
    cursor: str | None,
    tickets: int,
    empty: bool,
    done: bool,
    now_us: int,
) -> None:
    """Record one fetched page of a window. Raises KeyError for an unknown window."""
    updated = conn.execute(
        "UPDATE sync_windows SET cursor = ?, pages = pages + 1, tickets = tickets + ?, "
        "empty_pages = empty_pages + ?, done = ?, updated_us = ? WHERE id = ?",
        (cursor, tickets, int(empty), int(done), now_us, window_id),
    ).rowcount
    if updated != 1:
        raise KeyError(f"No sync window {window_id}")


def split_window(conn: sqlite3.Connection, window_id: int, at_us: int, now_us: int) -> SyncWindow | None:
    """Hand ``[at_us, end)`` of a window to a new window (returned, in the caller's transaction); the old
    one keeps ``[start, at_us)`` and its cursor. None (nothing changed) when the window is done, unknown,
    or ``at_us`` is not strictly inside it."""
    row = conn.execute(
        "SELECT start_us, end_us, done FROM sync_windows WHERE id = ?", (window_id,)
    ).fetchone()
    if row is None or row[2] or not row[0] < at_us < row[1]:
        return None
    conn.execute(
        "UPDATE sync_windows SET end_us = ?, updated_us = ? WHERE id = ?", (int(at_us), now_us, window_id)
    )
    return create_windows(conn, [(int(at_us), int(row[1]))], now_us)[0]


def delete_windows(conn: sqlite3.Connection, ids: Sequence[int]) -> int:
    return sum(conn.execute("DELETE FROM sync_windows WHERE id = ?", (int(i),)).rowcount for i in ids)


def completed_until_us(conn: sqlite3.Connection) -> int | None:
    """The persist time up to which every window is done with no gap, from the earliest window's start.

    Done windows are merged while they touch or overlap; the first gap, or the start of the earliest
    window that is not done, ends the coverage. None when nothing is covered yet."""
    rows = conn.execute(
        "SELECT start_us, end_us, done FROM sync_windows ORDER BY start_us, end_us"
    ).fetchall()
    if not rows:
        return None
    first_start = rows[0][0]
    limit = min((start for start, _, done in rows if not done), default=None)
    covered = first_start
    for start_us, end_us, done in rows:
        if not done:
            continue
        if start_us > covered:
            break
        covered = max(covered, end_us)
    if limit is not None:
        covered = min(covered, limit)
    return None if covered <= first_start else covered


SYNC_FINISHED_KEY = "sync_finished_us"  # the review_meta row: epoch µs as text, "" for never
# The row (None: missing) and, for a store no sync of this version has run on, when its last completed window
# was saved; one statement both backends run (the key is a constant, not a parameter).
LAST_SYNC_SQL = (
    f"SELECT (SELECT value FROM review_meta WHERE key = '{SYNC_FINISHED_KEY}'), "
    "(SELECT max(updated_us) FROM sync_windows WHERE done = 1)"
)


def record_sync_started(conn: sqlite3.Connection) -> None:
    """A sync starts: a store without the row gets the moment its last completed window was saved (a sync of
    an older version finished then), or "" (never synced), before this sync completes a window of its own."""
    conn.execute(
        "INSERT INTO review_meta (key, value) SELECT ?, coalesce(CAST(max(updated_us) AS TEXT), '') "
        "FROM sync_windows WHERE done = 1 ON CONFLICT (key) DO NOTHING",
        (SYNC_FINISHED_KEY,),
    )


def record_sync_finished(conn: sqlite3.Connection, at_us: int) -> None:
    """A sync into the store finished at ``at_us``: every window of its range is done."""
    conn.execute(
        "INSERT INTO review_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (SYNC_FINISHED_KEY, str(int(at_us))),
    )


def last_sync_finished_of(row: Sequence[Any]) -> int | None:
    """When a sync into the store last finished, from the row of :data:`LAST_SYNC_SQL` (None: never)."""
    recorded, last_window = row
    if recorded is None:  # no sync of this version yet: the last completed window's save
        return None if last_window is None else int(last_window)
    try:
        return int(recorded)
    except ValueError:  # "" (never synced), or not a number: none known
        return None


def merged_sync_finished(row: Sequence[Any], carried_us: int | None) -> str:
    """The ``sync_finished_us`` value of a store that takes in another store's tickets and checkpoints (``store
    copy``), from its own row of :data:`LAST_SYNC_SQL` read before the copied windows go in and when a sync into
    the other store last finished (``carried_us``, None: never): the later of the two, "" when neither store
    ever finished a sync (the copied windows are no sync of this store's)."""
    known = [us for us in (last_sync_finished_of(row), carried_us) if us is not None]
    return str(max(known)) if known else ""


def last_sync_finished_us(conn: sqlite3.Connection) -> int | None:
    """When a sync into the store last finished (None: never, as far as the store knows)."""
    return last_sync_finished_of(conn.execute(LAST_SYNC_SQL).fetchone())
