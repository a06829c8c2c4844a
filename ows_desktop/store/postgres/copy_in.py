"""The team store's side of ``store copy``: the store's OWS tenant, and writing a single-seat cache's
rows in resumable steps (each step and its progress mark commit in one transaction, see
:mod:`ows_desktop.store.postgres.copy_from`).

Audit entries are appended to the team store's own chain (same time, who, host, action and changes as in
the cache; the id and hash are the team chain's), so the team trail still verifies after a copy into a
store that already has entries. Each is written by the login that copies (its OS user and database role, as
every entry's), and its changes say who made it: ``copied`` holds the cache's OS user, so the window and the
exports credit the person who flagged, not the administrator who ran the copy (a tester). Flags are copied as they stand; where both stores flag a ticket, the
newer change wins.

Of the cache's ``review_meta`` rows only when a sync into it last finished (``sync_finished_us``, the window's
"Last sync") describes the tickets copied: the store keeps the later of the cache's and its own. The rule
runs' rows (``rules_fingerprint``, ``rules_full_run_us``) describe the cache's rule findings, which are not
copied (the store evaluates the copied tickets with its own settings: they are queued like a sync's), so they
stay the store's own; nothing naming the cache (its file, its workstation) goes in but ``copy_progress``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ows_desktop.ows.model import Ticket
from ows_desktop.store import checkpoints
from ows_desktop.store.errors import StoreError
from ows_desktop.store.postgres.review import append_entry
from ows_desktop.store.postgres.tickets import TextCodec, upsert_records
from ows_desktop.store.review import AuditEntry, FlagState
from ows_desktop.store.ticket_rows import ticket_record
from ows_desktop.store.timekeys import now_us
from ows_desktop.store.values import SyncWindow

if TYPE_CHECKING:
    from psycopg import Connection

Transaction = Callable[[], AbstractContextManager["Connection[Any]"]]


class TenantMismatch(StoreError):
    """The team store belongs to another OWS tenant (exit 2); nothing was written."""


class PgCopyIn:
    """``store.copy_in`` of the team store."""

    def __init__(self, transaction: Transaction, where: object) -> None:
        self._transaction = transaction
        self._where = where
        self._codec = TextCodec()

    # -- the store's tenant ------------------------------------------------------------------------
    def tenant(self) -> tuple[str, str] | None:
        """(API Access URL, tickets endpoint) of the tenant the store belongs to, or None (not bound yet)."""
        with self._transaction() as conn:
            row = conn.execute("SELECT api_access_url, tickets_endpoint FROM team_tenant").fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def bind_tenant(self, api_access_url: str, tickets_endpoint: str, *, label: str, source: str) -> None:
        """Bind the store to this tenant on first use; TenantMismatch when it belongs to another one."""
        with self._transaction() as conn:
            conn.execute("LOCK TABLE team_tenant IN EXCLUSIVE MODE")
            row = conn.execute("SELECT api_access_url, tickets_endpoint FROM team_tenant").fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO team_tenant VALUES (1, %s, %s, %s)",
                    (api_access_url, tickets_endpoint, now_us()),
                )
            elif (row[0], row[1]) != (api_access_url, tickets_endpoint):
                raise TenantMismatch(
                    f"The team store at {self._where} belongs to the OWS tenant {row[1]} ({row[0]}), not to "
                    f"{label}, the tenant of {source}; nothing was copied. Copy into that tenant's team store."
                )

    # -- resumable steps ---------------------------------------------------------------------------
    def progress(self, source: str) -> tuple[int, int, bool]:
        """(last source rowid copied, last source audit id copied, finished) for ``source``."""
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT tickets_after, audit_after, finished_us FROM copy_progress WHERE source = %s",
                (source,),
            ).fetchone()
        return (0, 0, False) if row is None else (int(row[0]), int(row[1]), row[2] is not None)

    def tickets(self, source: str, tickets: Sequence[Ticket], after: int) -> None:
        now = now_us()
        records = [ticket_record(t, now, self._codec) for t in tickets]
        with self._transaction() as conn:
            upsert_records(conn, records, now)
            _mark(conn, source, "tickets_after", after)

    def audit(self, source: str, entries: Sequence[AuditEntry], after: int) -> None:
        with self._transaction() as conn:
            for e in entries:  # written by the copier's login; made by whom the cache says (``copied``)
                made = {"copied": {"os_user": e.os_user, "from": "local cache"}}
                append_entry(conn, e.ticket_key, e.at_us, e.who, e.host, e.action, {**e.changes, **made})
            _mark(conn, source, "audit_after", after)

    def finish(
        self,
        source: str,
        flags: Sequence[FlagState],
        windows: Sequence[SyncWindow],
        last_sync_us: int | None = None,
    ) -> None:
        """Flags (newer wins), when a sync last finished (``last_sync_us``: into the cache, None never; the
        later of it and the store's own), the sync checkpoints the store lacks, and the copy marked finished."""
        with self._transaction() as conn:
            _carry_last_sync(conn, last_sync_us)
            for f in flags:
                conn.execute(
                    "INSERT INTO flags (ticket_key, reason, state, created_us, updated_us) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (ticket_key) DO UPDATE SET reason = EXCLUDED.reason, "
                    "state = EXCLUDED.state, updated_us = EXCLUDED.updated_us "
                    "WHERE flags.updated_us < EXCLUDED.updated_us",
                    (f.ticket_key, f.reason, f.state, f.created_us, f.updated_us),
                )
            have = {(int(a), int(b)) for a, b in conn.execute("SELECT start_us, end_us FROM sync_windows")}
            for w in windows:
                if (w.start_us, w.end_us) in have:
                    continue
                conn.execute(
                    "INSERT INTO sync_windows (start_us, end_us, cursor, pages, tickets, empty_pages, done, "
                    "updated_us) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        w.start_us,
                        w.end_us,
                        w.cursor,
                        w.pages,
                        w.tickets,
                        w.empty_pages,
                        int(w.done),
                        now_us(),
                    ),
                )
            _mark(conn, source, "finished_us", now_us())


def _carry_last_sync(conn: Connection[Any], last_sync_us: int | None) -> None:
    """The store's ``sync_finished_us`` row: the later of its own last finished sync (read before the copied
    windows go in: their save is the copy's, no sync's) and the cache's. Written only if the row is still as
    read: a sync finishing into the store meanwhile wrote a later moment, which stands."""
    row = conn.execute(checkpoints.LAST_SYNC_SQL).fetchone()
    assert row is not None  # one row of two subqueries
    conn.execute(
        "INSERT INTO review_meta (key, value) VALUES (%s, %s) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE review_meta.value = %s",
        (checkpoints.SYNC_FINISHED_KEY, checkpoints.merged_sync_finished(row, last_sync_us), row[0]),
    )


def _mark(conn: Connection[Any], source: str, column: str, value: int) -> None:
    conn.execute(
        f"INSERT INTO copy_progress (source, {column}) VALUES (%s, %s) "
        f"ON CONFLICT (source) DO UPDATE SET {column} = EXCLUDED.{column}",
        (source, value),
    )
