"""How many of a case's tickets the reader may not see: on the team store, row-level security hides the
``case_tickets`` rows and tickets of stores the login does not have, so a case's ticket count and loss are of
the tickets it sees. A case's assignee whose store was revoked read "0 tickets" and "Nothing to export"
about a case the director saw whole, and counts and losses changed with the viewer without saying so.

The tickets a case holds are known by its history (its ``case_add`` and ``case_remove`` audit entries, which
whoever sees the case reads: :func:`~ows_desktop.store.cases.unseen_tickets`); those the reader cannot read
are counted (:attr:`~ows_desktop.store.cases.Case.unseen_count`), never named. A single-seat SQLite cache
has no row-level security: nothing is hidden and nothing is asked.

A ticket the team store's retention removed is in no store any more, whoever reads: retention moves its
``case_tickets`` row to ``case_retention`` (store/postgres/case_retention.py), and it is counted apart
(:attr:`~ows_desktop.store.cases.Case.retained_count`, "1 ticket removed by retention"), never among the
tickets hidden by access, and never named either (its store is not known now)."""

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
    """``cases`` with :attr:`Case.unseen_count` and :attr:`Case.retained_count` set: three queries for all of
    them (their history's ticket entries, the case tickets this connection reads, those retention removed)."""
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
    retained = retained_tickets(conn, numbers)
    return [
        dataclasses.replace(
            case,
            unseen_count=len(
                unseen_tickets(history[case_subject(case.number)], seen[case.number] | retained[case.number])
            ),
            retained_count=len(retained[case.number]),
        )
        for case in cases
    ]


def retained_tickets(conn: Sql, numbers: Sequence[str]) -> defaultdict[str, set[str]]:
    """Per case number, the keys of its tickets the team store's retention removed that it does not hold now (a
    cache: none): a ticket added back since (its month synced again) left ``case_retention`` as it was added
    (store/postgres/case_added_back.py), whether or not this reader may see its store, and is the case's, or,
    taken out again by a person, no ticket of the case."""
    retained: defaultdict[str, set[str]] = defaultdict(set)
    if not numbers or conn.dialect.name == "sqlite":
        return retained
    d = conn.dialect
    for number, key in conn.execute(
        "SELECT c.number, r.ticket_key FROM case_retention AS r JOIN cases AS c ON c.id = r.case_id "
        f"WHERE {d.in_list('c.number', '?')}",
        (d.list_param(list(numbers)),),
    ):
        retained[str(number)].add(str(key))
    return retained


def loss_is_partial(case: Case) -> bool:
    """Whether the loss shown is of the visible tickets only: added up from them (not set by hand, nor
    concluded with no loss) while the case holds tickets the reader may not see or retention removed."""
    left_out = case.unseen_count + case.retained_count
    return left_out > 0 and case.loss_override is None and case.outcome != NO_LOSS


def retained_text(count: int) -> str:
    """``1 ticket removed by retention`` (no longer in the team store: its store is not known either)."""
    return f"{counted(count, 'ticket')} removed by retention"


def count_text(case: Case) -> str:
    """``2 tickets``, or ``1 of 2 tickets visible to you`` when some are hidden from the reader (English: the
    command line; the window says it in its language, itemmodels/cases.py)."""
    text = counted(case.ticket_count, "ticket")
    if case.unseen_count:
        text = f"{case.ticket_count} of {counted(case.ticket_count + case.unseen_count, 'ticket')} visible to you"
    return f"{text}, {retained_text(case.retained_count)}" if case.retained_count else text


def loss_summary(case: Case) -> str:
    """``loss 12.50 (set by hand: reason)`` — what the figure is, as case show and the Cases tab say it
    (:meth:`Case.loss_basis`) —, or what a loss of the visible tickets only is."""
    if not loss_is_partial(case):
        return f"loss {case.loss_amount:,.2f} ({case.loss_basis()})"
    if not case.ticket_count:
        gone = (
            "none of its tickets is visible to you" if case.unseen_count else "retention removed its tickets"
        )
        return f"loss not shown: {gone}"
    only = "visible tickets" if case.unseen_count else "tickets still in the store"
    return f"loss {case.loss_amount:,.2f} of the {only} only"


def loss_text(case: Case) -> str:
    """:meth:`Case.loss_text`, or, for a loss of the visible tickets only, that it is (``case show``)."""
    if not loss_is_partial(case):
        return case.loss_text()
    left_out = [hidden_ticket_count(case.unseen_count)] if case.unseen_count else []
    left_out += [retained_text(case.retained_count)] if case.retained_count else []
    return (
        f"{case.loss_amount:,.2f} — not set by an investigator: the amounts of the tickets visible to you added "
        f"up, each counted as positive; {' and '.join(left_out)} "
        f"{'is' if case.unseen_count + case.retained_count == 1 else 'are'} left out"
    )
