"""Bad input on the command line (issue #12): one plain line and the documented exit code (2 input, 4
network/server), never a traceback or "unexpected error", for each case the issue lists."""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hostile_server import HostileServer, json_headers
from review_helpers import tk

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store import open_store

ROOT = Path(__file__).resolve().parents[3]


def damaged_cache(folder: Path) -> Path:
    """A cache of 3000 tickets with garbage over the middle of the file (header and schema intact)."""
    path = folder / "tickets.sqlite3"
    with open_store(path) as store:
        store.upsert_tickets([tk(f"T{n}", operator=f"Op {n % 7}") for n in range(3000)])
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size * 2 // 5)
        handle.write(bytes((n * 151 + 7) % 256 for n in range(size // 5)))
    return path


def deep_mapping(folder: Path) -> Path:
    path = folder / "deep.json"
    path.write_text('{"cameras": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return path


EXPORT = ["export", "--all", "--format", "csv", "--out", "{tmp}/out"]
DAY1, DAY2 = "2026-11-20T00:00Z", "2026-11-22T00:00Z"
# (name, argv with {tmp}, expected exit code, words the one line must contain)
CASES = [
    ("data dir is a file", ["--data-dir", "/etc/passwd", "search"], 2, "not a folder"),
    ("data dir under a missing parent", ["--data-dir", "{tmp}/missing/data", "search"], 2, "does not exist"),
    ("IPv6 without bracket", ["users", "--base-url", "http://[::1"], 2, "not a valid URL"),
    ("space in host", ["users", "--base-url", "https://exa mple.com"], 2, "space"),
    ("port 99999", ["users", "--base-url", "https://127.0.0.1:99999"], 2, "65535"),
    ("deep JSON", ["mapping", "import", "{deep}"], 2, "too deeply"),
    # kept, never deleted: the cache holds flags, notes and cases besides what a sync fetches again
    ("garbage in the cache", ["--data-dir", "{damaged}", "exceptions"], 2, "damaged"),
    (
        "garbage in the cache: keep it",
        ["--data-dir", "{damaged}", "exceptions"],
        2,
        "keep it: it may hold flags",
    ),
    ("login over plain http", ["login", "--base-url", "http://ows.example.com"], 2, "not https"),
    # a read command on a connection never synced here (a mistyped URL): said, no empty cache made
    ("URL never synced", ["--data-dir", "{tmp}/d", "search", "--base-url", "http://127.0.0.1:9"], 2, "No tickets"),
    ("store in a missing folder", ["--data-dir", "{tmp}/d", "--store", "sqlite:{tmp}/no/x.db", "search"], 2, "not exist"),
    ("export to an empty name", ["--data-dir", "{tmp}/d", "export", "--flagged", "--format", "csv", "--out", ""], 2,
     "No export folder given"),
    ("login key in argv", ["login", "--base-url", "https://ows.example.com", "--key", "K-1"], 2, "process list"),
    # numbers and ranges argparse lets through: refused, never an empty answer or a broken export
    *(
        (f"{option} {value}", [*EXPORT, option, value], 2, f"{option} must be from 0 to 600 seconds")
        for option, value in (("--pre-roll", "inf"), ("--pre-roll", "1e300"), ("--pre-roll", "nan"),
                              ("--post-roll", "-5"), ("--post-roll", "600.5"))
    ),
    ("export reversed", [*EXPORT, "--from", DAY2, "--to", DAY1], 2, "The export range is empty: --to"),
    # an empty query alone meant the whole cache (6.8 GB of clips in 10 minutes, nothing said): said, not done
    ("export an empty query", ["export", "--query", " ", "--format", "csv", "--out", "{tmp}/out"], 2,
     "would export every ticket in the cache: narrow it (--from/--to, --location, --exception...), or pass --all"),
    ("search reversed", ["search", "--from", DAY2, "--to", DAY1], 2, "The search range is empty: --to"),
    ("search from = to", ["search", "--from", DAY1, "--to", DAY1], 2, "The search range is empty"),
    ("search totals reversed", ["search", "--min-total", "50", "--max-total", "10"], 2,
     "--max-total (10) must be at least --min-total (50)"),
    ("search total nan", ["search", "--min-total", "nan"], 2, "--min-total must be a number"),
    ("search total inf", ["search", "--max-total", "inf"], 2, "--max-total must be a number"),
    ("exceptions reversed", ["exceptions", "--from", DAY2, "--to", DAY1], 2, "The exceptions range is empty"),
    ("exceptions limit -1", ["exceptions", "--limit", "-1"], 2, "--limit must be 0 (all) or a positive"),
    ("search limit -1", ["search", "--limit", "-1"], 2, "--limit must be 0 (all) or a positive"),
    ("sync every past a week", ["sync", "--base-url", "http://127.0.0.1:9", "--every", "99999999999h",
                                "--cycles", "2"], 2, "use at most 7d"),
    # what argparse itself cannot read: its own message, on one line, with where to look
    ("pre-roll not a number", [*EXPORT, "--pre-roll", "abc"], 2,
     "ows-desktop export: argument --pre-roll: invalid float value: 'abc'. See 'ows-desktop export --help'."),
    ("unknown command", ["frob"], 2, "invalid choice: 'frob'"),
    ("case without its action", ["case"], 2, "the following arguments are required: ACTION. See 'ows-desktop case"),
    ("unknown option", ["search", "--colour"], 2,
     "ows-desktop search: unrecognized arguments: --colour. See 'ows-desktop search --help'."),  # not the top's
    ("unknown option of a case action", ["case", "show", "1", "--bogus"], 2,
     "ows-desktop case show: unrecognized arguments: --bogus. See 'ows-desktop case show --help'."),
    ("a language that is none", ["demo", "--lang", "xx_YY"], 2,
     "ows-desktop: No language is called xx_YY: give one such as fr or fr_FR (translations: en, fr), or leave"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "argv", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_one_plain_line_and_its_exit_code(
    tmp_path, capsys, monkeypatch, restore_logging, name, argv, code, words
) -> None:
    monkeypatch.setenv("OWS_API_KEY", "hostile-key-1234")
    monkeypatch.setenv("OWS_API_SECRET", "hostile-secret-5678")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    values = {"tmp": str(tmp_path), "deep": "", "damaged": ""}
    if "{deep}" in argv:
        values["deep"] = str(deep_mapping(tmp_path))
    if "{damaged}" in argv:
        values["damaged"] = str(damaged_cache(tmp_path / "damaged").parent)
    args = [a.format(**values) for a in argv]
    assert main(args) == code
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert words in lines[0]
    assert "Traceback" not in out.err and "unexpected error" not in out.err
    assert "API Access Key" not in out.err  # nothing was asked before the input was checked
    if name == "data dir under a missing parent":
        assert not (tmp_path / "missing").exists()
    if name == "URL never synced":
        assert not list((tmp_path / "d").glob("tickets*.sqlite3"))
    if name == "store in a missing folder":
        assert not (tmp_path / "no").exists()
    assert not (tmp_path / "out").exists()  # a refused export leaves no folder behind


def test_a_full_disk_for_the_log_gives_one_line_not_logging_error_tracebacks(
    tmp_path, capsys, restore_logging
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "logs" / "ows-desktop.log").symlink_to("/dev/full")
    assert main(["--data-dir", str(data), "users"]) == 2  # no base URL: logs the failure, cannot write it
    err = capsys.readouterr().err
    assert "--- Logging error ---" not in err and "Traceback" not in err
    assert err.count("cannot write the log file") == 1


def test_a_secret_from_a_pipe_is_read_without_a_getpass_warning(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("demo-key\ndemo-secret\n"))
    config = SimConfig(seed=3, stores=1, terminals_per_store=1, days=1, tickets_per_store_day=5, users=3)
    with FakeOws(config) as ows, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ctx = CliContext(
            paths=AppPaths.resolve(tmp_path / "data", env={}),
            credentials=MemoryCredentialStore(),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdin=sys.stdin,
            env={},
        )
        assert main(["login", "--base-url", ows.api_url], ctx) == 0, ctx.stderr.getvalue()
    assert [w for w in caught if "getpass" in type(w.message).__name__.lower()] == []
    assert "Signed in" in ctx.stdout.getvalue()


# -- as a real process: pipes and terminals ----------------------------------------------------------


def run_cli(
    *args: str, env: dict[str, str] | None = None, pipe_to_head: bool = False
) -> tuple[int, str, str]:
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "ows_desktop", *args]
    if pipe_to_head:
        producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
        assert producer.stdout is not None
        first = producer.stdout.readline()
        producer.stdout.close()  # what `| head -1` does
        _, err = producer.communicate(timeout=60)
        return producer.returncode, first.decode(), err.decode()
    done = subprocess.run(command, capture_output=True, env=full_env, timeout=60, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode()


def test_search_into_a_closed_pipe_ends_quietly(tmp_path) -> None:
    with open_store(tmp_path / "data" / "tickets.sqlite3") as store:
        store.upsert_tickets([tk(f"T{n}") for n in range(3000)])
    code, first, err = run_cli(
        "--data-dir", str(tmp_path / "data"), "search", "--limit", "0", pipe_to_head=True
    )
    assert first.strip()
    assert code == 0, err
    assert err == ""  # no BrokenPipeError, no "Exception ignored"


def test_users_with_odd_names_are_shown_as_plain_text(tmp_path) -> None:
    users = [
        {
            "firstName": "\x1b[2J\x1b[31mMallory",
            "lastName": "\u202eevil",
            "emailAddress": "m@x",
            "userGroups": ["a\x07"],
        },
        {
            "firstName": "Lone \ud800 surrogate",
            "lastName": "x" * 300,
            "emailAddress": None,
            "userGroups": None,
        },
    ]
    body = json.dumps({"content": users}).encode()

    def behave(conn: socket.socket, request: bytes) -> None:
        conn.sendall(json_headers(len(body)) + body)

    server = HostileServer(behave)
    try:
        env = {"OWS_API_KEY": "hostile-key-1234", "OWS_API_SECRET": "hostile-secret-5678"}
        code, out, err = run_cli(
            "--data-dir", str(tmp_path / "d"), "users", "--base-url", server.url, env=env
        )
    finally:
        server.close()
    assert code == 0, err
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "?[2J?[31mMallory" in out and "2 users" in out
    assert err == ""


def test_ctrl_c_stops_a_sync_stuck_on_a_dripping_page(tmp_path) -> None:
    import signal
    import time

    from hostile_server import drip

    server = HostileServer()
    cpos = json.dumps({"content": {"posTicketsEndpoint": f"{server.url}/apip/tickets"}}).encode()
    dripping = drip(server, total_s=40.0, every_s=0.1)

    def behave(conn: socket.socket, request: bytes) -> None:
        if request.startswith(b"GET /apip/cpos"):
            conn.sendall(json_headers(len(cpos)) + cpos)
        else:
            dripping(conn, request)

    server.behave = behave
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OWS_API_KEY": "hostile-key-1234",
        "OWS_API_SECRET": "hostile-secret-5678",
    }
    argv = ["--data-dir", str(tmp_path / "d"), "sync", "--base-url", server.url]
    argv += ["--start", "2026-11-20T00:00Z", "--end", "2026-11-20T01:00Z", "--workers", "1"]
    process = subprocess.Popen(
        [sys.executable, "-m", "ows_desktop", *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        for _ in range(300):  # until the tickets request is in flight
            if any(r.startswith(b"GET /apip/tickets") for r in server.requests):
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)  # the page would drip on for 40 s
        assert process.returncode == 130, err
        assert b"cancelled" in err.lower()
        assert not server.finished.is_set()
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        server.close()


TERMINAL_ACTS_ON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_text_from_a_file_on_standard_error_cannot_drive_the_terminal(tmp_path, capsys, restore_logging):
    source = tmp_path / "map.json"
    source.write_text(
        json.dumps(
            {
                "cameras": [{"id": "cam1", "name": "Till", "url": "rtsp://nvr/ch1"}],
                "terminals": [
                    {"location": "S1\x1b]0;PWN\x07", "terminal": "R1\x1b[2J", "cameras": ["n\u202eo"]}
                ],
            }
        )
    )
    assert main(["--data-dir", str(tmp_path / "d"), "mapping", "import", str(source)]) == 2
    err = capsys.readouterr().err
    assert "Nothing was imported" in err and "terminal R1?[2J at location S1?]0;PWN?" in err  # plain text
    assert not TERMINAL_ACTS_ON.search(err.replace("\n", ""))  # no escape, bell or override reaches it


def test_json_on_standard_output_keeps_such_text_exactly_as_escapes(tmp_path, capsys, restore_logging):
    name = "Over\u202ehead\x85 \x7f"
    source = tmp_path / "map.json"
    source.write_text(
        json.dumps(
            {
                "cameras": [{"id": "cam1", "name": name, "url": "rtsp://nvr/ch1"}],
                "terminals": [{"location": "S1", "terminal": "R1", "cameras": ["cam1"], "primary": "cam1"}],
            }
        )
    )
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "mapping", "import", str(source)]) == 0
    capsys.readouterr()
    assert main([*data, "mapping", "export", "-"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["cameras"][0]["name"] == name  # re-imported, the camera keeps its name
    assert not TERMINAL_ACTS_ON.search(out.replace("\n", ""))
