"""Rows written many to a statement (store/many_rows.py) are the rows ``executemany`` writes: the same
values and types in the same order, whatever the batch's size, and a failing row leaves what
``executemany`` leaves and raises the same error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ows_desktop.store.many_rows import insert_rows

_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(),  # NUL and any other character included
    st.binary(max_size=16),
    st.booleans(),
)


def _table() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, a, b TEXT, c REAL, d INTEGER)")
    return conn


def _stored(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT n, a, typeof(a), b, typeof(b), c, typeof(c), d, typeof(d) FROM t ORDER BY n"
    ).fetchall()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_VALUES, _VALUES, _VALUES, _VALUES), max_size=200))
def test_the_rows_stored_are_the_rows_executemany_stores(values: list[tuple[object, ...]]) -> None:
    rows = [(number, *row) for number, row in enumerate(values)]
    many, one_by_one = _table(), _table()
    insert_rows(many, "INSERT OR FAIL INTO t (n, a, b, c, d)", 5, rows)
    one_by_one.executemany("INSERT INTO t (n, a, b, c, d) VALUES (?, ?, ?, ?, ?)", rows)
    assert _stored(many) == _stored(one_by_one)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 127, 200])
def test_every_row_of_a_batch_of_any_size_is_stored_once_in_order(count: int) -> None:
    conn = _table()
    conn.execute("CREATE TABLE log (n INTEGER)")
    conn.execute("CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.n); END")
    insert_rows(conn, "INSERT OR FAIL INTO t (n, a)", 2, [(n, f"row {n}") for n in range(count)])
    assert [n for (n,) in conn.execute("SELECT n FROM log ORDER BY rowid")] == list(range(count))
    assert conn.execute("SELECT count(*), count(DISTINCT a) FROM t").fetchone() == (count, count)


def test_a_failing_row_leaves_the_rows_before_it_and_raises_as_executemany_does() -> None:
    rows = [(n % 40, "x") for n in range(50)]  # row 40 repeats key 0
    many, one_by_one = _table(), _table()
    with pytest.raises(sqlite3.IntegrityError) as many_error:
        insert_rows(many, "INSERT OR FAIL INTO t (n, a)", 2, rows)
    with pytest.raises(sqlite3.IntegrityError) as executemany_error:
        one_by_one.executemany("INSERT INTO t (n, a) VALUES (?, ?)", rows)
    assert str(many_error.value) == str(executemany_error.value)
    assert _stored(many) == _stored(one_by_one)


def test_a_statement_that_would_abort_is_refused() -> None:
    with pytest.raises(ValueError, match="must not abort"):
        insert_rows(_table(), "INSERT INTO t (n)", 1, [(1,), (2,)])


def _facts(kind: str) -> tuple[object, ...]:
    return (kind, 0, 1, 2.5, 1, 1, 0, 0, 0.0, 0, None)


def test_rule_facts_written_again_replace_the_stored_ones(tmp_path) -> None:
    from ows_desktop.store import facts, open_store

    open_store(tmp_path / "c.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "c.sqlite3", isolation_level=None)
    facts.write(conn, [(1, _facts("sale"), ((0, "S1", "A", 1),)), (2, _facts("sale"), ())], replace=False)
    facts.write(conn, [(1, _facts("refund"), ((0, "S1", "A", -1),))], replace=True)  # an in-place update
    # the same rid twice in one call: the last row wins, as with INSERT OR REPLACE row by row
    facts.write(conn, [(3, _facts("void"), ()), (3, _facts("no_sale"), ())], replace=False)
    assert conn.execute(
        "SELECT rid, kind, gross, utc_offset_min FROM ticket_facts ORDER BY rid"
    ).fetchall() == [
        (1, "refund", 2.5, None),
        (2, "sale", 2.5, None),
        (3, "no_sale", 2.5, None),
    ]
    assert conn.execute("SELECT rid, sku, role FROM ticket_items").fetchall() == [(1, "A", -1)]
    assert [rid for (rid,) in conn.execute("SELECT rid FROM rules_pending ORDER BY rid")] == [1, 2, 3]
