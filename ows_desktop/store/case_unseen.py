"""How many of a case's tickets the reader may not see: on the team store, row-level security hides the
``case_tickets`` rows and tickets of stores the login does not have, so a case's ticket count and loss are of
the tickets it sees. A case's assignee whose store was revoked read "0 tickets" and "Nothing to export"
about a case the director saw whole, and counts and losses changed with the viewer without saying so.

The tickets a case holds are known by its history (its ``case_add`` and ``case_remove`` audit entries, which
whoever sees the case reads: :func:`~ows_desktop.store.cases.unseen_tickets`); those the reader cannot read
are counted (:attr:`~ows_desktop.store.cases.Case.unseen_count`), never named. A single-seat SQLite cache
has no row-level security: nothing is hidden and nothing is asked."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from ows_desktop.basics.english import counted
from ows_desktop.store.cases import (
    CASE_ADD,
    CASE_REMOVE,
    NO_LOSS,
    Case,
    case_subject,
    hidden_ticket_count,
    unseen_tickets,
)
from ows_desktop.store.dialect import Sql
from ows_desktop.store.review import AuditEntry
from ows_desktop.store.review_rows import AUDIT_COLUMNS, entry_from_row


def with_unseen(conn: Sql, cases: Sequence[Case]) -> list[Case]:
    """``cases`` with :attr:`Case.unseen_count` set: two queries for all of them (their history's ticket
    entries, the case tickets this connection reads)."""
    cases = list(cases)
    if not cases or conn.dialect.name == "sqlite":  # a single seat: every row is the reader's
        return cases
    d = conn.dialect
    numbers = [case.number for case in cases]
    history: dict[str, list[AuditEntry]] = defaultdict(list)
    moved = d.in_list("action", "?")
    for row in conn.execute(
        f"SELECT {AUDIT_COLUMNS} FROM review_audit WHERE {d.in_list('ticket_key', '?')} AND {moved} ORDER BY id",
        (d.list_param([case_subject(n) for n in numbers]), d.list_param([CASE_ADD, CASE_REMOVE])),
    ):
        entry = entry_from_row(row)
        history[entry.ticket_key].append(entry)
    seen: dict[str, set[str]] = defaultdict(set)
    for number, key in conn.execute(
        "SELECT c.number, k.ticket_key FROM case_tickets AS k JOIN cases AS c ON c.id = k.case_id "
        f"WHERE {d.in_list('c.number', '?')}",
        (d.list_param(numbers),),
    ):
        seen[str(number)].add(str(key))
    return [
        dataclasses.replace(
            case, unseen_count=len(unseen_tickets(history[case_subject(case.number)], seen[case.number]))
        )
        for case in cases
    ]


def loss_is_partial(case: Case) -> bool:
    """Whether the loss shown is of the visible tickets only: added up from them (not set by hand, nor
    concluded with no loss) while the case holds tickets the reader may not see."""
    return case.unseen_count > 0 and case.loss_override is None and case.outcome != NO_LOSS


def count_text(case: Case) -> str:
    """``2 tickets``, or ``1 of 2 tickets visible to you`` when some are hidden from the reader (English: the
    command line; the window says it in its language, itemmodels/cases.py)."""
    if not case.unseen_count:
        return counted(case.ticket_count, "ticket")
    return f"{case.ticket_count} of {counted(case.ticket_count + case.unseen_count, 'ticket')} visible to you"


def loss_summary(case: Case) -> str:
    """``loss 12.50 (set by hand: reason)`` — what the figure is, as case show and the Cases tab say it
    (:meth:`Case.loss_basis`) —, or what a loss of the visible tickets only is."""
    if not loss_is_partial(case):
        return f"loss {case.loss_amount:,.2f} ({case.loss_basis()})"
    if not case.ticket_count:
        return "loss not shown: none of its tickets is visible to you"
    return f"loss {case.loss_amount:,.2f} of the visible tickets only"


def loss_text(case: Case) -> str:
    """:meth:`Case.loss_text`, or, for a loss of the visible tickets only, that it is (``case show``)."""
    if not loss_is_partial(case):
        return case.loss_text()
    return (
        f"{case.loss_amount:,.2f} — not set by an investigator: the amounts of the tickets visible to you added "
        f"up, each counted as positive; {hidden_ticket_count(case.unseen_count)} "
        f"{'is' if case.unseen_count == 1 else 'are'} left out"
    )
