"""``ows-desktop mapping import FILE`` / ``mapping export FILE``: exact round trip, every invalid case exits 2
naming the terminal or camera with the stored mapping unchanged, passwords only in the keyring."""

from __future__ import annotations

import argparse
import copy
import io
import json
from pathlib import Path

import pytest

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.camera.mapping_file import (
    dumps_document,
    export_document,
    import_mapping,
    install_demo_cameras,
)
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.cli.mapping import add_commands as add_mapping_commands
from ows_desktop.simulator import SimConfig, TicketGenerator
from ows_desktop.simulator.recorder import FakeRecorder
from ows_desktop.store import open_store
from ows_desktop.store.cameras import CameraRepository

DOC = {
    "cameras": [
        {
            "id": "s1-cam1",
            "name": "Register overhead",
            "url": "rtsp://nvr.s1.local:554/ch1",
            "playback_url": "http://nvr.s1.local/play/1?start={start}&end={end}",
        },
        {"id": "s1-cam2", "name": "Cash drawer", "url": "rtsps://nvr.s1.local/ch2", "playback_url": None},
        {
            "id": "s1-cam3",
            "name": "Front door",
            "url": "https://cams.example.com/door.ts",
            "playback_url": "https://cams.example.com/rec/door?from={start:epoch_ms}&to={end:epoch_ms}",
        },
        {
            "id": "s2-cam1",
            "name": "Aisle",
            "url": "file:///srv/video/aisle.mp4",
            "playback_url": "http://nvr.s2.local/{start:%Y%m%dT%H%M%SZ}/{end:epoch}.mp4",
        },
    ],
    "terminals": [
        {
            "location": "S1",
            "terminal": "R01",
            "cameras": ["s1-cam1", "s1-cam2", "s1-cam3"],
            "primary": "s1-cam2",
        },
        {
            "location": "S1",
            "terminal": "R02",
            "cameras": ["s1-cam3"],
            "primary": "s1-cam3",
            "clock_offset_seconds": -2.5,
        },
        {"location": "S2", "terminal": "R01", "cameras": ["s2-cam1"], "primary": "s2-cam1"},
    ],
}


@pytest.fixture
def ctx(tmp_path) -> CliContext:
    context = CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(),
        env={},
    )
    settings = context.settings()
    settings.set("video/clips_folder", "/srv/video")  # DOC's file: camera lives there
    settings.backend.sync()
    return context


def run(argv: list[str], ctx: CliContext) -> int:
    parser = argparse.ArgumentParser(prog="ows-desktop")
    add_mapping_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args, ctx)


