"""Flags, notes and the append-only audit trail (schema v3): the API, the triggers, the hash chain, the v2 → v3
migration, the review filters of the query API, and flags surviving a killed process."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from old_schema import as_v8_left_it, as_v9_left_it, this_codes_columns
from review_helpers import T0, ln, tk

from ows_desktop.store import (
    SCHEMA_VERSION,
    TicketNotFoundError,
    TicketQuery,
    TicketStore,
    fulltext,
    migrations,
    open_store,
    review,
    review_sql,
)
from ows_desktop.store.rawjson import RawCodec
from ows_desktop.store.ticket_rows import insert_records, ticket_record
from ows_desktop.store.values import PageToSave

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)


@contextmanager
def own_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """The test's own connection on the cache file (the triggers and the hash chain must hold against any
    writer, not only the store's)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def store(store: TicketStore) -> TicketStore:
    store.upsert_tickets([tk("a"), tk("b", start=T0.replace(minute=1)), tk("c", start=T0.replace(minute=2))])
    return store


def test_flag_update_note_unflag_with_a_complete_audit_trail(store: TicketStore) -> None:
    first = store.review.flag_ticket("a", reason="void abuse", note="Drawer opened right after.", who="jane")
    assert first.flag is not None
    assert (first.flag.reason, first.flag.state) == ("Void abuse", "to_review")
    assert [e.action for e in first.entries] == ["flag", "note"]
    again = store.review.flag_ticket("a", reason="Void abuse", who="jane")  # nothing changes: no entry
    assert not again.changed
    store.review.flag_ticket("a", state="Confirmed", who="sam")
    store.review.flag_ticket("a", reason="Mon propre motif — «très» suspect 🙈", who="sam")
    assert store.review.unflag_ticket("a", note="Manager explained it.", who="kim")
    assert not store.review.unflag_ticket("a", who="kim")
    with store.reader() as reader:
        current = reader.review.review_of("a")
        flagged = [r.key for r in reader.iter_rows(TicketQuery(flagged=True))]
    assert current.flag is None and flagged == []
    assert [(e.who, e.action) for e in current.audit] == [
        ("jane", "flag"),
        ("jane", "note"),
        ("sam", "update"),
        ("sam", "update"),
        ("kim", "unflag"),
        ("kim", "note"),
    ]
    assert current.audit[2].changes == {"state": ["to_review", "confirmed"]}
    assert current.audit[3].describe() == "changed (reason Void abuse → Mon propre motif — «très» suspect 🙈)"
    assert current.audit[4].changes == {
        "reason": ["Mon propre motif — «très» suspect 🙈", None],
        "state": ["confirmed", None],
    }
    assert [n.note for n in current.notes] == ["Drawer opened right after.", "Manager explained it."]
    assert all(e.host == review.current_host() for e in current.audit)
    assert [e.id for e in current.audit] == sorted(e.id for e in current.audit)


def test_the_os_user_is_the_default_actor(store: TicketStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review.getpass, "getuser", lambda: "investigator7")
    store.review.flag_ticket("b")
    monkeypatch.setattr(review.getpass, "getuser", lambda: (_ for _ in ()).throw(OSError("no user")))
    store.review.add_note("b", "seen")
    with store.reader() as reader:
        assert [e.who for e in reader.review.audit_trail("b")] == ["investigator7", "unknown"]


@pytest.mark.sqlite_only("its own SQLite connection on the file (PostgreSQL: test_team_store.py)")
def test_audit_rows_cannot_be_updated_or_deleted(store: TicketStore) -> None:
    store.review.flag_ticket("a", reason="No-sale", note="x")
    for statement in ("UPDATE review_audit SET who = 'mallory'", "DELETE FROM review_audit"):
        with own_sqlite(store.path) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)
    with store.reader() as reader:
        assert len(reader.review.audit_trail()) == 2
        assert reader.review.verify_audit_chain() is None


@pytest.mark.sqlite_only("drops SQLite triggers through its own connection")
def test_the_hash_chain_reveals_edits_made_behind_the_triggers(store: TicketStore) -> None:
    store.review.flag_ticket("a", reason="No-sale")
    store.review.add_note("b", "first")
    store.review.add_note("c", "second")
    with own_sqlite(store.path) as conn:  # someone editing the file behind the app's back
        conn.execute("DROP TRIGGER review_audit_no_update")
        conn.execute("UPDATE review_audit SET changes = '{\"note\": \"edited\"}' WHERE ticket_key = 'b'")
    with store.reader() as reader:
        bad = reader.review.verify_audit_chain()
        edited = next(e.id for e in reader.review.audit_trail() if e.ticket_key == "b")
        assert bad == edited
        # The local check (exports: cost proportional to the exported entries) sees it from either side.
        assert reader.review.verify_audit_entries(reader.review.audit_trail("b")) == [edited]
        assert reader.review.verify_audit_entries(reader.review.audit_trail("a")) == [edited - 1]
        assert reader.review.verify_audit_entries(reader.review.audit_trail("c")) == []


