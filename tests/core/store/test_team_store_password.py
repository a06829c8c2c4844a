"""The team store's password is asked of the keyring once per process, whatever the number of connections.

A locked keyring shows its unlock prompt for every question: asked once per connection (the writer, the
readers' pool, the live-updates listener, the sync child's password), a person who cancelled it was asked
again and again while the window opened (seen in the demo on a team store: five prompts in a row). It is asked
again where a person acts (the password a Sync hands its process) and after the server refused the kept one,
so a password saved meanwhile with ``ows-desktop store password`` works without a restart."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from pg_cluster import PASSWORD_GROUP, Cluster

from ows_desktop.store.postgres.connect import (
    PASSWORD_ENV,
    StoreAuthError,
    connect,
    parse_url,
    password_from,
)
from ows_desktop.store.query import TicketQuery
from ows_desktop.store.url import open_store_url


class _Counted:
    def __init__(self, answer: str | None = None, error: Exception | None = None) -> None:
        self.asked: list[str] = []
        self._answer, self._error = answer, error

    def __call__(self, service: str, username: str) -> str | None:
        self.asked.append(username)
        if self._error is not None:
            raise self._error
        return self._answer


def test_each_store_is_asked_once_and_a_refusal_is_kept(memory_keyring, monkeypatch) -> None:
    from keyring.errors import KeyringLocked

    locked = _Counted(error=KeyringLocked("Failed to unlock the collection!"))
    monkeypatch.setattr(memory_keyring, "get_password", locked)
    lookup = password_from({})
    first = parse_url("postgresql://ana@db.example:5432/ows")
    other = parse_url("postgresql://bo@db.example:5432/ows")
    assert [lookup(first) for _ in range(4)] == [None] * 4  # the prompt cancelled: no password
    assert lookup(other) is None
    assert locked.asked == [first.keyring_user, other.keyring_user]


def test_a_saved_password_is_read_once_and_the_environment_still_wins(memory_keyring, monkeypatch) -> None:
    saved = _Counted(answer="from-the-keyring")
    monkeypatch.setattr(memory_keyring, "get_password", saved)
    location = parse_url("postgresql://ana@db.example:5432/ows")
    lookup = password_from({})
    assert [lookup(location), lookup(location)] == ["from-the-keyring"] * 2
    assert len(saved.asked) == 1
    assert password_from({PASSWORD_ENV: "from-env"})(location) == "from-env"
    assert len(saved.asked) == 1  # the environment's password needs no keyring


def test_a_typed_password_comes_first_until_the_server_refuses_it(memory_keyring, monkeypatch) -> None:
    """The password the window asked for (the saved one was refused): every connection and the sync's process
    get it, before the keyring's and the environment's, until the server refuses it too."""
    saved = _Counted(answer="the-saved-one")
    monkeypatch.setattr(memory_keyring, "get_password", saved)
    location = parse_url("postgresql://ana@db.example:5432/ows")
    other = parse_url("postgresql://bo@db.example:5432/ows")
    lookup = password_from({PASSWORD_ENV: "from-env"})
    lookup.use(location, "typed")
    assert [lookup(location), lookup.fresh(location), lookup(other)] == ["typed", "typed", "from-env"]
    lookup.forget(location)  # refused
    assert lookup(location) == "from-env"
    lookup = password_from({})
    lookup.use(location, "typed")
    lookup.forget(location)
    assert lookup(location) == "the-saved-one" and saved.asked == [location.keyring_user]


def test_opening_a_team_store_and_its_readers_asks_the_keyring_once(
    tmp_path: Path, pg_url: str, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _Counted(answer=None)  # the test cluster trusts its local connections
    monkeypatch.setattr(memory_keyring, "get_password", asked)
    lookup = password_from({})
    connections: list[object] = []

    def counted_lookup(location):
        connections.append(location)
        return lookup(location)

    with open_store_url(pg_url, tmp_path / "unused", password=counted_lookup) as store:
        with store.reader() as reader:
            assert reader.count(TicketQuery()) == 0
        feed = store.change_feed()
        feed.close()
        assert store.password() is None
    assert len(connections) >= 3  # the writer, the readers' pool, the feed, the sync child's password
    assert len(asked.asked) == 1


def test_a_sync_asks_the_keyring_anew_for_the_password_it_hands_its_process(
    tmp_path: Path, pg_url: str, memory_keyring
) -> None:
    location = parse_url(pg_url)
    lookup = password_from({})
    with open_store_url(pg_url, tmp_path / "unused", password=lookup) as store:
        assert lookup(location) is None and store.password() is None
        memory_keyring.set_password("ows-desktop-store", location.keyring_user, "saved-meanwhile")
        assert lookup(location) is None  # the window's connections keep what they were given
        assert store.password() == "saved-meanwhile"  # a Sync pressed now: what the keyring holds now


def test_after_the_server_refused_the_kept_password_the_next_connection_asks_again(
    pg_cluster: Cluster, pg_template: str, memory_keyring
) -> None:
    role = "lp_" + uuid.uuid4().hex[:8]
    right = "Right-" + uuid.uuid4().hex[:8]
    import psycopg

    with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{right}' IN ROLE {PASSWORD_GROUP}")
    location = parse_url(pg_cluster.url(pg_template, user=role))
    memory_keyring.set_password("ows-desktop-store", location.keyring_user, "the-old-one")
    lookup = password_from({})
    with pytest.raises(StoreAuthError):
        connect(location, lookup)
    memory_keyring.set_password("ows-desktop-store", location.keyring_user, right)  # `store password URL`
    with connect(location, lookup) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (role,)
