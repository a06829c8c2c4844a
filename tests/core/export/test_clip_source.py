"""The export's video clips without libVLC (a stand-in cutter): every missing clip is listed with its plain
reason, an unreachable recorder is probed once per camera and fails every later clip at once, and a cancelled
export leaves nothing that looks complete."""

from __future__ import annotations

import json
import threading

import pytest

from ows_desktop.camera.mapping_file import install_demo_cameras
from ows_desktop.camera.probe import probe_camera
from ows_desktop.export import Selection, export_tickets
from ows_desktop.export.clips import ClipSource
from ows_desktop.export.errors import ExportCancelled
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.simulator.recorder import FakeRecorder
from ows_desktop.store import TicketQuery, open_store
from ows_desktop.store.cameras import CameraRepository


class FakeCutter:
    """Writes a few bytes per clip and remembers what it was asked."""

    suffix = ".mp4"
    method = "test cutter"

    def __init__(self):
        self.cuts = []

    def cut(self, request, seconds, dest, cancel):
        self.cuts.append((request.display_url, seconds))
        dest.write_bytes(b"\x00\x00\x00\x18ftypisom" + request.display_url.encode())
        return seconds


@pytest.fixture
def store(tmp_path):
    gen = TicketGenerator(SimConfig(stores=1, terminals_per_store=1, days=1, tickets_per_store_day=4))
    with open_store(tmp_path / "tickets.sqlite3") as s:
        s.upsert_tickets([normalise_ticket(gen.ticket(i)) for i in range(gen.count())])
        with FakeRecorder() as recorder:
            install_demo_cameras(s, gen.terminals(), recorder)
            yield s, recorder


@pytest.fixture
def clip_source():
    """Makes ClipSources and closes them at the end, as the window and the CLI do (their cut clips wait in
    a temporary folder until the export has copied them)."""
    made = []

    def make(*args, **kwargs):
        made.append(ClipSource(*args, **kwargs))
        return made[-1]

    yield make
    for source in made:
        source.close()


def flag_all(s):
    with s.reader() as reader:
        keys = [row.key for row in reader.page(TicketQuery(), 100)[0]]
    for key in keys:
        s.review.flag_ticket(key, reason="Void abuse")
    return keys


def test_every_camera_of_every_ticket_gets_a_clip_in_the_manifest(store, tmp_path, clip_source):
    s, _recorder = store
    keys = flag_all(s)
    cutter = FakeCutter()
    source = clip_source(CameraRepository(s, None), cutter, preroll_s=5, postroll_s=5)
    with s.reader() as reader:
        result = export_tickets(reader, Selection.flagged(), "json", tmp_path / "case", clip_source=source)
    cameras = len(CameraRepository(s, None).mappings()[0].cameras)
    assert result.clips == len(keys) * cameras and not result.missing_clips
    custody = json.loads((tmp_path / "case" / "export.json").read_text())
    manifest = (tmp_path / "case" / "MANIFEST.sha256").read_text()
    assert all(f"{c['sha256']}  {c['file']}" in manifest for c in custody["clips"])
    assert all("/playback/" in url for url, _ in cutter.cuts)
    assert all(c["requested_seconds"] >= 10 for c in custody["clips"])
    cut_into = source._folder()
    source.close()  # what the window and the CLI do after an export: the cut clips' folder goes
    assert not cut_into.exists()


def test_an_unreachable_recorder_is_probed_once_per_camera_and_every_clip_says_why(
    store, tmp_path, clip_source
):
    s, recorder = store
    recorder.stop()  # its port now refuses connections
    keys = flag_all(s)
    cutter = FakeCutter()
    probes = []
    source = clip_source(
        CameraRepository(s, None), cutter, probe=lambda *a: probes.append(a) or probe_camera(*a)
    )
    with s.reader() as reader:
        result = export_tickets(reader, Selection.flagged(), "json", tmp_path / "case", clip_source=source)
    cameras = len(CameraRepository(s, None).mappings()[0].cameras)
    assert len(probes) == cameras and cutter.cuts == []
    assert result.clips == 0 and len(result.missing_clips) == len(keys) * cameras
    custody = json.loads((tmp_path / "case" / "export.json").read_text())
    assert all(
        c["file"] is None and "unreachable: connection refused" in c["missing"] for c in custody["clips"]
    )


def test_live_only_and_unmapped_cameras_are_listed_as_missing_with_the_reason(store, tmp_path, clip_source):
    s, _recorder = store
    flag_all(s)
    repo = CameraRepository(s, None)
    mapping = repo.mappings()[0]
    repo.update_camera(mapping.primary.id, playback_url=None)
    with s.reader() as reader:
        result = export_tickets(
            reader,
            Selection.flagged(),
            "json",
            tmp_path / "a",
            clip_source=clip_source(repo, FakeCutter(), max_cameras=1),
        )
    assert {m["error"] for m in result.missing_clips} == {
        f"Camera {mapping.primary.name} is live only (no recording to look back at)."
    }
    repo.set_terminal_cameras(mapping.location, mapping.terminal, [])
    with s.reader() as reader:
        result = export_tickets(
            reader, Selection.flagged(), "json", tmp_path / "b", clip_source=clip_source(repo, FakeCutter())
        )
    assert {m["error"] for m in result.missing_clips} == {
        f"No camera is mapped to register {mapping.terminal} of store {mapping.location}."
    }


def test_an_export_cancelled_while_the_last_clip_is_cut_leaves_nothing_behind(store, tmp_path, clip_source):
    s, _recorder = store
    flag_all(s)
    cancel = threading.Event()
    counts = []
    cameras = len(CameraRepository(s, None).mappings()[0].cameras)

    class CancelledCutter(FakeCutter):
        def cut(self, request, seconds, dest, cancel_event):
            if len(self.cuts) == 3 * cameras:  # the first clip of the last ticket: the investigator cancels
                cancel.set()
            return super().cut(request, seconds, dest, cancel_event)

    source = clip_source(CameraRepository(s, None), CancelledCutter())
    with s.reader() as reader, pytest.raises(ExportCancelled):
        export_tickets(
            reader,
            Selection.flagged(),
            "json",
            tmp_path / "case",
            clip_source=source,
            progress=lambda done, total: counts.append((done, total)),
            cancel=cancel,
        )
    assert counts == [(1, 4), (2, 4), (3, 4)]
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith("tickets.sqlite3")]


def test_a_recorder_that_accepts_but_never_delivers_is_given_up_after_two_clips(store, tmp_path, clip_source):
    from ows_desktop.export.clips import ClipUnavailable

    s, _recorder = store
    keys = flag_all(s)

    class SilentRecorder(FakeCutter):
        def cut(self, request, seconds, dest, cancel):
            self.cuts.append(request.display_url)
            raise ClipUnavailable("the recorder did not deliver the recording within 99 s")

    cutter = SilentRecorder()
    source = clip_source(CameraRepository(s, None), cutter, max_cameras=1)
    with s.reader() as reader:
        result = export_tickets(reader, Selection.flagged(), "json", tmp_path / "case", clip_source=source)
    assert len(cutter.cuts) == 2  # not once per ticket: the third and fourth fail at once
    primary = CameraRepository(s, None).mappings()[0].primary.name
    assert [m["error"] for m in result.missing_clips] == [
        f"Camera {primary}: the recorder did not deliver the recording within 99 s"
    ] * len(keys)
