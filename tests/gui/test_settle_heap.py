"""Before its event loop the app moves what it made at start out of the garbage collector's reach, so a full
collection during a sync does not pause the window for every object of the app."""

from __future__ import annotations

import gc

from ows_desktop.app import settle_heap


def test_settle_heap_leaves_the_startup_objects_out_of_later_collections():
    made_at_start = [object() for _ in range(10)] + [{"a": [1]} for _ in range(1000)]
    try:
        settle_heap()
        assert gc.get_freeze_count() >= len(made_at_start)
        assert gc.get_count()[0] < 100  # the young generation was collected first
    finally:
        gc.unfreeze()