def write(tmp_path: Path, doc, name: str = "mapping.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2), encoding="utf-8")
    return path


def stored(ctx: CliContext) -> dict:
    store = open_store(ctx.paths.database)
    try:
        return export_document(CameraRepository(store))
    finally:
        store.close()


def test_export_round_trips_exactly(ctx, tmp_path):
    text = dumps_document(DOC)
    source = write(tmp_path, text, "in.json")
    assert run(["mapping", "import", str(source)], ctx) == 0
    assert "Imported 4 cameras and 3 terminal mappings" in ctx.stdout.getvalue()
    out = tmp_path / "out.json"
    assert run(["mapping", "export", str(out)], ctx) == 0
    assert out.read_text(encoding="utf-8") == text
    # and once more through the export: a fixed point
    assert run(["mapping", "import", str(out)], ctx) == 0
    assert stored(ctx) == DOC


def test_terminals_not_seen_in_tickets_are_accepted(ctx, tmp_path):
    assert run(["mapping", "import", str(write(tmp_path, DOC))], ctx) == 0
    store = open_store(ctx.paths.database)
    try:
        terminals = CameraRepository(store).terminals()
    finally:
        store.close()
    assert [(t.location, t.terminal, t.camera_count, t.seen_in_tickets) for t in terminals] == [
        ("S1", "R01", 3, False),
        ("S1", "R02", 1, False),
        ("S2", "R01", 1, False),
    ]


def _with(change) -> dict:
    doc = copy.deepcopy(DOC)
    change(doc)
    return doc


def _cam(doc, i) -> dict:
    return doc["cameras"][i]


def _term(doc, i) -> dict:
    return doc["terminals"][i]


INVALID = [
    (
        "five cameras on a terminal",
        lambda d: (
            d["cameras"].extend({"id": f"x{i}", "name": f"X{i}", "url": f"rtsp://x/{i}"} for i in range(2)),
            _term(d, 0)["cameras"].extend(["x0", "x1"]),
        ),
        ["terminal R01 at location S1", "5 cameras", "at most 4"],
    ),
    (
        "primary not in its list",
        lambda d: _term(d, 0).update(primary="s2-cam1"),
        ["terminal R01 at location S1", "'s2-cam1' is not one of its cameras"],
    ),
    ("no primary", lambda d: _term(d, 1).update(primary=None), ["terminal R02 at location S1", "no primary"]),
    (
        "unknown camera id",
        lambda d: _term(d, 2)["cameras"].append("ghost"),
        ["terminal R01 at location S2", "unknown camera 'ghost'"],
    ),
    ("ftp live URL", lambda d: _cam(d, 1).update(url="ftp://nvr/ch2"), ["camera 's1-cam2'", "'ftp'"]),
    (
        "rtmp playback URL",
        lambda d: _cam(d, 0).update(playback_url="rtmp://nvr/play?start={start}"),
        ["camera 's1-cam1'", "'rtmp'"],
    ),
    (
        "URL without scheme",
        lambda d: _cam(d, 2).update(url="cams.example.com/door"),
        ["camera 's1-cam3'", "no scheme"],
    ),
    (
        "template without start",
        lambda d: _cam(d, 0).update(playback_url="http://nvr/play/1"),
        ["camera 's1-cam1'", "{start}"],
    ),
    (
        "unknown template format",
        lambda d: _cam(d, 0).update(playback_url="http://nvr/p?s={start:seconds}"),
        ["camera 's1-cam1'", "unknown time format"],
    ),
    (
        "duplicate camera id",
        lambda d: d["cameras"].append(dict(_cam(d, 0))),
        ["camera 's1-cam1'", "listed twice"],
    ),
    (
        "duplicate terminal",
        lambda d: d["terminals"].append(dict(_term(d, 2))),
        ["terminal R01 at location S2", "listed twice"],
    ),
    (
        "camera listed twice on a terminal",
        lambda d: _term(d, 2)["cameras"].append("s2-cam1"),
        ["terminal R01 at location S2", "listed twice"],
    ),
    ("missing camera name", lambda d: _cam(d, 3).pop("name"), ["camera 's2-cam1'", "'name' is missing"]),
    ("numeric camera id", lambda d: _cam(d, 3).update(id=7), ["camera #4", "'id' must be a string"]),
    ("bad camera id", lambda d: _cam(d, 3).update(id="has space"), ["camera 'has space'", "letters, digits"]),
    ("unknown camera field", lambda d: _cam(d, 1).update(password="pw"), ["camera 's1-cam2'", "'password'"]),
    (
        "unknown terminal field",
        lambda d: _term(d, 0).update(primay="s1-cam1"),
        ["terminal R01 at location S1", "'primay'"],
    ),
    ("missing terminal id", lambda d: _term(d, 1).pop("terminal"), ["terminal #2", "'terminal' is missing"]),
    (
        "cameras not a list",
        lambda d: _term(d, 1).update(cameras="s1-cam3"),
        ["terminal R02 at location S1", "list of camera ids"],
    ),
    (
        "offset not a number",
        lambda d: _term(d, 1).update(clock_offset_seconds="2"),
        ["terminal R02 at location S1", "must be a number"],
    ),
    (
        "offset more than a day",
        lambda d: _term(d, 1).update(clock_offset_seconds=100000),
        ["terminal R02 at location S1", "more than a day"],
    ),
    ("unknown top-level key", lambda d: d.update(version=2), ["'version'"]),
    ("terminals not a list", lambda d: d.update(terminals={}), ["'terminals' must be a list"]),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_every_invalid_file_exits_2_naming_the_entry_and_changes_nothing(
    ctx, tmp_path, memory_keyring, change, expected
):
    before = {
        "cameras": [{"id": "old", "name": "Old", "url": "rtsp://old/1", "playback_url": None}],
        "terminals": [{"location": "S9", "terminal": "R09", "cameras": ["old"], "primary": "old"}],
    }
    assert run(["mapping", "import", str(write(tmp_path, before, "before.json"))], ctx) == 0
    keyring_before = dict(memory_keyring.items)
    # the first camera carries a password: a refused file must not leave it in the keyring either
    bad = _with(
        lambda d: (_cam(d, 0).update(url="rtsp://admin:pw-in-bad-file@nvr.s1.local:554/ch1"), change(d))
    )
    ctx.stderr = io.StringIO()
    assert run(["mapping", "import", str(write(tmp_path, bad))], ctx) == 2
    err = ctx.stderr.getvalue()
    for part in expected:
        assert part in err, err
    assert "Nothing was imported" in err
    assert err.count("\n") == 1
    assert stored(ctx) == before
    assert memory_keyring.items == keyring_before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "one JSON object"),
        (b"\xff\xfe".decode("latin-1"), "not valid JSON"),
    ],
)
def test_unreadable_files_exit_2(ctx, tmp_path, content, expected):
    assert run(["mapping", "import", str(write(tmp_path, content))], ctx) == 2
    assert expected in ctx.stderr.getvalue()
    assert not ctx.paths.database.exists()  # the cache is not even created for a bad file


