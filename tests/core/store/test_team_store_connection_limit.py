"""A team store that refuses a connection for its connection limit (SQLSTATE 53300), on a real PostgreSQL: a
login's ``ALTER ROLE … CONNECTION LIMIT`` and a database's ``ALTER DATABASE … CONNECTION LIMIT``, reached.

The command line said "Cannot reach the team store … Check the host and port, and that the server runs." for
it: the server was reached and refused, and the person went looking for a server that was running. Now the
line says the server refused for its connection limit and what to do, exit 4 as for a server away; the
readers' pool, refused the same way, says so too (store/postgres/connection_limit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_cluster import Cluster
from team_roles import build_team, ok, run

from ows_desktop.store.errors import StoreConnectError

_LOGIN_FULL = (
    "refused the connection: this login already has as many connections open as the server allows it"
)
_SERVER_FULL = "refused the connection: the server already has as many connections open as it allows"


def test_a_login_at_its_connection_limit_is_told_so_not_that_the_store_cannot_be_reached(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    team = build_team(pg_cluster, tmp_path / "team")
    url = team.url(team.director)
    team.admin(f"ALTER ROLE {team.director} CONNECTION LIMIT 1")
    held = team.connect(team.director)  # another window of the same login
    try:
        code, out, err = run(tmp_path, "--store", url, "case", "list")
    finally:
        held.close()
    assert (code, out) == (4, "") and len(err.splitlines()) == 1, err
    assert f"The team store at {url} {_LOGIN_FULL}" in err and "ask the admin to raise" in err, err
    assert "Cannot reach" not in err and "Traceback" not in err
    team.admin(f"ALTER ROLE {team.director} CONNECTION LIMIT 2")  # the admin raised it (a command takes 2)
    ok(tmp_path, "--store", url, "case", "list")


def test_a_database_at_its_connection_limit_is_told_so(pg_cluster: Cluster, tmp_path: Path) -> None:
    team = build_team(pg_cluster, tmp_path / "team")
    team.admin(f'ALTER DATABASE "{team.db}" CONNECTION LIMIT 1')
    held = team.connect(team.director)  # the only connection the database takes (its superuser's aside)
    try:
        code, out, err = run(tmp_path, "--store", team.url(team.manager), "case", "list")
    finally:
        held.close()
        team.admin(f'ALTER DATABASE "{team.db}" CONNECTION LIMIT -1')
    assert (code, out) == (4, "") and len(err.splitlines()) == 1, err
    assert _SERVER_FULL in err and "Cannot reach" not in err, err


def test_a_reader_the_pool_could_not_connect_for_the_limit_is_told_so(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    """The store's own connection takes the login's one: its readers' pool is refused, and a reader waited
    CONNECT_TIMEOUT_S to be told "cannot reach"."""
    from ows_desktop.store.url import open_store_url

    team = build_team(pg_cluster, tmp_path / "team")
    team.admin(f"ALTER ROLE {team.director} CONNECTION LIMIT 1")
    opened = open_store_url(team.url(team.director), tmp_path / "unused.db", password=lambda _l: None)
    with opened as store, pytest.raises(StoreConnectError) as refused, store.reader() as reader:
        reader.cases.cases()
    assert refused.value.exit_code == 4 and _LOGIN_FULL in str(refused.value), refused.value
