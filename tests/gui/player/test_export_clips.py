"""Evidence exports carry each mapped camera's video clip (pre-roll to post-roll, the terminal's clock offset
applied), cut from the simulated recorder over HTTP by libVLC's stream output: the clip lasts the requested
span, a frame at the sale moment shows the recorder's burned-in clock at the ticket's time, and every clip is
hashed in the signed manifest that ``verify`` checks."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from clock_frames import clock_in_png
from review_helpers import pdftotext

from ows_desktop.camera.mapping_file import install_demo_cameras
from ows_desktop.export.formatting import iso_utc
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.player.libvlc import VlcMediaBackend
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.simulator.recorder import FakeRecorder
from ows_desktop.store import TicketQuery, open_store

OFFSET_S = 7.0  # the register's clock is 7 s behind the recorder's


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
def case_store(tmp_path):
    """A store with four tickets on one register, whose four demo cameras record on the simulated recorder."""
    gen = TicketGenerator(SimConfig(stores=1, terminals_per_store=1, days=1, tickets_per_store_day=4))
    with (
        open_store(tmp_path / "data" / "tickets.sqlite3") as store,
        FakeRecorder(burned_clock=True) as recorder,
    ):
        store.upsert_tickets([normalise_ticket(gen.ticket(i)) for i in range(gen.count())])
        install_demo_cameras(store, gen.terminals(), recorder)
        yield store, recorder


def cli(tmp_path, store, argv, stderr=None):
    from cli_support import make_ctx

    from ows_desktop.basics.paths import AppPaths
    from ows_desktop.cli.main import main

    ctx = make_ctx(tmp_path)
    ctx.paths = AppPaths(data_dir=store.path.parent, config_dir=tmp_path / "cfg", log_dir=tmp_path / "log",
                         cache_dir=tmp_path / "c")  # fmt: skip
    if stderr is not None:
        ctx.stderr = stderr
    code = main(argv, ctx)
    return code, ctx


def new_case(store, keys):
    return store.cases.new_case("Voids at register 1", operator="Operator 1", tickets=keys).number


def play_to(backend, path: Path, media_ms: int, shot: Path) -> Path:
    """A picture of ``path`` at ``media_ms`` (played from its start, fast, then paused there)."""
    from ows_desktop.camera.media import build_media_request

    player = backend.create_player()
    try:
        player.bind(0)
        player.play(build_media_request(path.as_uri()))
        player.set_rate(4.0)
        deadline = time.monotonic() + 20
        while player.time_ms() < media_ms and time.monotonic() < deadline:
            time.sleep(0.005)
        player.set_paused(True)
        time.sleep(0.3)
        assert player.snapshot(shot), "libVLC took no picture"
    finally:
        player.stop()
        player.release()
    return shot


def clip_seconds(backend, path: Path) -> float:
    from ows_desktop.player.clip_cutter import VlcClipCutter

    cutter = VlcClipCutter()
    try:
        seconds = cutter._duration(path)
    finally:
        cutter.close()
    assert seconds is not None
    return seconds


def test_case_export_holds_every_cameras_clip_at_the_tickets_time_signed_and_verified(
    case_store, backend, tmp_path, qapp
):
    store, _recorder = case_store
    with store.reader() as reader:
        row = reader.page(TicketQuery(), 1)[0][0]
        ticket = reader.ticket(row.rowid)
    from ows_desktop.store.cameras import CameraRepository

    cameras = CameraRepository(store, None)
    cameras.set_clock_offset(ticket.location, ticket.terminal, OFFSET_S)
    mapped = cameras.mapping(ticket.location, ticket.terminal)
    number = new_case(store, [row.key])
    out = tmp_path / "case"
    code, ctx = cli(tmp_path, store, ["case", "export", number, "--format", "pdf", "--out", str(out),
                                      "--pre-roll", "4", "--post-roll", "3"])  # fmt: skip
    assert code == 0, ctx.stderr.getvalue()
    assert f"{len(mapped.cameras)} video clips saved" in ctx.stdout.getvalue()

    custody = json.loads((out / "export.json").read_text())
    clips = custody["clips"]
    assert [c["camera"] for c in clips] == [mapped.primary.name] + [
        c.name for c in mapped.cameras if c.id != mapped.primary_id
    ]
    assert "remuxed into MP4" in custody["clip_method"]
    manifest = (out / "MANIFEST.sha256").read_text()
    start = ticket.start - timedelta(seconds=4)
    for clip in clips:
        assert clip["missing"] is None and clip["file"].startswith("clips/") and clip["file"].endswith(".mp4")
        assert f"{clip['sha256']}  {clip['file']}" in manifest
        assert clip["clock_offset_seconds"] == OFFSET_S
        assert clip["start_utc"] == iso_utc(start.replace(microsecond=0).astimezone(ticket.start.tzinfo))
        assert clip["recorder_start_utc"] == iso_utc(
            (start.replace(microsecond=0) + timedelta(seconds=OFFSET_S)).astimezone(ticket.start.tzinfo)
        )
        assert clip["start_store_time"] and clip["end_store_time"]
        # the saved clip lasts the requested span (pre-roll + ticket + post-roll), ±1 s
        assert abs(clip_seconds(backend, out / clip["file"]) - clip["requested_seconds"]) <= 1.0, clip
    # the primary camera's frame at the sale moment shows the recorder's clock at the ticket's time + offset
    primary = clips[0]
    media_ms = int((ticket.start - start.replace(microsecond=0)).total_seconds() * 1000)
    shot = play_to(backend, out / primary["file"], media_ms, tmp_path / "sale.png")
    burned = clock_in_png(shot)
    expected = ticket.start + timedelta(seconds=OFFSET_S)
    assert burned is not None and abs((burned - expected).total_seconds()) <= 1.0, (burned, expected)
    # the PDF exhibit lists the clips
    report = subprocess.run(
        ["pdftotext", str(out / "case-report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Video clips" in report and primary["file"] in report

    # verify checks the clips: a changed byte in one is found
    code, ctx = cli(tmp_path, store, ["verify", str(out)])
    assert code == 0, ctx.stdout.getvalue() + ctx.stderr.getvalue()
    tampered = out / clips[-1]["file"]
    data = bytearray(tampered.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    code, ctx = cli(tmp_path, store, ["verify", str(out)])
    assert code != 0 and clips[-1]["file"] in ctx.stdout.getvalue() + ctx.stderr.getvalue()


class InterruptingStderr(io.StringIO):
    """The log of an investigator who presses Ctrl-C when the count says the first ticket is exported (the
    next lines come at most every 5 s, cli/progress_lines.py)."""

    def write(self, text):
        written = super().write(text)
        if text.startswith("Exported 1 of"):
            os.kill(os.getpid(), signal.SIGINT)
        return written


def test_case_export_counts_tickets_and_ctrl_c_cancels_leaving_nothing(case_store, backend, tmp_path):
    store, _recorder = case_store
    with store.reader() as reader:
        keys = [row.key for row in reader.page(TicketQuery(), 10)[0]]
    number = new_case(store, keys)
    out = tmp_path / "case"
    stderr = InterruptingStderr()
    code, ctx = cli(tmp_path, store, ["case", "export", number, "--format", "json", "--out", str(out),
                                      "--progress"], stderr=stderr)  # fmt: skip
    err = stderr.getvalue()
    assert code == 130, err
    assert err.startswith("Exported 1 of 4 tickets\n") and "3 of 4" not in err and "4 of 4" not in err
    assert "Export cancelled; nothing was written." in err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".case")]
    # without Ctrl-C the same export completes, with the count up to 4
    code, ctx = cli(tmp_path, store, ["case", "export", number, "--format", "json", "--out", str(out),
                                      "--progress", "--clips", "primary"])  # fmt: skip
    assert code == 0 and "Exported 4 of 4 tickets" in ctx.stderr.getvalue()
    assert len(json.loads((out / "export.json").read_text())["clips"]) == 4


def test_case_export_without_clips_option_follows_preferences(case_store, tmp_path, qapp):
    """No --clips: Preferences ▸ Evidence ▸ Include video clips decides (here None); --clips still wins."""
    from ows_desktop.basics.settings import open_ini_settings

    store, _recorder = case_store
    with store.reader() as reader:
        row = reader.page(TicketQuery(), 1)[0][0]
    number = new_case(store, [row.key])
    open_ini_settings(tmp_path / "cfg" / "settings.ini").set("export/clips", "none")
    out = tmp_path / "case"
    code, ctx = cli(tmp_path, store, ["case", "export", number, "--format", "json", "--out", str(out)])
    assert code == 0, ctx.stderr.getvalue()
    assert "saved." not in ctx.stdout.getvalue()  # no line about clips at all
    assert not json.loads((out / "export.json").read_text()).get("clips")
    out2 = tmp_path / "case2"
    code, ctx = cli(tmp_path, store, ["case", "export", number, "--format", "json", "--out", str(out2),
                                      "--clips", "primary", "--pre-roll", "1", "--post-roll", "1"])  # fmt: skip
    assert code == 0, ctx.stderr.getvalue()
    assert "1 video clip saved." in ctx.stdout.getvalue()


def test_a_pdf_cover_says_how_many_clips_are_missing(case_store, tmp_path, qapp):
    """Its Integrity section said how many tickets have no snapshot, and nothing of the missing clips."""
    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.store.cameras import CameraRepository

    store, _recorder = case_store
    repo = CameraRepository(store, MemoryCameraSecrets())
    primary = repo.mappings()[0].primary
    repo.update_camera(primary.id, playback_url=None)  # live only: no clip to cut
    with store.reader() as reader:
        keys = [row.key for row in reader.page(TicketQuery(), 2)[0]]
    number = new_case(store, keys)
    out = tmp_path / "case"
    code, ctx = cli(tmp_path, store, ["case", "export", number, "--format", "pdf", "--out", str(out),
                                      "--clips", "primary", "--pre-roll", "1", "--post-roll", "1"])  # fmt: skip
    assert code == 0, ctx.stderr.getvalue()
    cover = pdftotext(out / "case-report.pdf", "-l", "2")
    assert "2 video clips are missing" in " ".join(cover.split())
