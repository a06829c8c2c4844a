"""Cases in the SQLite cache: the ``cases`` and ``case_tickets`` tables (schema v5).

:class:`SqliteCaseWriter` is ``store.cases``: every change is one durable transaction on the writer
connection (through the :class:`~ows_desktop.store.gate.WriterGate`) together with its audit entry in the
hash-chained ``review_audit`` trail. :class:`SqliteCaseReader` is ``reader.cases`` (on the reader's own
connection). The values and rules are in :mod:`.cases`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ows_desktop.store.cases import (
    CASE_ADD,
    CASE_LOSS,
    CASE_NEW,
    CASE_NOTE,
    CASE_REMOVE,
    CASE_UPDATE,
    CLOSED,
    OPEN,
    Case,
    CaseError,
    CaseFilter,
    CaseNotFoundError,
    case_subject,
    check_transition,
    clean_amount,
    clean_text,
    format_number,
    normalise_status,
)
from ows_desktop.store.gate import WriterGate
from ows_desktop.store.review import KEEP, AuditEntry, Keep, actor, current_host, note_text
from ows_desktop.store.review_sql import append_entry
from ows_desktop.store.sqlite_errors import translated
from ows_desktop.store.timekeys import now_us as clock

# Every case row with its ticket count and the sum of its tickets' totals (refunds by their amount).
_CASE_SELECT = """
    SELECT c.number, c.title, c.operator, c.location, c.terminal, c.status, c.assignee,
           coalesce((SELECT sum(abs(t.total)) FROM case_tickets AS k JOIN tickets AS t ON t.key = k.ticket_key
                     WHERE k.case_id = c.id), 0.0),
           c.loss_override, c.loss_reason,
           (SELECT count(*) FROM case_tickets AS k WHERE k.case_id = c.id),
           c.created_us, c.updated_us
    FROM cases AS c
