"""The export's audit check reads nothing the export reads anyway: each ticket's review (flag, notes, audit
entries) is read once, serving the check and the files, and an entry is checked against the chain from the
entries in hand; only an entry whose neighbour in the chain is not among them is asked of the store (which
alone may read it: on a team store, row-level security can hide it). The verdict is the store's own, on the
SQLite cache and on a PostgreSQL team store. (The speed: tests/bench/RESULTS.md, "Review".)"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from review_helpers import T0, tk
from store_backends import run_sql

from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.audit_check import audit_breaks
from ows_desktop.store.review import AuditEntry, TicketReview

pytestmark = pytest.mark.both_backends  # the SQLite cache and a PostgreSQL team store


class CountingReview:
    """``reader.review``, counting which reviews are read and which entries the store is asked to check."""

    def __init__(self, review: Any) -> None:
        self._review = review
        self.read: list[str] = []
        self.asked: list[int] = []

    def reviews_of(self, keys: Iterable[str]) -> dict[str, TicketReview]:
        keys = list(keys)
        self.read += keys
        return self._review.reviews_of(keys)  # type: ignore[no-any-return]

    def verify_audit_entries(self, entries: Iterable[AuditEntry]) -> list[int]:
        entries = list(entries)
        self.asked += [e.id for e in entries]
        return self._review.verify_audit_entries(entries)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._review, name)


class CountingReader:
    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.review = CountingReview(reader.review)
        self.read: list[int] = []

    def rows(self, rowids: Sequence[int]) -> Any:
        self.read += list(rowids)
        return self._reader.rows(rowids)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


@pytest.fixture
def trail(store):  # type: ignore[no-untyped-def]
    """T-1..T-3 flagged with a note (entries 1-6, one after the other), then T-4 (7-8, not exported), then a
    second note on T-1 (9): the last entry of the trail."""
    store.upsert_tickets([tk(f"T-{n}", start=T0 + timedelta(minutes=n)) for n in range(1, 5)])
    for n in range(1, 5):
        store.review.flag_tickets([f"T-{n}"], reason="Void abuse", note=f"note {n}", who="jane")
    store.review.add_note("T-1", "looked again", who="jane")
    with store.reader() as reader:
        entries = reader.review.audit_trail()
    assert [(e.id, e.ticket_key) for e in entries] == [
        (1, "T-1"), (2, "T-1"), (3, "T-2"), (4, "T-2"), (5, "T-3"), (6, "T-3"), (7, "T-4"), (8, "T-4"),
        (9, "T-1"),
    ]  # fmt: skip
    return store


def three(reader: Any) -> list[int]:
    return [reader.rowid_of(f"T-{n}") for n in (1, 2, 3)]


def test_each_ticket_s_row_and_review_are_read_once_for_the_check_and_the_files(
    trail, tmp_path: Path
) -> None:
    with trail.reader() as opened:
        reader = CountingReader(opened)
        rids = three(opened)
        result = export_tickets(reader, Selection.of_rows(rids), "csv", tmp_path / "out")  # type: ignore[arg-type]
    assert result.tickets == 3
    assert sorted(reader.review.read) == ["T-1", "T-2", "T-3"]  # once each, not once more for the files
    assert sorted(reader.read) == sorted(rids)


def test_only_entries_with_a_neighbour_outside_the_export_are_asked_of_the_store(
    trail, tmp_path: Path
) -> None:
    """6: its successor (7) is T-4's; 9: its predecessor (8) is T-4's and the store alone knows whether a
    successor exists. 1-5 are checked from the entries in hand."""
    with trail.reader() as opened:
        reader = CountingReader(opened)
        export_tickets(reader, Selection.of_rows(three(opened)), "json", tmp_path / "out")  # type: ignore[arg-type]
    assert sorted(reader.review.asked) == [6, 9]


def _sqlite_write(store: Any, *statements: str) -> None:
    with closing(sqlite3.connect(store.path)) as conn, conn:
        conn.execute("DROP TRIGGER review_audit_no_update")
        conn.execute("DROP TRIGGER review_audit_no_delete")
        for statement in statements:
            conn.execute(statement)


def behind_the_app_s_back(store: Any, *statements: str) -> None:
    location = getattr(store, "location", None)
    if location is None:
        _sqlite_write(store, *statements)
    else:
        run_sql(str(location), "SET session_replication_role = replica; " + "; ".join(statements))


# what is done behind the app's back -> the exported entries (of T-1..T-3) that then fail: a removal is seen by
# the entry after it, so removing 7 (T-4's, not exported) or the last entry fails none of them
TAMPERING = {
    "a note rewritten": (
        "UPDATE review_audit SET changes = replace(changes, 'note 2', 'forged') WHERE id = 4",
        [3, 4],
    ),
    "an entry removed": ("DELETE FROM review_audit WHERE id = 3", [4]),
    "the neighbour outside removed": ("DELETE FROM review_audit WHERE id = 7", []),
    "the last entry removed": ("DELETE FROM review_audit WHERE id = 9", []),
    "a hash rewritten": (f"UPDATE review_audit SET hash = '{'0' * 64}' WHERE id = 5", [4, 5, 6]),
    "the first entry rewritten": ("UPDATE review_audit SET who = 'mallory' WHERE id = 1", [1]),
    "the note after T-4's rewritten": (
        "UPDATE review_audit SET changes = replace(changes, 'again', 'twice') WHERE id = 9",
        [9],
    ),
}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_the_check_fails_exactly_the_entries_the_store_fails(trail, how: str) -> None:
    statement, failing = TAMPERING[how]
    behind_the_app_s_back(trail, statement)
    with trail.reader() as reader:
        entries = [e for r in reader.review.reviews_of(["T-1", "T-2", "T-3"]).values() for e in r.audit]
        assert reader.review.verify_audit_entries(entries) == failing  # the store's own verdict ...
        assert audit_breaks(reader, three(reader)).entries() == failing  # ... is the export's


def test_past_what_it_keeps_the_check_gives_the_same_verdict_and_the_export_reads_again(
    trail, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export of more audit entries, or tickets, than the check keeps (``KEPT_ENTRIES``, ``KEPT_ROWS``:
    memory): checked in parts, the same entries fail; the files read the rows and reviews again."""
    import ows_desktop.export.audit_check as audit_check

    monkeypatch.setattr(audit_check, "KEPT_ENTRIES", 2)
    monkeypatch.setattr(audit_check, "KEPT_ROWS", 2)
    behind_the_app_s_back(trail, TAMPERING["a note rewritten"][0])
    with trail.reader() as opened:
        assert audit_breaks(opened, three(opened)).entries() == [3, 4]
        reader = CountingReader(opened)
        result = export_tickets(reader, Selection.of_rows(three(opened)), "csv", tmp_path / "out",  # type: ignore[arg-type]
                                despite_broken_audit=True)  # fmt: skip
    assert result.audit_breaks.entries() == [3, 4]
    assert sorted(reader.review.read) == ["T-1", "T-1", "T-2", "T-2", "T-3", "T-3"]
    assert len(reader.read) == 6