def test_bulk_flag_is_one_transaction_and_unknown_tickets_change_nothing(store: TicketStore) -> None:
    with pytest.raises(TicketNotFoundError, match="'zzz'"):
        store.review.flag_tickets(["a", "zzz"], reason="Sweethearting")
    with store.reader() as reader:
        assert reader.review.audit_trail() == []
    changes = store.review.flag_tickets(
        ["a", "b", "a"], reason="sweethearting", state="cleared", note="batch"
    )
    assert [c.flag.ticket_key for c in changes if c.flag] == ["a", "b"]
    with pytest.raises(ValueError, match="Unknown review state"):
        store.review.flag_tickets(["a"], state="maybe")
    with pytest.raises(ValueError, match="note needs some text"):
        store.review.add_note("a", "   ")
    with store.reader() as reader:
        assert reader.review.flagged_count() == {"to_review": 0, "confirmed": 0, "cleared": 2}
        assert reader.review.reasons_in_use()[:5] == list(review.REASONS)


def test_toggle_flag(store: TicketStore) -> None:
    assert store.review.toggle_flag("c", who="jane") is True
    with store.reader() as reader:
        flag = reader.review.flag_of("c")
        assert flag is not None and flag.state == "to_review" and flag.reason is None
    assert store.review.toggle_flag("c", who="jane") is False
    with store.reader() as reader:
        assert reader.review.flag_of("c") is None
        assert [e.action for e in reader.review.audit_trail("c")] == ["flag", "unflag"]


def test_reasons_and_states_in_any_spelling() -> None:
    assert review.normalise_reason("  VOID_ABUSE ") == "Void abuse"
    assert review.normalise_reason("no sale") == "No-sale"
    assert review.normalise_reason("refund   fraud") == "Refund fraud"
    assert review.normalise_reason("  ") is None
    assert review.normalise_reason("my words =1+2") == "my words =1+2"
    assert review.normalise_state("To Review") == "to_review"
    assert review.normalise_state("open") == "to_review"
    assert review.normalise_state("CLEARED") == "cleared"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=st.text(min_size=1), note=st.text(min_size=1).filter(lambda t: t.strip()))
def test_any_characters_round_trip(store: TicketStore, reason: str, note: str) -> None:
    store.review.flag_ticket("a", reason=reason, note=note, who="ü")
    with store.reader() as reader:
        current = reader.review.review_of("a")
    expected_reason = review.normalise_reason(reason)
    if expected_reason is not None and not isinstance(store, TicketStore):  # PostgreSQL text has no NUL
        expected_reason = expected_reason.replace("\x00", "\ufffd")
    assert current.flag is not None and current.flag.reason == expected_reason
    stored = current.notes[-1].note
    assert stored == note.encode("utf-8", "replace").decode("utf-8")


def test_review_filters_in_the_query_api(store: TicketStore) -> None:
    store.review.flag_ticket("a", reason="Void abuse")
    store.review.flag_ticket("b", reason="custom words", state="confirmed")
    store.review.flag_ticket("c", reason="legacy")
    with store.reader() as reader:

        def keys(**kwargs: object) -> list[str]:
            return sorted(r.key for r in reader.iter_rows(TicketQuery(**kwargs)))  # type: ignore[arg-type]

        assert keys(flag_reasons=("Void abuse", "custom words")) == ["a", "b"]
        assert keys(review_states=("to_review",)) == ["a", "c"]
        assert keys(review_states=("confirmed",), text="b") == ["b"]
        assert reader.count(TicketQuery(review_states=("cleared",))) == 0
        assert reader.review.flag_of("c").state == "to_review"  # type: ignore[union-attr]
    with pytest.raises(TypeError, match="tuple of strings"):
        TicketQuery(exceptions="no_sale")  # type: ignore[arg-type]


def test_exceptions_in_rows_and_filters(store: TicketStore) -> None:
    from ows_desktop.rules import RuleRunner

    store.upsert_tickets([tk("ns", start=T0.replace(minute=5), status="no_sale", lines=())])
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).apply_pending(store)
    with store.reader() as reader:
        rows = {r.key: r.exceptions for r in reader.iter_rows(TicketQuery())}
        assert rows == {"a": (), "b": (), "c": (), "ns": ("no_sale",)}
        assert [r.key for r in reader.iter_rows(TicketQuery(exceptions=("no_sale", "refund")))] == ["ns"]
        assert reader.count(TicketQuery(exceptions=("no_sale",), text="ns")) == 1
        assert reader.rows([reader.rowid_of("ns")])[0].exceptions == ("no_sale",)


