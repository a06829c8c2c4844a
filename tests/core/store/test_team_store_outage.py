"""The team store while its server is away, as its listener finds it (store/postgres/outage.py): the real
throwaway cluster stopped (``pg_ctl stop -m fast``) and started again. While the listener knows the server is
away, no read or write touches the network (each waited for a connection attempt to time out, on the window's
GUI thread too); once the listener's probe connects again, reads work at once, from a renewed pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from network_spy import NetworkSpy
from pg_cluster import ENDS_ITS_SESSION, Cluster, planted

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.postgres import writer
from ows_desktop.store.postgres.outage import STALE_S, Outage
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def _wait_until_broken(feed) -> None:
    for _ in range(400):
        feed.wait(0.05)


def test_while_the_listener_knows_the_server_is_away_nothing_waits_on_the_network_and_it_comes_back(
    pg_cluster: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = NetworkSpy(monkeypatch)
    pools: list[object] = []
    real_open_pool = writer.open_pool
    monkeypatch.setattr(writer, "open_pool", lambda *a, **k: pools.append(1) or real_open_pool(*a, **k))
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
    reader = store.reader()  # kept open, as the window's GUI thread keeps its reader
    feed = store.change_feed()  # the listener (tasks/live_updates.py) on its own connection
    try:
        assert reader.count(TicketQuery()) == 1
        pg_cluster.stop()
        try:
            with pytest.raises(
                StoreConnectError
            ):  # the listener hears its connection break (the server cut it)
                _wait_until_broken(feed)
            feed.close()
            spy.on = True
            for read in (
                lambda: reader.count(TicketQuery()),
                lambda: reader.review.reasons_in_use(),
                lambda: reader.ticket("k1"),
                store.reader,  # a job's reader
                lambda: store.review.flag_ticket("k1", reason="Void abuse", who="alice"),
                store.scope,
            ):
                with pytest.raises(StoreConnectError):
                    read()
            assert spy.made_by() == []  # no connect, borrow or statement: nothing waited for a time-out
            with pytest.raises(StoreConnectError):
                store.change_feed()  # the listener's probe does try
            assert spy.made_by() == ["connect"]
            spy.on = False
        finally:
            pg_cluster.start()
        pools.clear()
        feed = store.change_feed()  # the probe finds the server back
        assert reader.count(TicketQuery()) == 1  # the kept reader reads again, on a fresh connection
        with store.reader() as job_reader:
            assert job_reader.count(TicketQuery()) == 1
        assert pools == [1]  # from a new pool: the old one's reconnection backoff (minutes) holds nothing up
        store.review.flag_ticket("k1", reason="Void abuse", who="alice")  # the writer reconnects too
        assert reader.review.review_of("k1").flag is not None
    finally:
        feed.close()
        reader.close()
        store.close()


def test_a_store_whose_listener_stopped_or_never_ran_connects_as_before() -> None:
    now = [100.0]
    outage = Outage(clock=lambda: now[0])
    assert not outage.down  # the command line: no listener, every read tries the server
    outage.lost()
    assert outage.down
    now[0] += STALE_S - 1
    outage.probing()  # the listener tries again: still away
    now[0] += STALE_S - 1
    assert outage.down
    now[0] += 2  # nobody confirmed it for STALE_S (the window closed): reads try the server again
    assert not outage.down
    assert outage.back() is True
    assert outage.back() is False
    outage.probing()  # a probe while the server is reachable says nothing
    assert not outage.down


def test_the_verdict_outlasts_a_probe_of_two_addresses() -> None:
    """libpq's connect time-out is per address: a host with an IPv4 and an IPv6 address whose packets are
    dropped takes two of them a probe. The verdict lapsed 15 s into such a probe (a reviewer's reading), and
    reads waited on the network again for the rest of it."""
    from ows_desktop.store.postgres.connect import CONNECT_TIMEOUT_S

    now = [0.0]
    outage = Outage(clock=lambda: now[0])
    outage.lost()
    outage.probing()  # the listener's probe starts: two addresses, each up to its time-out
    now[0] += 2 * CONNECT_TIMEOUT_S + 1  # and the pause before the next
    assert outage.down


def test_a_connection_whose_network_path_dies_is_given_up_by_the_kernel_not_hours_later(pg_url: str) -> None:
    """A network path that dies without a reset from the server (a cable, a VPN, a sleeping laptop) left a read
    on a connection that still looked alive waiting for hours, the listener none the wiser. Every team-store
    connection asks the kernel to probe an idle one (10 s, every 5 s, 3 unanswered) and to give up a request
    never acknowledged after 30 s: read here from the real connection's socket."""
    import os
    import socket

    import psycopg

    from ows_desktop.store.postgres.connect import TCP_USER_TIMEOUT_MS, parse_url

    with psycopg.connect(**parse_url(pg_url).connect_kwargs(None)) as conn:  # type: ignore[arg-type]
        if conn.info.host.startswith("/"):  # a Unix socket: no network path to lose
            pytest.skip("the test cluster is reached through a Unix socket")
        sock = socket.socket(fileno=os.dup(conn.pgconn.socket))
        try:
            assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == 10
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL) == 5
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT) == 3
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == TCP_USER_TIMEOUT_MS
        finally:
            sock.close()  # the duplicate: the connection keeps its own


@pytest.mark.parametrize("when", ["IMMEDIATE", "DEFERRED"])
def test_a_write_whose_connection_is_lost_says_whether_it_may_have_been_saved(
    pg_cluster: Cluster, pg_url: str, when: str
) -> None:
    """A write whose connection dies before it commits was not saved (the window says so); one whose COMMIT
    was in flight may have been: the server ended the session as it committed (here a trigger run at COMMIT
    terminates its own backend), and nothing says whether the change landed. That one is a
    StoreCommitLostError, so that the window never tells a person "not saved" about a change that may be
    stored (F pressed again would then take the flag off)."""
    import psycopg

    from ows_desktop.store.errors import StoreCommitLostError

    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    admin = psycopg.connect(pg_cluster.conninfo(pg_url.rsplit("/", 1)[1]), autocommit=True)
    try:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        with (
            planted(admin, "review_audit", ENDS_ITS_SESSION, initially=when),
            pytest.raises(StoreConnectError) as raised,
        ):
            store.review.flag_ticket("k1", reason="Void abuse", who="alice")
        assert isinstance(raised.value, StoreCommitLostError) == (when == "DEFERRED")
        if when == "DEFERRED":
            assert "may have been saved or not" in str(raised.value)
    finally:
        admin.close()
        store.close()


def test_a_reader_kept_through_an_outage_reads_on_a_fresh_connection_once_the_listener_finds_the_server_back(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """The window's reader borrowed its connection before the server went away; once the listener finds it
    back (the readers' pool renewed), that connection, dead with the old server, is swapped before its next
    statement. Read through a cursor (the table's listing) it was not: the first listing after an outage
    failed, and a red "could not be read" came up just as the store was back."""
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
    reader = store.reader()
    feed = store.change_feed()
    try:
        assert len(reader.ids(TicketQuery())) == 1
        pg_cluster.stop()
        try:
            with pytest.raises(StoreConnectError):
                _wait_until_broken(feed)
            feed.close()
        finally:
            pg_cluster.start()
        feed = store.change_feed()  # the probe finds the server back
        assert len(reader.ids(TicketQuery())) == 1
    finally:
        feed.close()
        reader.close()
        store.close()