def test_a_missing_file_exits_2(ctx, tmp_path):
    assert run(["mapping", "import", str(tmp_path / "nope.json")], ctx) == 2
    assert "cannot read" in ctx.stderr.getvalue()


def test_a_password_goes_to_the_keyring_never_to_the_export_and_survives_reimport(
    ctx, tmp_path, memory_keyring
):
    doc = _with(lambda d: _cam(d, 0).update(url="rtsp://admin:Hunter%402@nvr.s1.local:554/ch1"))
    assert run(["mapping", "import", str(write(tmp_path, doc))], ctx) == 0
    assert memory_keyring.items == {("ows-desktop", "camera:s1-cam1"): "Hunter@2"}
    out = tmp_path / "out.json"
    assert run(["mapping", "export", str(out)], ctx) == 0
    exported = out.read_text(encoding="utf-8")
    assert "Hunter" not in exported
    assert json.loads(exported)["cameras"][0]["url"] == "rtsp://admin@nvr.s1.local:554/ch1"
    for path in ctx.paths.data_dir.rglob("*"):
        if path.is_file():
            assert b"Hunter" not in path.read_bytes(), path
    assert run(["mapping", "import", str(out)], ctx) == 0  # the export has no password: the stored one stays
    assert memory_keyring.items == {("ows-desktop", "camera:s1-cam1"): "Hunter@2"}


def test_without_a_secure_keyring_a_password_fails_and_nothing_is_imported(ctx, tmp_path):
    from keyring.backends import fail

    from ows_desktop.basics.camera_secrets import KeyringCameraSecrets

    parser = argparse.ArgumentParser()
    add_mapping_commands(
        parser.add_subparsers(), secrets_factory=lambda _ctx: KeyringCameraSecrets(fail.Keyring())
    )
    doc = _with(lambda d: _cam(d, 0).update(url="rtsp://admin:pw@nvr/1"))
    args = parser.parse_args(["mapping", "import", str(write(tmp_path, doc))])
    with pytest.raises(Exception, match="never stores a secret in a plain file"):
        args.func(args, ctx)
    assert stored(ctx) == {"cameras": [], "terminals": []}


