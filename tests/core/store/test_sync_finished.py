"""The store records when a sync into it last finished (the ``review_meta`` row ``sync_finished_us``): the
window's "Last sync" belongs to the store it describes. Before, one settings value held the last sync of ANY
cache or store this computer synced, so a sync of one tenant changed the label shown over another tenant's
cache. The record is a row of a table both backends have had for long: no schema version, so an older
workstation still opens the cache or team store."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store import open_store

pytestmark = pytest.mark.both_backends  # `store` runs on SQLite and on PostgreSQL (conftest.py)

T1 = datetime(2026, 11, 24, 9, 12, 33, tzinfo=UTC)
T2 = datetime(2026, 11, 24, 11, 5, tzinfo=UTC)


def last_finished(store) -> datetime | None:  # type: ignore[no-untyped-def]
    with store.reader() as reader:
        return reader.last_sync_finished()


def around(store, statement: str, params: tuple = ()) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    """Run SQL (``?`` placeholders) on the store's database around the store, as another program would."""
    location = getattr(store, "location", None)
    if location is None:  # the SQLite cache
        with closing(sqlite3.connect(store.path, isolation_level=None)) as conn:
            return conn.execute(statement, params).fetchall()
    import psycopg

    with psycopg.connect(str(location), autocommit=True) as pg:
        cursor = pg.execute(statement.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []


def test_a_store_keeps_when_a_sync_into_it_last_finished(store) -> None:  # type: ignore[no-untyped-def]
    assert last_finished(store) is None  # never synced
    store.record_sync_finished(to_epoch_us(T1))
    assert last_finished(store) == T1
    store.record_sync_finished(to_epoch_us(T2))  # the last one, not the first
    assert last_finished(store) == T2
    # in the key/value table older versions know (they leave the row alone)
    assert around(store, "SELECT value FROM review_meta WHERE key = ?", ("sync_finished_us",)) == [
        (str(to_epoch_us(T2)),)
    ]


def test_each_cache_keeps_its_own(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "another.sqlite3") as other:
        other.record_sync_finished(to_epoch_us(T1))
        assert last_finished(other) == T1
    assert last_finished(store) is None


def _complete_some_windows(store) -> list[int]:  # type: ignore[no-untyped-def]
    """Three windows; the last one not done (its sync failed)."""
    windows = store.create_windows([(0, 10), (10, 20), (20, 30)])
    for window, done in zip(windows, (True, True, False), strict=True):
        store.save_page(window.id, [], cursor=None, empty=True, done=done)
    return [w.id for w in windows]


def test_a_store_synced_before_this_version_was_last_synced_when_its_last_completed_window_was_saved(
    store,
) -> None:  # type: ignore[no-untyped-def]
    """A store an older version synced has no record: "Never synced" beside its tickets would be untrue."""
    ids = _complete_some_windows(store)  # as an older version left them: saved at 500, 700 and 900 µs
    for window_id, saved_us in zip(ids, (500, 700, 900), strict=True):
        around(store, "UPDATE sync_windows SET updated_us = ? WHERE id = ?", (saved_us, window_id))
    at_700 = datetime.fromtimestamp(700 / 1_000_000, UTC)
    assert last_finished(store) == at_700  # the last COMPLETED window's save, not the unfinished 900
    store.record_sync_started()  # this version's first sync: it may fail or be cancelled...
    store.save_page(ids[2], [], cursor=None, empty=True, done=True)  # ...after completing a window
    assert last_finished(store) == at_700  # that window was no finished sync
    store.record_sync_finished(to_epoch_us(T1))
    assert last_finished(store) == T1


def test_windows_completed_by_a_sync_that_never_finished_are_no_last_sync(store) -> None:  # type: ignore[no-untyped-def]
    store.record_sync_started()  # a new store's first sync, cancelled after completing two windows
    _complete_some_windows(store)
    assert last_finished(store) is None
    store.record_sync_started()  # the next one, which finishes
    store.record_sync_finished(to_epoch_us(T1))
    assert last_finished(store) == T1
    store.record_sync_started()  # and the one after it, which fails
    assert last_finished(store) == T1
