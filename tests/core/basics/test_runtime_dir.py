"""A process of a session without ``XDG_RUNTIME_DIR`` (cron, ssh, a service) that loads libVLC gives itself
one (libVLC's Wayland probe complains without it). Every process it starts after inherits the variable —
the sync and report processes, the file manager "Open log folder" starts, a sound server libVLC starts — and
some outlive it: the folder was the process's own, removed at its exit, under them. It is now the user's
``<temp>/ows-desktop-runtime-<uid>`` (0700), kept; one of that name that is not the user's own folder is
never used."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ows_desktop.basics.paths import user_runtime_dir

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_RUNTIME_DIR is Linux's")

# The window (or the command line) of a session with no runtime folder: libVLC's loading gives it one; it
# starts a process that outlives it, and exits.
PARENT = """
import subprocess, sys
from ows_desktop.player.libvlc import give_a_runtime_dir
give_a_runtime_dir()
import os
print(os.environ["XDG_RUNTIME_DIR"], flush=True)
subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdin=subprocess.PIPE)  # its stdout: this one's
"""
# The process it started: the end of its input is its parent's exit (the pipe closes after the parent's
# exit handlers ran); then it looks for the runtime folder it was given.
CHILD = """
import os, sys
sys.stdin.read()
print("kept" if os.path.isdir(os.environ["XDG_RUNTIME_DIR"]) else "gone", flush=True)
"""


def test_a_process_started_under_the_runtime_folder_keeps_it_after_its_parent_exits(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "WAYLAND_DISPLAY")}
    env["TMPDIR"] = str(tmp_path)  # the temporary folder, where the runtime folder is made
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[3]), env.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-c", PARENT, CHILD], env=env, capture_output=True, text=True, timeout=120
    )  # returns when the child has written its line too (it holds the same stdout)
    assert run.returncode == 0, run.stderr
    folder, child_saw = run.stdout.split()
    assert child_saw == "kept"
    assert Path(folder) == tmp_path / f"ows-desktop-runtime-{os.getuid()}"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    # the next process of this user reuses it: one folder, not one a run
    assert user_runtime_dir(tmp_path) == Path(folder)
    assert [p.name for p in tmp_path.iterdir()] == [Path(folder).name]


def test_a_runtime_folder_that_is_not_the_users_own_folder_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir()
    name = tmp_path / f"ows-desktop-runtime-{os.getuid()}"
    name.symlink_to(elsewhere)  # put there before the user's first run
    got = user_runtime_dir(tmp_path)
    assert got is not None and got.parent == tmp_path and got not in (name, elsewhere)
    assert got.is_dir() and not got.is_symlink() and stat.S_IMODE(got.stat().st_mode) == 0o700
    name.unlink()
    name.mkdir(mode=0o755)  # the user's own, made with a loose mode: made private
    os.chmod(name, 0o755)  # noqa: S103 (the loose mode the test is about)
    assert user_runtime_dir(tmp_path) == name and stat.S_IMODE(name.stat().st_mode) == 0o700
