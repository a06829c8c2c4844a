"""A read the team store's server never answers ends after its bound (store/postgres/read_deadline.py): a
backend that is alive and silent (stopped here with SIGSTOP, as a paused VM or a debugger would) kept a read
waiting for ever — TCP keep-alives are answered by the kernel — so the window's GUI thread froze until the
backend went on (70 s in the experiment that found it). Real throwaway cluster (tests/pg_cluster.py)."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.errors import StoreConnectError
from ows_desktop.store.postgres import writer
from ows_desktop.store.postgres.read_deadline import NOT_ANSWERED
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def backend_of(reader: Any) -> int:
    return int(reader._rows("SELECT pg_backend_pid()", ())[0][0])


@contextmanager
def stopped(pid: int) -> Iterator[None]:
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def in_thread(read: Any) -> list[Any]:
    """``read()`` in a thread, its outcome once it ended (a read that never ends fails the test, not hangs it)."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(read())
        except Exception as exc:  # the outcome looked at below
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)  # its bound here is 1 s (15 s for the mapping); the unbounded read waited for ever
    assert not thread.is_alive(), "the read never ended"
    return outcome


def test_a_read_the_server_never_answers_ends_in_plain_words_and_the_next_read_works(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "INTERACTIVE_READ_S", 1.0)
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
    reader = store.reader(interactive=True)  # as the window's GUI thread keeps its reader
    try:
        assert reader.count(TicketQuery()) == 1
        silent = backend_of(reader)
        with stopped(silent):
            (failed,) = in_thread(lambda: reader.rows([1]))
            assert isinstance(failed, StoreConnectError)
            assert str(failed) == (
                f"The team store at {store.location} did not answer a read within 1 s, so OWS Desktop stopped "
                "waiting. Check that its server runs and is not overloaded, then try again."
            )
            assert failed.exit_code == 4
            # the next read borrows a fresh connection (the silent one is never used again), the backend
            # still stopped
            assert in_thread(lambda: reader.count(TicketQuery())) == [1]
            assert backend_of(reader) != silent
    finally:
        reader.close()
        store.close()


def test_each_reader_bounds_its_answers_by_its_own_time_on_a_shared_pooled_connection(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's reader waits INTERACTIVE_READ_S, a job's READ_S: a pooled connection that served the
    window's reader serves a job's with the job's bound (a job's long listing is not cut at the window's)."""
    monkeypatch.setattr(writer, "INTERACTIVE_READ_S", 1.0)
    monkeypatch.setattr(writer, "READ_S", 3.0)
    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    try:
        with store.reader(interactive=True) as window_reader:
            served = backend_of(window_reader)
        for _ in range(10):  # the pool lends its connections in turn: the job's reader gets that one
            job = store.reader()
            if backend_of(job) == served:
                break
            job.close()
        else:
            raise AssertionError("the pool never lent the window reader's connection again")
        try:
            with stopped(served):
                (failed,) = in_thread(lambda: job.rows([1]))
            assert isinstance(failed, StoreConnectError) and "did not answer a read within 3 s" in str(failed)
        finally:
            job.close()
    finally:
        store.close()


def test_the_camera_mapping_is_read_on_a_readers_connection_not_behind_the_writer(pg_url: str) -> None:
    """The video pane reads a terminal's mapping for every receipt shown, on the GUI thread. It read through
    the writer's connection: behind whatever held its lock (a rules run, a flag being saved) and, on a server
    that stopped answering, for ever (a tester: the window frozen for minutes on a stopped backend). It reads
    on a connection of the readers' pool now, its answers bounded as the window's own reads."""
    import psycopg

    from ows_desktop.store.cameras import CameraRepository

    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    store.upsert_tickets([Ticket(key="k1", id="T-1", raw={})])
    admin = psycopg.connect(pg_url)
    flagging = threading.Thread(  # a write that holds the store's writer while it waits on a lock
        target=lambda: store.review.flag_ticket("k1", reason="Void abuse", who="ana"), daemon=True
    )
    try:
        admin.execute("LOCK TABLE flags IN ACCESS EXCLUSIVE MODE")  # an administrator's, in a transaction
        flagging.start()
        while not admin.execute(  # the flag's transaction waits on it, the writer held
            "SELECT count(*) FROM pg_locks WHERE relation = 'flags'::regclass AND NOT granted"
        ).fetchone()[0]:
            flagging.join(0.05)
        cameras = CameraRepository(store)
        (mapping,) = in_thread(lambda: cameras.mapping("S001", "R01"))
        assert not isinstance(mapping, Exception) and mapping.cameras == ()
    finally:
        admin.rollback()
        admin.close()
        flagging.join(30)
        store.close()


def test_the_pool_drops_a_connection_that_does_not_answer_its_check_and_lends_another(pg_url: str) -> None:
    """Before lending a connection the pool looks at it (an empty statement). That look waited for a stopped
    backend as long as a read may (120 s), one pooled connection after another (a tester: the window frozen
    for minutes, then "Cannot reach … check the host and port"). It gives up after CHECK_S and lends another."""
    from ows_desktop.store.postgres.connect import parse_url
    from ows_desktop.store.postgres.refusals import silence

    store = open_store_url(pg_url, Path("unused"), password=NO_PASSWORD)
    try:
        with store.reader() as reader:
            silent = backend_of(reader)

        def read() -> int:
            with store.reader() as again:
                return backend_of(again)

        with stopped(silent):
            (other,) = in_thread(read)
        assert isinstance(other, int) and other != silent
        # had no other answered, a reader waiting in vain would hear that one did not (not "Cannot reach")
        assert silence(NOT_ANSWERED, parse_url(pg_url)) is not None
    finally:
        store.close()
