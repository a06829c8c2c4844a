"""Read access for one thread: counts, keyset pages, rowid lists and single tickets.

Nothing here loads every ticket: pages and rowid lists come straight from indexed SQL, and the Qt model
keeps only an ``array('q')`` of rowids plus the rows it shows."""

from __future__ import annotations

import json
import sqlite3
import zlib
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ows_desktop.ows.model import Ticket
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store import checkpoints, raw_pages
from ows_desktop.store.cases_sql import SqliteCaseReader
from ows_desktop.store.day_plan import OFFSETS_SQL, STORES_SQL, plan_days
from ows_desktop.store.dialect import SQLITE
from ows_desktop.store.errors import TicketNotFoundError, corrupt_error
from ows_desktop.store.fulltext import expand_infix, expand_prefix
from ows_desktop.store.query import FILTER_COLUMNS, Keyset, TicketQuery, TicketRow
from ows_desktop.store.query_plan import check_keyset, iter_pages, page_of, rowids_from_hex
from ows_desktop.store.query_sql import (
    ROW_SELECT,
    STORE_OFFSETS_SQL,
    CompiledQuery,
    compile_query,
    row_from_sql,
)
from ows_desktop.store.rawjson import RawCodec, load_codec
from ows_desktop.store.review_sql import SqliteReviewReader
from ows_desktop.store.rule_runs import SqliteRuleResults
from ows_desktop.store.search_ids import TextAndIds, group_ids, lookup_sql, split_ids, vocabulary_allows
from ows_desktop.store.sqlite_errors import translated
from ows_desktop.store.values import StoreStats

# Every distinct value of an indexed column by repeated index seeks (a skip scan): O(values · log n).
_DISTINCT_SQL = {
    column: (
        f"WITH RECURSIVE v(x) AS ("
        f" SELECT (SELECT min({column}) FROM tickets WHERE {column} > '')"
        f" UNION ALL SELECT (SELECT min({column}) FROM tickets WHERE {column} > v.x)"
        f" FROM v WHERE v.x IS NOT NULL"
        f") SELECT x FROM v WHERE x IS NOT NULL"
    )
    for column in FILTER_COLUMNS
}


