"""Cases on either backend: the ``cases`` and ``case_tickets`` tables (SQLite schema v5, team store v5),
one flow and one SQL text for both (see :mod:`.dialect`).

:class:`CaseWriterFlow` is ``store.cases``: every change is one durable write transaction together with its
audit entry in the hash-chained ``review_audit`` trail. :class:`CaseReaderRows` is ``reader.cases`` (on a
reader's own connection). A backend hands the writer its review backend
(:class:`~ows_desktop.store.review_flow.ReviewBackend`: its write transaction, which on the team store first
takes the review lock, so two workstations never pick the same case number; how it appends an audit entry;
how it names itself in messages). The values and rules are in :mod:`.cases`; the
SQLite classes are :mod:`.cases_sql`, the PostgreSQL ones :mod:`ows_desktop.store.postgres.cases`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ows_desktop.store.case_unseen import retained_tickets, with_unseen
from ows_desktop.store.cases import (
    CASE_ADD,
    CASE_LOSS,
    CASE_NEW,
    CASE_NOTE,
    CASE_REMOVE,
    CASE_UPDATE,
    CLOSED,
    NO_LOSS,
    OPEN,
    Case,
    CaseError,
    CaseFilter,
    CaseNotFoundError,
    case_subject,
    check_conclusion,
    check_transition,
    clean_text,
    format_number,
    normalise_status,
    outcome_after,
)
from ows_desktop.store.dialect import Sql
from ows_desktop.store.loss_amount import MAX_LOSS, is_loss_amount, no_loss_yet_claimed
from ows_desktop.store.review import KEEP, AuditEntry, Keep, actor, current_host, note_text
from ows_desktop.store.review_flow import ReviewBackend
from ows_desktop.store.review_rows import missing_tickets
from ows_desktop.store.scope import RoleRefusedError
from ows_desktop.store.timekeys import now_us as clock


def clean_amount(value: float) -> float:
    amount = float(value)
    if not is_loss_amount(amount):  # the window and the CLI refuse it first, with the amount as typed
        exact = math.isfinite(amount) and abs(amount) < 1e15 and round(amount, 2) == amount
        shown = f"{amount:,.2f}" if exact else repr(value)  # 12.345 is not "12.35"
        raise CaseError(
            f"A loss amount is 0 or more and at most {MAX_LOSS:,.2f}, to the cent, not {shown}; give what was "
            "lost, such as 125.50."
        )
    return amount + 0.0  # -0.0 is 0.00, never "−0.00"


# Every case row with its ticket count and its tickets' amounts added up (each as positive: refunds by size).
_CASE_SELECT = """
    SELECT c.number, c.title, c.operator, c.location, c.terminal, c.status, c.assignee,
           coalesce((SELECT sum(abs(t.total)) FROM case_tickets AS k JOIN tickets AS t ON t.key = k.ticket_key
                     WHERE k.case_id = c.id), 0.0),
           c.loss_override, c.loss_reason,
           (SELECT count(*) FROM case_tickets AS k WHERE k.case_id = c.id),
           c.created_us, c.updated_us, c.outcome
    FROM cases AS c
