"""Real libVLC under Xvfb: a paused frame step shows exactly the frame the clock names, decoded, on screen.

libVLC 3's own MP4 demuxer seeks in a fragmented MP4 without the key picture before the target, so a paused
step back showed flat grey with smears (player/picture_check.py). The pane now opens recordings with
libavformat and shows each paused frame by a seek to its middle (player/still_frame.py). Checked here on
what the person sees (screen grabs of the video, several while each step settles) and on libVLC's picture:

- the simulated recorder's drawn recordings (baseline H.264, a key picture every 4 s) tell the very frame
  they show (clock_video.read_frame): after a pause, 15 steps back across a key picture and 3 forward, the
  frame on screen is the one at the pane's time, one frame apart per step, and never grey; held at the end
  of a short recording, the frame stays that frame through repaints and a resize (it turned grey);
- the demo's sample clips (ffmpeg's testsrc2, a key picture every second): 8 steps back and 8 forward, never
  grey, every step a new picture, and back where it started, pixel for pixel.

Each scenario runs in a subprocess with ``QT_QPA_PLATFORM=xcb``, as in test_player_vlc.py."""

from __future__ import annotations

import itertools
import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from test_player_vlc import run_child as vlc_child

FRAME_MS = 40


def run_child(scenario: str, tmp_path: Path) -> dict:
    return vlc_child(scenario, tmp_path, script=__file__)


@pytest.mark.xvfb
@pytest.mark.slow
def test_frame_steps_show_exactly_the_frame_at_the_clocks_time_never_grey(tmp_path):
    r = run_child("clock", tmp_path)
    steps = r["steps"]
    assert [s["step"] for s in steps] == ["pause"] + ["back"] * 15 + ["forward"] * 3, r
    for s in steps:
        # what libVLC shows and what the screen shows are the frame whose time the pane's clock names
        assert s["snapshot_frame"] == s["pane_time"] == s["screen_frame"], s
        assert s["grey_on_screen"] < 0.5 and s["snapshot_grey"] < 0.5, s  # never the undecoded grey
    times = [s["media_ms"] for s in steps]
    assert [b - a for a, b in itertools.pairwise(times)] == [-FRAME_MS] * 15 + [FRAME_MS] * 3, times
    assert times[0] > 4000 > times[15], times  # the steps back crossed the key picture at 4 s
    assert r["redrawn"] == steps[-1]["pane_time"], r  # a repaint shows the same frame again
    assert r["closed_cleanly"]


@pytest.mark.xvfb
@pytest.mark.slow
def test_paused_the_clock_names_the_millisecond_of_the_frame_on_screen_and_each_step_changes_it(tmp_path):
    """The tester: paused, `.` left the clock at "08:17:26 UTC−05:00 (+0:40)" (and its tooltip): a frame is
    40 ms, whole seconds named none. Paused, the clock now reads the frame's millisecond, the one a snapshot
    of it records (UTC in the tooltip); the frame read off the picture itself (the recorder burns its time
    into every frame) is that time, and libVLC's own time after the step lies within that frame."""
    r = run_child("label", tmp_path)
    steps = r["steps"]
    assert [s["step"] for s in steps] == ["pause", "forward", "forward", "back"], r
    for s in steps:
        frame = datetime.fromisoformat(s["snapshot_frame"])  # what the picture on screen shows
        assert s["screen_frame"] == s["snapshot_frame"], s
        utc = frame.strftime("%H:%M:%S.") + f"{frame.microsecond // 1000:03d} UTC"
        assert s["label"] == utc, s  # the ticket's store zone unknown: UTC; the offset from its start:
        assert s["tooltip"].startswith(utc + " (+0:0"), s  # in the tooltip (the label whole at 1440 px)
        assert "≈" not in s["label"], s  # sought to that very frame: its own time, no approximation
        assert f"{utc}: the time a snapshot of this frame records" in s["tooltip"], s
        assert "The frame's own time" in s["tooltip"], s
        assert s["media_ms"] <= s["libvlc_ms"] < s["media_ms"] + FRAME_MS, s  # libVLC's time: that frame
    labels = [s["label"] for s in steps]
    assert len(set(labels)) == 3 and labels[1] != labels[0] != labels[2] != labels[1], labels
    assert labels[3] == labels[1], labels  # back one: the frame before, the same text
    times = [s["media_ms"] for s in steps]
    assert [b - a for a, b in itertools.pairwise(times)] == [FRAME_MS, FRAME_MS, -FRAME_MS], times
    assert r["playing_label"][8] == " ", r  # playing: whole seconds again ("08:17:27 UTC  (+0:05)")
    assert r["closed_cleanly"]


