"""A sync's writer commits several pages with their windows' cursors in one transaction (``save_pages``), and
an idle cursor splits a window (``split_window``): on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from test_store import make_ticket

from ows_desktop.store import TicketQuery, UpsertResult
from ows_desktop.store.values import PageToSave

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)


def keys(store) -> list[str]:
    with store.reader() as reader:
        return sorted(row.key for row in reader.iter_rows(TicketQuery()))


def test_several_pages_of_several_windows_are_stored_with_their_cursors(store) -> None:
    w1, w2 = store.create_windows([(0, 100), (100, 200)])
    result = store.save_pages(
        [
            PageToSave(w1.id, [make_ticket("a"), make_ticket("b")], "c1", False, False),
            PageToSave(w2.id, [make_ticket("c")], "d1", False, False),
            PageToSave(w1.id, [], "c2", True, False),
            PageToSave(w1.id, [make_ticket("b"), make_ticket("d")], None, False, True),
        ]
    )
    assert result == UpsertResult(inserted=4, updated=0)  # "b" came twice: stored once
    assert keys(store) == ["a", "b", "c", "d"]
    one, two = store.window(w1.id), store.window(w2.id)
    assert (one.cursor, one.pages, one.tickets, one.empty_pages, one.done) == (None, 3, 4, 1, True)
    assert (two.cursor, two.pages, two.tickets, two.done) == ("d1", 1, 1, False)


def test_pages_saved_together_are_saved_all_or_none(store) -> None:
    (window,) = store.create_windows([(0, 100)])
    with pytest.raises(KeyError):  # the last page names an unknown window: nothing of the batch stays
        store.save_pages(
            [
                PageToSave(window.id, [make_ticket("a")], "c1", False, False),
                PageToSave(window.id + 1, [make_ticket("b")], None, False, True),
            ]
        )
    assert keys(store) == []
    assert store.window(window.id) == window


def test_a_split_window_keeps_its_cursor_and_hands_its_tail_to_a_new_window(store) -> None:
    (window,) = store.create_windows([(0, 1000)])
    store.save_page(window.id, [make_ticket("a")], cursor="c1", empty=False, done=False)
    tail = store.split_window(window.id, 600)
    assert tail is not None
    assert (tail.start_us, tail.end_us, tail.cursor, tail.pages, tail.done) == (600, 1000, None, 0, False)
    head = store.window(window.id)
    assert (head.start_us, head.end_us, head.cursor, head.pages) == (0, 600, "c1", 1)
    assert [w.id for w in store.windows_overlapping(0, 1000)] == [window.id, tail.id]
    # not inside the window, or the window is done: nothing changes
    assert store.split_window(window.id, 600) is None
    assert store.split_window(window.id, 0) is None
    store.save_page(tail.id, [], cursor=None, empty=True, done=True)
    assert store.split_window(tail.id, 800) is None
    assert store.window(tail.id).end_us == 1000
