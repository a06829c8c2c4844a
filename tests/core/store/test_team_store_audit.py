"""The team store (PostgreSQL) keeps export and case entries in its one audit chain; investigation cases are
not on it yet and say so plainly (never a case query that matches every ticket)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.errors import StoreError
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


def test_cases_are_not_on_the_team_store_yet_and_say_so(tmp_path: Path, pg_url: str) -> None:
    with open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store:
        with pytest.raises(StoreError, match="Investigation cases is not available on the team store yet"):
            store.cases.new_case("x")
        with store.reader() as reader:
            with pytest.raises(StoreError, match="Investigation cases"):
                reader.cases.cases()
            with pytest.raises(StoreError, match="Investigation cases"):
                reader.count(TicketQuery(case="C-2026-0001"))
