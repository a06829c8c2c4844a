"""Real libVLC under Xvfb: Snapshot, a frame step, Snapshot again, within a second (the tester's steps).

libVLC 3 reports no time for its own frame step, but paused on a recording the pane shows each frame by a
seek to it and knows its time (player/still_frame.py): the stepped frames' snapshots carry their frames' own
times, 40 ms apart, and say so ("frame"); each is a file of its own, and each shows another picture than
the one before.

Each scenario runs in a subprocess with ``QT_QPA_PLATFORM=xcb``, as in test_player_vlc.py."""

from __future__ import annotations

import itertools
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_player_vlc import run_child as vlc_child


def run_child(scenario: str, tmp_path: Path) -> dict:
    return vlc_child(scenario, tmp_path, script=__file__)


@pytest.mark.xvfb
@pytest.mark.slow
def test_snapshots_of_stepped_frames_are_kept_apart_with_their_own_times(tmp_path):
    r = run_child("steps", tmp_path)
    assert r["state"] == "paused", r
    shots = r["shots"]
    assert len(shots) == 3 and len(set(r["told"])) == 3, r  # three files, each named in the status bar
    times = [datetime.fromisoformat(s["time_utc"].replace("Z", "+00:00")) for s in shots]
    assert times[1] - times[0] == times[2] - times[1] == timedelta(milliseconds=40), r
    assert [s["time_basis"] for s in shots] == ["frame", "frame", "frame"], r
    assert [s["frames_stepped"] for s in shots] == [0, 0, 0], r
    assert r["pictures_differ"] == [True, True], r  # each step showed another frame
    assert r["closed_cleanly"]


# ----------------------------------------------------------------------------------------------- the child
def _child(scenario: str, workdir: Path) -> dict:  # pragma: no cover - runs in the subprocess
    from datetime import UTC

    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication
    from vlc_child import close_pane, event_wait, recorder_pane

    from ows_desktop.ows.model import Ticket
    from ows_desktop.simulator.recorder import FakeRecorder

    app = QApplication([sys.argv[0]])
    wait = event_wait(30.0)

    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    ticket = Ticket(
        key="T-1", location="S1", terminal="S1-R01", start=start, end=start + timedelta(seconds=9)
    )
    result: dict = {}
    folder = workdir / "snapshots"
    with FakeRecorder() as recorder:  # the sample clips (one key picture a second)
        store, backend, pane = recorder_pane(recorder, workdir, {"player/preroll_seconds": 2}, folder)
        pane.resize(900, 600)
        pane.show()
        told: list[str] = []
        pane.statusMessage.connect(lambda text, _ms: told.append(text))
        pane.show_ticket(ticket)
        assert wait(
            lambda: pane.state == "playing" and pane.leader() is not None and pane.leader().shown_frame
        )
        leader = pane.leader()
        assert wait(lambda: leader.time_ms() >= 1200)
        pane.play_button.click()
        assert wait(lambda: pane.state == "paused")
        wait(lambda: False, 0.4)
        result["state"] = pane.state
        pane.snapshot_button.click()
        for _ in range(2):
            pane.frame_button.click()
            wait(lambda: False, 0.5)  # libVLC shows the next frame
            pane.snapshot_button.click()
        result["told"] = told
        pngs = [Path(text.split(": ", 1)[1]) for text in told if text.startswith("Snapshot saved: ")]
        result["shots"] = [
            json.loads(p.with_name(p.name + ".json").read_text(encoding="utf-8")) for p in pngs
        ]
        images = [QImage(str(p)) for p in pngs]
        result["pictures_differ"] = [a != b for a, b in itertools.pairwise(images)]
        result["closed_cleanly"] = close_pane(pane, backend, wait)
    store.close()
    del app
    return result


if __name__ == "__main__":  # pragma: no cover
    outcome = _child(sys.argv[1], Path(sys.argv[2]))
    print("RESULT " + json.dumps(outcome), flush=True)
