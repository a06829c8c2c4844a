"""The team store (PostgreSQL) keeps export and case entries in its one audit chain; a case's ticket filter
matches exactly its tickets (an unknown case matches none, never every ticket)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.url import open_store_url

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def test_exports_are_entries_of_the_team_stores_audit_chain(tmp_path: Path, pg_url: str) -> None:
    with open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store:
        store.upsert_tickets([Ticket(key="a", id="T-1", start=T0, raw={})])
        store.review.flag_ticket("a", reason="No-sale")
        entry = store.audit.record("export:OWS-1", "export", {"tickets": ["a"], "format": "csv"}, who="jane")
        store.review.add_note("a", "after the export")
        with store.reader() as reader:
            trail = reader.review.audit_trail("export:OWS-1")
            assert reader.review.verify_audit_chain() is None
    assert [(e.id, e.who, e.changes) for e in trail] == [
        (entry.id, "jane", {"tickets": ["a"], "format": "csv"})
    ]


def test_case_entries_join_the_chain_and_a_case_filter_matches_exactly_its_tickets(
    tmp_path: Path, pg_url: str
) -> None:
    with open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store:
        store.upsert_tickets([Ticket(key=k, id=f"T-{k}", start=T0, raw={}) for k in "abc"])
        store.review.flag_ticket("a", reason="No-sale")
        case = store.cases.new_case("Ana's voids", operator="Ana", tickets=["b", "c"], who="jane")
        store.review.add_note("a", "after the case")
        with store.reader() as reader:
            assert [r.key for r in reader.iter_rows(TicketQuery(case=case.number))] == ["c", "b"]
            assert reader.count(TicketQuery(case="C-1999-0001")) == 0
            assert [e.action for e in reader.review.audit_trail(f"case:{case.number}")] == [
                "case_new",
                "case_add",
            ]
            assert [e.id for e in reader.review.audit_trail()] == [1, 2, 3, 4]
            assert reader.review.verify_audit_chain() is None