def test_import_merges_by_default_and_replace_removes_the_rest(ctx, tmp_path, memory_keyring):
    doc = _with(lambda d: _cam(d, 1).update(url="rtsps://admin:drawer-pw@nvr.s1.local/ch2"))
    assert run(["mapping", "import", str(write(tmp_path, doc))], ctx) == 0
    extra = {
        "cameras": [{"id": "s3-cam1", "name": "Back door", "url": "http://s3/1", "playback_url": None}],
        "terminals": [
            {"location": "S3", "terminal": "R01", "cameras": ["s3-cam1"], "primary": "s3-cam1"},
            {"location": "S1", "terminal": "R02", "cameras": ["s1-cam1", "s3-cam1"], "primary": "s3-cam1"},
        ],
    }
    assert run(["mapping", "import", str(write(tmp_path, extra, "extra.json"))], ctx) == 0
    merged = stored(ctx)
    assert [c["id"] for c in merged["cameras"]] == ["s1-cam1", "s1-cam2", "s1-cam3", "s2-cam1", "s3-cam1"]
    assert [(t["location"], t["terminal"], t["cameras"]) for t in merged["terminals"]] == [
        ("S1", "R01", ["s1-cam1", "s1-cam2", "s1-cam3"]),
        ("S1", "R02", ["s1-cam1", "s3-cam1"]),  # replaced, and its clock offset too
        ("S2", "R01", ["s2-cam1"]),
        ("S3", "R01", ["s3-cam1"]),
    ]
    assert run(["mapping", "import", "--replace", str(write(tmp_path, DOC, "only.json"))], ctx) == 0
    assert stored(ctx) == DOC
    assert (
        run(["mapping", "import", "--replace", str(write(tmp_path, {"cameras": []}, "empty.json"))], ctx) == 0
    )
    assert stored(ctx) == {"cameras": [], "terminals": []}
    assert memory_keyring.items == {}  # the removed camera's password is gone too


def test_replace_refuses_cameras_only_in_the_store(ctx, tmp_path):
    assert run(["mapping", "import", str(write(tmp_path, DOC))], ctx) == 0
    partial = {
        "cameras": [{"id": "s3-cam1", "name": "Back door", "url": "http://s3/1", "playback_url": None}],
        "terminals": [{"location": "S1", "terminal": "R02", "cameras": ["s1-cam1"], "primary": "s1-cam1"}],
    }
    path = write(tmp_path, partial, "partial.json")
    assert run(["mapping", "import", "--replace", str(path)], ctx) == 2
    assert "unknown camera 's1-cam1'" in ctx.stderr.getvalue()
    assert stored(ctx) == DOC
    assert run(["mapping", "import", str(path)], ctx) == 0  # merging may use the stored camera


def test_stdin_and_stdout(ctx):
    ctx.stdin = io.StringIO(json.dumps(DOC))
    assert run(["mapping", "import", "-"], ctx) == 0
    ctx.stdout = io.StringIO()
    assert run(["mapping", "export", "-"], ctx) == 0
    assert json.loads(ctx.stdout.getvalue()) == DOC


def test_the_commands_plug_into_the_cli(ctx, tmp_path):
    assert main(["mapping", "import", str(write(tmp_path, DOC))], ctx) == 0
    bad = _with(lambda d: _term(d, 0).update(primary="nope"))
    assert main(["mapping", "import", str(write(tmp_path, bad, "bad.json"))], ctx) == 2
    assert "terminal R01 at location S1" in ctx.stderr.getvalue()
    out = tmp_path / "out.json"
    assert main(["mapping", "export", str(out)], ctx) == 0
    assert json.loads(out.read_text()) == DOC


def test_demo_cameras_give_every_demo_terminal_one_to_four_cameras_with_a_primary(tmp_path):
    generator = TicketGenerator(SimConfig(stores=3, terminals_per_store=5, days=1, tickets_per_store_day=10))
    store = open_store(tmp_path / "demo.sqlite3")
    try:
        with FakeRecorder() as recorder:
            n_cameras, n_terminals = install_demo_cameras(store, generator.terminals(), recorder)
            repo = CameraRepository(store)
            assert n_terminals == len(generator.terminals()) == 15
            assert n_cameras == 3 * len(recorder.clips)
            counts = []
            for location, terminal in generator.terminals():
                mapping = repo.mapping(location, terminal)
                assert 1 <= len(mapping.cameras) <= 4
                assert mapping.primary is not None
                assert mapping.primary.url.startswith(recorder.base_url + "/live/")
                assert "{start}" in (mapping.primary.playback_url or "")
                assert all(c.id.startswith(location) for c in mapping.cameras)
                counts.append(len(mapping.cameras))
            assert set(counts) == {1, 2, 3, 4}
            # running the demo again (a new recorder port) updates the URLs in place
            again = install_demo_cameras(store, generator.terminals(), recorder)
            assert again == (n_cameras, n_terminals)
    finally:
        store.close()


def test_import_mapping_api_returns_counts(tmp_path):
    store = open_store(tmp_path / "x.sqlite3")
    try:
        assert import_mapping(CameraRepository(store), DOC, clips_folder="/srv/video") == (4, 3)
    finally:
        store.close()