class TicketReader:
    """A read-only connection for the thread that created it. Close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._codec: RawCodec | None = None
        self.review = SqliteReviewReader(conn, path)
        self.rules = SqliteRuleResults(conn, path, self.snapshot)
        self.cases = SqliteCaseReader(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> TicketReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Make every read inside the block see one consistent state (a read transaction)."""
        with translated(self.path):
            self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    # -- the ticket table --------------------------------------------------------------------------

    def expand_prefix(self, token: str) -> list[str] | None:
        """The indexed tokens starting with ``token`` (already folded), or None when there are too many."""
        with translated(self.path):
            return expand_prefix(self._conn, token)

    def expand_infix(self, token: str) -> list[str] | None:
        """The indexed tokens holding ``token`` (a CJK word), or None when there are too many."""
        with translated(self.path):
            return expand_infix(self._conn, token)

    def employee_ids(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The stored employee IDs each of these lower-case words is, letter case aside (:mod:`.search_ids`)."""
        sql, params = lookup_sql(words, SQLITE)
        with translated(self.path):
            found = [operator_id for (operator_id,) in self._conn.execute(sql, params)]
        return group_ids(words, found)

    def _named(self, text: str) -> TextAndIds | None:
        return split_ids(text, self.employee_ids, lambda term: vocabulary_allows(term, self.expand_prefix))

    def _compile(self, query: TicketQuery, *, rows: bool = True, counting: bool = False) -> CompiledQuery:
        days = None
        if query.store_days is not None:  # each store's day is its own range: plan it from their offsets
            with translated(self.path):
                offsets = dict(self._conn.execute(OFFSETS_SQL).fetchall())
                stores = [name for (name,) in self._conn.execute(STORES_SQL)] if counting else None
            days = plan_days(query.store_days, offsets, query.locations, stores)
        compiled = compile_query(
            query,
            rows=rows,
            expand=self.expand_prefix,
            infix=self.expand_infix,
            days=days,
            counting=counting,
            named=self._named(query.text),
        )
        if not rows or query.text.strip() or (query.min_total is None and query.max_total is None):
            return compiled  # counts and text queries: SQLite's own plan is right
        if query.sort != "start":
            return compiled
        if self._few_in_amount_range(query):
            # few tickets in the range: read them through the total index and sort them
            return replace(
                compiled,
                source=compiled.source.replace("tickets AS t", "tickets AS t INDEXED BY tickets_total"),
            )
        # many: walking newest-first and testing the amount finds a page at once; keep SQLite from reading
        # the whole range through the total index and sorting it
        return replace(compiled, where=tuple(w.replace("t.total ", "+t.total ") for w in compiled.where))

    def _few_in_amount_range(self, query: TicketQuery, few: int = 5000) -> bool:
        clauses, params = [], []
        if query.min_total is not None:
            clauses.append("total >= ?")
            params.append(float(query.min_total))
        if query.max_total is not None:
            clauses.append("total <= ?")
            params.append(float(query.max_total))
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM tickets INDEXED BY tickets_total{_where(clauses)} LIMIT ?)"
        )
        with translated(self.path):
            return int(self._conn.execute(sql, (*params, few + 1)).fetchone()[0]) <= few

    def count(self, query: TicketQuery, cap: int | None = None) -> int:
        """How many tickets match; with ``cap``, counting stops there (the table shows "100,000+": counting
        every match of a common word over millions of tickets costs more than the page itself)."""
        compiled = self._compile(query, rows=False, counting=True)
        base = f"SELECT 1 {compiled.source}{_where(compiled.where)}"
        params: tuple[object, ...] = compiled.params
        if cap is not None:
            base += " LIMIT ?"
            params = (*params, max(0, int(cap)))
        with translated(self.path):
            row = self._conn.execute(f"SELECT count(*) FROM ({base})", params).fetchone()
        return int(row[0])

    def page(
        self, query: TicketQuery, limit: int, after: Keyset | None = None
    ) -> tuple[list[TicketRow], Keyset | None]:
        """Up to ``limit`` rows in the query's order, after ``after``; the keyset to continue from is None
        when these were the last rows."""
        if limit <= 0:
            raise ValueError("limit must be positive")
        compiled = self._compile(query)
        where, params = _paged(compiled, query, after)
        sql = (
            f"SELECT {ROW_SELECT} {compiled.source}{_where(where)} "
            f"ORDER BY {compiled.order_by(query.sort, query.descending)} LIMIT ?"
        )
        with translated(self.path):
            rows = [row_from_sql(row) for row in self._conn.execute(sql, (*params, limit + 1))]
        return page_of(rows, limit, query)

    def iter_rows(self, query: TicketQuery, batch: int = 500) -> Iterator[TicketRow]:
        """Every matching row in order, fetched ``batch`` at a time."""
        return iter_pages(self.page, query, batch)

    def ids(self, query: TicketQuery, limit: int | None = None) -> array[int]:
        """The matching rowids in the query's order (all of them when ``limit`` is None).

        Read as one text of 16 hex digits a rowid, made inside SQLite: fetched row by row, 150 k rowids
        cost ~140 ms of Python that hands the interpreter lock back and forth at every row, and a live
        listing read so in a job made the window's own reads wait up to ~11 ms each; this way SQLite works
        ~50 ms without the lock and Python decodes the text in ~2 ms. The inner ``LIMIT`` (-1: none) keeps
        the subquery's ``ORDER BY``, so the text follows the query's order."""
        compiled = self._compile(query, rows=False)
        sql = (
            f"SELECT group_concat(printf('%016x', rid), '') FROM (SELECT {compiled.rid} AS rid "
            f"{compiled.source}{_where(compiled.where)} "
            f"ORDER BY {compiled.order_by(query.sort, query.descending)} LIMIT ?)"
        )
        params = (*compiled.params, -1 if limit is None else max(0, int(limit)))
        with translated(self.path):
            (text,) = self._conn.execute(sql, params).fetchone()
        return rowids_from_hex(text or "")

    def rows(self, rowids: Sequence[int]) -> list[TicketRow]:
        """The rows with these rowids, in the order asked; rowids no longer stored are skipped."""
        if not rowids:
            return []
        with translated(self.path):
            found = {
                row[0]: row
                for row in self._conn.execute(
                    f"SELECT {ROW_SELECT} FROM tickets AS t WHERE t.rid IN (SELECT value FROM json_each(?))",
                    (json.dumps([int(r) for r in rowids]),),
                )
            }
        return [row_from_sql(found[r]) for r in rowids if r in found]

    # -- single tickets ----------------------------------------------------------------------------

    def raw(self, rowid: int) -> dict[str, Any]:
        """The ticket's JSON object exactly as received."""
        found = self.raws([rowid])
        if rowid not in found:
            raise TicketNotFoundError(f"No ticket with rowid {rowid} in the cache at {self.path}.")
        return found[rowid]

    def raws(self, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """rowid → the ticket's raw JSON, for many tickets in one statement (exports); each raw page
        (schema v6, store/raw_pages.py) is read and inflated once."""
        with translated(self.path):
            rows = self._conn.execute(
                "SELECT rid, raw, page, at, len FROM ticket_docs WHERE rid IN (SELECT value FROM json_each(?))",
                (json.dumps([int(r) for r in rowids]),),
            ).fetchall()
            pages = raw_pages.page_data(self._conn, (row[2] for row in rows if row[2] is not None))
        inflated: dict[int, bytes] = {}
        out: dict[int, dict[str, Any]] = {}
        for rid, stored, page, at, length in rows:
            if page is None:
                out[rid] = self._decode(stored)
                continue
            if page not in inflated:
                blob = pages.get(page)
                if blob is None:
                    raise corrupt_error(self.path, f"the raw page {page} of a ticket is missing")
                inflated[page] = self._inflate(blob)
            try:
                out[rid] = raw_pages.from_page(inflated[page], at, length)
            except (UnicodeDecodeError, ValueError) as exc:
                raise corrupt_error(self.path, f"a ticket's stored JSON cannot be read: {exc}") from exc
        return out

    def _inflate(self, blob: bytes) -> bytes:
        needed = RawCodec.needed_dictionary(blob)
        if self._codec is None or (needed is not None and not self._codec.knows(needed)):
            with translated(self.path):
                self._codec = load_codec(self._conn)
        try:
            return self._codec.inflate(blob)
        except zlib.error as exc:
            raise corrupt_error(self.path, f"a ticket's stored JSON cannot be read: {exc}") from exc

    def _decode(self, stored: bytes | str) -> dict[str, Any]:
        needed = RawCodec.needed_dictionary(stored)
        if self._codec is None or (needed is not None and not self._codec.knows(needed)):
            with translated(self.path):
                self._codec = load_codec(self._conn)
        try:
            return self._codec.decode(stored)
        except (zlib.error, UnicodeDecodeError, ValueError) as exc:
            raise corrupt_error(self.path, f"a ticket's stored JSON cannot be read: {exc}") from exc

    def ticket(self, key_or_rowid: str | int) -> Ticket:
        """The full ticket, rebuilt from its raw JSON by the normaliser."""
        from ows_desktop.ows.tickets import normalise_ticket  # the normaliser is heavier than the store

        return normalise_ticket(self.raw(self.rowid_of(key_or_rowid)))

    def rowid_of(self, key_or_rowid: str | int) -> int:
        """The rowid of a ticket key (a str), or ``key_or_rowid`` itself if it is a stored rowid."""
        column = "rid" if isinstance(key_or_rowid, int) else "key"
        sql, value = f"SELECT rid FROM tickets WHERE {column} = ?", key_or_rowid
        with translated(self.path):
            row = self._conn.execute(sql, (value,)).fetchone()
        if row is None:
            raise TicketNotFoundError(f"No ticket {key_or_rowid!r} in the cache at {self.path}.")
        return int(row[0])

    def find_ticket_key(self, text: str) -> str:
        """The key of the ticket a user named by its key or its OWS id. Raises TicketNotFoundError.

        Tried as typed (the form ``search`` prints), then escaped the way ids are stored (a raw OWS id with
        unpaired surrogates, see ows.text.stored_id)."""
        from ows_desktop.ows.text import has_lone_surrogate, stored_id

        typed = tuple(dict.fromkeys((text, text.strip())))
        candidates = [t for t in typed if not has_lone_surrogate(t)]
        candidates += [stored_id(t) for t in typed if stored_id(t) != t]
        row = None
        with translated(self.path):
            # by key first, through its unique index: a ticket with an id has that id as its key, so this
            # finds nearly every ticket named; only a miss reads the ids (which have no index of their own)
            for sql in ("SELECT key FROM tickets WHERE key = ?", _BY_ID):
                for candidate in candidates:
                    row = self._conn.execute(sql, (candidate,)).fetchone()
                    if row is not None:
                        break
                if row is not None:
                    break
        if row is None:
            raise TicketNotFoundError(
                f"No ticket {text!r} in the cache at {self.path}. Check the id (ows-desktop search {text!r}) "
                "or sync the day it was rung up first."
            )
        return str(row[0])

    def local_offsets(self, rowids: Sequence[int]) -> dict[int, int | None]:
        """rowid → the store's local UTC offset in minutes for that ticket (its own, else the one learned
        for its store), None when unknown."""
        with translated(self.path):
            return {
                rid: offset
                for rid, offset in self._conn.execute(
                    "SELECT t.rid, coalesce(f.utc_offset_min, lo.offset_min) FROM tickets AS t "
                    "LEFT JOIN ticket_facts AS f ON f.rid = t.rid "
                    "LEFT JOIN location_offsets AS lo ON lo.location = t.location "
                    "WHERE t.rid IN (SELECT value FROM json_each(?))",
                    (json.dumps([int(r) for r in rowids]),),
                )
            }

    def store_offsets(self) -> dict[str, int]:
        """Each store of known zone → the offset its newest ticket is shown in (minutes): its clock now."""
        with translated(self.path):
            return dict(self._conn.execute(STORE_OFFSETS_SQL).fetchall())

    # -- filter pickers and status -----------------------------------------------------------------

    def distinct_values(self, column: str) -> list[str]:
        """The values of ``column`` (location, terminal, operator or status) in use, sorted."""
        sql = _DISTINCT_SQL.get(column)
        if sql is None:
            raise ValueError(f"No filter column {column!r}; use one of {', '.join(FILTER_COLUMNS)}.")
        with translated(self.path):
            return [value for (value,) in self._conn.execute(sql)]

    def terminals(self) -> list[tuple[str, str]]:
        """(location, terminal) pairs ever stored, sorted ('' for no location); kept when a ticket moves."""
        with translated(self.path):
            return list(self._conn.execute("SELECT location, terminal FROM ticket_terminals ORDER BY 1, 2"))

    def operators(self) -> list[tuple[str, str, str]]:
        """(location, operator_id, operator) triples ever stored, sorted ('' for no location, no employee ID);
        kept when a ticket moves."""
        with translated(self.path):
            return list(
                self._conn.execute(
                    "SELECT location, operator_id, operator FROM ticket_operators ORDER BY 1, 2, 3"
                )
            )

    def stats(self) -> StoreStats:
        with translated(self.path):
            # Two statements: each alone is optimised (count over the smallest index, max by index seek).
            (count,) = self._conn.execute("SELECT count(*) FROM tickets").fetchone()
            (newest,) = self._conn.execute("SELECT max(persisted_us) FROM tickets").fetchone()
        return StoreStats(int(count), None if newest is None else from_epoch_us(newest))

    def last_sync_finished(self) -> datetime | None:
        with translated(self.path):
            finished = checkpoints.last_sync_finished_us(self._conn)
        return None if finished is None else from_epoch_us(finished)


_BY_ID = "SELECT key FROM tickets WHERE id = ? ORDER BY rid DESC LIMIT 1"


def _where(clauses: Sequence[str]) -> str:
    return f" WHERE {' AND '.join(clauses)}" if clauses else ""


def _paged(
    compiled: CompiledQuery, query: TicketQuery, after: Keyset | None
) -> tuple[tuple[str, ...], tuple[object, ...]]:
    check_keyset(query, after)
    if after is None:
        return compiled.where, compiled.params
    clause, params = compiled.after(after)
    return (*compiled.where, clause), (*compiled.params, *params)
