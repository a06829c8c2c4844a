"""A team-store statement the server refuses while the connection stays up (a lock timeout, a serialization
failure, a deadlock) is an error in plain words with the server's reason, never "lost the connection": the
window said "not saved: the server cannot be reached, try again once it is back" for it, a "back" that never
came (its listener never lost the server), and at COMMIT "perhaps saved" for a change surely not saved. A
connection ended by the server is still "lost". Real throwaway cluster (tests/pg_cluster.py)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from pg_cluster import ENDS_ITS_SESSION, Cluster, planted

from ows_desktop.ows.model import Ticket
from ows_desktop.store.errors import StoreCommitLostError, StoreConnectError, StoreError
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def _admin(pg_cluster: Cluster, pg_url: str) -> psycopg.Connection:
    return psycopg.connect(pg_cluster.conninfo(pg_url.rsplit("/", 1)[1]), autocommit=True)


def test_a_lock_timeout_is_a_plain_error_not_a_lost_connection(
    pg_cluster: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=300")  # the store's sessions wait 300 ms for a lock
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        admin = _admin(pg_cluster, pg_url)
        try:
            with admin.transaction():
                admin.execute("LOCK TABLE review_audit IN ACCESS EXCLUSIVE MODE")  # another session holds it
                with pytest.raises(StoreError) as caught:
                    store.review.flag_ticket("k1", reason="Void abuse", who="alice")
        finally:
            admin.close()
        assert not isinstance(caught.value, StoreConnectError)
        assert "lock timeout" in str(caught.value)  # the server's reason
        store.review.flag_ticket("k1", reason="Void abuse", who="alice")  # the same connection goes on
        with store.reader() as reader:
            assert reader.review.review_of("k1").flag is not None


@pytest.mark.parametrize(("state", "words"), [("40001", "could not serialize"), ("40P01", "deadlock")])
def test_a_serialization_failure_or_deadlock_at_commit_is_not_saved_never_perhaps_saved(
    pg_cluster: Cluster, pg_url: str, state: str, words: str
) -> None:
    """The server reports it at COMMIT (a deferred trigger stands in for the conflict): the transaction was
    rolled back, surely not saved."""
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        admin = _admin(pg_cluster, pg_url)
        refuse = f"RAISE EXCEPTION '{words} (test)' USING ERRCODE = '{state}';"
        try:
            with (
                planted(admin, "review_audit", refuse, initially="DEFERRED"),
                pytest.raises(StoreError) as caught,
            ):
                store.review.flag_ticket("k1", reason="Void abuse", who="alice")
        finally:
            admin.close()
        assert not isinstance(caught.value, (StoreConnectError, StoreCommitLostError))
        assert f"{words} (test)" in str(caught.value)
        with store.reader() as reader:
            assert reader.review.review_of("k1").flag is None  # indeed not saved


def test_a_session_ended_by_the_server_is_still_a_lost_connection(pg_cluster: Cluster, pg_url: str) -> None:
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        admin = _admin(pg_cluster, pg_url)
        try:
            with planted(admin, "review_audit", ENDS_ITS_SESSION), pytest.raises(StoreConnectError) as caught:
                store.review.flag_ticket(
                    "k1", reason="Void abuse", who="alice"
                )  # ended as the flag is written
        finally:
            admin.close()
        assert not isinstance(caught.value, StoreCommitLostError)  # before COMMIT: surely not saved
        store.review.flag_ticket("k1", reason="Void abuse", who="alice")  # on a fresh connection


def test_a_syncs_write_the_server_rolled_back_for_a_deadlock_is_run_again(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """The sync's writes are safe to repeat (an upsert by key, a checkpoint set to a cursor): one the server
    rolled back for a deadlock or a serialization failure runs again, as one whose connection dropped did
    (a deadlock was a "lost connection" before, and was repeated as such)."""
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        admin = _admin(pg_cluster, pg_url)
        try:
            admin.execute("CREATE SEQUENCE test_once")  # not rolled back: the first insert only is refused
            once = (
                "IF nextval('test_once') = 1 THEN RAISE EXCEPTION 'deadlock (test)' USING ERRCODE = '40P01'; "
                "END IF; RETURN NULL;"
            )
            with planted(admin, "sync_windows", once):
                (window,) = store.create_windows([(0, 3_600_000_000)])
        finally:
            admin.execute("DROP SEQUENCE IF EXISTS test_once")
            admin.close()
        assert [w.id for w in store.windows_overlapping(0, 3_600_000_000)] == [window.id]


def test_a_server_that_never_answers_is_let_go_at_the_time_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that took the TCP connection and never answered: the connect time-out said so, but the half-open
    libpq connection stayed held by psycopg's frames in the error's traceback, its socket (on a real server, a
    connection slot) open until a garbage collection. It is closed when the error is raised."""
    import gc
    import socket

    from ows_desktop.store.postgres import connect as pg_connect

    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 2)  # libpq's least
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(10)
    gc.disable()  # no collection between the time-out and the look: only the store may close it
    try:
        location = pg_connect.parse_url(f"postgresql://reviewer@127.0.0.1:{server.getsockname()[1]}/ows")
        with pytest.raises(StoreConnectError):
            pg_connect.connect(location, NO_PASSWORD)
        accepted, _ = server.accept()  # the backlog kept it
        accepted.settimeout(0.5)
        try:
            while accepted.recv(4096):  # the startup packet, then the end
                pass
            ended = True
        except TimeoutError:
            ended = False
        finally:
            accepted.close()
    finally:
        gc.enable()
        server.close()
    assert ended
