"""The both-backends store fixtures (imported by conftest.py).

In a test module marked ``pytestmark = pytest.mark.both_backends`` the ``store`` fixture is parametrised:
every test that takes it runs once on the SQLite cache and once on a PostgreSQL team store (the session's
database in a throwaway cluster, emptied per test, see :mod:`pg_cluster`). A test that needs a role the
team store does not have yet says so with ``@pytest.mark.sqlite_only("reason")``: its PostgreSQL run is
skipped with that reason. Elsewhere ``store`` is the SQLite cache only."""

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
        conn.execute("SET session_replication_role = replica")  # the audit trail's triggers refuse TRUNCATE
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return pg_cluster.url(pg_template)


@pytest.fixture
def empty_db(pg_cluster: Cluster) -> Iterator[str]:
    """The URL of a new empty database of the session's cluster (no schema), dropped after the test."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("store_backend", BACKENDS)


@pytest.fixture
def store_backend() -> str:
    """Which backend ``store`` opens (parametrised in ``both_backends`` modules)."""
    return "sqlite"


def open_backend(request: pytest.FixtureRequest, backend: str, sqlite_file: Path):  # type: ignore[no-untyped-def]
    from ows_desktop.store.url import open_store_url

    if backend == "sqlite":
        return open_store_url(f"sqlite:{sqlite_file}", sqlite_file)
    marker = request.node.get_closest_marker("sqlite_only")
    if marker is not None:
        pytest.skip(f"SQLite only: {marker.args[0]}")
    url = request.getfixturevalue("pg_url")
    return open_store_url(url, sqlite_file, password=lambda _location: None)


def table_count(store: object, table: str) -> int:
    """Rows in one of the store's tables, read around the store (a test's look at derived rows)."""
    location = getattr(store, "location", None)
    if location is None:  # the SQLite cache
        import sqlite3
        from contextlib import closing

        with closing(sqlite3.connect(store.path)) as conn:  # type: ignore[attr-defined]
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    import psycopg

    with psycopg.connect(str(location)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]


def run_sql(url: str, *statements: str) -> None:
    """Run statements on a team store's database around the store (a test making it as an older schema was)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


# What the team store's operator_ids step adds to tickets, for a test writing with this code's writer into an
# older schema (added before, taken away again before the upgrade)
PG_OPERATOR_ID = "ALTER TABLE tickets ADD COLUMN operator_id text COLLATE \"C\" NOT NULL DEFAULT ''"
PG_NO_OPERATOR_ID = "ALTER TABLE tickets DROP COLUMN operator_id"
