"""The team store's change feed: LISTEN on the channels the schema's triggers notify (see
:mod:`.team_sql`), on a connection of its own. PostgreSQL delivers a notification only after its
transaction commits, so a listener never sees a change that was rolled back.

A review notification names no ticket (anyone may LISTEN, and a payload bypasses row-level security): the
feed reads the audit entries appended since the last one it saw, through the connected role's policies,
so it reports only tickets that role may see. Every review change (flag, state, note, unflag) appends one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.live import StoreChanges
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.team_sql import REVIEW_CHANNEL, TICKETS_CHANNEL

if TYPE_CHECKING:
    from psycopg import Connection

DRAIN_S = 0.05  # after the first notification, how long to gather the ones sent with it


class PgChangeFeed:
    def __init__(self, conn: Connection[Any], where: object, lost: Callable[[], None] = lambda: None) -> None:
        """``lost()`` is called when the connection breaks (the store's outage: .outage)."""
        self._conn = conn
        self._where = where
        self._lost = lost
        try:
            with translated(where):
                conn.execute(f"LISTEN {REVIEW_CHANNEL}")
                conn.execute(f"LISTEN {TICKETS_CHANNEL}")
                self._last_audit = self._audit_after(-1)[1]
        except BaseException:
            conn.close()
            raise

    def wait(self, timeout_s: float) -> StoreChanges:
        keys: set[str] = set()
        tickets = False
        try:
            with translated(self._where):
                first = list(self._conn.notifies(timeout=timeout_s, stop_after=1))
                rest = list(self._conn.notifies(timeout=DRAIN_S)) if first else []
        except StoreConnectError:
            self._lost()  # before the listener hears of it: no read waits on the network from now on
            raise
        review = False
        for note in first + rest:
            if note.channel == REVIEW_CHANNEL:
                review = True
            elif note.channel == TICKETS_CHANNEL:
                tickets = True
        if review:
            keys, self._last_audit = self._audit_after(self._last_audit)
        return StoreChanges(frozenset(keys), tickets)

    def _audit_after(self, last_id: int) -> tuple[set[str], int]:
        """The tickets of the audit entries after ``last_id`` that this role may read, and the new mark.
        A role that may not read the audit trail at all (the sync role) hears of no review change."""
        import psycopg

        with translated(self._where):
            try:
                if last_id < 0:  # opening: only the mark
                    row = self._conn.execute("SELECT coalesce(max(id), 0) FROM review_audit").fetchone()
                    return set(), int(row[0]) if row else 0
                rows = self._conn.execute(
                    "SELECT id, ticket_key FROM review_audit WHERE id > %s ORDER BY id", (last_id,)
                ).fetchall()
            except psycopg.errors.InsufficientPrivilege:
                return set(), max(last_id, 0)
        return {str(row[1]) for row in rows}, max((int(row[0]) for row in rows), default=last_id)

    def close(self) -> None:
        self._conn.close()
