"""The investigator's snapshots as files (the video pane with the fake backend): every Snapshot keeps a file
of its own, and each says the time of the frame it shows, a stepped frame too, and how that time is known.

The fake player here leaves its reported time alone on a frame step, as libVLC 3 does (measured with real
libVLC in test_player_vlc.py's "steps" scenario). The camera's recording is served over RTSP, which libVLC
steps through itself; paused on a recording over HTTP the pane shows each frame by its time (the last test
here, and test_player_vlc_frames.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.basics.settings import AppSettings, DictSettingsBackend
from ows_desktop.camera.snapshots import claim_snapshot_path, ticket_snapshots
from ows_desktop.ows.model import Ticket
from ows_desktop.player.backend import PAUSED
from ows_desktop.player.fake import FakeMediaBackend
from ows_desktop.store.cameras import CameraRepository
from ows_desktop.ui.video_pane import PaneState, VideoPane

START = datetime(2026, 11, 20, 14, 3, 5, tzinfo=UTC)
TICKET = Ticket(
    key="K1", id="K1", location="S1", terminal="R01", start=START, end=START + timedelta(seconds=20)
)


@pytest.fixture
def repo(store):
    r = CameraRepository(store, MemoryCameraSecrets())
    r.add_camera(
        "Overhead", "rtsp://cam1.local/live", "rtsp://nvr.local/play/1?start={start}", camera_id="cam1"
    )
    r.set_terminal_cameras("S1", "R01", ["cam1"])
    return r


@pytest.fixture
def pane(qtbot, repo, tmp_path):
    widget = VideoPane(
        FakeMediaBackend(), repo, AppSettings(DictSettingsBackend()), snapshot_dir=tmp_path / "snaps"
    )
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    yield widget
    widget.shutdown()


def sidecar(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))


def paused_at(pane: VideoPane, at_ms: int):
    pane.show_ticket(TICKET)
    player = pane.leader()._player
    player.start(at_ms)
    player.step_reports_time = False  # libVLC 3: a frame step does not change the time it reports
    pane.play_button.click()
    player.emit(PAUSED)
    assert pane.state == PaneState.PAUSED
    return player


def test_each_snapshot_is_a_file_of_its_own_with_the_time_of_the_frame_it_shows(pane, qtbot, tmp_path):
    """The tester: pause, Snapshot, |▶, Snapshot in the same second: both said the same file name, the second
    replaced the first, and both recorded the paused frame's time."""
    paused_at(pane, 13_650)
    told: list[str] = []
    pane.statusMessage.connect(lambda text, _ms: told.append(text))
    pane.snapshot_button.click()
    pane.frame_button.click()  # one frame (40 ms at 25 fps) forward
    pane.snapshot_button.click()
    pane.snapshot_button.click()  # the same frame again: a third file, not the second replaced
    folder = tmp_path / "snaps"
    assert len(list(folder.glob("*.png"))) == 3 and len(list(folder.glob("*.png.json"))) == 3
    # the window starts at 14:02:55 (10 s pre-roll): media 13 650 ms = 14:03:08.650
    shots = [folder / name for name in ("K1-cam1-20261120T140308.650Z.png", "K1-cam1-20261120T140308.690Z.png",
                                        "K1-cam1-20261120T140308.690Z-2.png")]  # fmt: skip
    assert told == [f"Snapshot saved: {p}" for p in shots]  # each says where it went
    first, stepped, again = (sidecar(p) for p in shots)
    assert first["time_utc"] == "2026-11-20T14:03:08.650Z" and first["time_basis"] == "reported"
    assert "reported time" in first["time_note"] and "up to 0.3 s later" in first["time_note"]
    assert stepped["time_utc"] == again["time_utc"] == "2026-11-20T14:03:08.690Z"
    assert stepped["time_basis"] == "stepped" and stepped["frames_stepped"] == 1
    assert "last reported time (14:03:08.650 UTC) plus 1 frame step of 40 ms" in stepped["time_note"]
    assert all(s["chosen_by"] == "investigator" and s["taken_utc"].endswith("Z") for s in (first, stepped))
    # the export's reading of the folder: all three, in the order of the moments they show
    assert [i.path for i in ticket_snapshots(tmp_path / "snaps", "K1")] == shots


def test_a_repaint_after_frame_steps_shows_the_stepped_frame_and_its_time_stays_true(pane):
    """libVLC repaints a paused picture by a seek: to the time it reported, it showed the frame before the
    steps while a snapshot then said the stepped frame's time."""
    player = paused_at(pane, 13_000)
    pane.frame_button.click()
    pane.frame_button.click()
    assert player.time == 13_000 and pane.leader().shown_time().ms == 13_080
    pane.leader().redraw()
    assert player.calls[-1] == ("seek", 13_080)
    shown = pane.leader().shown_time()
    assert (shown.ms, shown.basis) == (13_080, "reported")  # a seek's time is the player's own again
    pane.frame_button.click()
    assert pane.leader().shown_time().ms == 13_120


