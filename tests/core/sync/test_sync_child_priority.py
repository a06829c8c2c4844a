"""The sync child runs at idle priority (issue #14): on Linux every thread it starts afterwards is
SCHED_IDLE, so the window and the rest of the machine go first when CPU is short."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import os, threading
from ows_desktop.sync.child import lower_priority
print(lower_priority())
seen = []
t = threading.Thread(target=lambda: seen.append(os.sched_getscheduler(0)))
t.start(); t.join()
print(seen[0] == os.SCHED_IDLE, os.sched_getscheduler(0) == os.SCHED_IDLE)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SCHED_IDLE is Linux's")
def test_the_sync_process_and_the_threads_it_starts_run_at_idle_priority() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    ).stdout.split("\n")
    assert out[0] == "SCHED_IDLE"
    assert out[1] == "True True"
