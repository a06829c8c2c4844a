"""A cache on a read-only disk (a backup mounted read-only) can be searched; a change to it is refused in one
line that says the disk is read-only (exit 2), and nothing on it is touched.

It could not even be searched: "Cannot use …/config (Read-only file system)" (the settings file was opened
for writing to narrow its mode), and with ``--store sqlite:`` "unable to open database file … you own the
folder" (SQLite cannot open a WAL-mode file read-only without making its -shm file). The disks are real
(tmpfs remounted read-only, as in test_export_targets.py), skipped where mounting is not allowed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_support import make_ctx, tmpfs
from review_helpers import tk

from ows_desktop.basics.paths import AppPaths, DataDirError
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.cli.main import main
from ows_desktop.store import open_store

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")


def read_only(disk: Path) -> dict[Path, bytes]:
    """Remount ``disk`` read-only; what it holds, to compare after."""
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    return {p: p.read_bytes() for p in disk.rglob("*") if p.is_file()}


def a_data_folder(root: Path) -> AppPaths:
    paths = AppPaths.resolve(root, env={}).ensure()
    open_ini_settings(paths.settings_file).set("sync/workers", 2)
    with open_store(paths.database) as store:
        store.upsert_tickets([tk("T-1", location="S044"), tk("T-2", location="S031")])
    return paths


def test_a_read_only_data_folder_is_searched_and_a_change_is_refused_saying_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging
) -> None:
    with tmpfs(tmp_path / "backup", "size=4m") as disk:
        a_data_folder(disk / "d")
        held = read_only(disk)
        assert main(["--data-dir", str(disk / "d"), "search", "--json"]) == 0
        out, err = capsys.readouterr()
        assert sorted(t["id"] for t in json.loads(out)) == ["T-1", "T-2"] and err == ""
        assert main(["--data-dir", str(disk / "d"), "flag", "T-1", "--reason", "void abuse"]) == 2
        lines = [x for x in capsys.readouterr().err.splitlines() if "cannot write the log file" not in x]
        assert (
            len(lines) == 1 and "is on a read-only disk" in lines[0] and "Make the disk writable" in lines[0]
        )
        assert {p: p.read_bytes() for p in disk.rglob("*") if p.is_file()} == held


def test_a_read_only_cache_named_with_store_is_searched_wal_and_all(tmp_path: Path) -> None:
    """A cache copied while a sync ran holds tickets in its -wal file: those are read too."""
    source = tmp_path / "source" / "tickets.sqlite3"
    with open_store(source) as store:
        store.upsert_tickets([tk("T-1")])
        keep_wal = sqlite3.connect(source)  # an open connection: the -wal file stays at close
        keep_wal.execute("SELECT count(*) FROM tickets").fetchone()
        store.upsert_tickets([tk("T-2")])
    with tmpfs(tmp_path / "backup", "size=4m") as disk:
        (disk / "c").mkdir(mode=0o700)
        cache = disk / "c" / "tickets.sqlite3"
        try:
            assert source.with_name("tickets.sqlite3-wal").stat().st_size > 0
            for suffix in ("", "-wal", "-shm"):
                shutil.copy2(f"{source}{suffix}", f"{cache}{suffix}")
        finally:
            keep_wal.close()
        held = read_only(disk)
        ctx = make_ctx(tmp_path / "elsewhere")
        assert main(["--store", f"sqlite:{cache}", "search", "--json"], ctx) == 0, ctx.stderr.getvalue()
        assert sorted(t["id"] for t in json.loads(ctx.stdout.getvalue())) == ["T-1", "T-2"]
        assert {p: p.read_bytes() for p in disk.rglob("*") if p.is_file()} == held


def test_a_setting_written_to_a_read_only_disk_says_so(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "backup", "size=1m") as disk:
        paths = a_data_folder(disk / "d")
        read_only(disk)
        settings = open_ini_settings(paths.settings_file)
        assert settings.get("sync/workers") == 2  # read as it is
        with pytest.raises(DataDirError, match=r"settings\.ini is on a read-only disk .*Make it writable"):
            settings.set("sync/workers", 3)