def test_a_name_is_claimed_once_even_when_only_its_details_were_left(tmp_path):
    moment = datetime(2026, 12, 6, 17, 52, 38, 650_000, tzinfo=UTC)
    folder = tmp_path / "snaps"
    first = claim_snapshot_path(folder, "T-1", "cam 2", moment)
    assert first.name == "T-1-cam-2-20261206T175238.650Z.png" and first.stat().st_size == 0
    (folder / "T-1-cam-2-20261206T175238.650Z-2.png.json").write_text("{}")  # a picture lost, its details not
    assert claim_snapshot_path(folder, "T-1", "cam 2", moment).name == "T-1-cam-2-20261206T175238.650Z-3.png"
    live = claim_snapshot_path(
        folder, "T-1", "cam 2", None, datetime(2026, 12, 7, 5, 31, 2, 5000, tzinfo=UTC)
    )
    assert live.name == "T-1-cam-2-live-20261207T053102.005Z.png"
    assert ticket_snapshots(folder, "T-1") == []  # claimed names without a picture are no snapshots


class NoBackend:
    """A video backend the export must not use: the investigator's snapshots are its pictures."""

    def create_player(self):
        raise AssertionError("the export took a frame of its own for a ticket the investigator snapshotted")


def test_the_export_is_given_every_snapshot_of_the_ticket_and_takes_no_frame_itself(pane, repo, tmp_path):
    from ows_desktop.player.evidence import ticket_snapshot_provider

    paused_at(pane, 13_650)
    pane.snapshot_button.click()
    pane.frame_button.click()
    pane.snapshot_button.click()
    given = ticket_snapshot_provider(repo, NoBackend(), tmp_path / "snaps", frames=lambda: tmp_path)(TICKET)
    assert [(s.chosen_by, s.time_basis, s.camera) for s in given] == [
        ("investigator", "reported", "Overhead"),
        ("investigator", "stepped", "Overhead"),
    ]
    assert [s.time.isoformat(timespec="milliseconds") for s in given] == [
        "2026-11-20T14:03:08.650+00:00",
        "2026-11-20T14:03:08.690+00:00",
    ]
    assert "plus 1 frame step of 40 ms" in given[1].time_note and given[1].taken is not None


def test_a_snapshot_of_an_earlier_version_says_its_time_is_not_known_to_the_frame(tmp_path):
    """Earlier versions recorded libVLC's time, a stepped frame's too, with nothing saying how it was known."""
    folder = tmp_path / "snaps"
    folder.mkdir()
    (folder / "T-1-cam2-20261206T175238Z.png").write_bytes(b"\x89PNG")
    (folder / "T-1-cam2-20261206T175238Z.png.json").write_text(
        json.dumps(
            {
                "ticket_key": "T-1",
                "camera_id": "cam2",
                "camera": "Drawer",
                "time_utc": "2026-12-06T17:52:38.650000Z",
                "clock_offset_seconds": 0.0,
            }
        )
    )
    [info] = ticket_snapshots(folder, "T-1")
    assert info.time_basis is None and info.taken is None
    assert (
        "Saved by an earlier version" in info.time_note and "after frame steps later still" in info.time_note
    )


def test_paused_on_a_recording_over_http_each_snapshot_has_its_frames_own_time(pane, repo, tmp_path, qtbot):
    repo.add_camera(
        "Drawer", "rtsp://cam2.local/live", "http://nvr.local/play/2?start={start}", camera_id="cam2"
    )
    repo.set_terminal_cameras("S1", "R01", ["cam2"])
    player = paused_at(pane, 13_650)  # the frame on screen: 13 640 - 13 680 ms at 25 fps
    qtbot.waitUntil(lambda: player.calls[-1] == ("seek", 13_660))  # shown anew by its middle (still_frame.py)
    pane.snapshot_button.click()
    pane.frame_button.click()
    pane.snapshot_button.click()
    pane.frame_back_button.click()
    pane.frame_back_button.click()
    pane.snapshot_button.click()
    folder = tmp_path / "snaps"
    names = ["K1-cam2-20261120T140308.640Z.png", "K1-cam2-20261120T140308.680Z.png",
             "K1-cam2-20261120T140308.600Z.png"]  # fmt: skip
    for name in names:
        info = sidecar(folder / name)
        assert info["time_basis"] == "frame" and info["frames_stepped"] == 0, info
        assert info["time_note"].startswith("The frame's own time"), info
    assert [i.path.name for i in ticket_snapshots(folder, "K1")] == [names[2], names[0], names[1]]


def trail(store):
    with store.reader() as reader:
        return reader.review.audit_trail("K1")


class BusyAudit:
    """``store.audit`` while a sync holds the cache's write lock past the busy timeout."""

    def record(self, *_args, **_kwargs):
        from ows_desktop.store.errors import StoreBusyError

        raise StoreBusyError("the cache stayed busy")


