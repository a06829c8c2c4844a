"""A reader that outlives a PostgreSQL restart (the window keeps one for its whole life) reads again once the
server is back: its dead connection is replaced from the pool, the first read after the restart already
answers. The store's own connection (a flag written from the window) is replaced the same way. Real throwaway cluster (tests/pg_cluster.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_cluster import Cluster

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.postgres import connect
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def test_a_long_lived_reader_reads_again_after_the_server_restarted(pg_cluster: Cluster, pg_url: str) -> None:
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={}), Ticket(key="k2", id="T-2", raw={})])
        with store.reader() as reader:
            assert reader.count(TicketQuery()) == 2
            pg_cluster.restart()  # every session is cut, the reader's included
            assert reader.count(TicketQuery()) == 2
            assert (
                reader.review.review_of("k1").flag is None
            )  # the sub-readers read on the new connection too
            assert len(reader.page(TicketQuery(), 10)[0]) == 2  # and it stays usable
        pg_cluster.restart()
        # the store's own connection (flags, mapping, rule runs from the window) comes back as well
        store.review.flag_ticket("k1", reason="Sweethearting", who="alice")
        with store.reader() as reader:
            assert reader.review.review_of("k1").flag is not None


def test_a_long_lived_readers_first_snapshot_after_a_restart_begins_on_a_fresh_connection(
    pg_cluster: Cluster, pg_url: str
) -> None:
    """The window's reader, unused since the server restarted, read next in a snapshot (the table's refresh
    after a rule re-run or a flag landed): its BEGIN found the connection dead and the window showed a red
    "could not be read" once the store was back. Nothing ran yet then: it begins again on a fresh one."""
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        with store.reader() as reader:
            assert reader.count(TicketQuery()) == 1
            pg_cluster.restart()
            with reader.snapshot():
                assert reader.count(TicketQuery()) == 1
                assert len(reader.page(TicketQuery(), 10)[0]) == 1


def _wait_until_broken(feed) -> None:
    for _ in range(400):
        feed.wait(0.05)


def test_a_snapshot_begun_while_the_server_is_still_away_leaves_the_reader_usable_once_it_is_back(
    pg_cluster: Cluster, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot's BEGIN finds the connection dead and the fresh one cannot be had either (the server is
    still away): that snapshot fails in plain words, and the reader's next read, once the server is back,
    answers (the reader counted itself inside a transaction for good: every later read was an
    AssertionError until the window restarted)."""
    monkeypatch.setattr(connect, "CONNECT_TIMEOUT_S", 1)  # a borrow gives up after 1 s, not 10
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
        feed = store.change_feed()  # the window's listener, which has not heard of the outage yet
        with store.reader() as reader:
            assert reader.count(TicketQuery()) == 1
            pg_cluster.stop()
            try:
                with pytest.raises(StoreConnectError), reader.snapshot():
                    reader.count(TicketQuery())
                with pytest.raises(StoreConnectError):  # now the listener hears its connection break
                    _wait_until_broken(feed)
            finally:
                feed.close()
                pg_cluster.start()
            store.change_feed().close()  # its probe finds the server back (the readers' pool is renewed)
            assert reader.count(TicketQuery()) == 1
            with reader.snapshot():
                assert reader.count(TicketQuery()) == 1
