"""The team store's SECURITY DEFINER functions (run as the owner) look up tables in the store's schema, then
pg_temp last: a temporary table any session may create — ``case_retention`` — does not stand in for the real
one. With ``SET search_path FROM CURRENT`` (the migration's path, pg_temp not named in it) pg_temp came FIRST,
and the trigger that takes a ticket added back out of ``case_retention`` deleted from the session's own temporary
table instead. Real throwaway cluster (tests/pg_cluster.py)."""

from __future__ import annotations

from pathlib import Path

import psycopg
from pg_cluster import Cluster

from ows_desktop.ows.model import Ticket
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def test_a_temporary_case_retention_does_not_stand_in_for_the_stores(
    pg_cluster: Cluster, pg_url: str
) -> None:
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={}), Ticket(key="k2", id="T-2", raw={})])
        number = store.cases.new_case("Refunds", tickets=["k1"]).number
    conninfo = pg_cluster.conninfo(pg_url.rsplit("/", 1)[1])
    with psycopg.connect(conninfo, autocommit=True) as admin:
        (case_id,) = admin.execute("SELECT id FROM cases WHERE number = %s", (number,)).fetchone()
        admin.execute(  # retention took k2 out of the case
            "INSERT INTO case_retention (case_id, ticket_key, added_us) VALUES (%s, 'k2', 1)", (case_id,)
        )
        with psycopg.connect(conninfo, autocommit=True) as session:  # a session with a look-alike table
            session.execute("CREATE TEMP TABLE case_retention (LIKE public.case_retention)")
            session.execute(
                "INSERT INTO case_tickets (case_id, ticket_key, added_us) VALUES (%s, 'k2', 2)", (case_id,)
            )  # k2 added back: the trigger takes it out of the store's case_retention
        rows = admin.execute(
            "SELECT ticket_key FROM case_retention WHERE case_id = %s", (case_id,)
        ).fetchall()
        assert rows == []
        paths = admin.execute(
            "SELECT p.proname, p.proconfig FROM pg_proc AS p "
            "WHERE p.prosecdef AND p.pronamespace = current_schema()::regnamespace ORDER BY p.proname"
        ).fetchall()
    assert len(paths) >= 5
    assert {name: config for name, config in paths} == {
        name: ["search_path=public, pg_temp"] for name, _ in paths
    }
