"""Investigation cases in the store: numbering, subject, status workflow, tickets, loss amount with a reason,
notes, every change an entry of the hash-chained audit trail, and bad input refused with nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from review_helpers import tk

from ows_desktop.store.cases import (
    CaseError,
    CaseFilter,
    CaseNotFoundError,
    case_subject,
    describe_entry,
    parse_number,
)
from ows_desktop.store.interface import Store

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

JAN_2026 = int(datetime(2026, 1, 5, tzinfo=UTC).timestamp() * 1_000_000)
JAN_2027 = int(datetime(2027, 1, 5, tzinfo=UTC).timestamp() * 1_000_000)


@pytest.fixture
def store(store):
    store.upsert_tickets(
        [tk("T-1", total=10.0), tk("T-2", total=-12.5), tk("T-3", total=7.25, operator="Bob")]
    )
    return store


def test_cases_are_numbered_per_year_and_never_reuse_a_number(store: Store) -> None:
    first = store.cases.new_case("Voids on R1", operator="Ana", now_us=JAN_2026)
    second = store.cases.new_case("Refunds", location="S1", terminal="R1", now_us=JAN_2026 + 1)
    next_year = store.cases.new_case("New year", now_us=JAN_2027)
    assert (first.number, second.number, next_year.number) == ("C-2026-0001", "C-2026-0002", "C-2027-0001")
    assert first.status == "open" and first.subject == "operator Ana"
    assert second.subject == "store S1 · register R1"
    assert parse_number(" c-2026-2 ") == "C-2026-0002"
    with pytest.raises(CaseError):
        parse_number("2026-2")


def test_tickets_make_the_loss_unless_set_with_a_reason(store: Store) -> None:
    case = store.cases.new_case("Ana", operator="Ana", tickets=["T-1"])
    assert case.ticket_count == 1 and case.loss_amount == 10.0
    case = store.cases.add_tickets(case.number, ["T-2", "T-1"])  # T-1 already in it: left alone
    assert case.ticket_count == 2 and case.loss_amount == 22.5  # the refund counts by its amount
    with pytest.raises(CaseError, match="reason"):
        store.cases.set_loss(case.number, 5.0, "  ")
    case = store.cases.set_loss(case.number, 18.0, "store recovered 4.50 in cash")
    assert case.loss_amount == 18.0 and case.tickets_total == 22.5
    assert case.loss_reason == "store recovered 4.50 in cash"
    case = store.cases.remove_tickets(case.number, ["T-2"])
    assert case.ticket_count == 1 and case.loss_amount == 18.0
    case = store.cases.set_loss(case.number, None, "back to the tickets")
    assert case.loss_amount == 10.0
    with store.reader() as reader:
        assert reader.cases.case_tickets(case.number) == ["T-1"]


def test_a_loss_set_again_as_it_is_records_nothing(store: Store) -> None:
    """A close the store refused after its loss was saved is offered again, filled with what was typed; its OK
    set the same loss again, and the case's history (its evidence) said "loss 12.00 → 12.00" twice."""
    number = store.cases.new_case("Ana", tickets=["T-1"]).number
    store.cases.set_loss(number, 12.0, "counted in the back office")
    case = store.cases.set_loss(number, 12.0, "counted in the back office")  # the same: nothing recorded
    assert case.loss_amount == 12.0 and case.loss_reason == "counted in the back office"
    store.cases.set_loss(number, 12.0, "recounted")  # a new reason is a change
    store.cases.set_loss(number, None, "back to the tickets")
    store.cases.set_loss(number, None, "back to the tickets again")  # already the tickets' sum: nothing
    with store.reader() as reader:
        losses = [
            e.changes for e in reader.review.audit_trail(case_subject(number)) if e.action == "case_loss"
        ]
    assert [(c["loss_amount"][1], c["reason"]) for c in losses] == [
        (12.0, "counted in the back office"),
        (12.0, "recounted"),
        (None, "back to the tickets"),
    ]


