"""The team store's change feed: LISTEN on the channels the schema's triggers notify (see
:mod:`.team_sql`), on a connection of its own. PostgreSQL delivers a notification only after its
transaction commits, so a listener never sees a change that was rolled back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ows_desktop.store.live import StoreChanges
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.team_sql import REVIEW_CHANNEL, TICKETS_CHANNEL

if TYPE_CHECKING:
    from psycopg import Connection

DRAIN_S = 0.05  # after the first notification, how long to gather the ones sent with it


class PgChangeFeed:
    def __init__(self, conn: Connection[Any], where: object) -> None:
        self._conn = conn
        self._where = where
        with translated(where):
            conn.execute(f"LISTEN {REVIEW_CHANNEL}")
            conn.execute(f"LISTEN {TICKETS_CHANNEL}")

    def wait(self, timeout_s: float) -> StoreChanges:
        keys: set[str] = set()
        tickets = False
        with translated(self._where):
            first = list(self._conn.notifies(timeout=timeout_s, stop_after=1))
            rest = list(self._conn.notifies(timeout=DRAIN_S)) if first else []
        for note in first + rest:
            if note.channel == REVIEW_CHANNEL:
                keys.add(note.payload)
            elif note.channel == TICKETS_CHANNEL:
                tickets = True
        return StoreChanges(frozenset(keys), tickets)

    def close(self) -> None:
        self._conn.close()
