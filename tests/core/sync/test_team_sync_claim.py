"""One sync per tenant on the team store: a second workstation is told who syncs and watches that sync's
progress; when the syncing workstation dies (SIGKILL) the server releases its claim and the watcher resumes
the sync, so the store ends with exactly the server's tickets, nothing lost or duplicated.

Real processes (``python -m ows_desktop sync``) against the simulator and a throwaway PostgreSQL cluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store.url import STORE_ENV
from ows_desktop.sync.shared import workstation

CONFIG = SimConfig(seed=33, stores=4, terminals_per_store=2, days=2, tickets_per_store_day=150)


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else []


class _Lines:
    """A child's stderr, read line by line on a thread (so the test never blocks on a pipe)."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self.lines.append(line.rstrip("\n"))
        stream.close()

    def wait_for(self, predicate, proc: subprocess.Popen, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if predicate(line):
                    return line
            assert proc.poll() is None, f"the second sync ended early: {self.lines!r}"
            time.sleep(0.02)
        raise AssertionError(f"no such line in {self.lines!r}")

    def join(self) -> None:
        self._thread.join(10)


def _sync(
    server: FakeOws, url: str, lo: int, hi: int, data: Path, *, workers: int, stderr=subprocess.PIPE
) -> subprocess.Popen:
    env = {
        **os.environ,
        "OWS_API_KEY": "demo-key",
        "OWS_API_SECRET": "demo-secret",
        "OWS_DESKTOP_DATA_DIR": str(data),
        STORE_ENV: url,
    }
    argv = [
        "sync",
        "--base-url",
        server.api_url,
        "--start",
        str(lo),
        "--end",
        str(hi),
        "--workers",
        str(workers),
    ]
    return subprocess.Popen(
        [sys.executable, "-m", "ows_desktop", *argv, "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


@pytest.mark.slow
def test_a_second_sync_watches_the_first_and_resumes_it_exactly_when_it_is_killed(tmp_path, pg_url):
    with FakeOws(CONFIG, latency=0.25) as server:  # one cursor, ~10 s: time for a second process
        lo, hi = server.generator.persist_range()
        first = _sync(server, pg_url, lo, hi, tmp_path / "ws1", workers=1, stderr=subprocess.DEVNULL)
        second = None
        try:
            deadline = time.monotonic() + 60
            while _sql(pg_url, "SELECT coalesce(sum(pages), 0) FROM sync_windows")[0][0] < 3:
                assert first.poll() is None, "the first sync ended before the second started"
                assert time.monotonic() < deadline
                time.sleep(0.02)

            second = _sync(server, pg_url, lo, hi, tmp_path / "ws2", workers=2)
            lines = _Lines(second.stderr)
            busy = lines.wait_for(lambda line: line.startswith("Sync already running on"), second)
            assert busy.startswith(f"Sync already running on {workstation()} since ")
            assert busy.endswith("— watching its progress")
            lines.wait_for(lambda line: "windows complete" in line and "tickets in" in line, second)
            assert first.poll() is None, "the first sync must still be running while the second watches"
            stored_before_kill = _sql(pg_url, "SELECT count(*) FROM tickets")[0][0]

            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
            assert first.returncode == -signal.SIGKILL

            out = second.stdout.read()  # until the second sync ends (stderr: the reader thread)
            second.wait(120)
            lines.join()
            second_code = second.returncode
        finally:
            for proc in (first, second):
                if proc is not None and proc.poll() is None:
                    proc.kill()
                    proc.wait(10)
            for proc in (first, second):
                if proc is not None and proc.stdout:
                    proc.stdout.close()

        assert second_code == 0, lines.lines
        assert not any("Traceback" in line for line in lines.lines)
        assert json.loads(out)["resumed_windows"] > 0  # the killed sync's windows, from their cursors
        expected = server.generator.all_ids_in_window(lo, hi)

    keys = [key for (key,) in _sql(pg_url, "SELECT key FROM tickets")]
    assert 0 < stored_before_kill < len(expected)
    assert len(keys) == len(set(keys)) == len(expected)  # nothing lost, nothing twice
    assert set(keys) == expected
    assert _sql(pg_url, "SELECT count(*) FROM sync_windows WHERE done = 0")[0][0] == 0


def test_the_claim_is_one_at_a_time_and_the_server_frees_it_when_its_session_dies(pg_url):
    from ows_desktop.store.url import open_store_url

    none = lambda _location: None  # noqa: E731 (the test cluster asks no password)
    with (
        open_store_url(pg_url, Path("unused"), password=none) as ws1,
        open_store_url(pg_url, Path("unused"), password=none) as ws2,
    ):
        ws1.create_windows([(1_000, 2_000), (2_000, 4_000)])
        (first, _second) = ws1.windows_overlapping(0, 10_000)
        ws1.save_page(first.id, [], cursor=None, empty=True, done=True)
        assert ws2.watch_sync() is None  # nobody syncs
        claim = ws1.try_claim_sync("alice@ws-12", 1_000, 4_000)
        assert claim is not None
        with claim:
            assert ws2.try_claim_sync("bob@ws-7", 1_000, 4_000) is None
            watch = ws2.watch_sync()
            assert watch is not None
            assert (watch.who, watch.windows_done, watch.windows_total) == ("alice@ws-12", 1, 2)
            assert watch.fraction == pytest.approx(1 / 3)
            assert watch.busy_line().startswith("Sync already running on alice@ws-12 since ")
            # the holder's workstation dies: the server ends its session, and the claim with it
            _sql(pg_url, "SELECT pg_terminate_backend(backend_pid, 10000) FROM sync_status")
            assert ws2.watch_sync() is None
            taken = ws2.try_claim_sync("bob@ws-7", 1_000, 4_000)
            assert taken is not None
            with taken:
                assert ws1.watch_sync().who == "bob@ws-7"  # type: ignore[union-attr]
