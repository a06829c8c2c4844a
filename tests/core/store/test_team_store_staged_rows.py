"""The team store writes a batch of tickets by staging it (COPY into session-local tables, then one INSERT …
SELECT per table, ows_desktop.store.postgres.staged_rows): a changed ticket keeps its rid and its derived rows
are replaced, never duplicated; a batch spanning two months lands in both months; a new ticket sharing a
millisecond with a changed one gets its own rid; nothing staged leaks into the next batch; and the sync
role, which row-level security applies to (no COPY into those tables), writes the same way. Real
throwaway PostgreSQL cluster."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from pg_cluster import Cluster

from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.url import open_store_url
from ows_desktop.store.values import PageToSave

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)
T0 = datetime(2024, 1, 31, 23, 59, 59, tzinfo=UTC)


def _ticket(key: str, moment: datetime, *skus: str, voided: str | None = None, total: float = 5.0) -> Ticket:
    lines = tuple(LineItem(sku=sku, quantity=1, price=1.0, amount=1.0) for sku in skus)
    if voided:
        lines += (LineItem(sku=voided, amount=1.0, voided=True),)
    return Ticket(
        key=key, id=key, location="S1", start=moment, total=total, lines=lines, raw={"id": key, "t": total}
    )


def _admin(cluster: Cluster, db: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(cluster.conninfo(db), autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def test_a_changed_ticket_keeps_its_rid_and_its_derived_rows_are_replaced(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket("T-1", T0, "A1", "B2", voided="V9")])
        ((rid, first_seen),) = _admin(pg_cluster, pg_template, "SELECT rid, first_seen_us FROM tickets")
        _admin(pg_cluster, pg_template, "INSERT INTO ticket_exceptions VALUES (%s, 'void_abuse', '')", (rid,))
        _admin(pg_cluster, pg_template, "DELETE FROM rules_pending")  # as after a rule step
        result = store.upsert_tickets([_ticket("T-1", T0, "C3", total=7.0)])  # OWS sends it again, changed
    assert (result.inserted, result.updated) == (0, 1)
    db = pg_template
    assert _admin(pg_cluster, db, "SELECT rid, first_seen_us, total FROM tickets") == [(rid, first_seen, 7.0)]
    assert _admin(pg_cluster, db, "SELECT rid, raw FROM ticket_docs") == [(rid, '{"id":"T-1","t":7.0}')]
    assert _admin(pg_cluster, db, "SELECT rid, sku FROM ticket_items") == [(rid, "C3")]  # A1, B2 gone
    assert _admin(pg_cluster, db, "SELECT rid, voided_lines, live_lines FROM ticket_facts") == [(rid, 0, 1)]
    assert _admin(pg_cluster, db, "SELECT rid FROM rules_pending") == [(rid,)]  # the rules look again
    assert _admin(pg_cluster, db, "SELECT rid FROM ticket_exceptions") == [(rid,)]  # until they replace it


def test_a_batch_spanning_two_months_lands_in_each_months_partitions(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    january = [_ticket(f"J-{i}", T0 - timedelta(minutes=i), "A1") for i in range(3)]
    february = [_ticket(f"F-{i}", T0 + timedelta(seconds=1 + i), "A1", "B2") for i in range(2)]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        first, second = store.create_windows([(0, 10), (10, 20)])
        store.save_pages(
            [
                PageToSave(first.id, january, cursor="j", empty=False, done=True),
                PageToSave(second.id, february, cursor="f", empty=False, done=False),
            ]
        )
        assert (store.window(first.id).cursor, store.window(second.id).cursor) == ("j", "f")  # type: ignore[union-attr]
    db = pg_template
    assert sorted(_admin(pg_cluster, db, "SELECT key FROM tickets_2024_01")) == [("J-0",), ("J-1",), ("J-2",)]
    assert sorted(_admin(pg_cluster, db, "SELECT key FROM tickets_2024_02")) == [("F-0",), ("F-1",)]
    assert _admin(pg_cluster, db, "SELECT count(*) FROM ticket_docs_2024_01 JOIN tickets USING (rid)") == [
        (3,)
    ]
    assert _admin(pg_cluster, db, "SELECT count(*) FROM ticket_docs_2024_02 JOIN tickets USING (rid)") == [
        (2,)
    ]
    assert _admin(pg_cluster, db, "SELECT count(*) FROM ticket_items JOIN tickets USING (rid)") == [(3 + 4,)]
    assert _admin(pg_cluster, db, "SELECT count(*) FROM ticket_facts JOIN tickets USING (rid)") == [(5,)]


def test_a_new_ticket_in_the_millisecond_of_a_changed_one_gets_a_rid_of_its_own(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets([_ticket("OLD", T0, "A1")])
        result = store.upsert_tickets([_ticket("NEW", T0, "B2"), _ticket("OLD", T0, "A1", total=9.0)])
    assert (result.inserted, result.updated) == (1, 1)
    rows = _admin(pg_cluster, pg_template, "SELECT key, total FROM tickets ORDER BY rid")
    assert rows == [("OLD", 9.0), ("NEW", 5.0)]
    docs = _admin(
        pg_cluster, pg_template, "SELECT t.key, d.raw FROM tickets t JOIN ticket_docs d USING (rid)"
    )
    assert sorted(docs) == [("NEW", '{"id":"NEW","t":5.0}'), ("OLD", '{"id":"OLD","t":9.0}')]


def test_each_batch_writes_only_its_own_tickets(pg_cluster: Cluster, pg_template: str, pg_url: str) -> None:
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:  # one session, one writer
        for i in range(3):
            store.upsert_tickets(
                [_ticket(f"B{i}-{j}", T0 + timedelta(hours=i, minutes=j), "A1") for j in range(2)]
            )
    assert _admin(pg_cluster, pg_template, "SELECT count(*), count(DISTINCT key) FROM tickets") == [(6, 6)]
    assert _admin(pg_cluster, pg_template, "SELECT count(*) FROM ticket_docs") == [(6,)]
    assert _admin(pg_cluster, pg_template, "SELECT count(*) FROM ticket_items") == [(6,)]


def test_the_sync_role_under_row_level_security_stores_new_and_changed_tickets(
    tmp_path: Path, pg_cluster: Cluster
) -> None:
    from team_roles import build_team

    team = build_team(pg_cluster, tmp_path / "team")  # the sync role has stored 9 tickets of 3 stores
    with open_store_url(team.url(team.sync), Path("x"), password=NO_PASSWORD) as store:
        (window,) = store.create_windows([(0, 10)])
        result = store.save_pages(
            [
                PageToSave(
                    window.id,
                    [_ticket("S012-T1", T0, "C3", total=42.0), _ticket("NEW-1", T0, "A1")],
                    cursor="c",
                    empty=False,
                    done=True,
                )
            ]
        )
    assert (result.inserted, result.updated) == (1, 1)
    assert team.admin("SELECT count(*), count(DISTINCT key) FROM tickets") == [(10, 10)]
    assert team.admin("SELECT total FROM tickets WHERE key = 'S012-T1'") == [(42.0,)]
    items = team.admin("SELECT i.sku FROM ticket_items i JOIN tickets t USING (rid) WHERE t.key = 'S012-T1'")
    assert items == [("C3",)]


def test_a_synced_ticket_keeps_its_json_as_received(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    # as the SQLite store: the text the server sent (here with spaces and an escape), not a re-encoding of it
    sent = b'{ "id": "T-9", "t": 5.0, "n": "Cr\\u00e8me" }'
    ticket = replace(_ticket("T-9", T0, "A1"), raw={"id": "T-9", "t": 5.0, "n": "Crème"})
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        (window,) = store.create_windows([(0, 10**15)])
        page = PageToSave(window.id, [ticket], cursor="c1", empty=False, done=True, received=[sent])
        store.save_pages([page])
        with store.reader() as reader:
            (row,) = reader.iter_rows(TicketQuery())
            assert reader.ticket(row.rowid).raw == ticket.raw
        assert store.save_pages([replace(page, cursor="c2")]).updated == 1  # the same text again: unchanged
    assert _admin(pg_cluster, pg_template, "SELECT raw FROM ticket_docs") == [(sent.decode(),)]
