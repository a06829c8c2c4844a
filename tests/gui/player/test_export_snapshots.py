"""Evidence exports carry the primary camera's picture at the ticket's time, taken from the recording with
a headless libVLC (no display needed), and say which camera, time and clock offset it is."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from clock_frames import clock_in_png

from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
from ows_desktop.camera.mapping_file import install_demo_cameras
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.player.evidence import SnapshotUnavailable, ticket_snapshot_provider
from ows_desktop.player.libvlc import VlcMediaBackend
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.simulator.recorder import FakeRecorder
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.store.cameras import CameraRepository


@pytest.fixture
def backend():
    b = VlcMediaBackend(headless=True)
    if not b.availability().ok:
        if os.environ.get("CI"):
            pytest.fail("CI must have libVLC (libvlc5 + vlc-plugin-base)")
        pytest.skip("libVLC is not installed")
    yield b
    b.close()


@pytest.fixture
def mapped(tmp_path):
    gen = TicketGenerator(SimConfig(stores=1, terminals_per_store=1, days=1, tickets_per_store_day=4))
    with open_store(tmp_path / "tickets.sqlite3") as store, FakeRecorder(burned_clock=True) as recorder:
        store.upsert_tickets([normalise_ticket(gen.ticket(i)) for i in range(gen.count())])
        install_demo_cameras(store, gen.terminals(), recorder)
        yield store


def test_the_primary_camera_is_captured_at_the_tickets_time(mapped, backend, tmp_path):
    cameras = CameraRepository(mapped, MemoryCameraSecrets())
    with mapped.reader() as reader:
        ticket = reader.ticket(reader.page(TicketQuery(), 1)[0][0].rowid)
    provide = ticket_snapshot_provider(cameras, backend, tmp_path / "snaps", frames=lambda: tmp_path)
    [shot] = provide(ticket)  # nobody took a snapshot of it: the export takes one itself, and says so
    assert shot.chosen_by == "automatic" and "reported time" in shot.time_note
    path, camera, shown_at, offset = Path(shot.path), shot.camera, shot.time, shot.clock_offset_seconds
    assert path.name.endswith("-auto.png") and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert camera == cameras.mapping(ticket.location, ticket.terminal).primary.name
    assert offset == 0.0
    assert abs((shown_at - ticket.start).total_seconds()) < 2.0  # the recording around the ticket's start
    # the picture itself shows the recorder's clock at the ticket's start (the recorder burns it in)
    burned = clock_in_png(path)
    assert burned is not None and abs((burned - ticket.start).total_seconds()) <= 1.0, (burned, ticket.start)


def test_a_camera_without_recordings_gives_no_picture_rather_than_a_wrong_one(mapped, backend, tmp_path):
    cameras = CameraRepository(mapped, MemoryCameraSecrets())
    with mapped.reader() as reader:
        ticket = reader.ticket(reader.page(TicketQuery(), 1)[0][0].rowid)
    mapping = cameras.mapping(ticket.location, ticket.terminal)
    cameras.update_camera(mapping.primary.id, playback_url=None)  # a live-only camera
    assert cameras.mapping(ticket.location, ticket.terminal).primary.playback_url is None
    with pytest.raises(SnapshotUnavailable, match="is live only"):
        ticket_snapshot_provider(cameras, backend, tmp_path / "snaps", frames=lambda: tmp_path)(ticket)


class NoPlayer:
    """A video backend that must not be used: an unreachable camera is known before any player starts."""

    players = 0

    def create_player(self):
        NoPlayer.players += 1
        raise AssertionError("a player was started for an unreachable camera")


def test_an_unreachable_recorder_is_probed_once_and_every_missing_picture_says_why(tmp_path):
    from cli_support import make_ctx

    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.cli.main import main as cli_main

    gen = TicketGenerator(SimConfig(stores=1, terminals_per_store=1, days=1, tickets_per_store_day=4))
    with open_store(tmp_path / "tickets.sqlite3") as store:
        with FakeRecorder(burned_clock=True) as recorder:
            store.upsert_tickets([normalise_ticket(gen.ticket(i)) for i in range(gen.count())])
            install_demo_cameras(store, gen.terminals(), recorder)
        # the recorder is gone: its port refuses connections
        with store.reader() as reader:
            keys = [row.key for row in reader.page(TicketQuery(), 10)[0]]
        for key in keys:
            store.review.flag_ticket(key, reason="Void abuse")
        cameras = CameraRepository(store, MemoryCameraSecrets())
        probes = []
        provide = ticket_snapshot_provider(cameras, NoPlayer(), tmp_path / "snaps", frames=lambda: tmp_path)
        import ows_desktop.player.evidence as evidence

        real_probe = evidence.probe_camera
        evidence.probe_camera = lambda *a, **k: probes.append(a) or real_probe(*a, **k)
        try:
            with store.reader() as reader:
                from ows_desktop.export import Selection, export_tickets

                result = export_tickets(
                    reader, Selection.flagged(), "json", tmp_path / "case", snapshot_provider=provide
                )
        finally:
            evidence.probe_camera = real_probe
        assert len(probes) == 1 and NoPlayer.players == 0
        assert len(result.missing_snapshots) == len(keys) == 4
        custody = json.loads((tmp_path / "case" / "export.json").read_text())
        assert len(custody["snapshot_failures"]) == 4
        assert all("unreachable: connection refused" in f["error"] for f in custody["snapshot_failures"])
        # the CLI's summary says it too
        ctx = make_ctx(tmp_path)
        ctx.paths = AppPaths(data_dir=store.path.parent, config_dir=tmp_path / "cfg", log_dir=tmp_path / "log",
                             cache_dir=tmp_path / "c")  # fmt: skip
        ctx.stdout = io.StringIO()
        assert cli_main(["export", "--flagged", "--format", "csv", "--out", str(tmp_path / "c2")], ctx) == 0
        out = ctx.stdout.getvalue()
        assert "4 tickets have no camera snapshot" in out and "connection refused" in out


def test_pdf_export_embeds_the_snapshot_and_records_it(mapped, backend, tmp_path, qapp, monkeypatch):
    import tempfile

    from cli_support import make_ctx

    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.camera.snapshots import SnapshotInfo, claim_snapshot_path, write_sidecar
    from ows_desktop.cli.main import main

    with mapped.reader() as reader:
        key, other = (row.key for row in reader.page(TicketQuery(), 2)[0])
    mapped.review.flag_ticket(key, reason="Void abuse")
    ctx = make_ctx(tmp_path)
    ctx.paths = AppPaths(data_dir=mapped.path.parent, config_dir=tmp_path / "cfg", log_dir=tmp_path / "log",
                         cache_dir=tmp_path / "c")  # fmt: skip
    # the investigator's own snapshot, of a ticket the export does not hold
    mine = claim_snapshot_path(ctx.paths.snapshots_dir, other, "cam-1", None)
    mine.write_bytes(b"\x89PNG\r\n\x1a\n")
    write_sidecar(SnapshotInfo(mine, other, "cam-1", "Overhead", None, 0.0))
    taken = sorted(p.name for p in ctx.paths.snapshots_dir.iterdir())
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    out = tmp_path / "case"
    ctx.stdout = io.StringIO()
    assert main(["export", "--flagged", "--format", "pdf", "--out", str(out)], ctx) == 0, (
        ctx.stderr.getvalue()
    )
    custody = json.loads((out / "export.json").read_text())
    [snap] = custody["snapshots"]
    assert snap["camera"] and snap["time_utc"] and snap["clock_offset_seconds"] == 0.0
    assert snap["chosen_by"] == "automatic" and snap["file"].endswith("-auto.png")
    assert snap["ticket_id"] == key
    assert (out / snap["file"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert any(p.suffix == ".png" for p in out.rglob("*"))
    # the export's own frame was never one of the investigator's snapshots: their folder holds only theirs
    assert sorted(p.name for p in ctx.paths.snapshots_dir.iterdir()) == taken
    assert list((tmp_path / "tmp").iterdir()) == []  # nor is the export's own folder for it left behind


def test_a_cli_pdf_export_with_snapshots_outside_a_desktop_session_prints_only_its_line(
    mapped, backend, tmp_path
):
    """cron or ssh: no XDG_RUNTIME_DIR, no display. libVLC's Wayland window probe printed "error:
    XDG_RUNTIME_DIR is invalid or not set in the environment." twice a picture on standard error."""
    import base64
    import subprocess
    import sys

    store = mapped
    with store.reader() as reader:
        keys = [row.key for row in reader.page(TicketQuery(), 2)[0]]
    for key in keys:
        store.review.flag_ticket(key, reason="Line void")
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY")}
    env["OWS_SIGNING_KEY"] = base64.b64encode(bytes(range(32))).decode()
    env["TMPDIR"] = str(
        tmp_path
    )  # where the runtime folder it gives itself is made (and kept: basics/paths.py)
    out = tmp_path / "out"
    command = Path(sys.executable).with_name("ows-desktop")
    run = subprocess.run(
        [str(command), "--data-dir", str(tmp_path), "export", "--flagged", "--format", "pdf", "--clips", "none",
         "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.startswith("Exported 2 tickets as PDF") and len(run.stdout.strip().splitlines()) == 1
    custody = json.loads((out / "export.json").read_text(encoding="utf-8"))
    assert len(custody["snapshots"]) == 2 and custody["snapshot_failures"] == []
    assert (tmp_path / f"ows-desktop-runtime-{os.getuid()}").is_dir()  # the one it gave itself, kept
