"""A throwaway PostgreSQL cluster for the team-store tests: initdb + pg_ctl in a temp dir, never a mock.

The cluster listens on 127.0.0.1 at a random free port with its socket in the temp dir, trusts local
connections (a test cluster only), and is stopped (``pg_ctl stop -m immediate``) and deleted at the end of
the session: no server is ever left running. ``initdb`` and ``postgres`` refuse to run as root, so as root
they run as the ``postgres`` system user (Debian's package creates it; ``runuser``).

Missing binaries skip the PostgreSQL tests with a reason, unless ``OWS_REQUIRE_POSTGRES=1`` (CI: ``.ci/run``
installs ``postgresql postgresql-contrib``), where they fail instead."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "owsadmin"
_ENGLISH = "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
_SEARCH_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int

    def url(self, dbname: str, user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname}"

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.host} port={self.port} user={SUPERUSER} dbname={dbname}"

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (empty, or a copy of ``template``); its name. Its text sorts by English rules
        (ICU en-US), as on a typical production server, not by code point: the store must not depend on
        the database's collation."""
        import psycopg

        name = "ows_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            copy = f' TEMPLATE "{template}"' if template else " TEMPLATE template0 " + _ENGLISH
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _binary(name: str) -> Path | None:
    for folder in _SEARCH_DIRS:
        if (folder / name).is_file():
            return folder / name
    found = shutil.which(name)
    return Path(found) if found else None


def unavailable_reason() -> str | None:
    """Why no cluster can start here (None: it can)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    if _binary("initdb") is None or _binary("pg_ctl") is None:
        return (
            "the PostgreSQL server binaries (initdb, pg_ctl) are not installed (apt-get install postgresql)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
    return None


def skip_or_fail(reason: str) -> None:
    if os.environ.get("OWS_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"OWS_REQUIRE_POSTGRES=1 but no PostgreSQL test cluster: {reason}")
    pytest.skip(f"no PostgreSQL test cluster: {reason}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    assert initdb is not None and pg_ctl is not None
    folder = Path(tempfile.mkdtemp(prefix="ows-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, log = folder / "db", folder / "log"
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    run = {"check": True, "capture_output": True, "env": env, "timeout": 120, "cwd": folder}
    started = False
    try:
        subprocess.run(
            _as_server_user(
                [str(initdb), "-D", str(data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--no-sync"]
            ),
            **run,  # type: ignore[call-overload]
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        started = True
        subprocess.run(
            _as_server_user([str(pg_ctl), "-D", str(data), "-w", "-l", str(log), "-o", options, "start"]),
            **run,  # type: ignore[call-overload]
        )
        yield Cluster("127.0.0.1", port)
    finally:
        if started:
            subprocess.run(
                _as_server_user([str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                env=env,
                timeout=120,
                cwd=folder,
            )
        shutil.rmtree(folder, ignore_errors=True)
