"""Files and folders (issue #12): folders the app did not create keep their mode, files holding ticket data
or names are 0600 in 0700 folders, a camera password in a query string goes to the keyring, and ``mapping
import`` opens no local file outside the clips folder."""

from __future__ import annotations

import io
import json
import logging
import os
import stat
from pathlib import Path

import pytest

from ows_desktop.app import open_qt_settings
from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.logging_config import PrivateLogFile, configure_logging
from ows_desktop.basics.paths import AppPaths, DataDirError, ensure_private_dir
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.camera.media import build_media_request
from ows_desktop.camera.urls import without_userinfo
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.store import open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# -- folders ------------------------------------------------------------------------------------------


def test_a_shared_world_writable_folder_is_refused_and_keeps_its_sticky_bit(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    with pytest.raises(DataDirError, match="written by every user") as caught:
        AppPaths.resolve(shared, env={}).ensure()
    assert caught.value.exit_code == 2
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert list(shared.iterdir()) == []


def test_an_existing_data_dir_keeps_its_mode_and_what_the_app_creates_is_private(
    tmp_path, umask_022, restore_logging
) -> None:
    given = tmp_path / "team"
    given.mkdir()
    given.chmod(0o755)
    paths = AppPaths.resolve(given, env={}).ensure()
    with open_store(paths.database):
        pass
    configure_logging(paths.log_dir)
    logging.getLogger("ows_desktop.test").warning("ticket 42 by Jane Doe")
    settings = open_ini_settings(paths.settings_file)
    settings.set("connection/base_url", "https://ows.example.com")
    settings.backend.sync()
    paths.settings_file.unlink()  # and the window's QSettings, writing it first
    qt_settings = open_qt_settings(paths.settings_file)
    qt_settings.set("connection/base_url", "https://ows.example.com")
    qt_settings.backend.sync()
    assert mode(given) == 0o755  # not the app's folder: left alone
    for folder in (paths.log_dir, paths.config_dir, paths.cache_dir):
        assert mode(folder) == 0o700, folder
    for file in (paths.database, paths.log_file, paths.settings_file):
        assert mode(file) == 0o600, file


@pytest.mark.parametrize("bad", ["file", "under-file"])
def test_a_data_dir_that_cannot_be_a_folder_is_input_error_2(tmp_path, bad) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" if bad == "file" else tmp_path / "file" / "data"
    with pytest.raises(DataDirError) as caught:
        ensure_private_dir(target)
    assert caught.value.exit_code == 2
    assert str(target) in str(caught.value)


def test_a_full_disk_gives_one_line_not_logging_error_tracebacks(tmp_path, capfd) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    log = tmp_path / "ows-desktop.log"
    log.symlink_to("/dev/full")
    handler = PrivateLogFile(log)
    logger = logging.getLogger("ows_desktop.test.full")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for n in range(5):
            logger.warning("record %d", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.propagate = True
    err = capfd.readouterr().err
    assert "--- Logging error ---" not in err and "Traceback" not in err
    assert err.count("cannot write the log file") == 1


# -- camera passwords in a query string ---------------------------------------------------------------


def cli_ctx(tmp_path: Path, clips: str | None = None) -> CliContext:
    ctx = CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(),
        env={},
    )
    if clips is not None:
        settings = ctx.settings()
        settings.set("video/clips_folder", clips)
        settings.backend.sync()
    return ctx


def mapping(url: str, playback: str | None = None) -> dict:
    return {
        "cameras": [{"id": "cam1", "name": "Till", "url": url, "playback_url": playback}],
        "terminals": [{"location": "S1", "terminal": "R1", "cameras": ["cam1"], "primary": "cam1"}],
    }


def test_a_query_string_password_goes_to_the_keyring_like_a_userinfo_one(tmp_path, memory_keyring) -> None:
    ctx = cli_ctx(tmp_path)
    doc = mapping(
        "http://nvr.local/live?user=admin&password=Sup3rS3cret",
        "http://nvr.local/play?start={start}&user=admin&pwd=Sup3rS3cret",
    )
    source = tmp_path / "in.json"
    source.write_text(json.dumps(doc))
    assert main(["mapping", "import", str(source)], ctx) == 0, ctx.stderr.getvalue()
    assert memory_keyring.items[("ows-desktop", "camera:cam1")] == "Sup3rS3cret"
    for path in ctx.paths.data_dir.rglob("*"):
        if path.is_file():
            assert b"Sup3rS3cret" not in path.read_bytes(), path
    out = tmp_path / "out.json"
    assert main(["mapping", "export", str(out)], ctx) == 0
    exported = json.loads(out.read_text())["cameras"][0]
    assert exported["url"] == "http://nvr.local/live?user=admin&password=***"
    assert "Sup3rS3cret" not in out.read_text()
    request = build_media_request(exported["url"], password="Sup3rS3cret")
    assert request.url == "http://nvr.local/live?user=admin&password=Sup3rS3cret"  # for the player only
    assert "Sup3rS3cret" not in request.display_url + repr(request)
    assert without_userinfo("rtsp://nvr/ch1?PassWord=x1&ch=2") == "rtsp://nvr/ch1?PassWord=***&ch=2"
    assert main(["mapping", "import", str(out)], ctx) == 0  # re-import keeps the stored password
    assert memory_keyring.items[("ows-desktop", "camera:cam1")] == "Sup3rS3cret"


# -- file: URLs in mapping import ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clips", "url", "ok"),
    [
        (None, "file:///etc/passwd", False),
        ("clips", "file:///etc/passwd", False),
        ("clips", "file://{clips}/../../etc/passwd", False),
        ("clips", "file://{clips}/till1.mp4", True),
    ],
)
def test_mapping_import_opens_local_files_only_under_the_clips_folder(tmp_path, clips, url, ok) -> None:
    folder = tmp_path / "clips"
    folder.mkdir()
    ctx = cli_ctx(tmp_path, str(folder) if clips else None)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(mapping("rtsp://nvr/1", url.format(clips=folder) + "?t={start}")))
    code = main(["mapping", "import", str(source)], ctx)
    if ok:
        assert code == 0, ctx.stderr.getvalue()
    else:
        assert code == 2
        assert "local file" in ctx.stderr.getvalue() and "Nothing was imported" in ctx.stderr.getvalue()