@pytest.mark.parametrize("busy", [False, True])
def test_a_snapshots_sha256_goes_to_its_sidecar_and_the_audit_trail(qtbot, repo, store, tmp_path, busy):
    """The tester copied another PNG over a snapshot and the export took it as the investigator's: nothing
    recorded what the file was. Now its digest is in the sidecar and, where it cannot be edited, in the
    ticket's audit trail (store.audit); when the trail cannot take it, the pane says so."""
    import hashlib

    pane = VideoPane(FakeMediaBackend(), repo, AppSettings(DictSettingsBackend()), snapshot_dir=tmp_path / "snaps",
                     audit=BusyAudit() if busy else store.audit)  # fmt: skip
    qtbot.addWidget(pane)
    told: list[str] = []
    pane.statusMessage.connect(lambda text, _ms: told.append(text))
    try:
        paused_at(pane, 13_650)
        pane.snapshot_button.click()
        [png] = (tmp_path / "snaps").glob("*.png")
        digest = hashlib.sha256(png.read_bytes()).hexdigest()
        assert sidecar(png)["sha256"] == digest and sidecar(png)["bytes"] == png.stat().st_size
        if busy:
            qtbot.waitUntil(lambda: len(told) == 2)
            assert told[1].startswith(
                f"Snapshot {png.name} saved, but its SHA-256 could not be put in the audit "
            )
            assert "the cache stayed busy" in told[1]
            # what it means now: exports leave out a snapshot the trail does not have (export/custody.py)
            assert told[1].endswith("exports will leave it out, as OWS Desktop did not record taking it. "
                                    "Take the snapshot again.")  # fmt: skip
            return
        qtbot.waitUntil(lambda: bool(trail(store)))  # written off the GUI thread (JobRunner)
        [entry] = trail(store)
        assert (entry.action, entry.changes["file"], entry.changes["sha256"]) == (
            "snapshot",
            png.name,
            digest,
        )
        assert told == [f"Snapshot saved: {png}"]
    finally:
        pane.shutdown()


def test_a_sidecar_time_with_no_zone_is_read_as_utc_beside_the_tickets_other_snapshots(tmp_path):
    """No version wrote a time without its zone: a hand-edited sidecar's "2026-12-06T17:52:39" beside a
    snapshot of the same ticket made the sort compare a naive and an aware time (TypeError), and the export
    said the ticket's snapshots were missing. Read as UTC, as the export's custody check reads it (which then
    names such a file when the store contradicts it: tests/core/export/test_snapshot_custody.py)."""
    folder = tmp_path / "snaps"
    folder.mkdir()
    for name, time_utc in (("B", "2026-12-06T17:52:39"), ("A", "2026-12-06T17:52:38.650000Z")):
        (folder / f"T-1-cam2-{name}.png").write_bytes(b"\x89PNG")
        (folder / f"T-1-cam2-{name}.png.json").write_text(
            json.dumps({"ticket_key": "T-1", "camera_id": "cam2", "time_utc": time_utc, "taken_utc": None})
        )
    found = ticket_snapshots(folder, "T-1")
    assert [info.path.name for info in found] == ["T-1-cam2-A.png", "T-1-cam2-B.png"]
    assert found[1].time == datetime(2026, 12, 6, 17, 52, 39, tzinfo=UTC)


def test_a_snapshot_and_its_details_are_private_to_the_investigator(tmp_path) -> None:
    """The snapshots folder was 0755 and its files 0644 while everything else in the data folder is 0700 /
    0600: an investigator's evidence is theirs alone, in a folder made now or one an earlier version made.
    A folder that cannot hold them is said (None: the pane says the folder cannot be written), not raised."""
    import stat

    from ows_desktop.camera.snapshots import save_snapshot

    class Still:
        plan = None

        def shown_time(self):
            from ows_desktop.camera.snapshots import FrameTime

            return FrameTime(3_000, 3_000, exact=True)

        def snapshot(self, path: Path) -> bool:
            path.unlink()  # as a writer that makes the file anew, with the umask's mode
            path.write_bytes(b"\x89PNG\r\n\x1a\n picture")
            return True

    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    for folder in (tmp_path / "new" / "snapshots", tmp_path / "earlier"):
        if folder.name == "earlier":
            folder.mkdir(mode=0o755)
            folder.chmod(0o755)
        saved = save_snapshot(Still(), "cam1", "Overhead", ticket_key="K1", clock_offset=0.0, folder=folder)
        assert saved is not None
        assert (mode(folder), mode(saved), mode(saved.with_name(saved.name + ".json"))) == (
            0o700,
            0o600,
            0o600,
        )
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # anyone may write there: refused, not used
    assert (
        save_snapshot(Still(), "cam1", "Overhead", ticket_key="K1", clock_offset=0.0, folder=shared) is None
    )
    assert list(shared.iterdir()) == []
