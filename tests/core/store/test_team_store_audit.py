"""The team store (PostgreSQL) keeps export and case entries in its one audit chain; a case's ticket filter
matches exactly its tickets (an unknown case matches none, never every ticket); every entry records who
made it: the database role and the OS user (the local cache: the OS user and no role)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from pg_cluster import Cluster

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres.review import AUDIT_LOCK_KEY
from ows_desktop.store.review import current_user
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


def _waiting_for_the_review_lock(cluster: Cluster, url: str, count: int) -> None:
    """Wait until ``count`` sessions queue for the review's advisory lock (a condition, not a time)."""
    import psycopg

    with psycopg.connect(cluster.conninfo(url.rsplit("/", 1)[1]), autocommit=True) as conn:
        for _ in range(2000):
            (waiting,) = conn.execute(  # type: ignore[misc]
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()
            if waiting >= count:
                return
            time.sleep(0.01)
    raise AssertionError(f"{count} review writes never queued for the lock")


def test_two_roles_interleaving_flags_on_one_ticket_keep_both_entries_and_who_made_them(
    tmp_path: Path, pg_cluster: Cluster, pg_url: str
) -> None:
    """Ana (role owsadmin) and Bob (role lp_bob) flag the same ticket while a third session holds the review
    lock: both queue, both entries are kept in order with the role and OS user that wrote them, Bob's
    change lands on Ana's flag (no lost update), and the chain verifies."""
    import psycopg

    dbname = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_cluster.conninfo(dbname), autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = 'lp_bob'").fetchone() is None:
            admin.execute("CREATE ROLE lp_bob LOGIN")
        admin.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO lp_bob")
        # row-level security (#16): Bob is an investigator of the tickets' location ('': none given)
        from ows_desktop.store.postgres.roles import apply_roles

        apply_roles(admin)
        admin.execute("GRANT ows_investigator TO lp_bob")
        admin.execute(
            "INSERT INTO ows_assignments (member, location) VALUES ('lp_bob', '') ON CONFLICT DO NOTHING"
        )
    ana = open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None)
    bob = open_store_url(
        pg_cluster.url(dbname, user="lp_bob"), tmp_path / "unused", password=lambda _loc: None
    )
    ana.upsert_tickets([Ticket(key="a", id="T-1", start=T0, raw={})])
    errors: list[BaseException] = []

    def flag(store, **change) -> None:  # type: ignore[no-untyped-def]
        try:
            store.review.flag_ticket("a", **change)
        except BaseException as exc:
            errors.append(exc)

    with psycopg.connect(pg_cluster.conninfo(dbname)) as gate:  # holds the review lock
        gate.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK_KEY,))
        first = threading.Thread(target=flag, args=(ana,), kwargs={"reason": "Void abuse", "who": "ana"})
        first.start()
        _waiting_for_the_review_lock(pg_cluster, pg_url, 1)
        second = threading.Thread(
            target=flag, args=(bob,), kwargs={"reason": "Refund fraud", "state": "confirmed", "who": "bob"}
        )
        second.start()
        _waiting_for_the_review_lock(pg_cluster, pg_url, 2)
        gate.commit()  # the lock goes to the writers in the order they asked
    first.join(30)
    second.join(30)
    try:
        assert errors == []
        with bob.reader() as reader:
            trail = reader.review.audit_trail("a")
            assert [(e.action, e.who, e.db_role) for e in trail] == [
                ("flag", "ana", "owsadmin"),
                ("update", "bob", "lp_bob"),
            ]
            assert trail[1].changes == {
                "reason": ["Void abuse", "Refund fraud"],
                "state": ["to_review", "confirmed"],
            }
            assert all(e.os_user == current_user() for e in trail)
            assert "database role lp_bob" in trail[1].made_by and current_user() in trail[1].made_by
            flag_now = reader.review.flag_of("a")
            assert flag_now is not None and (flag_now.reason, flag_now.state) == ("Refund fraud", "confirmed")
            assert reader.review.verify_audit_chain() is None
    finally:
        ana.close()
        bob.close()


def test_the_local_cache_records_the_os_user_and_no_database_role(tmp_path: Path) -> None:
    with open_store_url(None, tmp_path / "cache.sqlite3") as store:
        store.upsert_tickets([Ticket(key="a", id="T-1", start=T0, raw={})])
        store.review.flag_ticket("a", who="jane")
        with store.reader() as reader:
            (entry,) = reader.review.audit_trail("a")
            assert (entry.who, entry.os_user, entry.db_role) == ("jane", current_user(), None)
            assert entry.made_by.endswith("local cache)")
            assert reader.review.verify_audit_chain() is None
