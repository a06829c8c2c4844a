"""Writing a batch of tickets' rows into the team store in a fixed number of statements, whatever its size:
``COPY`` into two session-local staging tables, then one ``INSERT … SELECT`` per table, sent together in
one pipeline (one round trip).

Why not ``executemany`` (one ``INSERT`` per row, even pipelined): every statement pays the executor's
start-up, the statement-level ``tickets_notify`` trigger and, for the sync role, the row-level security
policies' init plans (``ows_sees_all()``, see :mod:`.rls_schema`) once per row: measured as the sync role,
6,000 tickets took 64 s row by row and 7 s staged (the owner, who bypasses nothing but whose policies are
cheaper, 5.2 s against 3.6 s). Why not ``COPY`` straight into ``tickets`` or its month partitions: PostgreSQL
refuses ``COPY FROM`` into a table with row-level security for every role subject to it (the sync role
is), and a ``COPY`` into a partition would not fire the parent's ``tickets_notify`` trigger that the live
views listen to. A temporary table has neither: the ``COPY`` lands there, and the ``INSERT … SELECT`` into
the real tables runs the policies and the trigger once per statement.

The staging tables are created by the first batch of each session (``IF NOT EXISTS``, so a batch that
rolled back their creation just creates them again) and emptied at every commit (``ON COMMIT DELETE
ROWS``): nothing staged outlives its transaction, and two writers never see each other's rows (temporary
tables are private to their session)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ows_desktop.store.facts import FACT_COLUMNS, ITEM_COLUMNS
from ows_desktop.store.ticket_rows import TICKET_COLUMNS, TicketRecord

if TYPE_CHECKING:
    from psycopg import Connection

_TICKETS = "ows_stage_tickets"
_ITEMS = "ows_stage_items"

# The columns of ``tickets`` the writer fills, in the order of a staged row; then the document and the rule
# facts (prefixed: ``f_utc_offset_min`` is the ticket's own offset as the rules read it).
TICKET_ROW = ("rid", *TICKET_COLUMNS, "first_seen_us", "updated_us", "terms", "search", "utc_offset_min")
_FACTS = tuple(f"f_{c}" for c in FACT_COLUMNS)
_TYPES = {
    **dict.fromkeys(("rid", "start_us", "end_us", "persisted_us", "first_seen_us", "updated_us"), "bigint"),
    **dict.fromkeys(
        ("total", "subtotal", "tax", "discount_total", "f_gross", "f_override_pct"), "double precision"
    ),
    **dict.fromkeys(("line_count", "utc_offset_min", "f_utc_offset_min", "idx", "role"), "integer"),
    **dict.fromkeys(("has_void", "has_refund", "is_no_sale"), "smallint"),
    **dict.fromkeys(
        ("f_voided_lines", "f_live_lines", "f_tenders", "f_cash_only", "f_self_approved", "f_overrides"),
        "integer",
    ),
    "f_refund_lines": "integer",
}
_STAGED = (*TICKET_ROW, "raw", *_FACTS)
_ITEM_ROW = ("rid", *ITEM_COLUMNS)


def _table(name: str, columns: Sequence[str]) -> str:
    body = ", ".join(f"{c} {_TYPES.get(c, 'text')}" for c in columns)
    return f"CREATE TEMP TABLE IF NOT EXISTS {name} ({body}) ON COMMIT DELETE ROWS"


_CREATE = (_table(_TICKETS, _STAGED), _table(_ITEMS, _ITEM_ROW))
_NO_FACTS = (None,) * len(FACT_COLUMNS)
_INSERTS = (
    f"INSERT INTO tickets ({', '.join(TICKET_ROW)}) SELECT {', '.join(TICKET_ROW)} FROM {_TICKETS}",
    f"INSERT INTO ticket_docs (rid, raw) SELECT rid, raw FROM {_TICKETS}",
    # ON CONFLICT as the row-by-row writer had it: rule facts left at a rid by anything else are replaced
    f"INSERT INTO ticket_facts (rid, {', '.join(FACT_COLUMNS)}) SELECT rid, {', '.join(_FACTS)} "
    f"FROM {_TICKETS} WHERE f_kind IS NOT NULL "
    f"ON CONFLICT (rid) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in FACT_COLUMNS)}",
    f"INSERT INTO ticket_items ({', '.join(_ITEM_ROW)}) SELECT {', '.join(_ITEM_ROW)} FROM {_ITEMS}",
    # the rules re-evaluate every ticket written with facts (new, moved or changed)
    f"INSERT INTO rules_pending (rid) SELECT rid FROM {_TICKETS} WHERE f_kind IS NOT NULL ON CONFLICT DO NOTHING",
)


def prepare(conn: Connection[Any]) -> None:
    """Create the staging tables if this session lacks them, in the caller's transaction (no result to wait
    for: the writer sends this in the pipeline that opens its batch)."""
    for statement in _CREATE:
        conn.execute(statement)


def stage(conn: Connection[Any], rows: Sequence[tuple[int, TicketRecord, tuple[object, ...]]]) -> bool:
    """``COPY`` ``(rid, record, ticket row)`` — the ticket row in :data:`TICKET_ROW` order — with the record's
    document, rule facts and items into the staging tables (:func:`prepare` ran in this transaction; no
    pipeline open: ``COPY`` cannot run in one). The rids must be free in ``tickets`` (new ones, or ones whose
    rows the caller has just deleted). False: nothing to write."""
    if not rows:
        return False
    with conn.cursor() as cur:
        with cur.copy(f"COPY {_TICKETS} ({', '.join(_STAGED)}) FROM STDIN") as copy:
            for _rid, record, row in rows:
                copy.write_row((*row, record.raw, *(record.facts or _NO_FACTS)))
        items = [(rid, *item) for rid, record, _ in rows if record.facts is not None for item in record.items]
        if items:
            with cur.copy(f"COPY {_ITEMS} ({', '.join(_ITEM_ROW)}) FROM STDIN") as copy:
                for item in items:
                    copy.write_row(item)
    return True


def write_staged(conn: Connection[Any]) -> None:
    """Write what :func:`stage` staged into the store's tables and queue its rids for the rules, one statement
    per table (sent in the caller's pipeline, with the rest of the batch)."""
    for statement in _INSERTS:
        conn.execute(statement)


def delete_replaced(conn: Connection[Any], rids: Sequence[int], with_facts: Sequence[int]) -> None:
    """Delete the ticket rows and documents at ``rids`` (and the rule facts and items of ``with_facts``,
    the ones written again) so :func:`stage` and :func:`write_staged` write their new version at the same rids. Their
    exceptions stay until the rules, queued again, replace them (as with an update in place)."""
    if not rids:
        return
    with conn.pipeline():
        if with_facts:
            conn.execute("DELETE FROM ticket_items WHERE rid = ANY(%s)", (list(with_facts),))
            conn.execute("DELETE FROM ticket_facts WHERE rid = ANY(%s)", (list(with_facts),))
        conn.execute("DELETE FROM ticket_docs WHERE rid = ANY(%s)", (list(rids),))
        conn.execute("DELETE FROM tickets WHERE rid = ANY(%s)", (list(rids),))
