"""The both-backends store fixtures (imported by conftest.py).

``store`` is parametrised: every test that takes it runs once on the SQLite cache and once on a PostgreSQL
team store (a fresh database in the session's throwaway cluster, see :mod:`pg_cluster`). A test that
needs a role the team store does not have yet says so with ``@pytest.mark.sqlite_only("reason")``: its
PostgreSQL run is skipped with that reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster, running_cluster, skip_or_fail, unavailable_reason

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    reason = unavailable_reason()
    if reason is not None:
        skip_or_fail(reason)
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """The session's database with the team store's schema."""
    from ows_desktop.store.postgres import init_store, parse_url

    name = pg_cluster.new_database()
    init_store(parse_url(pg_cluster.url(name)), lambda _location: None)
    return name


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_template: str) -> str:
    """The URL of the session's team store, emptied for this test (TRUNCATE: much faster than a new
    database per test)."""
    import psycopg

    with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'ows_schema'"
            )
        ]
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return pg_cluster.url(pg_template)


def open_backend(request: pytest.FixtureRequest, backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    from ows_desktop.store.url import open_store_url

    if backend == "sqlite":
        return open_store_url(f"sqlite:{tmp_path / 'cache' / 'tickets.db'}", tmp_path / "unused")
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip(f"SQLite only: {marker.args[0]}")
    url = request.getfixturevalue("pg_url")
    return open_store_url(url, tmp_path / "unused", password=lambda _location: None)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_backend(request, request.param, tmp_path)
    yield opened
    opened.close()
