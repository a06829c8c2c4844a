"""Video that tells the truth (#10), driven from the window as a person does: clicking a receipt line shows
the video at that line's time (±1 frame, with the register's clock offset), and clicking a line the
recording does not hold says "No recording at … on this camera" instead of showing a stale frame.

These fail if the receipt's line click is disconnected from the video, or seeks to another line."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from gui_support import (
    OFFSCREEN_NOISE,
    click_link,
    make_services,
    open_window,
)

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.store_time import store_time_text
from ows_desktop.player.fake import PLAYING, FakeMediaBackend
from ows_desktop.player.pane_states import PaneState
from ows_desktop.store.cameras import CameraRepository

pytestmark = OFFSCREEN_NOISE

OFFSET_S = 3.5  # the register's clock runs 3.5 s behind the recorder
FRAME_MS = 40  # 25 fps
PREROLL_S = 10


def click_line(qtbot, receipt, index: int) -> None:
    """Click the text of receipt line ``index`` (its ``line:<index>`` link) with the mouse."""
    click_link(qtbot, receipt, f"line:{index}")


@pytest.fixture
def video_window(qtbot, paths, filled_store):
    backend = FakeMediaBackend()
    cameras = CameraRepository(filled_store, MemoryCameraSecrets())
    services = replace(make_services(paths, filled_store), cameras=cameras, media_backend=backend)
    window = open_window(qtbot, services)
    qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
    page = window.receipts
    # a receipt with several lines at different times
    row = next(
        r for r in (page.model.ticket_row(i) for i in range(page.model.rowCount())) if r.line_count >= 3
    )
    camera = cameras.add_camera(
        "Overhead", "http://nvr.local/live/1", "http://nvr.local/play/1?start={start}&end={end}"
    )
    cameras.add_to_terminal(row.location, row.terminal, camera.id)
    cameras.set_clock_offset(row.location, row.terminal, OFFSET_S)
    page.select_key(row.key)
    qtbot.waitUntil(lambda: any(p.requests for p in backend.players))
    player = next(p for p in backend.players if p.requests)
    player.length = 10 * 60_000  # the recorder sent the whole window
    player.emit(PLAYING)
    return window, player


def expected_ms(ticket, moment) -> int:
    """Media time of POS time ``moment``: the recording starts at the ticket's start + offset − pre-roll,
    on a whole second."""
    start = (ticket.start + timedelta(seconds=OFFSET_S - PREROLL_S)).replace(microsecond=0)
    return int((moment + timedelta(seconds=OFFSET_S) - start).total_seconds() * 1000)


def seeks(player) -> list[int]:
    return [value for name, value in player.calls if name == "seek"]


def test_a_line_click_shows_the_video_at_that_lines_time(qtbot, video_window):
    window, player = video_window
    receipt = window.receipts.receipt
    ticket = receipt.ticket()
    times = window.video.playback._line_times
    lines = [i for i in range(len(ticket.lines)) if times.time_of(i) is not None]
    assert len({times.time_of(i) for i in lines}) >= 2  # lines at different times
    for index in (lines[-1], lines[1], lines[0]):
        before = len(seeks(player))
        click_line(qtbot, receipt, index)
        assert len(seeks(player)) == before + 1, f"clicking line {index} did not seek"
        landed = seeks(player)[-1]
        assert abs(landed - expected_ms(ticket, times.time_of(index))) <= FRAME_MS, index
        assert window.video.message() == ("", "")


def test_a_line_outside_the_recording_says_so_instead_of_showing_a_stale_frame(qtbot, video_window):
    window, player = video_window
    receipt = window.receipts.receipt
    ticket = receipt.ticket()
    times = window.video.playback._line_times
    last = max(i for i in range(len(ticket.lines)) if times.time_of(i) is not None)
    moment = times.time_of(last)
    player.length = expected_ms(ticket, moment) - 2000  # the recording stops 2 s before that line
    before, shown = len(seeks(player)), window.video.leader().time_ms()
    click_line(qtbot, receipt, last)
    # no seek to the last frame there is: the video holds still on the frame it showed (paused, that frame
    # is shown anew by a seek into it: player/still_frame.py)
    assert all(shown <= ms < shown + FRAME_MS for ms in seeks(player)[before:]), (shown, seeks(player))
    title, detail = window.video.message()
    clock = store_time_text(moment, receipt.utc_offset_min(), "%H:%M:%S")  # the store's time, as the receipt
    assert (title, detail) == ("No recording", f"No recording at {clock} on this camera")
    assert window.video.playback.state == PaneState.NO_RECORDING
    qtbot.waitUntil(lambda: len(seeks(player)) > before)  # the paused frame's seek, once the pause settled
    held = len(seeks(player))
    click_line(qtbot, receipt, 0)  # a line the recording holds: the video again
    assert window.video.message() == ("", "") and len(seeks(player)) == held + 1
