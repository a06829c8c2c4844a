"""Real libVLC under Xvfb: a snapshot is never the grey of an undecoded picture.

The demo's recorder serves its recordings as fragmented MP4, and libVLC 3 seeks in those to the exact sample
without the key picture before it; paused, frame back then shows flat mid grey with smears
(player/picture_check.py). The pane plays such a recording, pauses, saves a snapshot (a picture), steps a
frame back (libVLC's picture turns grey: checked on libVLC's own snapshot) and saves again: refused, no file.

Each scenario runs in a subprocess with ``QT_QPA_PLATFORM=xcb``, as in test_player_vlc.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from test_player_vlc import run_child as vlc_child


def run_child(scenario: str, tmp_path: Path) -> dict:
    return vlc_child(scenario, tmp_path, script=__file__)


@pytest.mark.xvfb
@pytest.mark.slow
def test_a_snapshot_after_a_frame_back_into_grey_is_refused_and_a_real_picture_is_saved(tmp_path):
    r = run_child("frame_back", tmp_path)
    assert r["state"] == "paused", r
    # paused on a played picture: saved, and a picture (the clip's colour bars, not grey)
    assert r["paused_saved"] and r["paused_grey"] < 0.05, r
    # frame back: libVLC's own picture is the undecoded grey (the cause, measured) ...
    assert r["raw_back_grey"] > 0.5, r
    # ... and the pane's Snapshot refuses it: nothing saved, no file left behind
    assert r["back_saved"] is None, r
    assert r["back_file_exists"] is False, r
    assert r["closed_cleanly"]


# ----------------------------------------------------------------------------------------------- the child
def _child(scenario: str, workdir: Path) -> dict:  # pragma: no cover - runs in the subprocess
    import time
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
    from ows_desktop.camera.mapping_file import import_mapping
    from ows_desktop.ows.model import Ticket
    from ows_desktop.player.libvlc import VlcMediaBackend
    from ows_desktop.player.picture_check import undecoded_fraction
    from ows_desktop.simulator.recorder import FakeRecorder
    from ows_desktop.store import open_store
    from ows_desktop.store.cameras import CameraRepository
    from ows_desktop.ui.video_pane import VideoPane

    app = QApplication([sys.argv[0]])
    loop = QEventLoop()

    def wait(condition, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.002)
        return True

    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    ticket = Ticket(
        key="T-1", location="S1", terminal="S1-R01", start=start, end=start + timedelta(seconds=9)
    )
    result: dict = {}
    store = open_store(workdir / "cache" / "tickets.sqlite3")
    with FakeRecorder() as recorder:  # as the demo: the sample clips, looped (fragmented MP4)
        repo = CameraRepository(store, MemoryCameraSecrets())
        import_mapping(repo, recorder.demo_mapping([("S1", "S1-R01")]))
        settings = AppSettings(DictSettingsBackend({"player/preroll_seconds": 2}))
        backend = VlcMediaBackend(["--aout=dummy"])
        pane = VideoPane(backend, repo, settings, snapshot_dir=workdir / "snapshots")
        pane.resize(900, 600)
        pane.show()
        pane.show_ticket(ticket)
        assert wait(
            lambda: pane.state == "playing" and pane.leader() is not None and pane.leader().shown_frame
        )
        leader = pane.leader()
        assert wait(lambda: leader.time_ms() >= 2500)  # past the first key picture and into a second
        pane.toggle_pause()
        assert wait(lambda: pane.state == "paused")
        result["state"] = pane.state
        saved = pane.snapshot(workdir / "paused.png")
        result["paused_saved"] = saved is not None
        result["paused_grey"] = undecoded_fraction(saved) if saved else None

        raw = workdir / "raw"
        raw.mkdir()
        player = leader._player

        def raw_grey(n: int) -> float:
            shot = raw / f"{n}.png"
            return undecoded_fraction(shot) if player.snapshot(shot) else 0.0

        pane.step_frame(-1)
        shots = iter(range(10_000))
        assert wait(lambda: raw_grey(next(shots)) > 0.5), "libVLC's picture never turned grey"  # the cause
        result["raw_back_grey"] = raw_grey(-1)
        target = workdir / "back.png"
        back = pane.snapshot(target)
        result["back_saved"] = str(back) if back else None
        result["back_file_exists"] = target.exists()
        pane.close()
        wait(lambda: False, 0.05)
        result["closed_cleanly"] = pane.single.controller is None
        pane.deleteLater()
        wait(lambda: False, 0.05)
        backend.close()
    store.close()
    del app
    return result


if __name__ == "__main__":  # pragma: no cover
    outcome = _child(sys.argv[1], Path(sys.argv[2]))
    print("RESULT " + json.dumps(outcome), flush=True)