def test_status_follows_the_workflow_and_a_closed_case_takes_no_tickets(store: Store) -> None:
    number = store.cases.new_case("x").number
    assert store.cases.update_case(number, status="In progress").status == "in_progress"
    assert store.cases.update_case(number, status="loss-confirmed").status == "loss_confirmed"
    with pytest.raises(CaseError, match="can go to"):
        store.cases.update_case(number, status="open")
    assert store.cases.update_case(number, status="closed").status == "closed"
    with pytest.raises(CaseError, match="closed"):
        store.cases.add_tickets(number, ["T-1"])
    with pytest.raises(CaseError, match="is closed; reopen it"):  # nor its loss
        store.cases.set_loss(number, 5.0, "after the fact")
    with pytest.raises(CaseError, match="Unknown case status"):
        store.cases.update_case(number, status="solved")
    with store.reader() as reader:
        assert reader.cases.case(number).status == "closed"  # refused changes changed nothing


def test_a_closed_case_keeps_the_outcome_it_was_concluded_with(store: Store) -> None:
    """Closing moved a "No loss" case to a bare "Closed" that still showed the tickets' amounts as its loss."""
    number = store.cases.new_case("x", tickets=["T-1", "T-2"]).number
    store.cases.update_case(number, status="no loss")
    case = store.cases.update_case(number, status="closed")
    assert (case.status, case.outcome, case.status_label) == ("closed", "no_loss", "Closed (no loss)")
    assert case.loss_amount == 0.0 and case.loss_text() == "0.00 — concluded with no loss"
    assert case.to_json()["outcome"] == "no_loss" and case.to_json()["loss_amount"] == 0.0
    case = store.cases.update_case(number, status="in progress", note="asked again")  # reopened: no outcome
    assert (case.outcome, case.status_label, case.loss_amount) == (None, "In progress", 22.5)
    store.cases.update_case(number, status="loss confirmed")
    case = store.cases.update_case(number, status="closed")
    assert (case.status_label, case.loss_amount) == ("Closed (loss confirmed)", 22.5)
    store.cases.update_case(number, status="in progress", note="one more look")
    case = store.cases.update_case(number, status="closed")  # closed with no outcome given: says only that
    assert (case.outcome, case.status_label) == (None, "Closed")
    with store.reader() as reader:
        assert reader.cases.case(number).outcome is None


def test_the_store_refuses_a_reopening_without_a_reason_and_a_no_loss_still_claiming_one(
    store: Store,
) -> None:
    """The window and the command line ask both, but they decide on the case as they last read it: a colleague's
    close (or hand-set loss) landing just before let a case be reopened without a word, or concluded "No loss"
    while it claimed 16.78. The store checks both in the transaction, and keeps the reason with the change."""
    number = store.cases.new_case("x", tickets=["T-1"]).number
    store.cases.update_case(number, status="closed")
    with pytest.raises(CaseError, match="is closed: reopening it needs a note saying why"):
        store.cases.update_case(number, status="in progress")
    case = store.cases.update_case(number, status="in progress", note="the police asked again")
    assert case.status == "in_progress"
    with store.reader() as reader:
        *_, changed, noted = reader.review.audit_trail(case_subject(number))
    assert (
        changed.changes["status"] == ["closed", "in_progress"]
        and noted.changes["note"] == "the police asked again"
    )
    assert changed.at_us == noted.at_us  # one transaction
    store.cases.set_loss(number, 16.78, "till count")
    with pytest.raises(CaseError, match=r"claims a loss of 16\.78 set by hand: set it to 0\.00"):
        store.cases.update_case(number, status="no loss")
    with store.reader() as reader:
        assert reader.cases.case(number).status == "in_progress"
    store.cases.set_loss(number, 0.0, "paid back")
    assert store.cases.update_case(number, status="no loss").status == "no_loss"


