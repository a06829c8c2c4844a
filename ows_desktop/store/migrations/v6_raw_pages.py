"""Schema v6: the raw JSON of synced tickets stored a page at a time (see :mod:`ows_desktop.store.raw_pages`).

* ``raw_pages``: the compact JSON of up to a page of tickets, concatenated and compressed once (zlib primed
  with the cache's dictionary); ``live`` counts the tickets that still point into it (0: deleted).
* ``ticket_docs.page/at/len``: where a ticket's JSON lies in its page (uncompressed byte offset, length);
  ``raw`` then holds an 8-byte digest of that JSON (to tell an unchanged ticket without reading the page).
  Rows written before v6 keep their own raw JSON (``page`` NULL) and are read as before."""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE raw_pages (id INTEGER PRIMARY KEY, live INTEGER NOT NULL, data BLOB NOT NULL)")
    for column in ("page", "at", "len"):
        conn.execute(f"ALTER TABLE ticket_docs ADD COLUMN {column} INTEGER")
