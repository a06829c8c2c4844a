"""The team store's faults, as a person at the command line sees them: a wrong password (scram-sha-256),
TLS that cannot be verified (sslmode=verify-full against a self-signed server certificate), a role without
privileges, and a server restarted in the middle of a sync. Each is one plain line with exit 3/4/2 and no
traceback; the restart is survived: the sync reconnects and ends with exactly the server's tickets.

Real throwaway cluster (tests/pg_cluster.py: scram for the ``ows_password_required`` group, TLS on)."""

from __future__ import annotations

import io
import json
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from pg_cluster import PASSWORD_GROUP, Cluster

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.client import OwsClient, make_http_client
from ows_desktop.ows.model import Ticket
from ows_desktop.ows.retry import RetryPolicy
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.simulator import FakeOws, SimConfig
from ows_desktop.store import TicketQuery
from ows_desktop.store.url import open_store_url
from ows_desktop.sync.engine import SavedBatch, SyncEngine

RIGHT, WRONG = "Right-pw-4711", "wrong-pw-0815"
NO_PASSWORD = lambda _location: None  # noqa: E731 (the superuser is trusted on the test cluster)


def _ctx(tmp_path: Path, env: dict[str, str]) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env=env,
        read_secret=lambda _prompt: "",
    )


def _cli(tmp_path: Path, url: str, *argv: str, password: str | None = None) -> tuple[int, str, str]:
    env = {"OWS_DESKTOP_STORE": url}
    if password is not None:
        env["OWS_DESKTOP_STORE_PASSWORD"] = password
    ctx = _ctx(tmp_path, env)
    code = main(list(argv), ctx)
    return code, ctx.stdout.getvalue(), ctx.stderr.getvalue()  # type: ignore[attr-defined]


def _admin(cluster: Cluster, dbname: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(cluster.conninfo(dbname), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _role(cluster: Cluster, dbname: str, *grants: str, password: str | None = None) -> str:
    name = "lp_" + uuid.uuid4().hex[:8]
    login = f"LOGIN PASSWORD '{password}' IN ROLE {PASSWORD_GROUP}" if password else "LOGIN"
    _admin(cluster, dbname, f"CREATE ROLE {name} {login}", *(g.format(role=name) for g in grants))
    return name


# row-level security (#16): a role sees the locations assigned to it; the seeded tickets have none ('')
_SEES = "INSERT INTO ows_assignments (member, location) VALUES ('{role}', '')"


def _seed(url: str) -> None:
    with open_store_url(url, Path("unused"), password=NO_PASSWORD) as store:
        store.upsert_tickets([Ticket(key="k1", id="T-1", raw={}), Ticket(key="k2", id="T-2", raw={})])


def _one_plain_line(err: str) -> None:
    assert err.count("\n") == 1 and "Traceback" not in err, err


def test_a_wrong_password_is_one_line_exit_3_and_the_right_one_works(
    tmp_path: Path, pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    _seed(pg_url)
    role = _role(
        pg_cluster,
        pg_template,
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
        _SEES,
        password=RIGHT,
    )
    url = pg_cluster.url(pg_template, user=role)

    code, out, err = _cli(tmp_path, url, "search", "--json", password=WRONG)
    assert code == 3
    _one_plain_line(err)
    assert f"The team store postgresql://{role}@" in err and "refused the role or its password" in err
    assert "ows-desktop store password URL" in err  # what to do
    assert WRONG not in err + out and RIGHT not in err + out

    code, out, err = _cli(tmp_path, url, "search", "--json")  # no password at all
    assert code == 3 and RIGHT not in err + out

    code, out, err = _cli(tmp_path, url, "search", "--json", password=RIGHT)
    assert (code, err) == (0, "")
    assert sorted(row["id"] for row in json.loads(out)) == ["T-1", "T-2"]


def _other_ca(folder: Path) -> Path:
    cert = folder / "other-ca.crt"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "1", "-subj", "/CN=localhost", "-keyout", str(folder / "other-ca.key"), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert


def test_tls_that_cannot_be_verified_is_one_line_exit_4(
    tmp_path: Path, pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    _seed(pg_url)
    assert pg_cluster.server_cert is not None
    base = f"postgresql://owsadmin@localhost:{pg_cluster.port}/{pg_template}?sslmode=verify-full&sslrootcert="

    # the server's self-signed certificate is not signed by the CA this workstation trusts
    code, out, err = _cli(tmp_path, base + str(_other_ca(tmp_path)), "search", "--json")
    assert code == 4
    _one_plain_line(err)
    assert "The TLS connection to postgresql://owsadmin@localhost:" in err and "sslrootcert" in err
    # the certificate is right but names another host than the URL's
    wrong_host = base.replace("@localhost:", "@127.0.0.1:") + str(pg_cluster.server_cert)
    code, out, err = _cli(tmp_path, wrong_host, "search", "--json")
    assert code == 4
    _one_plain_line(err)
    assert "The TLS connection to postgresql://owsadmin@127.0.0.1:" in err

    code, out, err = _cli(tmp_path, base + str(pg_cluster.server_cert), "search", "--json")  # trusted: works
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == 2


def test_missing_privileges_are_one_line_exit_2_and_nothing_changes(
    tmp_path: Path, pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    _seed(pg_url)
    nobody = _role(pg_cluster, pg_template)  # may log in, may read nothing
    code, _out, err = _cli(tmp_path, pg_cluster.url(pg_template, user=nobody), "search", "--json")
    assert code == 2
    _one_plain_line(err)
    assert f"The database role lacks a privilege on the team store at postgresql://{nobody}@" in err
    assert "Ask the admin to grant it" in err

    reader = _role(pg_cluster, pg_template, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", _SEES)
    code, _out, err = _cli(tmp_path, pg_cluster.url(pg_template, user=reader), "flag", "T-1", "--reason", "x")
    assert code == 2
    _one_plain_line(err)
    assert "lacks a privilege" in err
    with open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store, store.reader() as r:
        assert r.review.flag_of("k1") is None and r.review.audit_trail() == []


@pytest.mark.slow
def test_a_server_restart_mid_sync_is_survived_with_exactly_the_servers_tickets(
    pg_cluster: Cluster, pg_url: str
) -> None:
    config = SimConfig(seed=5, stores=3, terminals_per_store=2, days=2, tickets_per_store_day=150)
    restarted = threading.Event()

    def restart_once(batch: SavedBatch) -> None:  # on the sync's thread, after its fourth page is saved
        nonlocal pages
        pages += 1
        if pages == 4:
            pg_cluster.restart()  # every session is cut, the sync's own included
            restarted.set()

    pages = 0
    retry = RetryPolicy(max_attempts=5, base_delay=0.001, max_delay=0.005, sleep=lambda _s: None)
    with (
        FakeOws(config) as server,
        make_http_client() as http,
        open_store_url(pg_url, Path("unused"), password=NO_PASSWORD) as store,
    ):
        lo, hi = server.generator.persist_range()
        client = OwsClient(http, server.api_url, "demo-key", "demo-secret", retry=retry)
        engine = SyncEngine(client, store, workers=2, on_saved=restart_once)
        result = engine.run(from_epoch_us(lo), from_epoch_us(hi))
        expected = server.generator.all_ids_in_window(lo, hi)
        with store.reader() as reader:
            keys = [row.key for row in reader.iter_rows(TicketQuery())]
    assert restarted.is_set()
    assert len(keys) == len(set(keys)) == len(expected)
    assert set(keys) == expected
    assert result.progress.tickets == len(expected)
