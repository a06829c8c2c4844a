"""Schema v6 (issue #14): the raw JSON of tickets stored a page at a time, compressed once per page. A cache
written before v6 keeps its per-ticket JSON readable; rewritten tickets move into pages; a page nobody
points to any more is deleted."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zlib
from datetime import timedelta
from pathlib import Path

from old_schema import this_codes_columns
from test_store import T0, line, make_ticket, own_sqlite

from ows_desktop.store import TicketQuery, migrations, open_store
from ows_desktop.store.fulltext import index_rows
from ows_desktop.store.raw_pages import received_json
from ows_desktop.store.rawjson import RawCodec
from ows_desktop.store.ticket_rows import insert_records, ticket_record
from ows_desktop.store.values import PageToSave

V5 = 5


def v5_cache(path: Path, tickets) -> None:
    """A cache as a v5 build wrote it: per-ticket raw JSON (TEXT, or zlib BLOB), no raw pages."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migrate in migrations.MIGRATIONS[:V5]:
        conn.execute("BEGIN")
        migrate(conn)
        conn.execute("COMMIT")
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {V5}")
    codec = RawCodec()
    conn.execute("BEGIN")
    with this_codes_columns(conn):  # this code's insert writes employee IDs, which a v5 cache had no room for
        rids = insert_records(conn, [(ticket_record(t, 1, codec), 1) for t in tickets], 1)
    index_rows(conn, rids)
    conn.execute("COMMIT")
    conn.close()


def lines(n: int):
    return tuple(line(f"Product {j}", f"SKU{j}") for j in range(n))


def test_a_v5_cache_is_migrated_and_its_tickets_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = [make_ticket("small"), make_ticket("big", start=T0 + timedelta(seconds=1), lines=lines(12))]
    # stored before the app kept employee IDs: v10 reads them from each ticket's own JSON (TEXT, or zlib)
    old = [dataclasses.replace(t, raw={**t.raw, "EmployeeId": f"E{i}"}) for i, t in enumerate(old)]
    v5_cache(path, old)
    with own_sqlite(path) as conn:
        kinds = dict(conn.execute("SELECT typeof(raw), count(*) FROM ticket_docs GROUP BY 1").fetchall())
        assert kinds == {"text": 1, "blob": 1}
    with open_store(path) as store:
        with own_sqlite(path) as conn:
            assert migrations.user_version(conn) == migrations.latest_version() > V5
            assert conn.execute("SELECT count(*) FROM raw_pages").fetchone()[0] == 0
        with store.reader() as reader:
            for ticket in old:
                assert reader.raw(reader.rowid_of(ticket.key)) == ticket.raw
            assert {row.key: row.operator_id for row in reader.iter_rows(TicketQuery())} == {
                "small": "E0",
                "big": "E1",
            }
        # received again by a sync: the same JSON, now in a page; still one row per ticket
        (window,) = store.create_windows([(0, 10)])
        store.save_pages([PageToSave(window.id, old, None, False, True)])
        with own_sqlite(path) as conn:
            assert conn.execute("SELECT count(*), sum(live) FROM raw_pages").fetchone() == (1, 2)
            assert conn.execute("SELECT count(*) FROM ticket_docs WHERE page IS NULL").fetchone()[0] == 0
        with store.reader() as reader:
            assert sorted(row.key for row in reader.iter_rows(TicketQuery())) == ["big", "small"]
            for ticket in old:
                assert reader.raw(reader.rowid_of(ticket.key)) == ticket.raw
            assert reader.count(TicketQuery(text="Product")) == 1


