"""Every ``ows-desktop`` command except ``gui``/``demo`` (and a PDF export) runs without loading Qt or libVLC:
each command below runs in a fresh interpreter, against the simulator and one data folder, and reports the
modules it had loaded when it finished."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ows_desktop.simulator import FakeOws, SimConfig

QT_OR_VLC = ("PySide6", "shiboken6", "vlc")
MARK = "LOADED-AT-EXIT:"

# Runs one command as `ows-desktop` would, with an in-memory keyring that counts as secure (the login
# stores its key there) and the secret read from stdin; then prints which Qt/libVLC modules are loaded.
RUNNER = f"""
import getpass, json, sys
import keyring
from keyring.backend import KeyringBackend

class MemoryKeyring(KeyringBackend):
    priority = 1
    items = {{}}
    def get_password(self, service, username):
        return self.items.get((service, username))
    def set_password(self, service, username, password):
        self.items[(service, username)] = password
    def delete_password(self, service, username):
        self.items.pop((service, username), None)

keyring.set_keyring(MemoryKeyring())
getpass.getpass = lambda prompt="": sys.stdin.readline().rstrip("\\n")
from ows_desktop.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {QT_OR_VLC!r})
sys.stdout.flush()
print({MARK!r} + json.dumps(loaded))
sys.exit(code)
"""


@pytest.fixture(scope="module")
def ows():
    config = SimConfig(seed=5, stores=1, terminals_per_store=2, days=1, tickets_per_store_day=30, users=5)
    with FakeOws(config) as server:
        yield server


def ows_desktop(data_dir: Path, *argv: str, stdin: str = "") -> tuple[int, str, list[str]]:
    """Run one command in a fresh interpreter: (exit code, its output, the Qt/libVLC modules it loaded)."""
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "--data-dir", str(data_dir), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(data_dir),
            "OWS_API_KEY": "demo-key",
            "OWS_API_SECRET": "demo-secret",
            "QT_QPA_PLATFORM": "offscreen",
        },
        check=False,
    )
    out, _, loaded = done.stdout.rpartition(MARK)
    assert loaded, f"{argv} did not finish: {done.stderr}"
    return done.returncode, out + done.stderr, json.loads(loaded)


@pytest.mark.slow
def test_no_command_but_gui_demo_and_pdf_export_loads_qt_or_libvlc(ows, tmp_path: Path) -> None:
    data = tmp_path / "data"
    lo, hi = ows.generator.persist_range()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "cameras": [{"id": "c1", "name": "Till", "url": "rtsp://nvr.local/1"}],
                "terminals": [{"location": "S1", "terminal": "R01", "cameras": ["c1"], "primary": "c1"}],
            }
        ),
        encoding="utf-8",
    )
    seen: dict[str, list[str]] = {}

    def run(*argv: str, expect: int = 0, stdin: str = "") -> str:
        code, out, loaded = ows_desktop(data, *argv, stdin=stdin)
        assert code == expect, f"{argv}: exit {code}\n{out}"
        seen[" ".join(argv[:2])] = loaded
        return out

    run("--version")
    run("fake-server", "--help")
    run("login", "--base-url", ows.api_url, stdin="demo-key\ndemo-secret\n")
    run("users")  # the base URL remembered from the login, in the Qt-free settings file
    run("sync", "--start", str(lo), "--end", str(hi), "--json")
    found = json.loads(run("search", "--json", "--limit", "1").split("\n]")[0] + "\n]")
    ticket = found[0]["id"]
    run("flag", ticket, "--reason", "void abuse", "--note", "seen on camera")
    run("review", ticket)
    run("rules", "--list")
    run("rules")
    run("exceptions")
    run("export", "--flagged", "--format", "csv", "--out", str(tmp_path / "csv"))
    run("export", "--flagged", "--format", "json", "--out", str(tmp_path / "json"))
    run("mapping", "import", str(mapping))
    run("mapping", "export", str(tmp_path / "out.json"))
    run("unflag", ticket)
    run("search", "nothing-matches-this", expect=0)
    run("sync", "--start", "yesterday", expect=2)  # bad input: one line, exit 2, still no Qt
    run("logout")

    assert (tmp_path / "csv" / "tickets.csv").exists() and (tmp_path / "json" / "tickets.json").exists()
    assert {command: loaded for command, loaded in seen.items() if loaded} == {}