def test_mapping_import_of_absurdly_deep_json_is_input_error_2(tmp_path) -> None:
    ctx = cli_ctx(tmp_path)
    source = tmp_path / "deep.json"
    source.write_text('{"cameras": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert main(["mapping", "import", str(source)], ctx) == 2
    assert "too deeply" in ctx.stderr.getvalue()
    assert "Traceback" not in ctx.stderr.getvalue()


def test_exported_files_are_private(tmp_path, umask_022) -> None:
    from review_helpers import tk

    data = tmp_path / "data"
    with open_store(data / "tickets.sqlite3") as store:
        store.upsert_tickets([tk("T1"), tk("T2")])
    ctx = cli_ctx(tmp_path)
    out = tmp_path / "case"
    assert main(["export", "--all", "--format", "csv", "--out", str(out)], ctx) == 0, ctx.stderr.getvalue()
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert mode(out) == 0o700


def test_a_server_s_control_characters_are_marks_in_the_log_file(tmp_path) -> None:
    """A server's error message with an ESC went to ows-desktop.log as it was: ``cat`` or ``less -r`` of the
    log ran the escape sequence (a hostile server). The log shows it as a mark; lines and tabs stay."""
    configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("ows_desktop.test").warning(
            "OWS said: %s", "denied\x1b[2J\x07 \u202eevil\n\tnext\u2028fake line"
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = (tmp_path / "logs" / "ows-desktop.log").read_text(encoding="utf-8")
    finally:
        configure_logging(None, console=False)
    assert "OWS said: denied[ESC][2J[BEL] [RLO]evil\n\tnext[LS]fake line" in text  # a separator fakes no line
    assert not any(ch in text for ch in "\x1b\x07\u202e")
