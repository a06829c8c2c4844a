"""``ows-desktop`` login / logout / users, in-process with injected services and as a real subprocess."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from cli_support import make_ctx

from ows_desktop.basics.credentials import Credentials, KeyringCredentialStore, MemoryCredentialStore
from ows_desktop.cli.main import main
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.simulator import FakeOws, SimConfig

CONFIG = SimConfig(seed=3, stores=2, terminals_per_store=2, days=1, tickets_per_store_day=60, users=40)


@pytest.fixture
def ows():
    with FakeOws(CONFIG) as server:
        yield server


def test_login_verifies_then_stores_and_users_works_without_flags(ows, tmp_path):
    store = MemoryCredentialStore()
    ctx = make_ctx(tmp_path, store)
    assert main(["login", "--base-url", ows.api_url], ctx) == 0
    assert store.get(ows.api_url) == Credentials("demo-key", "demo-secret")
    assert "Signed in" in ctx.stdout.getvalue()
    ctx2 = make_ctx(tmp_path, store)
    assert main(["users", "--json"], ctx2) == 0  # base URL remembered from login
    users = json.loads(ctx2.stdout.getvalue())
    assert len(users) == 40
    assert "demo-secret" not in ctx.stdout.getvalue() + ctx.stderr.getvalue()


def test_login_with_a_wrong_secret_stores_nothing_and_exits_3(ows, tmp_path):
    store = MemoryCredentialStore()
    ctx = make_ctx(tmp_path, store, secret="not-the-secret")
    assert main(["login", "--base-url", ows.api_url], ctx) == 3
    assert store.get(ows.api_url) is None
    assert "not-the-secret" not in ctx.stderr.getvalue()


def test_a_secret_that_would_corrupt_the_header_is_refused_before_any_request(ows, tmp_path):
    ctx = make_ctx(tmp_path, secret="abc;AKS=evil")
    assert main(["login", "--base-url", ows.api_url], ctx) == 2
    assert ows.request_log == []
    assert "abc;AKS=evil" not in ctx.stderr.getvalue()


def test_login_refuses_when_only_the_fail_keyring_exists(ows, tmp_path):
    from keyring.backends import fail

    ctx = make_ctx(tmp_path, KeyringCredentialStore(backend=fail.Keyring()))
    assert main(["login", "--base-url", ows.api_url], ctx) == 1
    assert "never stores the secret in a plain file" in ctx.stderr.getvalue()
    assert not list((tmp_path / "data").rglob("*secret*"))


def test_users_without_a_base_url_explains_what_to_do(tmp_path):
    ctx = make_ctx(tmp_path)
    assert main(["users"], ctx) == 2
    assert "--base-url" in ctx.stderr.getvalue()


def test_users_when_the_server_is_down_exits_4(tmp_path):
    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
    ctx = make_ctx(tmp_path, env=env)
    assert main(["users", "--base-url", "http://127.0.0.1:9"], ctx) == 4
    assert "demo-secret" not in ctx.stderr.getvalue()
    # a retry is said while it waits (a dripping server kept a sync silent for 12 minutes), then the failure
    said, failed = ctx.stderr.getvalue().splitlines()
    # the first retries wait a fraction of a second (full jitter): "now", never "in 0 s"
    assert said.startswith("ows-desktop: attempt 1 of at most 2 failed (") and said.endswith(
        "); trying again now."
    )
    assert failed.startswith("ows-desktop: GET /apip/users on 127.0.0.1 failed 2 time(s)")


def test_a_wait_of_seconds_before_a_retry_is_said_in_whole_seconds(tmp_path):
    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
    ctx = make_ctx(tmp_path, env=env)  # its waits drawn at the top of their range: 4.0 s, then 8.0 s
    ctx.retry_policy = RetryPolicy(max_attempts=2, base_delay=4.0, random=lambda: 1.0, sleep=lambda _s: None)
    assert main(["users", "--base-url", "http://127.0.0.1:9"], ctx) == 4
    said = ctx.stderr.getvalue().splitlines()[0]
    assert said.startswith("ows-desktop: attempt 1 of at most 2 failed (")
    assert said.endswith("); trying again in 4 s.")


def test_logout_removes_the_stored_key(ows, tmp_path):
    store = MemoryCredentialStore({ows.api_url: Credentials("demo-key", "demo-secret")})
    ctx = make_ctx(tmp_path, store)
    assert main(["logout", "--base-url", ows.api_url], ctx) == 0
    assert store.get(ows.api_url) is None


@pytest.mark.slow
def test_users_json_against_the_fake_server_subprocess(tmp_path):
    """The acceptance check: `ows-desktop users --json` against `ows-desktop fake-server`."""
    env = {**os.environ, "OWS_DESKTOP_DATA_DIR": str(tmp_path / "d")}
    stacks = tmp_path / "server-stderr.txt"  # its threads' stacks if it does not stop (faulthandler, SIGABRT)
    server = subprocess.Popen(
        [sys.executable, "-m", "ows_desktop", "fake-server", "--seed", "3"],
        stdout=subprocess.PIPE,
        stderr=stacks.open("w"),
        text=True,
        env={**env, "PYTHONFAULTHANDLER": "1"},
    )
    try:
        url = None
        for line in server.stdout:
            m = re.search(r"API Access URL: (\S+)", line)
            if m:
                url = m.group(1)
                break
        assert url
        out = subprocess.run(
            [sys.executable, "-m", "ows_desktop", "users", "--json", "--base-url", url],
            env={**env, "OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        users = json.loads(out.stdout)
        assert len(users) == 12
        for user in users:
            assert set(user) >= {
                "firstName",
                "lastName",
                "emailAddress",
                "userGroups",
                "createdDate",
                "lastSignInDate",
            }
            assert isinstance(user["userGroups"], list)
            for field in ("createdDate", "lastSignInDate"):
                if user[field] is not None:
                    assert user[field].endswith("Z") or re.search(r"[+-]\d\d:\d\d$", user[field])
                    assert 2000 <= datetime.fromisoformat(user[field]).year <= 2027
        assert any(u["lastSignInDate"] is None for u in users) or any(u["userGroups"] == [] for u in users)
    finally:
        server.send_signal(signal.SIGINT)
        try:  # generous: a loaded machine once took over 10 s; a server that never stops still fails here
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.send_signal(signal.SIGABRT)
            server.wait(10)
            pytest.fail(f"ows-desktop fake-server did not stop within 60 s of Ctrl+C:\n{stacks.read_text()}")
        finally:
            server.stdout.close()


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert re.match(r"ows-desktop \d+\.\d+\.\d+", capsys.readouterr().out)


@pytest.mark.both_backends
def test_sync_then_search_choc_json(ows, tmp_path, store_backend, request):
    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
    if store_backend == "postgresql":  # a sync into a team store completes, its exceptions stored, too
        env["OWS_DESKTOP_STORE"] = request.getfixturevalue("pg_url")
    lo, hi = ows.generator.persist_range()
    ctx = make_ctx(tmp_path, env=env)
    before = datetime.now(UTC)
    assert main(["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi), "--json"], ctx) == 0
    after = datetime.now(UTC)
    summary = json.loads(ctx.stdout.getvalue())
    expected = len(ows.generator.all_ids_in_window(lo, hi))
    assert summary["tickets"] == expected == summary["stored_tickets"]
    assert {"pages", "empty_pages", "retries"} <= set(summary)
    from ows_desktop.cli.context import open_store

    # the window's status bar said "Never synced" beside the tickets a command-line sync had stored: the
    # store the sync went into (the tenant's cache, or the team store) records when it finished
    with open_store(ctx) as synced, synced.reader() as reader:
        finished = reader.last_sync_finished()
    assert finished is not None and before <= finished <= after

    ctx = make_ctx(tmp_path, env=env)
    assert main(["search", "choc", "--json", "--limit", "0"], ctx) == 0
    found = json.loads(ctx.stdout.getvalue())
    assert found
    for ticket in found:
        assert {"id", "location", "terminal", "operator", "start", "total", "status", "flagged"} <= set(
            ticket
        )
        assert ticket["start"].endswith("Z")
    # every hit really mentions chocolate somewhere in its lines
    ctx = make_ctx(tmp_path, env=env)
    assert main(["search", "--json", "--limit", "0"], ctx) == 0
    everything = json.loads(ctx.stdout.getvalue())
    assert len(everything) == expected
    # the exception rules ran during the sync: voids and refunds carry their chips
    assert any("line_void" in t["exceptions"] or "ticket_void" in t["exceptions"] for t in everything)
    plain = [t for t in everything if t["status"] == "sale" and not t["has_void"] and not t["discount_total"]]
    assert sum(t["exceptions"] == [] for t in plain) > len(plain) / 2
    ctx = make_ctx(tmp_path, env=env)
    assert main(["search", "choc", "--json", "--limit", "3"], ctx) == 0
    assert len(json.loads(ctx.stdout.getvalue())) == 3


def test_sync_accepts_iso_times_and_rejects_bad_ones(ows, tmp_path):
    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
    ctx = make_ctx(tmp_path, env=env)
    assert main(["sync", "--base-url", ows.api_url, "--start", "yesterday"], ctx) == 2
    assert "ISO 8601" in ctx.stderr.getvalue()
    ctx = make_ctx(tmp_path, env=env)
    assert (
        main(
            [
                "sync",
                "--base-url",
                ows.api_url,
                "--start",
                "2026-11-20T12:00:00Z",
                "--end",
                "2026-11-20T18:00:00+00:00",
                "--json",
            ],
            ctx,
        )
        == 0
    )
    assert json.loads(ctx.stdout.getvalue())["tickets"] > 0


def test_search_on_a_newer_cache_says_what_to_do_and_leaves_it_untouched(tmp_path):
    import hashlib
    import sqlite3

    ctx = make_ctx(tmp_path)
    ctx.paths.ensure()
    db = ctx.paths.database
    assert main(["search", "--json"], ctx) == 0  # creates the cache
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    ctx = make_ctx(tmp_path)
    assert main(["search", "--json"], ctx) == 2
    assert "newer" in ctx.stderr.getvalue()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_sync_into_a_team_store_of_another_tenant_is_refused_with_one_line(ows, tmp_path, pg_url):
    """The team store records its OWS tenant on the first sync (as ``store copy`` does); a sync that reaches
    another tenant is refused (exit 2, one plain line) and writes nothing."""
    import psycopg

    env = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret", "OWS_DESKTOP_STORE": pg_url}
    lo, hi = ows.generator.persist_range()
    argv = ["sync", "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi)]
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM team_tenant").fetchone()[0] == 0
    assert main(argv, make_ctx(tmp_path, env=env)) == 0
    with psycopg.connect(pg_url, autocommit=True) as conn:
        (endpoint,) = conn.execute("SELECT tickets_endpoint FROM team_tenant").fetchone()
        assert endpoint  # bound to the tenant the key reached
        conn.execute("UPDATE team_tenant SET tickets_endpoint = 'https://other.example/tickets'")
        conn.execute("DELETE FROM sync_windows")
        stored = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
    ctx = make_ctx(tmp_path, env=env)
    assert main(argv, ctx) == 2
    err = ctx.stderr.getvalue()
    assert "belongs to the OWS tenant https://other.example/tickets" in err and "nothing was synced" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM sync_windows").fetchone()[0] == 0  # nothing written
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == stored


@pytest.mark.slow
def test_fake_server_stops_on_sigterm_as_on_ctrl_c(tmp_path):
    """A service manager stops the simulated OWS with SIGTERM: it closes its listeners and exits 0, as on
    Ctrl+C (the signals only note that they came; the loop that waits for them sleeps)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ows_desktop", "fake-server", "--seed", "3"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "OWS_DESKTOP_DATA_DIR": str(tmp_path / "d")},
    )
    try:
        assert any("API Access URL:" in line for line in server.stdout)
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdout.close()
