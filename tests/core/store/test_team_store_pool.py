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


class _GateLock:
    """The store's lock of its readers' pool, holding back the first thread named ``reader`` until the test
    lets it go on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reader_waiting = threading.Event()
        self.go_on = threading.Event()

    def __enter__(self) -> None:
        if threading.current_thread().name == "reader" and not self.reader_waiting.is_set():
            self.reader_waiting.set()
            self.go_on.wait(30)
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def test_a_reader_asked_while_the_store_closes_opens_no_pool_that_outlives_it(pg_url: str) -> None:
    """A window job asking for a reader just as the window closes the store: it gets a plain StoreError,
    and no new pool (with its worker threads retrying the server) is left behind the closed store."""
    from ows_desktop.store import StoreError

    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    gate = _GateLock()
    store._pool_lock = gate  # type: ignore[attr-defined]  # (the race needs its interleaving made certain)
    outcome: list[object] = []

    def ask() -> None:
        try:
            outcome.append(store.reader())
        except StoreError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=ask, name="reader")
    thread.start()
    assert gate.reader_waiting.wait(30)  # the reader passed the store's "closed?" check at its door
    store.close()
    gate.go_on.set()
    thread.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], StoreError), outcome
    pool_threads = [t.name for t in threading.enumerate() if t.name.startswith("ows-desktop-readers")]
    assert pool_threads == []
