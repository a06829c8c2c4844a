"""One sync per tenant on the team store: a session-level advisory lock held by a connection of its own
for the whole sync, and the ``sync_status`` row that says who holds it (OS user@host, since when, which
range). The team store holds one tenant (``store copy`` and the tenant guard see to it), so one lock key
per database is one sync per tenant.

Who ran the last finished sync (the window's "Last sync … by WHO") is recorded by that sync: finishing under
its claim, it writes the ``review_meta`` row ``sync_finished_claim`` (the moment and its claim's start) with
the moment itself. A moment that came another way — ``store copy`` carries a cache's, which no claim of this
store produced — matches no such row and is nobody's here; so is one whose claim a later sync has taken since.

Why a session lock on its own connection: when the syncing workstation dies (SIGKILL, power, network) the
server ends its session and releases the lock with it; nothing has to notice a stale row. The row stays as
the last sync's record, and is trusted only while the lock is taken. Progress is read from the shared
checkpoints (``sync_windows``), which the syncing workstation commits with every page."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.shared_sync import SyncWatch
from ows_desktop.store.timekeys import now_us

if TYPE_CHECKING:
    from collections.abc import Callable

    from psycopg import Connection

log = logging.getLogger(__name__)

SYNC_LOCK_KEY = 0x4F575359  # "OWSY"

_CLAIM_SQL = """
    INSERT INTO sync_status (id, who, started_us, range_start_us, range_end_us, finished_us)
    VALUES (1, %(who)s, %(now)s, %(lo)s, %(hi)s, NULL)
    ON CONFLICT (id) DO UPDATE SET who = EXCLUDED.who, db_role = current_user, backend_pid = pg_backend_pid(),
        started_us = EXCLUDED.started_us, range_start_us = EXCLUDED.range_start_us,
        range_end_us = EXCLUDED.range_end_us, finished_us = NULL
"""
# Progress from the checkpoints of the windows inside the claimed range (completed windows count fully).
_WATCH_SQL = """
    SELECT s.who, s.started_us, s.range_start_us, s.range_end_us,
           count(w.id), count(w.id) FILTER (WHERE w.done = 1),
           coalesce(sum(w.pages), 0), coalesce(sum(w.tickets), 0),
           coalesce(sum(least(w.end_us, s.range_end_us) - greatest(w.start_us, s.range_start_us))
                    FILTER (WHERE w.done = 1), 0)
    FROM sync_status AS s
    LEFT JOIN sync_windows AS w ON w.start_us < s.range_end_us AND w.end_us > s.range_start_us
    WHERE s.id = 1
    GROUP BY s.who, s.started_us, s.range_start_us, s.range_end_us
"""


FINISHED_BY_KEY = "sync_finished_claim"  # review_meta: "<finished µs> <its claim's started_us>", "" none
# the row and the claim now recorded in sync_status (reader's '?' placeholders)
FINISHED_BY_SQL = (
    "SELECT m.value, s.started_us, s.who FROM review_meta AS m LEFT JOIN sync_status AS s ON s.id = 1 "
    "WHERE m.key = ?"
)


def record_finished_by(conn: Connection[Any], at_us: int, claim: SyncClaim | None) -> None:
    """In the transaction that records a sync finished at ``at_us``: which claim it ran under (None: none)."""
    value = "" if claim is None else f"{int(at_us)} {claim.started_us}"
    conn.execute(
        "INSERT INTO review_meta (key, value) VALUES (%s, %s) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (FINISHED_BY_KEY, value),
    )


def finished_by(rows: list[tuple[Any, ...]], at_us: int) -> str | None:
    """Who ran the sync that finished at ``at_us``, from the rows of :data:`FINISHED_BY_SQL`: the claim's OS
    user@host when that sync recorded it and no later sync has claimed since; None otherwise."""
    if not rows:
        return None
    value, started_us, who = rows[0]
    recorded = str(value or "").split()
    if len(recorded) != 2 or started_us is None or not who:
        return None
    return str(who) if recorded == [str(int(at_us)), str(int(started_us))] else None


def _take(conn: Connection[Any], location: object, who: str, lo: int, hi: int, started_us: int) -> bool:
    with translated(location):
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (SYNC_LOCK_KEY,)).fetchone()
        if not (got and got[0]):
            return False
        conn.execute(_CLAIM_SQL, {"who": who, "now": started_us, "lo": lo, "hi": hi})
        return True


class SyncClaim:
    """The held claim: its own connection (whose session holds the lock) until ``release()``."""

    def __init__(self, connect: Callable[[], Connection[Any]], location: object, who: str, lo: int, hi: int):
        self._connect, self._location = connect, location
        self._args = (who, lo, hi, now_us())
        self._conn: Connection[Any] | None = None

    @property
    def started_us(self) -> int:
        """When the claim was taken (``sync_status.started_us``; a renewed claim keeps it)."""
        return int(self._args[3])

    def take(self) -> bool:
        """Take the claim on a new connection; False (no connection left open) when another holds it."""
        conn = self._connect()
        try:
            if not _take(conn, self._location, *self._args):
                conn.close()
                return False
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        return True

    def renew(self) -> None:
        """After the server came back (restart): take the claim again if its session was cut."""
        if self._conn is None or not self._conn.closed:
            return
        self._conn = None
        if not self.take():
            log.warning(
                "After the server restarted another workstation took the sync claim; this sync goes on"
            )

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            with translated(self._location):
                conn.execute("UPDATE sync_status SET finished_us = %s WHERE id = 1", (now_us(),))
        except Exception as exc:  # the server went away: closing the session releases the lock anyway
            log.info("Could not mark the sync finished (%s); the claim ends with the session", exc)
        conn.close()  # ends the session: the server releases the advisory lock


def watch(conn: Connection[Any]) -> SyncWatch | None:
    """The sync holding the claim, read on ``conn`` (None when nobody holds it)."""
    held = conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND classid = 0 AND objid::bigint = %s AND objsubid = 1",
        (SYNC_LOCK_KEY,),
    ).fetchone()
    if not held or not held[0]:
        return None
    row = conn.execute(_WATCH_SQL).fetchone()
    if row is None:
        return None
    return SyncWatch(
        who=row[0],
        started_us=int(row[1]),
        range_start_us=int(row[2]),
        range_end_us=int(row[3]),
        windows_total=int(row[4]),
        windows_done=int(row[5]),
        pages=int(row[6]),
        tickets=int(row[7]),
        covered_us=int(row[8]),
    )
