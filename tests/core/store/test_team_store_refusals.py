"""A team store's server that was reached and refused the connection is said as such, with what to do: it said
"Cannot reach the team store … Check the host and port, and that the server runs." for a login that does not
exist, one without the CONNECT privilege, a computer the server's pg_hba.conf does not allow, a server
starting up, and any refusal in another language than English (store/postgres/refusals.py). Real throwaway
cluster (tests/pg_cluster.py) where it can say so; libpq's words as it gives them for the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_cluster import Cluster
from team_roles import build_team, run

from ows_desktop.store.errors import StoreConnectError, StoreError
from ows_desktop.store.postgres.connect import connect_error, parse_url
from ows_desktop.store.postgres.refusals import StoreRefusedError

PREFIX = 'connection failed: connection to server at "10.0.0.5", port 5432 failed: '


def test_a_login_that_does_not_exist_or_may_not_connect_is_told_so(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    team = build_team(pg_cluster, tmp_path / "team")
    nobody = team.url("nobody_here")
    code, out, err = run(tmp_path, "--store", nobody, "case", "list")
    assert (code, out) == (3, "") and len(err.splitlines()) == 1, err
    assert f'The team store at {nobody} has no such login (role "nobody_here" does not exist).' in err, err
    assert (
        "Check the user in the store URL, or ask the admin to create it." in err and "Cannot reach" not in err
    )
    team.admin("CREATE ROLE outsider LOGIN")
    team.admin(f"REVOKE CONNECT ON DATABASE {team.db} FROM PUBLIC")
    try:
        code, out, err = run(tmp_path, "--store", team.url("outsider"), "case", "list")
    finally:
        team.admin(f"GRANT CONNECT ON DATABASE {team.db} TO PUBLIC")
        team.admin("DROP ROLE outsider")
    assert (code, out) == (3, "") and len(err.splitlines()) == 1, err
    assert "does not let this login connect to its database (permission denied for database" in err, err
    assert err.rstrip().endswith("Ask the admin to grant it CONNECT.") and "Cannot reach" not in err


@pytest.mark.parametrize(
    ("server_said", "kind", "words"),
    [
        (
            'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "ana", database "ows", no encryption',
            StoreRefusedError,
            "refused this computer or login (its server allows no such connection: no pg_hba.conf entry). Ask "
            "the admin to allow it.",
        ),
        (
            "FATAL:  the database system is starting up",
            StoreConnectError,
            "is starting up or shutting down (the database system is starting up). Try again in a moment.",
        ),
        (  # a server whose lc_messages is French, at its connection limit
            "FATAL:  désolé, trop de clients sont déjà connectés",
            StoreConnectError,
            "refused the connection: désolé, trop de clients sont déjà connectés",
        ),
        (  # German: the severity translated too
            "SCHWERWIEGEND:  Passwort-Authentifizierung für Benutzer »ana« fehlgeschlagen",
            StoreConnectError,
            "refused the connection: Passwort-Authentifizierung für Benutzer »ana« fehlgeschlagen",
        ),
    ],
)
def test_a_refusal_the_server_sent_is_said_in_its_words_not_as_cannot_reach(
    server_said: str, kind: type[StoreError], words: str
) -> None:
    error = connect_error(parse_url("postgresql://ana@10.0.0.5:5432/ows"), Exception(PREFIX + server_said))
    assert type(error) is kind
    assert words in str(error), str(error)
    assert "Cannot reach" not in str(error)


@pytest.mark.parametrize(
    "libpq_said",
    [
        "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?",
        "No route to host\n\tIs the server running on that host and accepting TCP/IP connections?",
    ],
)
def test_a_server_not_reached_is_still_cannot_reach(libpq_said: str) -> None:
    error = connect_error(parse_url("postgresql://ana@10.0.0.5:5432/ows"), Exception(PREFIX + libpq_said))
    assert type(error) is StoreConnectError and str(error).startswith("Cannot reach the team store at")


@pytest.mark.parametrize("said", ["timeout expired", "connection timeout expired"])  # libpq's, psycopg's
def test_a_server_that_did_not_answer_in_time_is_said_so_not_as_cannot_reach(said: str) -> None:
    """A time-out: something at that address took the connection or dropped its packets, and never answered.
    "Cannot reach … check the host and port" sent the person to check an address that was right (a tester)."""
    text = said if said.startswith("connection") else PREFIX + said
    error = connect_error(parse_url("postgresql://ana@10.0.0.5:5432/ows"), Exception(text))
    assert type(error) is StoreConnectError and error.exit_code == 4
    assert str(error) == (
        "The team store at postgresql://ana@10.0.0.5:5432/ows did not answer in time. Check that its server "
        "runs and is not overloaded, and the network to it; then try again."
    )


def test_a_reader_refused_by_the_server_is_told_its_words_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """The readers' pool keeps its last attempt's refusal (lower case); a reader that waited in vain said "Cannot
    reach" for any refusal but the connection limit's."""
    from psycopg_pool import PoolTimeout

    from ows_desktop.store.postgres import connect as pg_connect

    class Refused:
        refused = PREFIX.lower() + 'fatal:  role "nobody" does not exist'

    class Pool:
        connection_class = Refused

        def getconn(self, timeout: float) -> None:
            raise PoolTimeout("no connection")

    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 0.3)
    location = parse_url("postgresql://nobody@10.0.0.5:5432/ows")
    with pytest.raises(StoreRefusedError, match="has no such login"):
        pg_connect.borrow(Pool, location)


def test_a_reader_whose_pool_timed_out_is_told_the_server_did_not_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from psycopg_pool import PoolTimeout

    from ows_desktop.store.postgres import connect as pg_connect

    class Silent:
        refused = "connection timeout expired"

    class Pool:
        connection_class = Silent

        def getconn(self, timeout: float) -> None:
            raise PoolTimeout("no connection")

    monkeypatch.setattr(pg_connect, "CONNECT_TIMEOUT_S", 0.3)
    with pytest.raises(StoreConnectError, match="did not answer in time"):
        pg_connect.borrow(Pool, parse_url("postgresql://ana@10.0.0.5:5432/ows"))
