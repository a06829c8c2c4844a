"""The team store lends its readers pooled connections (psycopg_pool): opening and closing readers, as the
window's threads and jobs do all day, costs the server no new sessions, and a pooled connection the server
dropped is replaced rather than lent out broken. Real throwaway PostgreSQL cluster."""

from __future__ import annotations

import threading
from pathlib import Path

from pg_cluster import Cluster

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres.connect import POOL_MAX
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def _sessions(cluster: Cluster, dbname: str) -> set[int]:
    import psycopg

    with psycopg.connect(cluster.conninfo(dbname), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = 'ows-desktop'",
            (dbname,),
        ).fetchall()
    return {int(pid) for (pid,) in rows}


def test_readers_reuse_pooled_sessions_and_a_dropped_one_is_replaced(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    seen: set[int] = set()
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        for _ in range(25):  # one reader at a time, as a job after a job
            with store.reader() as reader:
                assert reader.count(TicketQuery()) == 1
                seen |= _sessions(pg_cluster, pg_template)
        assert len(seen) <= 1 + 2  # the writer and the pool's connections, not one session per reader

        counts: list[int] = []

        def read() -> None:
            with store.reader() as reader:
                counts.append(reader.count(TicketQuery()))

        threads = [threading.Thread(target=read) for _ in range(POOL_MAX)]  # readers on several threads
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert counts == [1] * POOL_MAX

        _admin_terminate_idle(pg_cluster, pg_template)  # the server drops the idle pooled sessions
        with store.reader() as reader:  # the pool checks before lending: a fresh session, no error
            assert reader.count(TicketQuery()) == 1


def _admin_terminate_idle(cluster: Cluster, dbname: str) -> None:
    import psycopg

    with psycopg.connect(cluster.conninfo(dbname), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = %s "
            "AND application_name = 'ows-desktop' AND state = 'idle'",
            (dbname,),
        )
