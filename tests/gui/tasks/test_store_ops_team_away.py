"""A write from the window (StoreOps) that cannot reach the team store's server: never a failure like the
others (the window's red banner), but a NotSaved the window's amber banner names. "Not saved" only when
nothing of it can have landed: a write of several steps that loses the server after one of them committed is
"in doubt" (part of it was saved). Real throwaway cluster (tests/pg_cluster.py), stopped under the write."""

from __future__ import annotations

from pathlib import Path

from pg_cluster import Cluster

from ows_desktop.ows.model import Ticket
from ows_desktop.store.url import open_store_url
from ows_desktop.tasks.store_ops import NotSaved, StoreOps

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def test_a_write_that_loses_the_server_is_not_saved_or_in_doubt_once_a_step_of_it_committed(
    qtbot, pg_cluster: Cluster, pg_url: str
) -> None:
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    ops = StoreOps()
    missed: list[NotSaved] = []
    failed: list[str] = []
    ops.notSaved.connect(missed.append)
    try:
        store.upsert_tickets([Ticket(key=k, id=k, raw={}) for k in ("k1", "k2", "k3")])

        def two_steps() -> None:
            store.review.flag_ticket("k1", reason="Void abuse", who="alice")  # committed
            pg_cluster.stop()
            store.review.flag_ticket("k2", reason="Void abuse", who="alice")  # the server is gone

        try:
            ops.run(two_steps, what="the flags on k1 and k2", failed=failed.append)
            qtbot.waitUntil(lambda: len(missed) == 1, timeout=30_000)
            assert missed == [
                NotSaved("the flags on k1 and k2", in_doubt=True, about="the flags on k1 and k2")
            ]

            def one_step() -> None:  # the server away before it began: surely not saved
                store.review.flag_ticket("k3", reason="Void abuse", who="alice")

            ops.run(one_step, what="the flag on k3", about="flag:k3", failed=failed.append)
            qtbot.waitUntil(lambda: len(missed) == 2, timeout=30_000)
            assert missed[1] == NotSaved("the flag on k3", in_doubt=False, about="flag:k3")
        finally:
            pg_cluster.start()
        assert failed == []  # not the red banner's failure
        with store.reader() as reader:
            assert [reader.review.review_of(k).flag is not None for k in ("k1", "k2", "k3")] == [
                True,
                False,
                False,
            ]
    finally:
        ops.shutdown()
        store.close()


def test_a_write_whose_reads_committed_before_it_lost_the_server_is_not_saved_not_in_doubt(
    qtbot, pg_cluster: Cluster, pg_url: str
) -> None:
    """F reads whether the ticket is flagged, then writes; the new case reads the role's scope first: a read
    that committed is nothing saved (it counted as a step of the write that landed, and the banner said
    "perhaps saved" for a change of which nothing was written)."""
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    ops = StoreOps()
    missed: list[NotSaved] = []
    ops.notSaved.connect(missed.append)
    try:
        store.upsert_tickets([Ticket(key="k1", id="k1", raw={})])

        def read_then_write() -> None:
            store.scope()  # read, in a transaction of the writer's that committed
            pg_cluster.stop()
            store.review.flag_ticket("k1", reason="Void abuse", who="alice")

        try:
            ops.run(read_then_write, what="the flag on k1", about="flag:k1")
            qtbot.waitUntil(lambda: len(missed) == 1, timeout=30_000)
        finally:
            pg_cluster.start()
        assert missed == [NotSaved("the flag on k1", in_doubt=False, about="flag:k1")]
    finally:
        ops.shutdown()
        store.close()