def test_a_page_nobody_points_to_any_more_is_deleted(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.sqlite3") as store:
        (window,) = store.create_windows([(0, 10)])
        first = [make_ticket(f"t{i}", start=T0 + timedelta(seconds=i)) for i in range(3)]
        store.save_pages([PageToSave(window.id, first, "c1", False, False)])
        # the same tickets again, unchanged: nothing rewritten, the page stays
        store.save_pages([PageToSave(window.id, first, "c2", False, False)])
        with own_sqlite(store.path) as conn:
            assert conn.execute("SELECT count(*), sum(live) FROM raw_pages").fetchone() == (1, 3)
        # two of them changed: they move to a new page, the old one still holds t2
        changed = [make_ticket(f"t{i}", start=T0 + timedelta(seconds=i), total=99.0) for i in range(2)]
        store.save_pages([PageToSave(window.id, changed, "c3", False, False)])
        with own_sqlite(store.path) as conn:
            assert conn.execute("SELECT live FROM raw_pages ORDER BY id").fetchall() == [(1,), (2,)]
        # the last one changes too: the first page is gone
        store.save_pages(
            [
                PageToSave(
                    window.id,
                    [make_ticket("t2", start=T0 + timedelta(seconds=2), total=5.0)],
                    None,
                    False,
                    True,
                )
            ]
        )
        with own_sqlite(store.path) as conn:
            assert conn.execute("SELECT live FROM raw_pages ORDER BY id").fetchall() == [(2,), (1,)]
        with store.reader() as reader:
            assert reader.raw(reader.rowid_of("t0"))["total"] == 99.0
            assert reader.raw(reader.rowid_of("t2"))["total"] == 5.0


def test_a_synced_ticket_is_stored_as_the_bytes_it_was_received_as(tmp_path: Path) -> None:
    tickets = [make_ticket("a"), make_ticket("b", start=T0 + timedelta(seconds=1), lines=lines(2))]
    # the server's own formatting: spaces, key order, escapes; a decoy "results" key before the real one
    texts = [json.dumps(t.raw, indent=1, ensure_ascii=True) for t in tickets]
    body = (
        '{"meta": {"results": [1]}, "content": {"cursor": null, "results": [ ' + " ,\n".join(texts) + " ]}}"
    )
    page = PageToSave(1, tickets, None, False, True, body.encode("utf-8"))
    with open_store(tmp_path / "t.sqlite3") as store:
        (window,) = store.create_windows([(0, 10)])
        store.save_pages([dataclasses.replace(page, window_id=window.id)])
        with own_sqlite(store.path) as conn:
            (data,) = conn.execute("SELECT data FROM raw_pages").fetchone()
            spans = conn.execute("SELECT at, len FROM ticket_docs ORDER BY rid").fetchall()
        inflated = zlib.decompress(data)
        assert [inflated[at : at + n].decode("utf-8") for at, n in spans] == texts
        with store.reader() as reader:
            assert [reader.raw(reader.rowid_of(t.key)) for t in tickets] == [t.raw for t in tickets]


def test_tickets_cut_by_the_client_are_stored_as_those_bytes(tmp_path: Path) -> None:
    tickets = [make_ticket("a"), make_ticket("b", start=T0 + timedelta(seconds=1))]
    texts = [json.dumps(t.raw, indent=2).encode() for t in tickets]  # as the client cut them from the answer
    with open_store(tmp_path / "t.sqlite3") as store:
        (window,) = store.create_windows([(0, 10)])
        store.save_pages([PageToSave(window.id, tickets, None, False, True, b"", [texts[0], None])])
        with own_sqlite(store.path) as conn:
            (data,) = conn.execute("SELECT data FROM raw_pages").fetchone()
            spans = conn.execute("SELECT at, len FROM ticket_docs ORDER BY rid").fetchall()
        inflated = zlib.decompress(data)
        stored = [inflated[at : at + n] for at, n in spans]
        assert stored[0] == texts[0]
        assert json.loads(stored[1]) == tickets[1].raw  # no text for it: re-encoded
        with store.reader() as reader:
            assert [reader.raw(reader.rowid_of(t.key)) for t in tickets] == [t.raw for t in tickets]


def test_a_body_that_does_not_match_its_tickets_is_not_used() -> None:
    tickets = [make_ticket("a"), make_ticket("b")]
    good = json.dumps({"content": {"results": [t.raw for t in tickets]}}).encode()
    assert set(received_json(good, [t.raw for t in tickets])) == {id(t.raw) for t in tickets}
    other = json.dumps({"content": {"results": [tickets[1].raw, tickets[0].raw]}}).encode()
    assert received_json(other, [t.raw for t in tickets]) == {}  # another order: re-encoded instead
    assert received_json(good.decode().encode("utf-16"), [t.raw for t in tickets]) == {}
    assert received_json(good[:-5], [t.raw for t in tickets]) == {}  # truncated
