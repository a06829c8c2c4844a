"""The single-seat cache's change feed (store/sqlite_live.py): a review change another connection commits is
reported by ticket key, tickets stored (and the end of a sync) are reported at most every TICKETS_EVERY_S,
nothing is reported when nothing was committed, and what is rolled back is never reported."""

from __future__ import annotations

import pytest
from test_store import make_ticket

from ows_desktop.store import open_store, sqlite_live
from ows_desktop.store.live import LiveStore, StoreChanges
from ows_desktop.store.values import PageToSave


class Clock:
    """A clock that moves only when the feed sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def two_programs(tmp_path):
    """The window's store (with its feed) and the command line's, on one cache."""
    path = tmp_path / "t.sqlite3"
    with open_store(path) as window, open_store(path) as cli:
        window.upsert_tickets([make_ticket("a"), make_ticket("b")])
        assert isinstance(window, LiveStore)
        clock = Clock()
        feed = sqlite_live.SqliteChangeFeed(path, clock=clock, sleep=clock.sleep)
        yield feed, cli, clock
        feed.close()


def test_a_flag_set_by_another_program_is_reported_by_its_key(two_programs) -> None:
    feed, cli, _clock = two_programs
    assert feed.wait(1.0) == StoreChanges()  # nothing committed: nothing to report
    cli.review.flag_ticket("a", reason="Void abuse", note="from the terminal", who="me")
    assert feed.wait(1.0) == StoreChanges(frozenset({"a"}))
    assert feed.wait(1.0) == StoreChanges()  # reported once


def test_tickets_stored_are_reported_at_most_every_tickets_every_s(two_programs) -> None:
    feed, cli, clock = two_programs
    (window,) = cli.create_windows([(0, 2**62)])
    cli.save_pages([PageToSave(window.id, [make_ticket("c")], "c1", False, False)])
    assert feed.wait(1.0) == StoreChanges(tickets=True)
    cli.save_pages([PageToSave(window.id, [make_ticket("d")], "c2", False, False)])  # a sync's next commit
    started = clock.now
    assert feed.wait(5.0) == StoreChanges(tickets=True)
    assert clock.now - started >= sqlite_live.TICKETS_EVERY_S - 1.0  # held back, not lost


def test_a_sync_another_program_finished_is_reported_for_the_last_sync_label(two_programs) -> None:
    """`ows-desktop sync` ends with no ticket, checkpoint or page left to write (its last page was stored a
    while before): only the record of its end changes, and the window's "Last sync" must still hear of it."""
    feed, cli, _clock = two_programs
    cli.record_sync_finished(1_700_000_000_000_000)
    assert feed.wait(1.0) == StoreChanges(tickets=True)
    cli.record_sync_finished(1_700_000_060_000_000)  # the next sync's end: a new value, the row was there
    assert feed.wait(5.0) == StoreChanges(tickets=True)


def test_what_is_rolled_back_is_never_reported(two_programs) -> None:
    feed, cli, _clock = two_programs
    with pytest.raises(KeyError):  # an unknown window: nothing of the page is stored
        cli.save_pages([PageToSave(12345, [make_ticket("e")], None, False, True)])
    assert feed.wait(1.0) == StoreChanges()
