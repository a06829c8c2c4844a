"""Cameras and the terminal → camera mapping in the store: migration v2, the mapping rules (enforced by the
store even when the UI is bypassed), passwords kept out of the database, terminals from tickets."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ows_desktop.basics.camera_secrets import KeyringCameraSecrets, MemoryCameraSecrets
from ows_desktop.basics.credentials import NoSecureBackendError
from ows_desktop.ows.model import Ticket
from ows_desktop.store.cameras import (
    MAX_CAMERAS_PER_TERMINAL,
    CameraRepository,
    MappingError,
    TerminalSummary,
)
from ows_desktop.store.migrations import user_version

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


@pytest.fixture
def secrets() -> MemoryCameraSecrets:
    return MemoryCameraSecrets()


@pytest.fixture
def repo(store, secrets) -> CameraRepository:
    return CameraRepository(store, secrets)


def add_cameras(repo: CameraRepository, n: int) -> list[str]:
    return [
        repo.add_camera(f"Cam {i}", f"rtsp://nvr.local/{i}", camera_id=f"cam{i}").id for i in range(1, n + 1)
    ]


def ticket(key: str, location: str, terminal: str) -> Ticket:
    return Ticket(key=key, id=key, location=location, terminal=terminal, start=T0, raw={"id": key})


# --------------------------------------------------------------------------------------------- schema
@pytest.mark.sqlite_only("reads the SQLite file's schema (PostgreSQL: test_team_store.py)")
def test_migration_v2_creates_the_camera_tables(store):
    with closing(sqlite3.connect(store.path)) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
        assert user_version(conn) >= 2
    assert {"cameras", "mapped_terminals", "terminal_cameras", "terminal_cameras_limit"} <= names


@pytest.mark.sqlite_only(
    "writes around the store with its own SQLite connection (PostgreSQL: test_team_store.py)"
)
def test_the_schema_itself_refuses_a_fifth_camera_and_a_second_primary(repo, store):
    ids = add_cameras(repo, 5)
    repo.set_terminal_cameras("S1", "R01", ids[:4])
    with closing(sqlite3.connect(store.path, isolation_level=None)) as conn:  # writing around the store
        with pytest.raises(sqlite3.IntegrityError, match="at most 4"):
            conn.execute(
                "INSERT INTO terminal_cameras (location, terminal, camera_id, position) VALUES ('S1', 'R01', 'cam5', 3)"
            )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE terminal_cameras SET is_primary = 1 WHERE camera_id = 'cam2'")
    assert repo.mapping("S1", "R01").camera_ids == tuple(ids[:4])


# --------------------------------------------------------------------------------------------- cameras
def test_a_password_in_a_url_goes_to_the_secret_store_never_to_the_database(repo, store, secrets):
    camera = repo.add_camera(
        "Register overhead",
        "rtsp://admin:s3cr%40t-pw@10.0.0.5:554/stream1",
        "http://admin:s3cr%40t-pw@nvr.local/play?start={start}&end={end}",
    )
    assert camera.url == "rtsp://admin@10.0.0.5:554/stream1"
    assert camera.playback_url == "http://admin@nvr.local/play?start={start}&end={end}"
    assert camera.has_password
    assert secrets.items == {camera.id: "s3cr@t-pw"}
    assert repo.password(camera.id) == "s3cr@t-pw"
    store.close()
    for path in Path(store.path).parent.rglob("*"):
        data = path.read_bytes() if path.is_file() else b""
        assert b"s3cr" not in data, path.name


def test_a_url_without_a_password_keeps_the_stored_one(repo, secrets):
    camera = repo.add_camera("Door", "rtsp://admin:pw1@door.local/1")
    repo.update_camera(camera.id, url="rtsp://admin@door.local/2")
    assert secrets.get(camera.id) == "pw1"
    assert repo.camera(camera.id).has_password
    repo.update_camera(camera.id, url="rtsp://admin:pw2@door.local/2")
    assert secrets.get(camera.id) == "pw2"


def test_different_passwords_in_live_and_playback_urls_are_refused(repo, secrets):
    with pytest.raises(MappingError, match="different passwords"):
        repo.add_camera("X", "rtsp://a:one@h/1", "http://a:two@h/p?start={start}")
    assert repo.cameras() == [] and secrets.items == {}


def test_ids_are_made_from_names_and_unique(repo):
    a = repo.add_camera("Front door", "http://h/1")
    b = repo.add_camera("Front door", "http://h/2")
    assert (a.id, b.id) == ("front-door", "front-door-2")
    with pytest.raises(MappingError, match="already in use"):
        repo.add_camera("Other", "http://h/3", camera_id="front-door")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://nvr/1", "'ftp'"),
        ("nvr.local/1", "no scheme"),
        ("rtsp:///stream", "no host"),
        ("http://h/a b", "spaces"),
        ("", "empty"),
    ],
)
def test_invalid_live_urls_are_refused_naming_the_camera(repo, url, message):
    with pytest.raises(MappingError, match=message) as info:
        repo.add_camera("Bad", url, camera_id="bad-cam")
    assert "camera 'bad-cam'" in str(info.value)
    assert repo.cameras() == []


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("http://nvr/play?at=now", r"no \{start\}"),
        ("http://nvr/play?start={begin}", "unknown field"),
        ("http://nvr/play?start={start:unix}", "unknown time format"),
        ("http://nvr/play?start={start", "unbalanced braces"),
        ("smb://nvr/play?start={start}", "'smb'"),
    ],
)
def test_invalid_playback_templates_are_refused(repo, template, message):
    with pytest.raises(MappingError, match=message):
        repo.add_camera("Bad", "http://h/1", template)


def test_every_allowed_scheme_is_accepted(repo):
    for i, url in enumerate(
        ["rtsp://h/1", "rtsps://h/1", "http://h/1", "https://h/1", "file:///srv/clip.mp4"]
    ):
        repo.add_camera(f"C{i}", url)
    assert len(repo.cameras()) == 5


# --------------------------------------------------------------------------------------------- rules
def test_the_first_camera_added_becomes_primary(repo):
    a, b = add_cameras(repo, 2)
    m = repo.add_to_terminal("S1", "R01", a)
    assert m.primary_id == a
    m = repo.add_to_terminal("S1", "R01", b)
    assert m.camera_ids == (a, b) and m.primary_id == a


def test_a_fifth_camera_is_refused_with_a_clear_message_and_nothing_changes(repo):
    ids = add_cameras(repo, 5)
    for camera_id in ids[:4]:
        repo.add_to_terminal("S1", "R01", camera_id)
    with pytest.raises(MappingError) as info:
        repo.add_to_terminal("S1", "R01", ids[4])
    assert "terminal R01 at location S1" in str(info.value)
    assert f"{MAX_CAMERAS_PER_TERMINAL} cameras" in str(info.value)
    assert repo.mapping("S1", "R01").camera_ids == tuple(ids[:4])
    with pytest.raises(MappingError, match="5 cameras"):
        repo.set_terminal_cameras("S1", "R01", ids)


def test_removing_the_primary_promotes_the_next_camera(repo):
    a, b, c = add_cameras(repo, 3)
    repo.set_terminal_cameras("S1", "R01", [a, b, c], primary=a)
    m = repo.remove_from_terminal("S1", "R01", a)
    assert m.camera_ids == (b, c) and m.primary_id == b
    m = repo.remove_from_terminal("S1", "R01", c)
    assert m.primary_id == b
    m = repo.remove_from_terminal("S1", "R01", b)
    assert m.camera_ids == () and m.primary_id is None
    assert repo.mappings() == []


def test_primary_must_be_one_of_the_terminal_cameras(repo):
    a, b, c = add_cameras(repo, 3)
    repo.set_terminal_cameras("S1", "R01", [a, b])
    with pytest.raises(MappingError, match="not selected"):
        repo.set_primary("S1", "R01", c)
    with pytest.raises(MappingError, match="primary camera 'cam3' is not one of its cameras"):
        repo.set_terminal_cameras("S1", "R01", [a, b], primary=c)
    m = repo.set_primary("S1", "R01", b)
    assert m.primary_id == b and m.picker_order()[0].id == b


def test_duplicates_unknown_ids_and_double_adds_are_refused(repo):
    a, b = add_cameras(repo, 2)
    with pytest.raises(MappingError, match="listed twice"):
        repo.set_terminal_cameras("S1", "R01", [a, a])
    with pytest.raises(MappingError, match="unknown camera 'nope'"):
        repo.set_terminal_cameras("S1", "R01", [a, "nope"])
    with pytest.raises(MappingError, match="unknown camera 'nope'"):
        repo.add_to_terminal("S1", "R01", "nope")
    repo.add_to_terminal("S1", "R01", a)
    with pytest.raises(MappingError, match="already selected"):
        repo.add_to_terminal("S1", "R01", a)
    with pytest.raises(MappingError, match="is not selected"):
        repo.remove_from_terminal("S1", "R01", b)


def test_deleting_a_camera_unmaps_it_everywhere_promoting_and_forgets_its_password(repo, secrets):
    a = repo.add_camera("A", "rtsp://u:pw@h/a", camera_id="a").id
    b, c = add_cameras(repo, 2)
    repo.set_terminal_cameras("S1", "R01", [a, b], primary=a)
    repo.set_terminal_cameras("S1", "R02", [c, a], primary=c)
    repo.delete_camera(a)
    assert repo.mapping("S1", "R01").camera_ids == (b,) and repo.mapping("S1", "R01").primary_id == b
    assert repo.mapping("S1", "R02").camera_ids == (c,) and repo.mapping("S1", "R02").primary_id == c
    assert repo.camera(a) is None and secrets.get(a) is None


def test_picker_order_puts_the_primary_first_then_the_stored_order(repo):
    a, b, c, d = add_cameras(repo, 4)
    m = repo.set_terminal_cameras("S1", "R01", [a, b, c, d], primary=c)
    assert [cam.id for cam in m.picker_order()] == [c, a, b, d]


def test_clock_offset_is_kept_per_terminal_and_checked(repo):
    (a,) = add_cameras(repo, 1)
    repo.add_to_terminal("S1", "R01", a)
    assert repo.set_clock_offset("S1", "R01", -2.5).clock_offset_seconds == -2.5
    assert repo.mapping("S1", "R01").clock_offset_seconds == -2.5
    assert repo.mapping("S1", "R02").clock_offset_seconds == 0
    with pytest.raises(MappingError, match="more than a day"):
        repo.set_clock_offset("S1", "R01", 90_000)
    with pytest.raises(MappingError, match="number of seconds"):
        repo.set_clock_offset("S1", "R01", float("nan"))


def test_terminals_come_from_tickets_and_from_the_mapping(repo, store):
    store.upsert_tickets([ticket("t1", "S1", "R01"), ticket("t2", "S1", "R02"), ticket("t3", "", "R09")])
    (a,) = add_cameras(repo, 1)
    repo.add_to_terminal("S2", "R01", a)  # prepared before any ticket of S2 was synced
    assert repo.terminals() == [
        TerminalSummary("", "R09", 0, None, True),
        TerminalSummary("S1", "R01", 0, None, True),
        TerminalSummary("S1", "R02", 0, None, True),
        TerminalSummary("S2", "R01", 1, "Cam 1", False),
    ]


def test_an_unknown_terminal_has_an_empty_mapping(repo):
    m = repo.mapping(None, None)
    assert (m.cameras, m.primary_id, m.primary) == ((), None, None)


# --------------------------------------------------------------------------------------------- keyring
def test_keyring_secrets_use_the_camera_username(store, memory_keyring):
    repo = CameraRepository(store, KeyringCameraSecrets())
    camera = repo.add_camera("Door", "rtsp://admin:door-pw@door.local/1", camera_id="door")
    assert memory_keyring.items == {("ows-desktop", "camera:door"): "door-pw"}
    assert repo.password(camera.id) == "door-pw"


def test_without_a_secure_keyring_a_password_is_refused_and_nothing_is_stored(store):
    from keyring.backends import fail

    repo = CameraRepository(store, KeyringCameraSecrets(backend=fail.Keyring()))
    with pytest.raises(NoSecureBackendError) as refused:
        repo.add_camera("Door", "rtsp://admin:door-pw@door.local/1")
    assert "Secret Service" in str(refused.value) and "OWS_API_KEY" not in str(refused.value)  # not the API's
    assert repo.cameras() == []
    repo.add_camera("Door", "rtsp://admin@door.local/1")  # no password: fine without a keyring
    without = CameraRepository(store, None)
    with pytest.raises(MappingError, match="no keyring"):
        without.add_camera("Other", "rtsp://admin:pw@door.local/2")


def test_a_failed_transaction_puts_the_previous_password_back(repo, secrets, store, monkeypatch):
    camera = repo.add_camera("Door", "rtsp://admin:old@door.local/1", camera_id="door")

    def broken(*_args, **_kwargs):
        raise MappingError("simulated failure")

    monkeypatch.setattr("ows_desktop.store.camera_sql._upsert_cameras", broken)
    with pytest.raises(MappingError, match="simulated"):
        repo.update_camera(camera.id, url="rtsp://admin:new@door.local/1")
    assert secrets.get("door") == "old"


# --------------------------------------------------------------------------------------------- layering
def test_the_new_core_modules_import_no_qt():
    modules = [
        "ows_desktop.camera.urls",
        "ows_desktop.basics.camera_secrets",
        "ows_desktop.store.cameras",
        "ows_desktop.camera.mapping_file",
        "ows_desktop.simulator.recorder",
        "ows_desktop.camera.timeline",
        "ows_desktop.camera.media",
        "ows_desktop.camera.snapshots",
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'vlc'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_one_module_imports_vlc():
    root = Path(__file__).resolve().parents[3] / "ows_desktop"
    importers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if any(
            line.strip() in ("import vlc", "import vlc  # noqa") or line.strip().startswith("from vlc ")
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    )
    assert importers == ["player/libvlc.py"]


# ------------------------------------------------------------------------------- reads on the GUI thread
@pytest.mark.sqlite_only("the SQLite store's kept per-thread read connection")
def test_a_mapping_changed_elsewhere_is_read_at_once_on_a_thread_that_read_it_before(repo, store):
    """The video pane reads the terminal's mapping for every receipt through a kept connection: a change
    made by another program (the CLI) or another connection shows on the very next receipt."""
    add_cameras(repo, 2)
    repo.add_to_terminal("S1", "T1", "cam1")
    assert repo.mapping("S1", "T1").primary_id == "cam1"  # this thread's connection is open now
    from ows_desktop.store import open_store

    with closing(open_store(store.path)) as other:  # like `ows-desktop camera map` in another process
        other_repo = CameraRepository(other, MemoryCameraSecrets())
        other_repo.add_to_terminal("S1", "T1", "cam2")
        other_repo.set_primary("S1", "T1", "cam2")
    mapping = repo.mapping("S1", "T1")
    assert mapping.primary_id == "cam2" and mapping.camera_ids == ("cam1", "cam2")


@pytest.mark.sqlite_only("the SQLite store's kept per-thread read connection")
def test_mapping_reads_on_one_thread_share_one_connection_closed_with_the_store(repo, store, monkeypatch):
    from ows_desktop.store import thread_readers

    opened: list[sqlite3.Connection] = []
    real_open = thread_readers.open_reader

    def counting_open(path, **kwargs):
        opened.append(real_open(path, **kwargs))
        return opened[-1]

    monkeypatch.setattr(thread_readers, "open_reader", counting_open)
    add_cameras(repo, 1)
    repo.add_to_terminal("S1", "T1", "cam1")
    for _ in range(3):
        assert repo.mapping("S1", "T1").primary_id == "cam1"
    assert len(opened) == 1
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):  # closed with the store
        opened[0].execute("SELECT 1")
    assert CameraRepository(store).mapping("S1", "T1").primary_id == "cam1"  # still readable, as before