"""
_EDITABLE = ("title", "operator", "location", "terminal", "assignee")


class CaseWriterFlow:
    """``store.cases``: creating and changing cases, each change audited in the same transaction."""

    def __init__(self, backend: ReviewBackend) -> None:
        self._db = backend

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
            "title": clean_text(title, "title", required=True, one_line=True),
            "operator": clean_text(operator, "operator", one_line=True),
            "location": clean_text(location, "store", one_line=True),
            "terminal": clean_text(terminal, "register", one_line=True),
            "assignee": clean_text(assignee, "assignee", one_line=True),
        }
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        year = _year(at)
        with self._db.transaction() as conn:
            keys = _existing_tickets(conn, tickets, self._db.where)
            (seq,) = conn.execute(self._db.next_case_seq, (year,)).fetchone()
            number = format_number(year, seq)
            (case_id,) = conn.execute(
                "INSERT INTO cases (number, year, seq, title, operator, location, terminal, status, assignee, "
                "created_us, updated_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            ).fetchone()
            self._db.append(conn, case_subject(number), at, who, host, CASE_NEW, {**values, "status": OPEN})
            if keys:
                self._add(conn, int(case_id), number, keys, at, who, host)
            return _case(conn, number, self._db.where)

    def add_tickets(
        self, number: str, keys: Sequence[str], *, who: str | None = None, now_us: int | None = None
    ) -> Case:
        """Add tickets (keys) to a case; ones already in it are left alone. A closed case is refused."""
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        with self._db.transaction() as conn:
            case_id, status = _case_row(conn, number, self._db.where)
            if status == CLOSED:
                raise CaseError(f"Case {number} is closed; reopen it (status 'in progress') to add tickets.")
            wanted = _existing_tickets(conn, keys, self._db.where)
            present = _keys_of(conn, case_id)
            new = [k for k in wanted if k not in present]
            if new:
                self._add(conn, case_id, number, new, at, who, host)
                _touch(conn, case_id, at)
            return _case(conn, number, self._db.where)

    def remove_tickets(
        self, number: str, keys: Sequence[str], *, who: str | None = None, now_us: int | None = None
    ) -> Case:
        """Remove tickets from a case (ones not in it are left alone; the tickets themselves stay). A ticket
        the team store's retention removed that the case still counts (``reader.cases.retained_tickets``) is
        taken out of the case too; RoleRefusedError (nothing changed) when the role did not have its store."""
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        with self._db.transaction() as conn:
            case_id, status = _case_row(conn, number, self._db.where)
            if status == CLOSED:
                raise CaseError(
                    f"Case {number} is closed; reopen it (status 'in progress') to remove tickets."
                )
            present = _keys_of(conn, case_id)
            retained = retained_tickets(conn, [number])[number]  # a cache: none
            gone = [k for k in dict.fromkeys(keys) if k in present or k in retained]
            if gone:
                conn.executemany(
                    "DELETE FROM case_tickets WHERE case_id = ? AND ticket_key = ?",
                    [(case_id, k) for k in gone],
                )
                _take_out_retained(conn, case_id, number, [k for k in gone if k not in present])
                self._db.append(conn, case_subject(number), at, who, host, CASE_REMOVE, {"tickets": gone})
                _touch(conn, case_id, at)
            return _case(conn, number, self._db.where)

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
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """Change the fields given (``KEEP``: leave as is); one audit entry with ``{field: [old, new]}``, then
        ``note`` as a note entry, in the same transaction. A closed case reopened needs the note (why: the
        evidence as handed over changes); "No loss" while a loss set by hand is claimed is refused (the
        evidence would say both: set it to 0.00 first)."""
        body = note_text(note) if note is not None else None
        given = {"title": title, "operator": operator, "location": location, "terminal": terminal}
        given["assignee"] = assignee
        new: dict[str, Any] = {}
        for name, value in given.items():
            if not isinstance(value, Keep):
                label = {"location": "store", "terminal": "register"}.get(name, name)
                new[name] = clean_text(value, label, required=name == "title", one_line=True)
        new_status = None if isinstance(status, Keep) else normalise_status(status)
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        with self._db.transaction() as conn:
            before = _case(conn, number, self._db.where)
            if new_status is not None:
                check_transition(number, before.status, new_status)
                check_conclusion(before, new_status, reason=body)
                new["status"] = new_status
            diff = {
                name: [getattr(before, name), value]
                for name, value in new.items()
                if getattr(before, name) != value
            }
            if diff:
                values = {name: change[1] for name, change in diff.items()}
                if "status" in diff:  # the outcome follows the status (derived: not an audited change)
                    values["outcome"] = outcome_after(before.outcome, new["status"])
                columns = ", ".join(f"{name} = ?" for name in values)
                case_id, _status = _case_row(conn, number, self._db.where)
                conn.execute(
                    f"UPDATE cases SET {columns}, updated_us = ? WHERE id = ?",
                    (*values.values(), at, case_id),
                )
                self._db.append(conn, case_subject(number), at, who, host, CASE_UPDATE, diff)
            if body is not None:
                _touch(conn, _case_row(conn, number, self._db.where)[0], at)
                self._db.append(conn, case_subject(number), at, who, host, CASE_NOTE, {"note": body})
            return _case(conn, number, self._db.where)

    def set_loss(
        self,
        number: str,
        amount: float | None,
        reason: str,
        *,
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """Set the case's loss amount (None: back to the sum of its tickets); a reason is required. The loss and
        reason it already has record nothing (as an unchanged status): a close the store refused after its loss
        was saved, offered again and confirmed, wrote the same "loss 12.00 → 12.00" twice in the evidence."""
        why = clean_text(reason, "reason for changing the loss amount", required=True)
        value = None if amount is None else clean_amount(amount)
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        with self._db.transaction() as conn:
            before = _case(conn, number, self._db.where)
            case_id, status = _case_row(conn, number, self._db.where)
            if status == CLOSED:  # as its tickets: a closed case's loss is what it was closed with
                raise CaseError(
                    f"Case {number} is closed; reopen it (status 'in progress') to change its loss."
                )
            back_to_tickets = status == NO_LOSS and value is None and before.loss_override is not None
            if no_loss_yet_claimed(status, value) or back_to_tickets:
                raise CaseError(  # "no loss" beside a loss, or "back to the tickets" while it claims 0.00
                    f"Case {number} is concluded with no loss: it claims 0.00. Conclude it 'loss confirmed' (or "
                    "put it back 'in progress') to change its loss."
                )
            if before.loss_override == value and (value is None or before.loss_reason == why):
                return before
            conn.execute(
                "UPDATE cases SET loss_override = ?, loss_reason = ?, updated_us = ? WHERE id = ?",
                (value, why if value is not None else None, at, case_id),
            )
            change = {
                "loss_amount": [before.loss_amount, value if value is not None else None],
                "reason": why,
            }
            self._db.append(conn, case_subject(number), at, who, host, CASE_LOSS, change)
            return _case(conn, number, self._db.where)

    def add_case_note(
        self, number: str, text: str, *, who: str | None = None, now_us: int | None = None
    ) -> AuditEntry:
        body = note_text(text)
        who, host, at = self._db.clean(actor(who)), self._db.clean(current_host()), _now(now_us)
        with self._db.transaction() as conn:
            case_id, _status = _case_row(conn, number, self._db.where)
            _touch(conn, case_id, at)
            return self._db.append(conn, case_subject(number), at, who, host, CASE_NOTE, {"note": body})

    def _add(
        self, conn: Sql, case_id: int, number: str, keys: list[str], at: int, who: str, host: str
    ) -> None:
        conn.executemany(
            "INSERT INTO case_tickets (case_id, ticket_key, added_us) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [(case_id, key, at) for key in keys],
        )
        self._db.append(conn, case_subject(number), at, who, host, CASE_ADD, {"tickets": keys})


class CaseReaderRows:
    """``reader.cases``: reading cases on one reader connection; ``guard`` turns the driver's errors into
    the store's."""

    def __init__(self, conn: Sql, where: str, guard: Callable[[], AbstractContextManager[None]]) -> None:
        self._conn = conn
        self._where = where
        self._guard = guard

    def case(self, number: str) -> Case:
        """CaseNotFoundError when there is no such case."""
        with self._guard():
            return _case(self._conn, number, self._where)

    def cases(self, where: CaseFilter | None = None) -> list[Case]:
        """The cases matching ``where``, newest first."""
        where = where or CaseFilter()
        clauses: list[str] = []
        params: list[object] = []
        if where.statuses:
            clauses.append(self._conn.dialect.in_list("c.status", "?"))
            params.append(self._conn.dialect.list_param(where.statuses))
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
        with self._guard():
            return with_unseen(self._conn, [_case_from_row(row) for row in self._conn.execute(sql, params)])

    def case_tickets(self, number: str) -> list[str]:
        """The keys of the case's tickets, in the order they were added."""
        with self._guard():
            case_id, _status = _case_row(self._conn, number, self._where)
            return [
                key
                for (key,) in self._conn.execute(
                    "SELECT ticket_key FROM case_tickets WHERE case_id = ? ORDER BY added_us, ticket_key",
                    (case_id,),
                )
            ]

    def retained_tickets(self, number: str) -> set[str]:
        """The keys of the case's tickets the team store's retention removed (store.case_unseen)."""
        with self._guard():
            _case_row(self._conn, number, self._where)
            return retained_tickets(self._conn, [number])[number]

    def assignees(self) -> list[str]:
        with self._guard():
            return [
                a
                for (a,) in self._conn.execute(
                    "SELECT DISTINCT assignee FROM cases WHERE assignee IS NOT NULL ORDER BY 1"
                )
            ]

    def locations(self) -> list[str]:
        with self._guard():
            return [
                a
                for (a,) in self._conn.execute(
                    "SELECT DISTINCT location FROM cases WHERE location IS NOT NULL ORDER BY 1"
                )
            ]


