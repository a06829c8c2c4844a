"""The single-seat cache's change feed: what other programs on this computer changed in the cache while the
window is open — a flag, review state or note set with ``ows-desktop flag``, tickets a command-line sync
stored — so the window shows them as it shows a colleague's changes to the team store
(:mod:`ows_desktop.tasks.live_updates`).

SQLite has no notifications: the feed polls ``PRAGMA data_version`` on a connection of its own (it changes
when another connection commits; reading it costs microseconds). After a change it reads the audit entries
appended since the last one it saw (every review change appends one, as in the team store) and a mark of
the tickets stored (the newest ticket row, raw page and sync checkpoint, the rules' queue, the end of a
sync). Tickets are reported at most every ``TICKETS_EVERY_S``: a sync commits several times a second, and
each report re-reads the loaded rows and the open receipt. The window's own writes are reported too;
applying them again changes nothing.

A failed read is logged and reported as no change: a single-seat cache has no connection to lose, and what
the window itself reads says what is wrong with the file. No Qt here."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from ows_desktop.store.checkpoints import SYNC_FINISHED_KEY
from ows_desktop.store.database import open_reader
from ows_desktop.store.live import StoreChanges

log = logging.getLogger(__name__)

POLL_S = 0.1  # how often data_version is read while waiting
TICKETS_EVERY_S = 2.0

# The newest ticket row, raw page and sync checkpoint, the tickets waiting for the exception rules (a rules
# run empties it: its findings are "tickets changed" too) and when a sync last finished (the "Last sync",
# its review_meta row, store/checkpoints.py).
_TICKETS_MARK_SQL = (
    "SELECT (SELECT max(rid) FROM tickets), (SELECT max(id) FROM raw_pages), "
    "(SELECT max(updated_us) FROM sync_windows), (SELECT count(*) FROM rules_pending), "
    f"(SELECT value FROM review_meta WHERE key = '{SYNC_FINISHED_KEY}')"
)


class SqliteChangeFeed:
    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._conn = open_reader(path, check_same_thread=False)
        self._clock, self._sleep = clock, sleep
        self._version = self._data_version()
        self._last_audit = int(
            self._conn.execute("SELECT coalesce(max(id), 0) FROM review_audit").fetchone()[0]
        )
        self._tickets_mark = self._conn.execute(_TICKETS_MARK_SQL).fetchone()
        self._tickets_pending = False
        self._tickets_told = float("-inf")

    def wait(self, timeout_s: float) -> StoreChanges:
        """The changes committed since the last call, waiting up to ``timeout_s`` for the first one."""
        deadline = self._clock() + timeout_s
        while True:
            keys = self._read_changes()
            tickets = self._tickets_pending and self._clock() - self._tickets_told >= TICKETS_EVERY_S
            if tickets:
                self._tickets_pending = False
                self._tickets_told = self._clock()
            if keys or tickets:
                return StoreChanges(frozenset(keys), tickets)
            left = deadline - self._clock()
            if left <= 0:
                return StoreChanges()
            self._sleep(min(POLL_S, left))

    def _read_changes(self) -> set[str]:
        """The keys of the review changes committed since the last look (and note whether tickets were
        stored); nothing when no other connection committed."""
        try:
            version = self._data_version()
            if version == self._version:
                return set()
            self._version = version
            rows = self._conn.execute(
                "SELECT id, ticket_key FROM review_audit WHERE id > ? ORDER BY id", (self._last_audit,)
            ).fetchall()
            mark = self._conn.execute(_TICKETS_MARK_SQL).fetchone()
        except sqlite3.Error as exc:
            log.debug("Reading the cache's changes failed: %s", exc)
            return set()
        if mark != self._tickets_mark:
            self._tickets_mark = mark
            self._tickets_pending = True
        if rows:
            self._last_audit = int(rows[-1][0])
        return {str(key) for _, key in rows}

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self._conn.close()