"""
_EDITABLE = ("title", "operator", "location", "terminal", "assignee")


class SqliteCaseWriter:
    """``store.cases``: creating and changing cases, each change audited in the same transaction."""

    def __init__(self, gate: WriterGate) -> None:
        self._gate = gate

    def new_case(
        self,
        title: str,
        *,
        operator: str | None = None,
        location: str | None = None,
        terminal: str | None = None,
        assignee: str | None = None,
        tickets: Sequence[str] = (),
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """A new Open case numbered ``C-<year>-<next>``, with ``tickets`` (keys; unknown ones refused)."""
        values = {
            "title": clean_text(title, "title", required=True),
            "operator": clean_text(operator, "operator"),
            "location": clean_text(location, "store"),
            "terminal": clean_text(terminal, "register"),
            "assignee": clean_text(assignee, "assignee"),
        }
        who, host, at = actor(who), current_host(), _now(now_us)
        year = _year(at)
        with self._gate.durable() as conn:
            keys = _existing_tickets(conn, tickets, self._gate.path)
            (seq,) = conn.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM cases WHERE year = ?", (year,)
            ).fetchone()
            number = format_number(year, seq)
            cursor = conn.execute(
                "INSERT INTO cases (number, year, seq, title, operator, location, terminal, status, assignee, "
                "created_us, updated_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    year,
                    seq,
                    values["title"],
                    values["operator"],
                    values["location"],
                    values["terminal"],
                    OPEN,
                    values["assignee"],
                    at,
                    at,
                ),
            )
            case_id = int(cursor.lastrowid or 0)
            append_entry(conn, case_subject(number), at, who, host, CASE_NEW, {**values, "status": OPEN})
            if keys:
                _add(conn, case_id, number, keys, at, who, host)
            return _case(conn, number)

    def add_tickets(
        self, number: str, keys: Sequence[str], *, who: str | None = None, now_us: int | None = None
    ) -> Case:
        """Add tickets (keys) to a case; ones already in it are left alone. A closed case is refused."""
        who, host, at = actor(who), current_host(), _now(now_us)
        with self._gate.durable() as conn:
            case_id, status = _case_row(conn, number)
            if status == CLOSED:
                raise CaseError(f"Case {number} is closed; reopen it (status 'in progress') to add tickets.")
            wanted = _existing_tickets(conn, keys, self._gate.path)
            present = _keys_of(conn, case_id)
            new = [k for k in wanted if k not in present]
            if new:
                _add(conn, case_id, number, new, at, who, host)
                _touch(conn, case_id, at)
            return _case(conn, number)

    def remove_tickets(
        self, number: str, keys: Sequence[str], *, who: str | None = None, now_us: int | None = None
    ) -> Case:
        """Remove tickets from a case (ones not in it are left alone; the tickets themselves stay)."""
        who, host, at = actor(who), current_host(), _now(now_us)
        with self._gate.durable() as conn:
            case_id, status = _case_row(conn, number)
            if status == CLOSED:
                raise CaseError(
                    f"Case {number} is closed; reopen it (status 'in progress') to remove tickets."
                )
            present = _keys_of(conn, case_id)
            gone = [k for k in dict.fromkeys(keys) if k in present]
            if gone:
                conn.executemany(
                    "DELETE FROM case_tickets WHERE case_id = ? AND ticket_key = ?",
                    [(case_id, k) for k in gone],
                )
                append_entry(conn, case_subject(number), at, who, host, CASE_REMOVE, {"tickets": gone})
                _touch(conn, case_id, at)
            return _case(conn, number)

    def update_case(
        self,
        number: str,
        *,
        title: str | Keep = KEEP,
        operator: str | Keep | None = KEEP,
        location: str | Keep | None = KEEP,
        terminal: str | Keep | None = KEEP,
        assignee: str | Keep | None = KEEP,
        status: str | Keep = KEEP,
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """Change the fields given (``KEEP``: leave as is); one audit entry with ``{field: [old, new]}``."""
        given = {"title": title, "operator": operator, "location": location, "terminal": terminal}
        given["assignee"] = assignee
        new: dict[str, Any] = {}
        for name, value in given.items():
            if not isinstance(value, Keep):
                label = {"location": "store", "terminal": "register"}.get(name, name)
                new[name] = clean_text(value, label, required=name == "title")
        new_status = None if isinstance(status, Keep) else normalise_status(status)
        who, host, at = actor(who), current_host(), _now(now_us)
        with self._gate.durable() as conn:
            before = _case(conn, number)
            if new_status is not None:
                check_transition(number, before.status, new_status)
                new["status"] = new_status
            diff = {
                name: [getattr(before, name), value]
                for name, value in new.items()
                if getattr(before, name) != value
            }
            if diff:
                columns = ", ".join(f"{name} = ?" for name in diff)
                case_id, _status = _case_row(conn, number)
                conn.execute(
                    f"UPDATE cases SET {columns}, updated_us = ? WHERE id = ?",
                    (*[change[1] for change in diff.values()], at, case_id),
                )
                append_entry(conn, case_subject(number), at, who, host, CASE_UPDATE, diff)
            return _case(conn, number)

    def set_loss(
        self,
        number: str,
        amount: float | None,
        reason: str,
        *,
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """Set the case's loss amount (None: back to the sum of its tickets); a reason is required."""
        why = clean_text(reason, "reason for changing the loss amount", required=True)
        value = None if amount is None else clean_amount(amount)
        who, host, at = actor(who), current_host(), _now(now_us)
        with self._gate.durable() as conn:
            before = _case(conn, number)
            case_id, _status = _case_row(conn, number)
            conn.execute(
                "UPDATE cases SET loss_override = ?, loss_reason = ?, updated_us = ? WHERE id = ?",
                (value, why if value is not None else None, at, case_id),
            )
            change = {
                "loss_amount": [before.loss_amount, value if value is not None else None],
                "reason": why,
            }
            append_entry(conn, case_subject(number), at, who, host, CASE_LOSS, change)
            return _case(conn, number)

    def add_case_note(
        self, number: str, text: str, *, who: str | None = None, now_us: int | None = None
    ) -> AuditEntry:
        body = note_text(text)
        who, host, at = actor(who), current_host(), _now(now_us)
        with self._gate.durable() as conn:
            case_id, _status = _case_row(conn, number)
            _touch(conn, case_id, at)
            return append_entry(conn, case_subject(number), at, who, host, CASE_NOTE, {"note": body})


