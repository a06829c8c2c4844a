"""The sync's writer (sync/page_writer.py) gathers the pages the cursors hand it into one transaction, and a
close() commits what it gathered so far and stops."""

from __future__ import annotations

import threading
import time

from ows_desktop.store.values import PageToSave, UpsertResult
from ows_desktop.sync.page_writer import Fetched, PageWriter


class RecordingStore:
    def __init__(self) -> None:
        self.commits: list[list[int]] = []

    def save_pages(self, pages: list[PageToSave]) -> UpsertResult:
        self.commits.append([page.window_id for page in pages])
        return UpsertResult(inserted=len(pages))


def page(number: int) -> Fetched:
    return Fetched(PageToSave(number, (), f"cursor {number}", True, False), number)


def writer_for(store: RecordingStore, committed: list, **kwargs) -> PageWriter:
    return PageWriter(
        store, lambda items, _: committed.append([i.tag for i in items]), lambda: None, **kwargs
    )


def first_page_committed(writer: PageWriter, store: RecordingStore) -> None:
    """The first page of a run is committed at once, on its own."""
    assert writer.put(page(0))
    deadline = time.monotonic() + 30
    while not store.commits and time.monotonic() < deadline:
        time.sleep(0.01)
    assert store.commits == [[0]]


def test_the_first_page_is_committed_at_once_and_later_ones_together() -> None:
    store, committed = RecordingStore(), []
    writer = writer_for(store, committed, queue_pages=8, batch_pages=4, gather_s=60.0)
    writer.start()
    first_page_committed(writer, store)
    for number in range(1, 5):  # a cursor's pages, arriving while the writer waits for more
        assert writer.put(page(number))
        time.sleep(0.02)
    writer.close()
    assert store.commits == [[0], [1, 2, 3, 4]]
    assert committed == [[0], [1, 2, 3, 4]]


def test_close_commits_what_was_gathered_so_far() -> None:
    store, committed = RecordingStore(), []
    writer = writer_for(store, committed, queue_pages=8, batch_pages=8, gather_s=60.0)
    writer.start()
    first_page_committed(writer, store)
    for number in range(1, 4):
        assert writer.put(page(number))
    closing = threading.Thread(target=writer.close)
    closing.start()
    closing.join(timeout=30)  # well before the 60 s gather would end
    assert not closing.is_alive()
    assert store.commits == [[0], [1, 2, 3]]


def test_a_batch_never_waits_for_more_pages_than_the_queue_holds() -> None:
    store, committed = RecordingStore(), []
    writer = writer_for(store, committed, queue_pages=2, batch_pages=16, gather_s=60.0)
    writer.start()
    done = threading.Event()

    first_page_committed(writer, store)

    def cursor() -> None:  # the third page only fits once the first two are committed
        for number in range(1, 4):
            writer.put(page(number))
        done.set()

    threading.Thread(target=cursor, daemon=True).start()
    assert done.wait(timeout=30)
    writer.close()
    assert store.commits[1] == [1, 2] and [n for c in store.commits for n in c] == [0, 1, 2, 3]
