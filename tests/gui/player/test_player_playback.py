"""Playback orchestration without a widget: the widget-free Playback decides which camera and media play,
where to seek and which state (with its text) the pane shows, and says so through signals. Its video
outputs here are plain QObjects (no QWidget anywhere), and the media backend is the fake one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.player.backend import ERROR, PLAYING
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.player.pane_states import PaneState
from ows_desktop.player.playback import GRID_SIZE, Playback
from ows_desktop.store import open_store
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.tasks.jobs import JobRunner

TEMPLATE = "http://nvr.local/play/{cam}?start={{start}}&end={{end}}"
START = datetime(2026, 11, 20, 14, 3, 5, tzinfo=UTC)
TICKET = Ticket(
    key="K1",
    id="K1",
    location="S1",
    terminal="R01",
    start=START,
    end=START + timedelta(seconds=20),
    lines=tuple(
        LineItem(description=f"Item {i}", quantity=1, price=1.0, time=START + timedelta(seconds=s))
        for i, s in enumerate((3, 8, 15))
    ),
)


class FakeProbe:
    """Says every failed stream is unreachable."""

    def check(self, request, done) -> None:
        done("unreachable", "the camera refused the connection")

    def cancel(self) -> None:
        pass


class Output(QObject):
    """A video output without a window: what a VideoSurface offers the playback."""

    handleChanged = Signal(int)

    def handle(self) -> int:
        return 0

    def fill_black(self) -> None:
        pass


class Recorder:
    """Every signal of a Playback, in order, as (name, args)."""

    def __init__(self, playback: Playback):
        self.events: list[tuple[str, tuple]] = []
        for name in (
            "stateChanged",
            "camerasChanged",
            "viewChanged",
            "labelChanged",
            "gridFilled",
            "tileMessage",
            "currentLineChanged",
        ):
            getattr(playback, name).connect(lambda *args, n=name: self.events.append((n, args)))

    def of(self, name: str) -> list[tuple]:
        return [args for n, args in self.events if n == name]


@pytest.fixture
def repo(tmp_path: Path):
    store = open_store(tmp_path / "tickets.sqlite3")
    r = CameraRepository(store, MemoryCameraSecrets())
    for i, name in enumerate(["Overhead", "Drawer", "Door"], 1):
        r.add_camera(name, f"rtsp://cam{i}.local/live", TEMPLATE.format(cam=i), camera_id=f"cam{i}")
    yield r
    store.close()


@pytest.fixture
def playback(qapp, repo):
    backend = FakeMediaBackend()
    probe = FakeProbe()
    outputs = [Output() for _ in range(1 + GRID_SIZE)]
    pb = Playback(
        backend,
        repo,
        AppSettings(DictSettingsBackend()),
        outputs,
        jobs=JobRunner(max_threads=1),
        probe_factory=lambda _parent: probe,
    )
    pb.backend, pb.outputs = backend, outputs  # keep them alive with the playback
    yield pb
    pb.shutdown()
    pb.deleteLater()


def test_playback_runs_without_any_widget(playback, repo):
    widgets_before = len(QApplication.allWidgets())
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2"], primary="cam2")
    seen = Recorder(playback)
    playback.show_ticket(TICKET)
    assert len(QApplication.allWidgets()) == widgets_before  # no widget was created to play
    assert playback.state == PaneState.LOADING
    assert seen.of("viewChanged") == [("single",)]
    assert seen.of("labelChanged") == [("★ Drawer (primary)",)]
    (player,) = playback.backend.players
    assert player.last_request().url.startswith("http://nvr.local/play/2?")


def test_an_unmapped_terminal_is_a_state_with_its_text(playback):
    seen = Recorder(playback)
    playback.show_ticket(TICKET)
    assert seen.of("stateChanged") == [(PaneState.NO_CAMERA,)]
    assert playback.state == PaneState.NO_CAMERA
    assert seen.of("camerasChanged") == [()]


def test_the_grid_fills_its_tiles_and_a_failing_tile_says_why(playback, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2", "cam3"], primary="cam2")
    playback.show_ticket(TICKET)
    seen = Recorder(playback)
    playback.set_grid(True)
    assert seen.of("viewChanged") == [("grid",)]
    assert seen.of("gridFilled") == [(["★ Drawer (primary)", "Overhead", "Door"],)]
    players = [c._player for c in playback.controllers()]
    assert len(players) == 3
    for p in players:
        p.start(0)
        p.emit(PLAYING)
    players[1].emit(ERROR)  # the probe says: unreachable
    index, text = seen.of("tileMessage")[-1]
    assert index == 2  # the grid's second tile (slot 0 is the single view)
    assert text.startswith("Camera unreachable\nOverhead: ")
    assert playback.state == PaneState.PLAYING  # the others keep the pane playing


def test_seeking_to_a_receipt_line_moves_every_grid_player_and_the_highlight(playback, repo):
    repo.set_terminal_cameras("S1", "R01", ["cam1", "cam2"])
    playback.show_ticket(TICKET)
    playback.set_grid(True)
    players = [c._player for c in playback.controllers()]
    for p in players:
        p.start(0)
        p.emit(PLAYING)
    seen = Recorder(playback)
    assert playback.seek_to_line(2)
    assert all(p.calls[-1] == ("seek", 25_000) for p in players)
    assert seen.of("currentLineChanged") == [(2,)]
