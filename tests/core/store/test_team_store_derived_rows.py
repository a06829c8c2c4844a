"""The rows derived from a team-store ticket (its document, rule facts, items, exceptions, rules queue entry)
go with the ticket although schema v8 dropped their foreign keys into the partitioned tickets: retention
removes the derived rows of the months it drops, a ticket whose time changed (stored again under a new rid)
leaves no derived row behind, not even one a running rule step writes, and a writer whose known month was
dropped meanwhile writes into it again. Real throwaway PostgreSQL cluster."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from cli_support import make_ctx
from pg_cluster import Cluster

from ows_desktop.cli.main import main
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres.partitions import DERIVED
from ows_desktop.store.postgres.rules import RULES_LOCK_KEY
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def _ticket(key: str, moment: datetime) -> Ticket:
    lines = (
        LineItem(sku="A1", quantity=1, price=2.5, amount=2.5),
        LineItem(sku="B2", amount=1.0, voided=True),
    )
    return Ticket(key=key, id=key, start=moment, total=2.5, lines=lines, raw={})


def _rows(conn: psycopg.Connection, key: str) -> dict[str, int]:
    """How many rows each derived table holds for the rids this key ever had (``rids`` table below)."""
    return {
        table: conn.execute(
            f"SELECT count(*) FROM {table} WHERE rid IN (SELECT rid FROM pg_temp.seen WHERE key = %s)", (key,)
        ).fetchone()[0]
        for table in DERIVED
    }


def _orphans(conn: psycopg.Connection) -> dict[str, int]:
    return {
        table: conn.execute(
            f"SELECT count(*) FROM {table} AS d WHERE NOT EXISTS (SELECT 1 FROM tickets AS t WHERE t.rid = d.rid)"
        ).fetchone()[0]
        for table in DERIVED
    }


def _remember_and_flag(conn: psycopg.Connection) -> None:
    """Keep each ticket's current rid, and give every ticket an exception (as a rule run would)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen (key text, rid bigint)")
    conn.execute("INSERT INTO pg_temp.seen SELECT key, rid FROM tickets")
    conn.execute(
        "INSERT INTO ticket_exceptions (rid, rule, detail) SELECT rid, 'void_abuse', '' FROM tickets "
        "ON CONFLICT DO NOTHING"
    )


def test_retention_removes_the_derived_rows_of_the_months_it_drops(
    tmp_path: Path, pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    now = datetime.now(UTC)
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets(
            [_ticket("OLD", now - timedelta(days=150)), _ticket("NEW", now - timedelta(hours=1))]
        )
    with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as conn:
        _remember_and_flag(conn)
        before = _rows(conn, "OLD")
        assert all(before[table] >= 1 for table in DERIVED), before  # the old ticket has every kind of row
        ctx = make_ctx(tmp_path)
        assert main(["store", "retention", pg_url, "--keep-months", "2"], ctx) == 0
        assert _rows(conn, "OLD") == dict.fromkeys(DERIVED, 0)
        assert all(count >= 1 for count in _rows(conn, "NEW").values())  # the kept month keeps its rows
        assert _orphans(conn) == dict.fromkeys(DERIVED, 0)


def test_a_ticket_stored_again_under_another_time_leaves_no_derived_rows_behind(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    first = datetime(2024, 1, 20, 12, tzinfo=UTC)
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket("T-1", first), _ticket("T-2", first)])
        with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as conn:
            _remember_and_flag(conn)
            store.upsert_tickets([_ticket("T-1", first + timedelta(days=40))])  # its time changed: a new rid
            (rid,) = conn.execute("SELECT rid FROM tickets WHERE key = 'T-1'").fetchone()
            old = conn.execute("SELECT rid FROM pg_temp.seen WHERE key = 'T-1'").fetchone()[0]
            assert rid != old
            assert _orphans(conn) == dict.fromkeys(DERIVED, 0)
            assert conn.execute("SELECT count(*) FROM ticket_exceptions").fetchone()[0] == 1  # T-2's
            assert conn.execute("SELECT count(*) FROM ticket_facts WHERE rid = %s", (rid,)).fetchone()[0] == 1


def test_a_writer_writes_again_into_a_month_that_retention_dropped_meanwhile(
    tmp_path: Path, pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    old = datetime.now(UTC) - timedelta(days=150)
    partition = f"tickets_{old:%Y_%m}"
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket("OLD-1", old)])  # this writer now knows the old month exists
        ctx = make_ctx(tmp_path)
        assert main(["store", "retention", pg_url, "--keep-months", "2"], ctx) == 0  # another connection
        store.upsert_tickets([_ticket("OLD-2", old)])
        with store.reader() as reader:
            assert [r.key for r in reader.iter_rows(TicketQuery())] == ["OLD-2"]
    with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as conn:
        assert conn.execute(f"SELECT key FROM {partition}").fetchall() == [("OLD-2",)]  # in its month again


def test_a_move_waits_for_a_rule_step_so_its_exceptions_do_not_outlive_the_ticket(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    first = datetime(2024, 1, 20, 12, tzinfo=UTC)
    conninfo = pg_cluster.conninfo(pg_template)
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets(
            [_ticket("T-1", first), _ticket("T-2", first + timedelta(days=40))]
        )  # both months
        moved: list[object] = []
        mover = threading.Thread(
            target=lambda: moved.append(store.upsert_tickets([_ticket("T-1", first + timedelta(days=40))]))
        )
        with psycopg.connect(conninfo) as rule_step:  # another workstation's rule step, not committed yet
            rule_step.execute("SELECT pg_advisory_xact_lock(%s)", (RULES_LOCK_KEY,))
            rule_step.execute(
                "INSERT INTO ticket_exceptions (rid, rule, detail) SELECT rid, 'void_abuse', '' FROM tickets"
            )
            mover.start()  # the ticket's time changed: it moves to a new rid while the step still runs
            with psycopg.connect(conninfo, autocommit=True) as watch:
                waiting = "SELECT count(*) FROM pg_locks WHERE NOT granted"  # any lock: it waits
                while mover.is_alive() and not watch.execute(waiting).fetchone()[0]:
                    time.sleep(0.01)
            rule_step.commit()
        mover.join()
    assert moved  # the move went through once the step committed
    with psycopg.connect(conninfo, autocommit=True) as conn:
        assert _orphans(conn) == dict.fromkeys(DERIVED, 0)
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2
