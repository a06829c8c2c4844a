"""A throwaway PostgreSQL cluster for the team-store tests: initdb + pg_ctl in a temp dir, never a mock.

The cluster listens on 127.0.0.1 at a random free port with its socket in the temp dir, trusts local
connections (a test cluster only) except for members of the ``ows_password_required`` group, who must give
a password (scram-sha-256: the wrong-password tests), and speaks TLS with a throwaway self-signed
certificate for ``localhost`` (:attr:`Cluster.server_cert`: the TLS tests). It is stopped (``pg_ctl stop -m immediate``) and deleted at the end of
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
from typing import Any

import pytest

SUPERUSER = "owsadmin"
_ENGLISH = "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
_SEARCH_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


PASSWORD_GROUP = "ows_password_required"  # roles in this group log in with scram-sha-256, not trust


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    data: Path | None = None  # the data directory (restart)
    server_cert: Path | None = None  # the server's self-signed certificate (CN and SAN: localhost)
    options: str = ""  # the server's options (port, socket dir, TLS), for start() after stop()

    def restart(self) -> None:
        """``pg_ctl restart`` (fast: sessions are cut, as when the server is restarted under a sync)."""
        pg_ctl = _binary("pg_ctl")
        assert pg_ctl is not None and self.data is not None
        subprocess.run(
            _as_server_user(
                [
                    str(pg_ctl),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.data.parent / "log"),
                    "-m",
                    "fast",
                    "-w",
                    "restart",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
            cwd=self.data.parent,
        )

    def stop(self) -> None:
        """``pg_ctl stop -m fast``: the server is gone (until :meth:`start`); every session is cut."""
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        """Start the server again after :meth:`stop`, with the same options."""
        assert self.data is not None
        self._pg_ctl("-w", "-l", str(self.data.parent / "log"), "-o", self.options, "start")

    def _pg_ctl(self, *argv: str) -> None:
        pg_ctl = _binary("pg_ctl")
        assert pg_ctl is not None and self.data is not None
        subprocess.run(
            _as_server_user([str(pg_ctl), "-D", str(self.data), *argv]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
            cwd=self.data.parent,
        )

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


def _self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A throwaway key and self-signed certificate for ``localhost`` (openssl), readable by the server."""
    key, cert = folder / "server.key", folder / "server.crt"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    key.chmod(0o600)
    if os.geteuid() == 0:
        shutil.chown(key, "postgres")
        shutil.chown(cert, "postgres")
    return key, cert


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
        hba = data / "pg_hba.conf"
        rules = hba.read_text() if hba.exists() else ""
        hba.write_text(f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n{rules}")
        key, cert = _self_signed_cert(folder)
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key}"
        )
        started = True
        subprocess.run(
            _as_server_user([str(pg_ctl), "-D", str(data), "-w", "-l", str(log), "-o", options, "start"]),
            **run,  # type: ignore[call-overload]
        )
        cluster = Cluster("127.0.0.1", port, data, cert, options)
        import psycopg

        with psycopg.connect(cluster.conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN")
        yield cluster
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


def plan_nodes(plan: object) -> list[dict]:
    """Every node of an ``EXPLAIN (FORMAT JSON)`` plan, depth first (to find its scans and sorts)."""
    found = []
    if isinstance(plan, dict):
        found.append(plan)
        for value in plan.values():
            found += plan_nodes(value)
    elif isinstance(plan, list):
        for value in plan:
            found += plan_nodes(value)
    return found


ENDS_ITS_SESSION = (
    "PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL;"  # a trigger body: the server ends it
)


@contextlib.contextmanager
def planted(
    admin: Any, table: str, body: str, *, initially: str | None = None, event: str = "INSERT"
) -> Iterator[None]:
    """A plpgsql trigger ``body`` run after each ``event`` on ``table`` for the block's time, on ``admin`` (an
    autocommit connection of the cluster's superuser): the server's own refusal, or its end of the session, as a
    test needs it. ``initially``: a constraint trigger, "DEFERRED" (at COMMIT) or "IMMEDIATE". Dropped after."""
    admin.execute(
        f"CREATE FUNCTION test_planted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
    )
    kind = "CONSTRAINT TRIGGER" if initially else "TRIGGER"
    when = f" DEFERRABLE INITIALLY {initially}" if initially else ""
    try:
        admin.execute(
            f"CREATE {kind} test_planted AFTER {event} ON {table}{when} FOR EACH ROW EXECUTE FUNCTION test_planted()"
        )
        yield
    finally:
        admin.execute(f"DROP TRIGGER IF EXISTS test_planted ON {table}")
        admin.execute("DROP FUNCTION IF EXISTS test_planted()")
