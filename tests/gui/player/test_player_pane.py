"""The video pane with the fake media backend: which camera and URL play for a receipt, the picker, the
explicit states, line-item sync, transport, the 2×2 grid, and players released before their windows."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QRegion
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QWidget

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.player.backend import ENDED, ERROR, PAUSED, PLAYING, VOUT
from ows_desktop.player.controller import PlayerState
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.theme import WINDOW_STYLESHEET
from ows_desktop.ui.video_pane import PaneState, VideoPane

# The main test process runs Qt offscreen: the surfaces are plain widgets there (handle 0), and the real
# embedding is covered by test_player_vlc.py under Xvfb. No Qt warning is expected.

START = datetime(2026, 11, 20, 14, 3, 5, tzinfo=UTC)
LINES = (
    *(
        LineItem(description=f"Item {i}", quantity=1, price=1.0, time=START + timedelta(seconds=s))
        for i, s in enumerate((3, 8, 15))
    ),
    LineItem(description="No time"),
)
TICKET = Ticket(
    key="K1",
    id="K1",
    location="S1",
    terminal="R01",
    start=START,
    end=START + timedelta(seconds=20),
    lines=LINES,
)
TEMPLATE = "http://nvr.local/play/{cam}?start={{start}}&end={{end}}"


class FakeProbe:
    def __init__(self) -> None:
        self.verdict = ("unreachable", "connection refused")
        self.checked: list[str] = []

    def check(self, request, done) -> None:
        self.checked.append(request.display_url)
        done(*self.verdict)

    def cancel(self) -> None:
        pass


@pytest.fixture
def secrets():
    return MemoryCameraSecrets()


@pytest.fixture
def repo(store, secrets):
    r = CameraRepository(store, secrets)
    for i, name in enumerate(["Overhead", "Drawer", "Door", "Aisle"], 1):
        r.add_camera(name, f"rtsp://cam{i}.local/live", TEMPLATE.format(cam=i), camera_id=f"cam{i}")
    r.add_camera("Live only", "rtsp://admin:live-pw@cam5.local/live", camera_id="cam5")
    return r


@pytest.fixture
def backend():
    return FakeMediaBackend()


@pytest.fixture
def probe():
    return FakeProbe()


@pytest.fixture
def settings():
    return AppSettings(DictSettingsBackend())


@pytest.fixture
def pane(qtbot, backend, repo, settings, probe, tmp_path):
    widget = VideoPane(
        backend, repo, settings, probe_factory=lambda _parent: probe, snapshot_dir=tmp_path / "snaps"
    )
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    yield widget
    widget.shutdown()


def player_of(pane: VideoPane):
    leader = pane.leader()
    assert leader is not None
    return leader._player


def start_playing(pane: VideoPane, at_ms: int = 0):
    player = player_of(pane)
    player.start(at_ms)
    return player


# --------------------------------------------------------------------------------------------- choosing
def test_without_a_receipt_the_pane_says_so(pane):
    assert pane.state == PaneState.NO_TICKET
    assert pane.message()[0] == "Select a receipt to see its video."
    assert not pane.play_button.isEnabled()


def test_an_unmapped_terminal_offers_to_map_a_camera(pane, qtbot):
    pane.show_ticket(TICKET)
    assert pane.state == PaneState.NO_CAMERA
    title, detail = pane.message()
    assert title == "No camera mapped to this terminal"
    assert "terminal R01 at S1" in detail
    assert pane.map_button.isVisibleTo(pane)
    with qtbot.waitSignal(pane.mapCameraRequested) as signal:
        pane.map_button.click()
    assert signal.args == ["S1", "R01"]


def test_a_receipt_plays_the_primary_camera_from_start_minus_preroll_through_the_template(
    pane, repo, backend
):
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2", "cam3"], primary="cam2")
    pane.show_ticket(TICKET)
    assert pane.state == PaneState.LOADING
    assert pane.camera.id == "cam2"
    (player,) = backend.players
    request = player.last_request()
    assert request.url == "http://nvr.local/play/2?start=2026-11-20T14:02:55Z&end=2026-11-20T14:03:35Z"
    # a recording: demuxed by libavformat, whose paused seeks show decoded frames (camera/media.py)
    assert request.options == (":network-caching=1000", ":demux=avformat,any")
    assert request.frame_accurate
    assert player.handle == pane.single.surface.handle() == 0  # offscreen: no native window
    assert player.call_names()[:2] == ["bind", "play"]  # bound to its window before it plays


def test_settings_drive_preroll_postroll_caching_and_clock_offset(pane, repo, backend, settings):
    for key, value in (
        ("player/preroll_seconds", 4),
        ("player/postroll_seconds", 30),
        ("player/network_caching_ms", 250),
    ):
        settings.set(key, value)
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    repo.set_clock_offset("S1", "R01", -60)
    pane.show_ticket(TICKET)
    request = backend.players[0].last_request()
    assert request.url == "http://nvr.local/play/1?start=2026-11-20T14:02:01Z&end=2026-11-20T14:02:55Z"
    assert request.options == (":network-caching=250", ":demux=avformat,any")


def test_picker_lists_the_primary_first_and_marked(pane, repo, backend):
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2", "cam3", "cam4"], primary="cam3")
    pane.show_ticket(TICKET)
    assert pane.picker_entries() == [
        ("cam3", "★ Door (primary)", True),
        ("cam1", "Overhead", False),
        ("cam2", "Drawer", False),
        ("cam4", "Aisle", False),
    ]
    assert pane.picker.text() == "4"
    assert pane.camera_label.text() == "★ Door (primary)"
    checked = [a.data() for a in pane.picker_menu.actions() if a.isChecked()]
    assert checked == ["cam3"]
    start_playing(pane, 12_000)
    player_of(pane).advance(0)
    pane.leader().poll()
    assert pane.set_camera("cam4")
    request = backend.players[0].last_request()
    assert request.url.startswith("http://nvr.local/play/4?")
    assert pane.camera_label.text() == "Aisle"
    assert [a.data() for a in pane.picker_menu.actions() if a.isChecked()] == ["cam4"]
    assert not pane.set_camera("cam5")  # not mapped to this terminal


def test_switching_camera_keeps_the_moment_on_screen(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2"])
    pane.show_ticket(TICKET)
    start_playing(pane, 12_000)
    pane.set_camera("cam2")
    player = player_of(pane)
    player.emit(PLAYING)
    assert ("seek", 12_000) in player.calls


def test_a_camera_without_a_template_plays_live_with_its_password_as_an_option(
    pane, repo, backend, caplog, qtbot
):
    caplog.set_level(logging.DEBUG)
    repo.set_terminal_cameras("S1", "R01", ["cam5"])
    pane.show_ticket(TICKET)
    qtbot.waitUntil(lambda: bool(backend.players[0].requests))  # the keyring answered (off the GUI thread)
    request = backend.players[0].last_request()
    assert request.url == "rtsp://cam5.local/live"
    assert request.options == (":network-caching=1000", ":rtsp-tcp", ":rtsp-user=admin", ":rtsp-pwd=live-pw")
    start_playing(pane)
    assert pane.state == PaneState.PLAYING
    assert pane.time_label.text() == "LIVE"
    assert not pane.back_button.isEnabled() and not pane.forward_button.isEnabled()
    assert not pane.seek_to_line(0)
    assert "live-pw" not in caplog.text


# --------------------------------------------------------------------------------------------- states
def test_loading_then_playing_then_first_frame(pane, repo, qtbot):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    assert pane.time_label.text() == "Connecting to Overhead…"
    player = player_of(pane)
    with qtbot.waitSignal(pane.firstFrameShown):
        player.emit(PLAYING)
        assert pane.state == PaneState.PLAYING
        player.emit(VOUT, 1)
    assert pane.play_button.isEnabled() and pane.back_button.isEnabled()
    assert pane.stack.currentWidget() is pane.single


def test_no_video_for_this_time(pane, repo, probe):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    probe.verdict = ("no_video", "the recorder has no recording for this time (HTTP 404)")
    pane.show_ticket(TICKET)
    player_of(pane).emit(ERROR)
    assert pane.state == PaneState.NO_VIDEO
    assert pane.message() == (
        "No video for this time",
        "Overhead: the recorder has no recording for this time (HTTP 404)",
    )
    assert probe.checked == ["http://nvr.local/play/1?start=2026-11-20T14:02:55Z&end=2026-11-20T14:03:35Z"]
    assert pane.retry_button.isVisibleTo(pane)


def test_a_stream_that_ends_before_any_picture_is_no_video(pane, repo, probe):
    probe.verdict = ("failed", "the camera answered, but its video could not be decoded")
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = player_of(pane)
    player.emit(PLAYING)
    player.emit(ENDED)
    assert pane.state == PaneState.NO_VIDEO
    assert pane.message() == (
        "No video for this time",
        "Overhead: the stream ended before showing any picture",
    )


def test_a_camera_that_refuses_says_so_even_when_libvlc_just_ends_the_stream(pane, repo, probe):
    """libVLC reports a refused HTTP connection as an ended stream; the pane asks the camera and says why."""
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = player_of(pane)
    player.emit(ENDED)
    assert pane.state == PaneState.UNREACHABLE
    assert pane.message() == ("Camera unreachable", "Overhead: connection refused")


def test_cannot_reach_camera_after_an_error(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player_of(pane).emit(ERROR)
    assert pane.state == PaneState.UNREACHABLE
    assert pane.message() == ("Camera unreachable", "Overhead: connection refused")


def test_the_unreachable_timeout_comes_from_the_settings(pane, repo, settings):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    assert pane.leader().unreachable_timeout_ms == 8000
    settings.set("player/unreachable_timeout_seconds", 3)
    pane.shutdown()
    pane.show_ticket(TICKET)
    assert pane.leader().unreachable_timeout_ms == 3000


def test_libvlc_missing_is_a_state_and_everything_else_still_works(qtbot, repo, settings):
    backend = FakeMediaBackend(available=False, message="libVLC not found (test). Install VLC 3.")
    widget = VideoPane(backend, repo, settings)
    qtbot.addWidget(widget)
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    widget.show_ticket(TICKET)
    assert widget.state == PaneState.LIBVLC_MISSING
    assert widget.message() == ("libVLC not found", "libVLC not found (test). Install VLC 3.")
    assert widget.picker_entries()[0][0] == "cam1"  # the mapping is still shown
    widget.show_ticket(None)
    assert widget.state == PaneState.NO_TICKET


def test_stale_events_of_a_replaced_stream_are_ignored(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = player_of(pane)
    old = player.serial
    pane.show_ticket(TICKET)  # a new receipt replaces the stream
    player.emit(ERROR, serial=old)
    player.emit(ENDED, serial=old)
    assert pane.state == PaneState.LOADING


def test_mapping_changes_are_picked_up_by_reload(pane, repo):
    pane.show_ticket(TICKET)
    assert pane.state == PaneState.NO_CAMERA
    repo.set_terminal_cameras("S1", "R01", ["cam2"])
    pane.reload()
    assert pane.state == PaneState.LOADING and pane.camera.id == "cam2"


# --------------------------------------------------------------------------------------------- lines
def test_clicking_a_line_seeks_to_its_time_and_the_line_follows_playback(pane, repo, qtbot):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    lines: list[int] = []
    pane.currentLineChanged.connect(lines.append)
    pane.show_ticket(TICKET)
    player = start_playing(pane)
    assert pane.seek_to_line(1)  # 14:03:13 = 18 s after the window start (10 s pre-roll)
    assert player.calls[-1] == ("seek", 18_000)
    assert pane.current_line == 1
    player.advance(7_000)  # 25 s: the third line (rung up at 14:03:20) is on screen
    pane.leader().poll()
    assert pane.current_line == 2
    assert pane.time_label.text().endswith("(+0:15)")
    player.time = 36_000  # after the ticket ended
    pane.leader().poll()
    assert lines == [1, 2, -1]
    assert not pane.seek_to_line(3)  # a line without a time


def test_seek_before_playing_waits_for_playing(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = player_of(pane)
    assert pane.seek_to_line(0)
    assert "seek" not in player.call_names()
    player.emit(PLAYING)
    assert player.calls[-1] == ("seek", 13_000)


def test_playback_pauses_when_the_post_roll_is_over(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = start_playing(pane)
    player.time = 40_000  # window: 10 s + 20 s + 10 s
    pane.leader().poll()
    assert pane.state == PaneState.PAUSED
    pane.toggle_pause()  # the user plays on past the window
    player.advance(1000)
    pane.leader().poll()
    assert pane.state == PaneState.PLAYING


def test_the_last_picture_is_held_before_the_media_ends(pane, repo):
    """A recorder serves exactly the window's range: libVLC reached the media's end before a poll saw the
    post-roll over, and every tile went black, Snapshot off (found driving the window). The picture is held a
    little before the end of the window or of a shorter media."""
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = start_playing(pane)
    player.length = 40_000  # the window: 10 s + 20 s + 10 s, served exactly
    player.time = 38_600  # libVLC reports a time behind the end it reaches
    pane.leader().poll()
    assert pane.state == PaneState.PAUSED and player.paused

    pane.show_ticket(TICKET)
    player = start_playing(pane)
    player.length = 31_000  # the recording stops before the window's end
    player.time = 29_600
    pane.leader().poll()
    assert pane.state == PaneState.PAUSED and player.paused


# --------------------------------------------------------------------------------------------- transport
def test_transport_buttons(pane, repo, tmp_path, qtbot):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = start_playing(pane, 20_000)
    pane.play_button.click()
    assert player.paused and pane.state == PaneState.PAUSED
    # the frame on screen (20 000 - 20 040 ms at 25 fps) shown anew by a seek to its middle once the pause
    # has settled (still_frame.py); the clock names that frame at once
    assert pane.leader().time_ms() == 20_000
    qtbot.waitUntil(lambda: player.calls[-1] == ("seek", 20_020))
    player.emit(PAUSED)
    pane.play_button.click()
    assert not player.paused and pane.state == PaneState.PLAYING
    player.time = 20_000
    pane.back_button.click()
    assert player.calls[-1] == ("seek", 15_000)
    pane.forward_button.click()
    assert player.calls[-1] == ("seek", 20_000)
    pane.frame_button.click()  # pauses on frame 500, then shows frame 501 (20 040 ms) once settled
    assert pane.state == PaneState.PAUSED and pane.leader().time_ms() == 20_040
    qtbot.waitUntil(lambda: player.calls[-1] == ("seek", 20_060))
    assert player.frames_stepped == 0
    pane.frame_back_button.click()
    assert player.calls[-1] == ("seek", 20_020)  # one frame (40 ms) back: frame 500
    assert pane.leader().time_ms() == 20_000
    pane.speed.setCurrentIndex(pane.speed.findData(4.0))
    assert player.rate == 4.0
    pane.set_rate(0.5)
    assert player.rate == 0.5 and pane.speed.currentText() == "0.5×"
    told = []
    pane.statusMessage.connect(lambda text, _ms: told.append(text))
    with qtbot.waitSignal(pane.snapshotSaved) as saved:
        pane.snapshot_button.click()
    path = Path(saved.args[0])
    assert path.parent == tmp_path / "snaps" and path.name == "K1-cam1-20261120T140315.000Z.png"
    assert path.read_bytes().startswith(b"\x89PNG")
    assert told == [f"Snapshot saved: {path}"]  # the person is told where it went


def test_speed_is_kept_for_the_next_receipt_and_shown(pane, repo):
    """A reviewer going through a shift's receipts at 2× keeps 2× (as video review tools do), but a new
    receipt's video must never pass for real time: the speed box stands out (the highlight's colours, its
    tooltip says the speed is kept) while it is not 1×, and the status bar says so when the next receipt
    plays at it."""
    told: list[str] = []
    pane.statusMessage.connect(lambda text, _ms: told.append(text))
    highlight = pane.palette().color(QPalette.ColorRole.Highlight)
    pane.window().setStyleSheet(WINDOW_STYLESHEET)  # as the main window styles it: the palette alone was
    # overridden by the window's style sheet, and 2x was painted as 1x (a tester saw #FDFDFD against #FBFBFB)

    def marked() -> bool:  # what is painted: the box's fill left of its text
        picture = pane.speed.grab().toImage()
        return picture.pixelColor(3, picture.height() // 2) == highlight

    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    start_playing(pane)
    assert not marked() and told == []  # at 1×: nothing to say
    pane.set_rate(2.0)  # chosen for this receipt: the box stands out at once, nothing more is said
    assert marked() and "kept for the next receipts" in pane.speed.toolTip() and told == []
    pane.show_ticket(replace(TICKET, key="K2", id="K2"))  # the next receipt
    player = start_playing(pane)
    assert player.rate == 2.0 and pane.speed.currentText() == "2×" and marked()
    assert told == [
        "This video plays at 2×, the speed chosen before; choose 1× under the video for real time."
    ]
    player.emit(PAUSED)
    start_playing(pane, 5_000)  # the same receipt playing on: said once
    assert len(told) == 1
    pane.speed.setCurrentIndex(pane.speed.findData(1.0))  # back to real time
    assert not marked() and pane.speed.toolTip() == "Playback speed"
    pane.show_ticket(TICKET)
    assert start_playing(pane).rate == 1.0 and len(told) == 1


def test_no_snapshot_without_a_picture(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    assert pane.snapshot() is None
    assert not pane.snapshot_button.isEnabled()  # nothing to click before there is a picture


def test_a_snapshot_that_could_not_be_saved_says_so(pane, repo, tmp_path):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    player = start_playing(pane)
    player.snapshot = lambda _path: False  # libVLC took no picture, or could not write it
    told = []
    pane.statusMessage.connect(lambda text, _ms: told.append(text))
    pane.snapshot_button.click()
    assert told == [
        "The snapshot could not be saved: the video shows no decoded picture (after a step back, play or step "
        f"forward first), or {tmp_path / 'snaps'} cannot be written."
    ]


# --------------------------------------------------------------------------------------------- grid
def test_the_grid_plays_every_mapped_camera_in_sync(pane, repo, backend):
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2", "cam3"], primary="cam2")
    pane.show_ticket(TICKET)
    start_playing(pane, 5_000)
    pane.grid_button.click()
    assert pane.grid and pane.stack.currentWidget() is pane.grid_page
    controllers = pane.controllers()
    assert [pane.tiles[i].camera.id for i in range(3)] == ["cam2", "cam1", "cam3"]
    assert [t.caption.text() for t in pane.tiles[:3]] == ["★ Drawer (primary)", "Overhead", "Door"]
    players = [c._player for c in controllers]
    assert len({id(p) for p in players}) == 3 and all(
        p.last_request().url.startswith("http://nvr.local/play/") for p in players
    )
    for p in players:
        p.start(0)
        p.emit(PLAYING)
    assert all(p.calls[-1] == ("seek", 5_000) for p in players)  # they start where the single view was
    assert pane.seek_to_line(2)
    assert all(p.calls[-1] == ("seek", 25_000) for p in players)
    players[2].time = 24_000  # drifted
    pane._group.resync()
    assert players[2].calls[-1] == ("seek", 25_000)
    pane.toggle_pause()
    assert all(p.paused for p in players)
    assert pane.state == PaneState.PAUSED
    players[1].emit(ERROR)  # one tile fails: it says so, the others keep the pane playing
    assert pane.tiles[1].stack.currentWidget() is pane.tiles[1].message
    assert "Camera unreachable" in pane.tiles[1].message.text()
    pane.grid_button.click()
    assert not pane.grid and pane.stack.currentWidget() is pane.single


def test_grid_button_needs_two_cameras(pane, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1"])
    pane.show_ticket(TICKET)
    assert not pane.grid_button.isEnabled()
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2"])
    pane.reload()
    assert pane.grid_button.isEnabled()


# --------------------------------------------------------------------------------------------- lifetime
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen top-level window
def test_players_are_released_before_the_window_goes_away(qtbot, backend, repo, settings):
    import shiboken6
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    window = QWidget()
    layout = QVBoxLayout(window)
    widget = VideoPane(backend, repo, settings)
    layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2"])
    widget.show_ticket(TICKET)
    start_playing(widget)
    widget.set_grid(True)
    surfaces_alive = []
    for player in backend.players:
        original = player.release

        def release(original=original) -> None:
            surfaces_alive.append(all(shiboken6.isValid(t.surface) for t in (widget.single, *widget.tiles)))
            original()

        player.release = release
    window.close()
    assert sorted(backend.released) == list(range(len(backend.players))) and len(backend.players) == 3
    assert surfaces_alive and all(surfaces_alive)
    assert all(t.controller is None for t in (widget.single, *widget.tiles))


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen top-level window
def test_the_window_filter_reads_nothing_gone_with_the_panes_attributes(qtbot, backend, repo, settings):
    """The pane filters every event of its window; when a dropped window's cycle is collected, the pane's
    attributes may be cleared while Qt still sends the window events (a CI run failed so in tab_layout)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    window = QWidget()
    QVBoxLayout(window).addWidget(widget := VideoPane(backend, repo, settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: widget.window() is window and widget.isVisible())
    attributes = dict(vars(widget))
    vars(widget).clear()  # as the collector does
    try:
        for kind in (QEvent.Type.Move, QEvent.Type.LayoutRequest, QEvent.Type.Close):
            assert widget.eventFilter(window, QEvent(kind)) is False
    finally:
        vars(widget).update(attributes)


def test_controller_state_values_match_the_pane_states():
    assert {s.value for s in PlayerState} <= {v for k, v in vars(PaneState).items() if not k.startswith("_")}


def test_snapshots_carry_their_details_for_the_evidence_export(pane, repo, tmp_path):
    from ows_desktop.camera.snapshots import ticket_snapshots

    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2"], primary="cam2")
    repo.set_clock_offset("S1", "R01", 1.5)
    assert ticket_snapshots(tmp_path / "snaps", "K1") == []
    pane.show_ticket(TICKET)
    start_playing(pane, 13_000)
    first = pane.snapshot()
    assert first is not None and first.name == "K1-cam2-20261120T140307.500Z.png"
    [info] = ticket_snapshots(tmp_path / "snaps", "K1")
    assert (info.path, info.camera, info.clock_offset_seconds) == (first, "Drawer", 1.5)
    moment = info.time
    # window start: 14:03:05 + 1.5 s offset − 10 s pre-roll = 14:02:56.5, floored to 14:02:56 (recorder time);
    # media 13 s = recorder 14:03:09 = POS 14:03:07.5
    assert moment == datetime(2026, 11, 20, 14, 3, 7, 500_000, tzinfo=UTC)
    assert ticket_snapshots(tmp_path / "snaps", "K2") == []


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_grid_menu_item_is_checked_while_the_grid_shows_and_a_double_clicked_tile_becomes_the_view(
    qtbot, pane, repo
):
    """#10: "All cameras (2×2)" stayed unchecked while the grid showed; double-clicking a tile did nothing."""
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2", "cam3"], primary="cam1")
    pane.show_ticket(TICKET)
    pane.show()
    qtbot.waitExposed(pane)

    def grid_action():
        return next(a for a in pane.picker_menu.actions() if a.text() == "All cameras (2×2)")

    assert not grid_action().isChecked()
    grid_action().trigger()  # the person picks it from the camera menu
    assert pane.playback.grid and grid_action().isChecked()
    tile = pane.tiles[1]
    assert tile.camera is not None and tile.camera.id == "cam2"
    from PySide6.QtCore import Qt

    qtbot.mouseDClick(tile.surface, Qt.MouseButton.LeftButton)
    assert not pane.playback.grid and pane.playback.camera.id == "cam2"
    assert not grid_action().isChecked()
    checked = [a.data() for a in pane.picker_menu.actions() if a.isChecked()]
    assert checked == ["cam2"]


# ------------------------------------------------------------------------------------ leftover paint (#10)
# The gaps between the 2×2 tiles are painted with the palette's window colour (never the single view's old
# "No video" text, black or stale pixels), after single → grid, after a dialog closes and after another tab.
# Offscreen, QWidget.grab() shows what the widget itself paints: a container that does not fill its
# background leaves those pixels transparent (on X11 the screen keeps whatever was there before).
def gap_colours(pane: VideoPane) -> list[QColor]:
    """The pixels between the tiles (the grid's spacing) and beside the captions, as the grid paints them."""
    # only what the widgets paint themselves (no background borrowed from the window): a container that
    # does not fill its background leaves its pixels transparent here, as it leaves stale paint on X11
    image = QImage(pane.grid_page.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    pane.grid_page.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    first, right = pane.tiles[0].geometry(), pane.tiles[1].geometry()
    below = pane.tiles[2].geometry()
    x_gap = (first.right() + right.left()) // 2
    y_gap = (first.bottom() + below.top()) // 2
    return [
        image.pixelColor(x_gap, first.center().y()),  # between the top two tiles
        image.pixelColor(first.center().x(), y_gap),  # between the top and the bottom row
        image.pixelColor(x_gap, y_gap),  # the middle cross
    ]


def assert_background(pane: VideoPane) -> None:
    window = pane.palette().color(QPalette.ColorRole.Window)
    for colour in gap_colours(pane):
        assert colour.alpha() == 255 and colour.rgb() == window.rgb(), (colour.name(), window.name())


def test_the_grid_gaps_show_the_background_after_a_switch_a_dialog_and_a_tab(
    qtbot, backend, repo, settings, probe, tmp_path
):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    pane = VideoPane(backend, repo, settings, probe_factory=lambda _parent: probe, snapshot_dir=tmp_path)
    tabs.addTab(pane, "Review")
    tabs.addTab(QLabel("Users"), "Users")
    tabs.resize(900, 600)
    tabs.show()
    qtbot.waitExposed(tabs)
    try:
        repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2", "cam3", "cam4"], primary="cam1")
        pane.show_ticket(TICKET)
        start_playing(pane, 0)
        pane.grid_button.click()  # single → grid
        assert pane.stack.currentWidget() is pane.grid_page
        assert_background(pane)

        dialog = QDialog(tabs)  # a dialog over the pane, then closed
        dialog.resize(400, 300)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.close()
        assert_background(pane)

        tabs.setCurrentIndex(1)  # another tab and back
        tabs.setCurrentIndex(0)
        assert pane.isVisible()
        assert_background(pane)
    finally:
        pane.shutdown()
