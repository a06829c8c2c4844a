"""``ows-desktop sync --base-url URL`` saves URL as the connection later commands (and the window) work on —
once the sync is accepted. A refused sync leaves the saved connection as it was: only the wrong role's
refusal did so; a team store of another tenant, a first sync without ``--start`` or a range starting in the
future still saved the URL of a sync that stored nothing (the window then opened on that connection)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_support import make_ctx

from ows_desktop.basics.paths import AppPaths
from ows_desktop.basics.settings import open_ini_settings
from ows_desktop.cli.main import main
from ows_desktop.simulator import FakeOws, SimConfig

KEYS = {"OWS_API_KEY": "demo-key", "OWS_API_SECRET": "demo-secret"}
SAVED = "https://before.example"


@pytest.fixture
def ows():
    with FakeOws(SimConfig(seed=3, stores=1, days=1, tickets_per_store_day=20)) as server:
        yield server


def _saved(tmp_path: Path) -> object:
    return open_ini_settings(AppPaths.resolve(tmp_path / "data", env={}).settings_file).get(
        "connection/base_url"
    )


def _sync(tmp_path: Path, env: dict[str, str], *argv: str) -> tuple[int, str]:
    ctx = make_ctx(tmp_path, env=env)
    code = main(["sync", *argv], ctx)
    return code, ctx.stderr.getvalue()  # type: ignore[attr-defined]


def test_a_refused_sync_leaves_the_saved_connection_and_an_accepted_one_saves_it(ows, tmp_path: Path) -> None:
    open_ini_settings(AppPaths.resolve(tmp_path / "data", env={}).settings_file).set(
        "connection/base_url", SAVED
    )
    code, err = _sync(tmp_path, KEYS, "--base-url", ows.api_url)  # a first sync needs --start
    assert code == 2 and "Nothing has been synced yet" in err, err
    assert _saved(tmp_path) == SAVED
    future = [(datetime.now(UTC) + timedelta(days=days)).isoformat() for days in (1, 2)]
    code, err = _sync(tmp_path, KEYS, "--base-url", ows.api_url, "--start", future[0], "--end", future[1])
    assert code == 2 and "starts in the future" in err, err
    assert _saved(tmp_path) == SAVED
    lo, hi = ows.generator.persist_range()
    code, err = _sync(tmp_path, KEYS, "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi))
    assert code == 0, err
    assert _saved(tmp_path) == ows.api_url  # later commands work on this connection


def test_a_sync_refused_by_a_team_store_of_another_tenant_leaves_the_saved_connection(
    ows, tmp_path: Path, pg_url: str
) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO team_tenant VALUES (1, 'https://other.example', 'https://other.example/tickets', 0)"
        )
    open_ini_settings(AppPaths.resolve(tmp_path / "data", env={}).settings_file).set(
        "connection/base_url", SAVED
    )
    lo, hi = ows.generator.persist_range()
    env = {**KEYS, "OWS_DESKTOP_STORE": pg_url}
    code, err = _sync(tmp_path, env, "--base-url", ows.api_url, "--start", str(lo), "--end", str(hi))
    assert code == 2 and "belongs to the OWS tenant https://other.example/tickets" in err, err
    assert _saved(tmp_path) == SAVED
