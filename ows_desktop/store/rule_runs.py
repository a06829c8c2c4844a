"""Exception rule runs and results, one flow for both backends: ``store.rules`` (:class:`RuleRunsFlow`, on
the writer side: the queue of tickets to evaluate, chunked whole-store runs) and ``reader.rules``
(:class:`RuleResultsRows`, on a reader connection: results per ticket, ranking counts, run state).

A backend gives the flow its read and write transactions (each yielding a connection that runs the shared
SQL, see :mod:`.rule_sql`) and its run ``setup``; :class:`SqliteRuleRuns` / :class:`SqliteRuleResults`
are the SQLite cache's (the PostgreSQL ones are in :mod:`ows_desktop.store.postgres.rules`). What the rules
mean and which run when is decided by :mod:`ows_desktop.rules`."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ows_desktop.store.day_plan import OFFSETS_SQL, OwnOffset, day_clauses, plan_days
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.portable_sqlite import SqliteSql, plain, wrapped
from ows_desktop.store.query import DaySpan
from ows_desktop.store.query_sql import OWN_OFFSET
from ows_desktop.store.rule_eval import (
    Setup,
    chunk_bounds,
    evaluate,
    exceptions_of,
    expand_scope,
    get_meta,
    pending_count,
    pending_rids,
    prepare,
    scope_from_keys,
    set_meta,
    set_scope,
)
from ows_desktop.store.rule_sql import Context, Scope, Sql
from ows_desktop.store.sqlite_errors import translated
from ows_desktop.store.values import RunCounts
from ows_desktop.store.zones import zone_offset_minutes

RULES_FINGERPRINT = "rules_fingerprint"
RULES_RUN_US = "rules_full_run_us"
_HOUR_US = 3_600_000_000
# An operator is the employee ID, with each name it carried; a ticket without one, its name at its store
# (rules/ranking.py makes the rows; store/operators.py says why)
_GROUPS = {
    "operator": "t.operator_id, t.operator, CASE WHEN t.operator_id = '' THEN t.location ELSE '' END",
    "terminal": "t.location, t.terminal",
}

RuleParams = Mapping[str, Mapping[str, Any]]
Block = Callable[[], AbstractContextManager[Sql]]


class RuleRunsFlow:
    """Evaluating the rules over the store; each call holds the writer for its transaction only, so a sync
    can write in between (what it writes is queued and picked up by :meth:`run_pending`)."""

    def __init__(self, reading: Block, transaction: Block, setup: Setup) -> None:
        self._reading = reading
        self._transaction = transaction
        self._setup = setup

    def pending_total(self) -> int:
        """Tickets queued for the rules (new or changed since their last evaluation)."""
        with self._reading() as conn:
            return pending_count(conn)

    def stored_fingerprint(self) -> str | None:
        """The fingerprint of the rules the store's findings were made with (None: never run)."""
        with self._reading() as conn:
            return get_meta(conn, RULES_FINGERPRINT)

    def run_pending(self, rules: RuleParams, fingerprint: str, batch: int, counts: RunCounts) -> int:
        """Evaluate up to ``batch`` queued tickets (and their neighbours) in one transaction; returns how
        many queued tickets were taken (0: the queue is empty)."""
        with self._transaction() as conn:
            prepare(conn, rules, self._setup)
            rids = pending_rids(conn, batch)
            if not rids:
                return 0
            set_scope(conn, rids)
            _evaluate_temp(conn, rules, fingerprint, counts)
            return len(rids)

    def run_keys(self, rules: RuleParams, fingerprint: str, keys: Sequence[str], counts: RunCounts) -> None:
        """Evaluate these tickets (by key) and the neighbours whose verdict they may change."""
        with self._transaction() as conn:
            prepare(conn, rules, self._setup)
            if scope_from_keys(conn, keys):
                _evaluate_temp(conn, rules, fingerprint, counts)

    def run_all(
        self,
        rules: RuleParams,
        fingerprint: str,
        *,
        chunk_size: int,
        counts: RunCounts,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Every stored ticket, ``chunk_size`` tickets per transaction. Returns False when cancelled
        part-way (results so far are kept, the fingerprint is not recorded)."""
        with self._reading() as conn:
            (total,) = conn.execute("SELECT count(*) FROM tickets").fetchone()
            bounds = chunk_bounds(conn, chunk_size)
        done = 0
        if progress:
            progress(0, total)
        for lo, hi in bounds:
            if cancelled is not None and cancelled():
                return False
            with self._transaction() as conn:
                prepare(conn, rules, self._setup)
                (in_chunk,) = conn.execute(
                    "SELECT count(*) FROM tickets WHERE rid BETWEEN ? AND ?", (lo, hi)
                ).fetchone()
                counts.add(int(in_chunk), evaluate(conn, rules, Scope.range(lo, hi)))
            done += int(in_chunk)
            if progress:
                progress(min(done, total), total)
        with self._transaction() as conn:
            set_meta(conn, RULES_FINGERPRINT, fingerprint)
            set_meta(conn, RULES_RUN_US, str(time.time_ns() // 1000))
        return True


def _evaluate_temp(conn: Sql, rules: RuleParams, fingerprint: str, counts: RunCounts) -> None:
    ctx = Context(conn)
    expand_scope(conn, rules, ctx)
    (scoped,) = conn.execute(f"SELECT count(*) FROM {conn.dialect.temp}rules_scope").fetchone()
    counts.add(int(scoped), evaluate(conn, rules, Scope.temp(), ctx))
    if get_meta(conn, RULES_FINGERPRINT) is None:  # the first run ever: its settings made every result
        set_meta(conn, RULES_FINGERPRINT, fingerprint)


class RuleResultsRows:
    """Stored rule results, read on one reader connection. ``guard`` turns the driver's errors into the
    store's (per backend); ``snapshot`` makes several reads see one state; ``own_offset`` is the backend's
    expression of the offset a ticket's POS wrote (store days: :mod:`.day_plan`)."""

    def __init__(
        self,
        conn: Sql,
        snapshot: Callable[[], AbstractContextManager[None]],
        guard: Callable[[], AbstractContextManager[None]],
        own_offset: OwnOffset,
    ) -> None:
        self._conn = conn
        self._snapshot = snapshot
        self._guard = guard
        self._own_offset = own_offset

    def run_state(self) -> tuple[str | None, int]:
        """(fingerprint of the last complete whole-store run, tickets still queued)."""
        with self._guard():
            return get_meta(self._conn, RULES_FINGERPRINT), pending_count(self._conn)

    def exceptions_of(self, rids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
        """rid → [(rule id, detail)] for these tickets."""
        with self._guard():
            return exceptions_of(self._conn, rids)

    def ranking_cells(
        self, lo: int, hi: int, by: str, skip: Sequence[str] = (), days: DaySpan | None = None
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Over tickets with ``lo <= rid < hi`` (and on ``days``, each store's own calendar days: the exact
        test of :mod:`.day_plan`), in one read transaction, per group and peer cell:
        ``(group…, location, hour, rule, exceptions)`` and ``(group…, location, hour, tickets, tickets with an
        exception)``, leaving out the rules in ``skip`` (switched off). The group is the operator (operator_id,
        operator, and its location when it has no ID), or (location, terminal) for ``by='terminal'``; the peer
        cell is the store and the hour of day the ticket started (UTC hour, -1 without a start time)."""
        group = _GROUPS.get(by)
        if group is None:
            raise ValueError(f"Rank by 'operator' or 'terminal', not {by!r}.")
        d = self._conn.dialect
        cell = f"{group}, t.location, coalesce(t.start_us / {_HOUR_US} % 24, -1)"
        not_skipped = f"NOT ({d.in_list('e.rule', '?')})"
        skipped = d.list_param(sorted(skip))
        with self._snapshot(), self._guard():
            on_days, bound = "", list[object]()  # no more clauses, no more parameters
            if days is not None:  # the days' span narrows the range; the exact test keeps their tickets
                plan = plan_days(days, dict(self._conn.execute(OFFSETS_SQL).fetchall()))
                lo, hi = max(lo, plan.span[0]), min(hi, plan.span[1])
                clauses, bound = day_clauses(plan, "t.rid", "t.location", self._own_offset, d)
                on_days = "".join(f" AND {clause}" for clause in clauses)
            counts = self._conn.execute(
                f"SELECT {cell}, e.rule, count(*) FROM ticket_exceptions AS e JOIN tickets AS t ON t.rid = e.rid "
                f"WHERE e.rid >= ? AND e.rid < ? AND {not_skipped}{on_days} GROUP BY {cell}, e.rule",
                (lo, hi, skipped, *bound),
            ).fetchall()
            totals = self._conn.execute(
                f"SELECT {cell}, count(*), sum(CASE WHEN EXISTS (SELECT 1 FROM ticket_exceptions AS e "
                f"WHERE e.rid = t.rid AND {not_skipped}) THEN 1 ELSE 0 END) FROM tickets AS t "
                f"WHERE t.rid >= ? AND t.rid < ?{on_days} GROUP BY {cell}",
                (skipped, lo, hi, *bound),
            ).fetchall()
        return [tuple(row) for row in counts], [tuple(row) for row in totals]


# -- the SQLite cache's ---------------------------------------------------------------------------------


def _sqlite_setup(conn: Sql, _rules: RuleParams) -> None:
    """Per-connection setup for a run: the zone function, the scope and opening-hours temp tables."""
    plain(conn).create_function("ows_zone_offset", 2, zone_offset_minutes, deterministic=True)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS rules_scope (rid INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS rules_hours (location TEXT PRIMARY KEY, open_min INTEGER, "
        "close_min INTEGER, zone TEXT)"
    )


class SqliteRuleRuns(RuleRunsFlow):
    """``store.rules`` of the SQLite cache, on the writer connection through its gate."""

    def __init__(self, gate: WriterGate) -> None:
        super().__init__(lambda: wrapped(gate.reading()), lambda: wrapped(gate.transaction()), _sqlite_setup)


class SqliteRuleResults(RuleResultsRows):
    """``reader.rules`` of the SQLite cache, on one reader connection."""

    def __init__(
        self, conn: sqlite3.Connection, path: Path, snapshot: Callable[[], AbstractContextManager[None]]
    ) -> None:
        super().__init__(SqliteSql(conn), snapshot, lambda: translated(path), OWN_OFFSET)
