"""The store behind one interface: the SQLite store offers every member of the protocols in
store/interface.py, nothing outside the store's writer reaches a connection or a private member, and each
migration is applied in its own transaction."""

from __future__ import annotations

import ast
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from review_helpers import tk

from ows_desktop.basics.errors import AppError
from ows_desktop.ows.errors import OwsError
from ows_desktop.store import StoreError, TicketQuery, TicketStore, migrations, open_store
from ows_desktop.store.interface import (
    MappingRows,
    Reader,
    ReviewReader,
    ReviewWriter,
    RuleResults,
    RuleRuns,
    Store,
)

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

ROOT = Path(__file__).resolve().parents[3]
# What only the store's SQLite classes may touch, each on itself (``self._conn``), never on another object.
PRIVATE = frozenset({"_conn", "_transaction", "_reading", "_gate", "_records", "_codec", "_decode"})


def members(protocol: type) -> set[str]:
    """The names a protocol (with its protocol bases) asks for."""
    names: set[str] = set()
    for base in protocol.__mro__:
        if base is object or not getattr(base, "_is_protocol", False):
            continue
        names |= {
            name
            for name in vars(base)
            if (not name.startswith("_") or name in ("__enter__", "__exit__")) and name != "_is_protocol"
        }
    return names


def test_the_sqlite_store_offers_every_member_of_the_interface(store: TicketStore) -> None:
    with store.reader() as reader:
        for obj, protocol in (
            (store, Store),
            (store.review, ReviewWriter),
            (store.rules, RuleRuns),
            (store.mapping, MappingRows),
            (reader, Reader),
            (reader.review, ReviewReader),
            (reader.rules, RuleResults),
        ):
            missing = sorted(name for name in members(protocol) if not hasattr(obj, name))
            assert not missing, f"{type(obj).__name__} lacks {protocol.__name__}.{missing}"


def test_the_roles_work_together_through_the_interface(store: TicketStore) -> None:
    store.upsert_tickets([tk("a"), tk("b", status="no_sale", lines=())])
    assert store.rules.pending_total() == 2
    store.review.flag_ticket("a", reason="Void abuse", note="looked at it", who="jane")
    with store.reader() as reader:
        assert reader.find_ticket_key("a") == "a"
        assert [r.key for r in reader.iter_rows(TicketQuery(flagged=True))] == ["a"]
        review = reader.review.review_of("a")
        assert review.flag is not None and review.flag.reason == "Void abuse"
        assert [note.note for note in review.notes] == ["looked at it"]
        assert reader.review.verify_audit_chain() is None
        assert reader.rules.run_state() == (None, 2)


def _private_reaches(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in PRIVATE
            and not (isinstance(node.value, ast.Name) and node.value.id == "self")
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
    return found


def test_nothing_reaches_into_a_connection_or_a_private_member_of_the_store() -> None:
    files = sorted((ROOT / "ows_desktop").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    reaches = [reach for path in files for reach in _private_reaches(path)]
    assert reaches == []


def test_store_errors_are_app_errors_not_client_errors() -> None:
    assert issubclass(StoreError, AppError)
    assert not issubclass(StoreError, OwsError)
    assert StoreError.exit_code == 2


def test_each_migration_is_its_own_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tickets.db"
    with open_store(path) as store:
        store.upsert_tickets([tk("a")])
    known = migrations.latest_version()

    def add_table(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE added_first (id INTEGER PRIMARY KEY)")

    def fail_half_way(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE added_second (id INTEGER PRIMARY KEY)")
        raise RuntimeError("a migration that breaks half way")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, add_table, fail_half_way))
    with pytest.raises(RuntimeError, match="half way"):
        open_store(path)
    with closing(sqlite3.connect(path)) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == known + 1  # the first migration is kept whole, with its version
    assert "added_first" in tables and "added_second" not in tables  # the second left nothing behind
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:-1], lambda conn: None))
    with open_store(path) as store, store.reader() as reader:  # the next start finishes the upgrade
        assert reader.stats().tickets == 1