def test_a_loss_change_is_told_in_money_and_a_negative_loss_is_refused(store: Store) -> None:
    store.upsert_tickets([tk("T-10", total=0.1), tk("T-20", total=0.2)])
    number = store.cases.new_case("cents", tickets=["T-10", "T-20"]).number  # 0.1 + 0.2: binary noise
    with pytest.raises(CaseError, match="0 or more"):
        store.cases.set_loss(number, -50.0, "typo")
    for inexact in (12.345, 0.004, 999_999_999_999.995, 0.1 + 0.2):  # was rounded to the cent, without a word
        with pytest.raises(CaseError, match=f"to the cent, not {inexact!r};"):
            store.cases.set_loss(number, inexact, "typo")
    store.cases.set_loss(number, 1234.5, "till count")
    store.cases.set_loss(number, None, "back")
    with store.reader() as reader:
        entries = reader.review.audit_trail(case_subject(number))
    told = [describe_entry(e.action, e.changes) for e in entries if e.action == "case_loss"]
    assert told == ["loss 0.30 → 1,234.50 (till count)", "loss 1,234.50 → the ticket amounts added up (back)"]


def test_every_change_is_an_audit_entry_and_the_chain_verifies(store: Store) -> None:
    store.review.flag_ticket("T-3", reason="Void abuse")
    case = store.cases.new_case("Bob", operator="Bob", assignee="jane", tickets=["T-3"], who="lead")
    number = case.number
    store.cases.update_case(number, assignee="omar", status="in progress", who="lead")
    store.cases.add_tickets(number, ["T-1"], who="omar")
    store.cases.remove_tickets(number, ["T-1"], who="omar")
    store.cases.set_loss(number, 3.0, "partial", who="omar")
    store.cases.add_case_note(number, "Spoke with the store manager", who="omar")
    with store.reader() as reader:
        trail = reader.review.audit_trail(case_subject(number))
        assert reader.review.verify_audit_chain() is None
    assert [e.action for e in trail] == [
        "case_new", "case_add", "case_update", "case_add", "case_remove", "case_loss", "note"
    ]  # fmt: skip
    assert trail[2].changes == {"assignee": ["jane", "omar"], "status": ["open", "in_progress"]}
    assert trail[3].changes == {"tickets": ["T-1"]} and trail[3].who == "omar"
    assert trail[5].changes["reason"] == "partial"
    assert trail[6].note == "Spoke with the store manager"


def test_unknown_tickets_and_cases_are_refused_with_nothing_changed(store: Store) -> None:
    with pytest.raises(CaseError, match="No ticket 'NOPE'"):
        store.cases.new_case("x", tickets=["T-1", "NOPE"])
    with pytest.raises(CaseNotFoundError, match="No case C-2026-0009"):
        store.cases.add_tickets("C-2026-0009", ["T-1"])
    with pytest.raises(CaseError, match="needs a title"):
        store.cases.new_case("   ")
    with store.reader() as reader:
        assert reader.cases.cases() == []
        assert reader.review.audit_trail() == []


def test_lists_filter_by_status_assignee_store_and_ticket(store: Store) -> None:
    a = store.cases.new_case("a", location="S1", assignee="jane", tickets=["T-1"]).number
    b = store.cases.new_case("b", location="S2", assignee="omar").number
    store.cases.update_case(b, status="no loss")
    with store.reader() as reader:
        cases = reader.cases
        assert [c.number for c in cases.cases()] == [b, a]  # newest first
        assert [c.number for c in cases.cases(CaseFilter(statuses=("open",)))] == [a]
        assert [c.number for c in cases.cases(CaseFilter(assignee="omar"))] == [b]
        assert [c.number for c in cases.cases(CaseFilter(location="S1"))] == [a]
        assert [c.number for c in cases.cases(CaseFilter(ticket_key="T-1"))] == [a]
        assert cases.assignees() == ["jane", "omar"] and cases.locations() == ["S1", "S2"]