@pytest.mark.xvfb
@pytest.mark.slow
def test_the_picture_held_at_the_end_stays_that_frame_after_repaints_and_a_resize(tmp_path):
    r = run_child("end", tmp_path)
    steps = r["steps"]
    assert [s["step"] for s in steps] == ["held", "repainted", "resized", "repainted again"], r
    assert r["held_at_end"], r
    for s in steps:
        assert s["snapshot_frame"] == s["pane_time"] == s["screen_frame"] == steps[0]["pane_time"], s
        assert s["grey_on_screen"] < 0.5 and s["snapshot_grey"] < 0.5, s
    assert r["closed_cleanly"]


@pytest.mark.xvfb
@pytest.mark.slow
def test_frame_steps_through_the_demo_clips_never_show_grey(tmp_path):
    r = run_child("demo", tmp_path)
    steps = r["steps"]
    assert len(steps) == 17, r
    for s in steps:
        assert s["grey_on_screen"] < 0.5 and s["snapshot_grey"] < 0.5, s
    assert all(s["changed"] for s in steps[1:]), steps  # every step a new picture
    assert steps[-1]["media_ms"] == steps[0]["media_ms"], steps
    assert steps[-1]["same_as_paused"], steps  # 8 back and 8 forward: the paused picture, pixel for pixel
    assert r["closed_cleanly"]


