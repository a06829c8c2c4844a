"""A full disk under the data folder: every write of it says so in one line, exit 2, and keeps what it held.

A tester's second ``sync`` onto a full disk ended in "unexpected error: OSError: [Errno 28] No space left on
device / Details are in …/ows-desktop.log", a log file it could not write: the tenants registry was written
outside the data folder's one error (``basics.paths.data_dir_error``). The disks are real (small tmpfs
mounts, as in test_export_targets.py), skipped where mounting is not allowed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import make_ctx, tmpfs

from ows_desktop.basics.connections import ConnectionBook
from ows_desktop.basics.paths import AppPaths, DataDirError
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.basics.tenants import Tenant, TenantCaches
from ows_desktop.cli import sync_search
from ows_desktop.cli.main import main
from ows_desktop.simulator import FakeOws, SimConfig

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")


def fill(disk: Path) -> None:
    """Take the disk's last free byte."""
    with (disk / "ballast").open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass


@needs_root
def test_a_second_sync_onto_a_full_disk_says_the_disk_is_full_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, restore_logging
) -> None:
    monkeypatch.setenv("OWS_API_KEY", "demo-key")
    monkeypatch.setenv("OWS_API_SECRET", "demo-secret")
    config = SimConfig(seed=3, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=400, users=20)
    with FakeOws(config) as ows, tmpfs(tmp_path / "tiny", "size=300k") as disk:
        lo, hi = ows.generator.persist_range()
        argv = ["--data-dir", str(disk / "d"), "sync", "--base-url", ows.api_url]
        argv += ["--start", str(lo), "--end", str(hi)]
        said = []
        for _run in range(2):
            assert main(argv) == 2
            err = capsys.readouterr().err
            said.append([line for line in err.splitlines() if "cannot write the log file" not in line])
            assert "unexpected" not in err and "Traceback" not in err and "Details are in" not in err, err
        for lines in said:  # the same words both times: the cache's full disk (no registry rewritten)
            assert (
                len(lines) == 1 and "The disk holding the ticket cache" in lines[0] and "is full" in lines[0]
            )
        registry = json.loads((disk / "d" / "tenants.json").read_text(encoding="utf-8"))
        assert [e["cache"] for e in registry["tenants"].values()] == [
            "tickets.sqlite3"
        ]  # whole, still readable


def _tenants(paths: AppPaths) -> None:
    TenantCaches(paths).cache_for(Tenant.of("https://b.example", "https://t2.example/apip/tickets"))


def _settings(paths: AppPaths) -> None:
    open_ini_settings(paths.settings_file).set("connection/base_url", "https://b.example")


def _connections(paths: AppPaths) -> None:
    ConnectionBook(paths).add("Second")


@needs_root
@pytest.mark.parametrize(
    "write", [_tenants, _settings, _connections], ids=["tenants", "settings", "connections"]
)
def test_each_write_of_the_data_folder_on_a_full_disk_is_one_error_and_keeps_the_old_file(
    tmp_path: Path, write
) -> None:
    with tmpfs(tmp_path / "tiny", "size=64k") as disk:
        paths = AppPaths.resolve(disk / "d", env={}).ensure()
        TenantCaches(paths).cache_for(Tenant.of("https://a.example", "https://t1.example/apip/tickets"))
        open_ini_settings(paths.settings_file).set("connection/base_url", "https://a.example")
        ConnectionBook(paths).add("First")
        kept = {p: p.read_bytes() for p in paths.data_dir.rglob("*") if p.is_file()}
        fill(disk)
        with pytest.raises(DataDirError, match=r"^The disk holding .* is full \(No space left on device\)"):
            write(paths)
        assert {p: p.read_bytes() for p in paths.data_dir.rglob("*") if p.is_file()} == kept  # no temp file


def test_an_unexpected_error_names_the_log_file_only_when_it_was_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, restore_logging
) -> None:
    def broken(_args, _ctx) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sync_search, "cmd_search", broken)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "search"]) == 1
    err = capsys.readouterr().err
    log = data / "logs" / "ows-desktop.log"
    assert f"Details are in {log}" in err and "RuntimeError: a bug" in log.read_text(encoding="utf-8")
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    log.unlink()
    log.symlink_to("/dev/full")
    assert main(["--data-dir", str(data), "search"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: a bug" in err and "Details are in" not in err, err
    assert err.count("cannot write the log file") == 1


def test_a_make_ctx_run_names_no_log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An injected context sets up no log file (the tests'): the message must not send anyone to one."""
    monkeypatch.setattr(sync_search, "cmd_search", lambda _a, _c: 1 / 0)
    ctx = make_ctx(tmp_path)
    assert main(["search"], ctx) == 1
    assert "ZeroDivisionError" in ctx.stderr.getvalue() and "Details are in" not in ctx.stderr.getvalue()


@needs_root
def test_what_a_sync_writes_again_unchanged_is_not_rewritten_so_a_full_disk_does_not_stop_it(
    tmp_path: Path,
) -> None:
    """Every sync records its tenant and connection; the same values again need no space on the disk."""
    tenant = Tenant.of("https://a.example", "https://t1.example/apip/tickets")
    with tmpfs(tmp_path / "tiny", "size=64k") as disk:
        paths = AppPaths.resolve(disk / "d", env={}).ensure()
        cache = TenantCaches(paths).cache_for(tenant)
        open_ini_settings(paths.settings_file).set("connection/base_url", "https://a.example")
        fill(disk)
        assert TenantCaches(paths).cache_for(tenant) == cache
        open_ini_settings(paths.settings_file).set("connection/base_url", "https://a.example")
