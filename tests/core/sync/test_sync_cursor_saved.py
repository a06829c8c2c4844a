"""A sync saves its cursor with every page, so an interrupted sync resumes where it stopped instead of
fetching its pages again (#10: the suite stayed green when the cursor was never saved, because a refetch
still ends with the right set). Counted on the wire: the pages of an interrupted sync plus those of its
resumption are exactly the pages of one uninterrupted sync."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from test_sync import CONFIG, client_for, http, stored_keys, window_of  # noqa: F401 - http is a fixture

from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.simulator import FakeOws
from ows_desktop.store import open_store
from ows_desktop.sync.engine import SyncCancelled, SyncEngine

# the late-ticket overlap re-reads complete pages on purpose; this test is about cursors alone
NO_OVERLAP = timedelta(0)


def pages(server: FakeOws) -> int:
    return server.counters.get("pages", 0)


def test_a_resumed_sync_fetches_no_page_twice(tmp_path, http):  # noqa: F811
    with FakeOws(CONFIG, latency=0.002) as server:
        start, end = window_of(server)
        with open_store(tmp_path / "whole.sqlite3") as whole:
            SyncEngine(client_for(server, http), whole, workers=2, overlap=NO_OVERLAP).run(start, end)
        one_run = pages(server)
        server.reset_stats()

        with open_store(tmp_path / "resumed.sqlite3") as store:
            cancel = threading.Event()

            def on_progress(p):
                # Right after the first commit, which holds the first page alone (the writer gathers the
                # later ones, up to 4 per cursor): later commits can carry the window's last pages, and a
                # cancel seen after them ends nothing.
                if p.pages >= 1:
                    cancel.set()

            with pytest.raises(SyncCancelled):
                SyncEngine(
                    client_for(server, http),
                    store,
                    workers=2,
                    overlap=NO_OVERLAP,
                    on_progress=on_progress,
                    cancel=cancel,
                ).run(start, end)
            interrupted = pages(server)
            assert 0 < interrupted < one_run
            server.reset_stats()
            SyncEngine(client_for(server, http), store, workers=2, overlap=NO_OVERLAP).run(start, end)
            resumed = pages(server)
            assert set(stored_keys(store)) == server.generator.all_ids_in_window(
                to_epoch_us(start), to_epoch_us(end)
            )
        # pages served after the cancel signal was seen may be fetched but not saved: at most one per cursor
        assert one_run <= interrupted + resumed <= one_run + 2