# ----------------------------------------------------------------------------------------------- the child
def _child(scenario: str, workdir: Path) -> dict:  # pragma: no cover - runs in the subprocess
    from datetime import UTC, datetime, timedelta

    from PySide6.QtGui import QImage, QTextDocument
    from PySide6.QtWidgets import QApplication
    from vlc_child import close_pane, event_wait, recorder_pane

    from ows_desktop.ows.model import Ticket
    from ows_desktop.player.picture_check import undecoded_fraction
    from ows_desktop.simulator.clock_video import HEIGHT, WIDTH, read_frame
    from ows_desktop.simulator.recorder import FakeRecorder

    app = QApplication([sys.argv[0]])
    wait = event_wait(30.0)

    def frame_of(image: QImage) -> str | None:
        moment = read_frame(lambda x, y: image.pixelColor(x, y).lightness())
        return moment.isoformat() if moment is not None else None

    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    seconds = 3 if scenario == "end" else 9  # the end: a 3 s ticket, 1 s on each side, held 1.5 s before
    ticket = Ticket(
        key="T-1", location="S1", terminal="S1-R01", start=start, end=start + timedelta(seconds=seconds)
    )
    result: dict = {"steps": []}
    clock = scenario in ("clock", "end", "label")
    with FakeRecorder(burned_clock=clock) as recorder:
        roll = {"player/preroll_seconds": 1, "player/postroll_seconds": 1} if scenario == "end" else {}
        settings = {"player/preroll_seconds": 2, **roll}
        store, backend, pane = recorder_pane(recorder, workdir, settings, workdir / "snapshots")
        pane.resize(900, 640)
        pane.show()
        pane.show_ticket(ticket)
        assert wait(
            lambda: pane.state == "playing" and pane.leader() is not None and pane.leader().shown_frame
        )
        leader = pane.leader()
        player = leader._player
        shots = iter(range(100_000))

        def snapshot() -> QImage:
            path = workdir / f"snap-{next(shots)}.png"
            assert player.snapshot(path), "libVLC took no snapshot"
            return QImage(str(path))

        def screen() -> QImage:
            """The screen where libVLC fits the 16:9 picture into the surface, at the picture's size."""
            surface = pane.single.surface
            p, z = surface.mapToGlobal(surface.rect().topLeft()), surface.size()
            w, h = min(z.width(), z.height() * 16 // 9), min(z.height(), z.width() * 9 // 16)
            x, y = p.x() + (z.width() - w) // 2, p.y() + (z.height() - h) // 2
            return QApplication.primaryScreen().grabWindow(0, x, y, w, h).toImage().scaled(WIDTH, HEIGHT)

        def grey(image: QImage) -> float:
            path = workdir / "grey.png"
            image.save(str(path), "PNG")
            return undecoded_fraction(path)

        def pane_time() -> str:
            moment = leader.plan.pos_time(leader.time_ms())
            return moment.astimezone(UTC).isoformat()

        def settle(step: str, previous: QImage | None) -> QImage:
            """Wait for libVLC's picture of the step, grabbing the screen all along: never grey."""
            worst = 0.0

            def shown() -> bool:
                nonlocal worst
                worst = max(worst, grey(screen()))
                image = snapshot()
                return frame_of(image) == pane_time() if clock else image != previous

            wait(shown, 10.0)
            wait(lambda: False, 0.15)  # the screen a moment later: still that picture
            picture, seen = snapshot(), screen()
            worst = max(worst, grey(seen))
            entry = {
                "step": step,
                "media_ms": leader.time_ms(),
                "pane_time": pane_time(),
                "snapshot_grey": grey(picture),
                "grey_on_screen": worst,
            }
            if clock:
                entry["snapshot_frame"], entry["screen_frame"] = frame_of(picture), frame_of(seen)
            if scenario == "label":  # what the person reads under the video, and libVLC's own time now
                label = pane.time_label
                tip = QTextDocument()
                tip.setHtml(label.toolTip())
                tooltip = tip.toPlainText().replace("\xa0", " ")
                entry.update(label=label.full_text(), tooltip=tooltip, libvlc_ms=player.time_ms())
            else:
                entry["changed"] = previous is not None and picture != previous
            result["steps"].append(entry)
            return picture

        if scenario == "end":
            assert wait(lambda: pane.state == "paused", 60.0)  # held before the end of the window
            result["held_at_end"] = leader.held_at_end
            picture = settle("held", None)
            pane._redraw_paused()  # as after a dialog closed over the video, or the tab shown again
            wait(lambda: False, 0.5)
            picture = settle("repainted", picture)
            pane.resize(640, 480)
            wait(lambda: False, 0.5)
            picture = settle("resized", picture)
            pane.resize(900, 640)
            wait(lambda: False, 0.5)
            pane._redraw_paused()
            wait(lambda: False, 0.5)
            picture = settle("repainted again", picture)
        elif scenario == "label":
            assert wait(lambda: leader.time_ms() >= 4300)
            pane.toggle_pause()
            assert wait(lambda: pane.state == "paused")
            picture = settle("pause", None)
            for step in ("forward", "forward", "back"):
                pane.step_frame(-1 if step == "back" else 1)
                picture = settle(step, picture)
            pane.toggle_pause()  # playing again: whole seconds
            assert wait(lambda: pane.state == "playing")
            wait(lambda: False, 0.3)
            result["playing_label"] = pane.time_label.full_text()
        elif scenario == "clock":
            assert wait(lambda: leader.time_ms() >= 4300)  # past the key picture at 4 s
            pane.toggle_pause()
            assert wait(lambda: pane.state == "paused")
            picture = settle("pause", None)
            for step in ["back"] * 15 + ["forward"] * 3:
                pane.step_frame(-1 if step == "back" else 1)
                picture = settle(step, picture)
            pane._redraw_paused()  # as after a dialog closed over the video
            wait(lambda: False, 0.5)
            result["redrawn"] = frame_of(snapshot())
        else:
            assert wait(lambda: leader.time_ms() >= 2500)  # past the first key picture and into a second
            pane.toggle_pause()
            assert wait(lambda: pane.state == "paused")
            wait(lambda: False, 0.5)
            paused = picture = snapshot()
            result["steps"].append(
                {
                    "media_ms": leader.time_ms(),
                    "snapshot_grey": grey(paused),
                    "grey_on_screen": grey(screen()),
                }
            )
            for direction in [-1] * 8 + [1] * 8:
                pane.step_frame(direction)
                picture = settle("back" if direction < 0 else "forward", picture)
            result["steps"][-1]["same_as_paused"] = picture == paused
        result["closed_cleanly"] = close_pane(pane, backend, wait)
    store.close()
    del app
    return result


if __name__ == "__main__":  # pragma: no cover
    outcome = _child(sys.argv[1], Path(sys.argv[2]))
    print("RESULT " + json.dumps(outcome), flush=True)
