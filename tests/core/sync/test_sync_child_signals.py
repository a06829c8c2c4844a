"""Ctrl+C in the terminal that started the window reaches the sync child too (one process group): the child
leaves it to the window, which closes and cancels the sync through the pipe. It neither dies mid-sync nor
prints a traceback into the person's terminal."""

from __future__ import annotations

import os
import signal
import sys
import threading

import pytest

from ows_desktop.basics.credentials import Credentials
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.sync.child import ChildConfig
from ows_desktop.sync.compose import SyncSettings
from ows_desktop.tasks.process_sync import ProcessSyncEngine

# Several commits' worth at 10 ms a request: the sync is still running when the signal comes.
CONFIG = SimConfig(seed=5, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=1500)


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to another process on Windows")
def test_ctrl_c_in_the_terminal_does_not_stop_the_sync_child_or_print_a_traceback(tmp_path, capfd):
    signalled = threading.Event()
    with FakeOws(CONFIG, latency=0.01) as server:
        lo, hi = server.generator.persist_range()
        engine = ProcessSyncEngine(
            ChildConfig(
                store=f"sqlite:{tmp_path / 't.sqlite3'}", base_url=server.api_url, settings=SyncSettings()
            ),
            Credentials("demo-key", "demo-secret"),
            threading.Event(),
            on_progress=lambda _p: None,
            on_saved=lambda _batch: None,
        )

        def interrupt_once(_progress: object) -> None:
            if not signalled.is_set():
                signalled.set()
                os.kill(engine._process.pid, signal.SIGINT)  # what the terminal sends the whole group

        engine._on_progress = interrupt_once
        try:
            result = engine.run(from_epoch_us(lo), from_epoch_us(hi))
        finally:
            engine.close()
        expected = len(server.generator.all_ids_in_window(lo, hi))
    assert signalled.is_set()
    assert result.progress.tickets == expected
    with open_store(tmp_path / "t.sqlite3") as store, store.reader() as reader:
        assert reader.count(TicketQuery()) == expected
    assert "Traceback" not in capfd.readouterr().err