def test_find_ticket_by_key_or_id(store: TicketStore) -> None:
    derived = dataclasses.replace(tk("x", start=T0.replace(minute=9)), key="k:abc", id="T-77")
    store.upsert_tickets([derived])
    with store.reader() as reader:
        assert reader.find_ticket_key("a") == "a"
        assert reader.find_ticket_key(" T-77 ") == "k:abc"
        with pytest.raises(TicketNotFoundError, match="No ticket 'nope'"):
            reader.find_ticket_key("nope")


@pytest.mark.sqlite_only("reads SQLite's query plans (PostgreSQL's planner scans a table this small anyway)")
def test_a_ticket_named_by_its_id_is_found_through_the_key_index(store: TicketStore) -> None:
    """A ticket's id is its key, so naming it reads one index entry, not every stored ticket (the lookup
    by key OR id used to scan the whole table: seconds on a store of millions, for each ticket named)."""
    from ows_desktop.store.reader import TicketReader

    statements: list[str] = []
    conn = sqlite3.connect(store.path)
    conn.set_trace_callback(statements.append)  # a reader on a connection of the test's own, to trace it
    with TicketReader(conn, store.path) as reader:
        assert reader.find_ticket_key(" a ") == "a"
        conn.set_trace_callback(None)
        plans = [" ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)) for sql in statements]
    assert plans and not any("SCAN tickets" in plan for plan in plans), plans


def test_migration_to_v8_gives_cases_closed_before_it_their_outcome_from_the_audit_trail(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.upsert_tickets([tk("a")])
        numbers = [store.cases.new_case(title, tickets=["a"]).number for title in ("no loss", "loss", "open")]
        for number, outcome in zip(numbers[:2], ("no loss", "loss confirmed"), strict=True):
            store.cases.update_case(number, status=outcome)
            store.cases.update_case(number, status="closed")
        store.cases.update_case(numbers[2], status="closed")  # closed from open: no outcome
    with own_sqlite(path) as conn:  # the file as v7 left it: no outcome column (nor what v9 and v10 add)
        conn.execute("ALTER TABLE cases DROP COLUMN outcome")
        as_v8_left_it(conn)
        conn.execute("PRAGMA user_version = 7")
    with open_store(path) as store, store.reader() as reader:
        cases = {case.number: case for case in reader.cases.cases()}
        assert [cases[n].status_label for n in numbers] == [
            "Closed (no loss)",
            "Closed (loss confirmed)",
            "Closed",
        ]
        assert cases[numbers[0]].loss_amount == 0.0


def test_migration_to_v9_fills_the_operators_of_each_store_from_the_tickets(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.upsert_tickets([tk("a", operator="Ana"), tk("b", location="S2", operator="Ana"), tk("c", operator=None),
                              tk("d", location=None, operator="Bo")])  # fmt: skip
    with own_sqlite(path) as conn:  # the file as v8 left it
        as_v8_left_it(conn)
        conn.execute("PRAGMA user_version = 8")
    with open_store(path) as store, store.reader() as reader:
        assert reader.operators() == [("", "", "Bo"), ("S1", "", "Ana"), ("S2", "", "Ana")]


def test_migration_to_v10_reads_each_stored_tickets_employee_id_from_its_json(tmp_path: Path) -> None:
    """Before v10 a ticket kept its operator's name alone: two cashiers of one name were one person."""
    path = tmp_path / "old.db"
    ines = "Ines Brontë"
    with open_store(path) as store:
        windows = store.create_windows([(0, 10), (10, 20)])
        store.save_pages(
            [
                PageToSave(window.id, tickets, None, False, True)
                for window, tickets in zip(windows, (
                    # stored as an earlier version stored them: the ID only in the JSON
                    [tk("a", location="S027", operator=ines, raw={"operatorId": "E1014"}),
                     tk("b", location="S063", operator=ines, raw={"EmployeeId": 1053})],
                    [tk("c", location="S063", operator=ines),
                     tk("d", location="S063", operator="Bo", raw={"employeeId": "E9", "operatorId": None})],
                ), strict=True)
            ]
        )  # fmt: skip
    with own_sqlite(path) as conn:  # the file as v9 left it
        assert conn.execute("SELECT count(DISTINCT page) FROM ticket_docs").fetchone()[0] == 2
        as_v9_left_it(conn)
        conn.execute("PRAGMA user_version = 9")
    with open_store(path) as store, store.reader() as reader:
        ids = {row.key: row.operator_id for row in reader.iter_rows(TicketQuery())}
        assert ids == {"a": "E1014", "b": "1053", "c": None, "d": "E9"}
        assert reader.operators() == [
            ("S027", "E1014", ines),
            ("S063", "", ines),
            ("S063", "1053", ines),
            ("S063", "E9", "Bo"),
        ]


def test_migration_from_v2_backfills_facts_and_audits_legacy_flags(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.MIGRATIONS[0](conn)
    migrations.MIGRATIONS[1](conn)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    codec = RawCodec()
    records = [
        dataclasses.replace(ticket_record(t, 1, codec), facts=None, items=())
        for t in (
            tk("sale"),
            tk("ns", start=T0.replace(minute=1), status="no_sale", lines=(), offset_minutes=-300),
        )
    ]
    conn.execute("BEGIN")
    with this_codes_columns(conn):  # this code's insert notes operators, which a v2 cache had no room for
        rids = insert_records(conn, [(r, 1) for r in records], 1)
    # index them as a v2 cache did (no vocabulary table yet: that came with v4)
    conn.execute(fulltext._INDEX_SQL, (json.dumps(rids),))
    conn.execute(
        "INSERT INTO flags (ticket_key, reason, state, created_us, updated_us) VALUES ('ns', 'old reason', 'open', 5, 6)"
    )
    conn.execute("COMMIT")
    conn.close()
    with open_store(path) as store, store.reader() as reader, own_sqlite(path) as conn:
        assert migrations.user_version(conn) == SCHEMA_VERSION == migrations.latest_version()
        facts = conn.execute("SELECT kind, utc_offset_min FROM ticket_facts ORDER BY rid").fetchall()
        assert facts == [("sale", None), ("no_sale", -300)]
        assert conn.execute("SELECT location, offset_min FROM location_offsets").fetchall() == [("S1", -300)]
        current = reader.review.review_of("ns")
        assert current.flag is not None and (current.flag.reason, current.flag.state) == (
            "old reason",
            "to_review",
        )
        assert [(e.who, e.action, e.at_us) for e in current.audit] == [("schema-migration", "flag", 6)]
        from ows_desktop.rules import RuleRunner

        RuleRunner().apply_pending(store)  # the backfilled tickets were queued
        assert [r.exceptions for r in reader.iter_rows(TicketQuery(text="ns"))] == [("no_sale",)]


# -- durability --------------------------------------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from ows_desktop.store import open_store, review
    store = open_store(Path(sys.argv[1]))
    for key in sys.argv[2:]:
        store.review.flag_ticket(key, reason="Refund fraud", note=f"note on {key}", who="child")
        print(key, flush=True)
    if os.environ.get("HANG"):
        signal.pause()
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
    """
)


@pytest.mark.sqlite_only("a child process opening the SQLite file")
def test_flags_and_notes_survive_a_killed_process(store: TicketStore, tmp_path: Path) -> None:
    path = store.path
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), "a", "b"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert result.stdout.split() == ["a", "b"]
    with open_store(path) as reopened, reopened.reader() as reader:
        for key in ("a", "b"):
            current = reader.review.review_of(key)
            assert current.flag is not None and current.flag.reason == "Refund fraud"
            assert [n.note for n in current.notes] == [f"note on {key}"]
        assert reader.review.verify_audit_chain() is None


@pytest.mark.sqlite_only("a child process opening the SQLite file")
def test_a_flag_confirmed_to_the_caller_survives_a_kill_from_outside(store: TicketStore) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(store.path), "a", "b", "c"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "HANG": "1"},
    )
    try:
        assert child.stdout is not None
        confirmed = [child.stdout.readline().strip() for _ in range(3)]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stdout:
            child.stdout.close()
    assert confirmed == ["a", "b", "c"]
    with store.reader() as reader:
        assert sorted(r.key for r in reader.iter_rows(TicketQuery(flagged=True))) == ["a", "b", "c"]
        assert json.dumps([e.action for e in reader.review.audit_trail()]).count("note") == 3


@pytest.mark.sqlite_only("SQLite's synchronous pragma")
def test_review_writes_use_full_sync_then_restore_normal(
    store: TicketStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    writing: list[sqlite3.Connection] = []
    original = review_sql.append_entry

    def spy(conn: sqlite3.Connection, *args: object) -> review.AuditEntry:
        writing.append(conn)
        seen.append(conn.execute("PRAGMA synchronous").fetchone()[0])
        return original(conn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(review_sql, "append_entry", spy)
    store.review.flag_ticket("a")
    assert seen == [2]  # FULL
    assert writing[0].execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL again
    assert ln  # (helpers imported for other tests)