# -- rows ---------------------------------------------------------------------------------------------------


def _not_found(number: str, where: str) -> CaseNotFoundError:
    return CaseNotFoundError(f"No case {number} in {where}; 'ows-desktop case list' shows the cases.")


def _case_row(conn: Sql, number: str, where: str) -> tuple[int, str]:
    row = conn.execute("SELECT id, status FROM cases WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise _not_found(number, where)
    return int(row[0]), str(row[1])


def _case(conn: Sql, number: str, where: str) -> Case:
    row = conn.execute(_CASE_SELECT + " WHERE c.number = ?", (number,)).fetchone()
    if row is None:
        raise _not_found(number, where)
    return with_unseen(conn, [_case_from_row(row)])[0]  # its count and loss: of the tickets the reader sees


def _case_from_row(row: Sequence[Any]) -> Case:
    number, title, operator, location, terminal, status, assignee = row[:7]
    return Case(
        number, title, operator, location, terminal, status, assignee,
        float(row[7] or 0.0), row[8], row[9], int(row[10]), int(row[11]), int(row[12]), row[13],
    )  # fmt: skip


def _keys_of(conn: Sql, case_id: int) -> set[str]:
    return {k for (k,) in conn.execute("SELECT ticket_key FROM case_tickets WHERE case_id = ?", (case_id,))}


def _take_out_retained(conn: Sql, case_id: int, number: str, keys: list[str]) -> None:
    """Delete the case's ``case_retention`` rows of ``keys`` (store/postgres/case_retained_out.py): row-level
    security skips a row of a store the role did not have, which is refused rather than left counted."""
    for key in keys:
        if (
            conn.execute(
                "DELETE FROM case_retention WHERE case_id = ? AND ticket_key = ? RETURNING ticket_key",
                (case_id, key),
            ).fetchone()
            is None
        ):
            raise RoleRefusedError(
                f"Ticket {key} of case {number} was in a store you do not have when the team store's retention "
                "removed it; nothing was removed. Ask a director to take it out of the case."
            )


def _touch(conn: Sql, case_id: int, at: int) -> None:
    conn.execute("UPDATE cases SET updated_us = ? WHERE id = ?", (at, case_id))


def _existing_tickets(conn: Sql, keys: Sequence[str], where: str) -> list[str]:
    shown = missing_tickets(conn, keys)
    if shown is not None:
        raise CaseError(f"No ticket {shown} in {where}; nothing was changed.")
    return list(dict.fromkeys(keys))


def _year(at_us: int) -> int:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(at_us / 1_000_000, UTC).year


def _now(now_us: int | None) -> int:
    return clock() if now_us is None else int(now_us)