class SqliteCaseReader:
    """``reader.cases``: reading cases on one reader connection."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path

    def case(self, number: str) -> Case:
        """CaseNotFoundError when there is no such case."""
        with translated(self._path):
            return _case(self._conn, number)

    def cases(self, where: CaseFilter | None = None) -> list[Case]:
        """The cases matching ``where``, newest first."""
        where = where or CaseFilter()
        clauses, params = [], []
        if where.statuses:
            clauses.append("c.status IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(where.statuses)))
        if where.assignee:
            clauses.append("c.assignee = ?")
            params.append(where.assignee)
        if where.location:
            clauses.append("c.location = ?")
            params.append(where.location)
        if where.ticket_key:
            clauses.append("c.id IN (SELECT case_id FROM case_tickets WHERE ticket_key = ?)")
            params.append(where.ticket_key)
        sql = _CASE_SELECT + (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY c.id DESC"
        with translated(self._path):
            return [_case_from_row(row) for row in self._conn.execute(sql, params)]

    def case_tickets(self, number: str) -> list[str]:
        """The keys of the case's tickets, in the order they were added."""
        with translated(self._path):
            case_id, _status = _case_row(self._conn, number)
            return [
                key
                for (key,) in self._conn.execute(
                    "SELECT ticket_key FROM case_tickets WHERE case_id = ? ORDER BY added_us, ticket_key",
                    (case_id,),
                )
            ]

    def assignees(self) -> list[str]:
        with translated(self._path):
            return [
                a
                for (a,) in self._conn.execute(
                    "SELECT DISTINCT assignee FROM cases WHERE assignee IS NOT NULL ORDER BY 1"
                )
            ]

    def locations(self) -> list[str]:
        with translated(self._path):
            return [
                a
                for (a,) in self._conn.execute(
                    "SELECT DISTINCT location FROM cases WHERE location IS NOT NULL ORDER BY 1"
                )
            ]


# -- rows ---------------------------------------------------------------------------------------------------


def _case_row(conn: sqlite3.Connection, number: str) -> tuple[int, str]:
    row = conn.execute("SELECT id, status FROM cases WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise CaseNotFoundError(f"No case {number} in this cache; 'ows-desktop case list' shows the cases.")
    return int(row[0]), str(row[1])


def _case(conn: sqlite3.Connection, number: str) -> Case:
    row = conn.execute(_CASE_SELECT + " WHERE c.number = ?", (number,)).fetchone()
    if row is None:
        raise CaseNotFoundError(f"No case {number} in this cache; 'ows-desktop case list' shows the cases.")
    return _case_from_row(row)


def _case_from_row(row: Sequence[Any]) -> Case:
    number, title, operator, location, terminal, status, assignee = row[:7]
    return Case(
        number, title, operator, location, terminal, status, assignee,
        float(row[7] or 0.0), row[8], row[9], int(row[10]), int(row[11]), int(row[12]),
    )  # fmt: skip


def _keys_of(conn: sqlite3.Connection, case_id: int) -> set[str]:
    return {k for (k,) in conn.execute("SELECT ticket_key FROM case_tickets WHERE case_id = ?", (case_id,))}


def _add(
    conn: sqlite3.Connection, case_id: int, number: str, keys: list[str], at: int, who: str, host: str
) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO case_tickets (case_id, ticket_key, added_us) VALUES (?, ?, ?)",
        [(case_id, key, at) for key in keys],
    )
    append_entry(conn, case_subject(number), at, who, host, CASE_ADD, {"tickets": keys})


def _touch(conn: sqlite3.Connection, case_id: int, at: int) -> None:
    conn.execute("UPDATE cases SET updated_us = ? WHERE id = ?", (at, case_id))


def _existing_tickets(conn: sqlite3.Connection, keys: Sequence[str], path: Path) -> list[str]:
    wanted = list(dict.fromkeys(keys))
    found = {
        key
        for (key,) in conn.execute(
            "SELECT key FROM tickets WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(wanted),)
        )
    }
    missing = [key for key in wanted if key not in found]
    if missing:
        shown = ", ".join(repr(k) for k in missing[:3]) + (" …" if len(missing) > 3 else "")
        raise CaseError(f"No ticket {shown} in the cache at {path}; nothing was changed.")
    return wanted


def _year(at_us: int) -> int:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(at_us / 1_000_000, UTC).year


def _now(now_us: int | None) -> int:
    return clock() if now_us is None else int(now_us)
