"""Reading the team store for one thread: the :class:`~ows_desktop.store.interface.TicketQueries` role on its
own PostgreSQL connection (autocommit; :meth:`PgTicketReader.snapshot` opens a REPEATABLE READ transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection

from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ows_desktop.ows.model import Ticket
from ows_desktop.ows.timestamps import from_epoch_us, to_epoch_us
from ows_desktop.store import checkpoints
from ows_desktop.store.day_plan import OFFSETS_SQL, STORES_SQL, DayPlan, plan_days
from ows_desktop.store.dialect import POSTGRES
from ows_desktop.store.errors import TicketNotFoundError
from ows_desktop.store.postgres import sync_claim
from ows_desktop.store.postgres.cases import PgCaseReader
from ows_desktop.store.postgres.connect import translated
from ows_desktop.store.postgres.day_counts import day_count
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.postgres.review import PgReviewReader
from ows_desktop.store.postgres.roles import read_scope
from ows_desktop.store.postgres.rules import PgRuleResults
from ows_desktop.store.postgres.search import (
    ROW_SELECT,
    STORE_OFFSETS_SQL,
    PgQuery,
    TextMatch,
    after_clause,
    compile_match,
    compile_query,
    one_word,
    order_by,
    text_match,
    whole_words,
)
from ows_desktop.store.postgres.search_probe import FREQUENCIES_SQL, probe_word
from ows_desktop.store.postgres.search_words import (
    EXPAND_OPEN_SQL,
    EXPAND_SQL,
    MAX_EXPANSION,
    complete,
    expandable,
    prefix_bounds,
)
from ows_desktop.store.postgres.tickets import raw_object
from ows_desktop.store.query import FILTER_COLUMNS, Keyset, TicketQuery, TicketRow
from ows_desktop.store.query_plan import check_keyset, iter_pages, page_of, rowids_from_hex
from ows_desktop.store.query_sql import row_from_sql
from ows_desktop.store.search_ids import TextAndIds, group_ids, lookup_sql, split_ids, vocabulary_allows
from ows_desktop.store.values import StoreStats


class PgTicketReader:
    """A reading connection for the thread that opened it. Close it (or use ``with``) when done."""

    def __init__(
        self, conn: Connection[Any], where: object, release: Callable[[Connection[Any]], None] | None = None
    ) -> None:
        self._conn = conn
        self._release = release  # gives the connection back to its pool (None: close it)
        self._where = where
        self.path = Path(str(where))  # the interface's label of the store; a URL, not a file
        self.review = PgReviewReader(conn, where)
        self.rules = PgRuleResults(conn, where, self.snapshot)
        self.cases = PgCaseReader(conn, where)

    def close(self) -> None:
        release, self._release = self._release, None
        if release is not None:
            release(self._conn)
        elif not self._conn.closed:
            self._conn.close()

    def __enter__(self) -> PgTicketReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    def _rows(self, sql: str, params: Sequence[object], *, planned: bool = False) -> list[tuple[Any, ...]]:
        """``planned``: a search, planned for its own values every time. psycopg prepares a statement run
        5 times, and PostgreSQL may then keep a generic plan, made without the values: the same SQL serves
        ``chocolate`` (a quarter of the tickets: walk the newest rows) and a rare word (read its posting
        list), so a plan made for neither picks wrong for one of them (at 5 M tickets the generic plan of a
        capped count expects 835 rows for any word; ``gift`` has 186 k)."""
        with translated(self._where):
            return list(
                self._conn.execute(pg_sql(sql), params, prepare=False if planned else None).fetchall()
            )

    def expand_prefix(self, token: str) -> list[str] | None:
        """The words of the store (those this role may see) that start with ``token``; None: too many, or
        not answerable from the vocabulary (see :mod:`.search_words`)."""
        low, high = prefix_bounds(token)
        if high is None:
            found = self._rows(EXPAND_OPEN_SQL, (low, MAX_EXPANSION + 1))
        else:
            found = self._rows(EXPAND_SQL, (low, high, MAX_EXPANSION + 1))
        return complete([word for (word,) in found])

    def employee_ids(self, words: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The stored employee IDs (of the stores this role may see) each of these lower-case words is, letter
        case aside (:mod:`ows_desktop.store.search_ids`)."""
        sql, params = lookup_sql(words, POSTGRES)
        return group_ids(words, [str(operator_id) for (operator_id,) in self._rows(sql, params)])

    def _named(self, query: TicketQuery) -> TextAndIds | None:
        def words(token: str) -> list[str] | None:  # None: the vocabulary cannot tell (digits only)
            return self.expand_prefix(token) if expandable(token) else None

        return split_ids(query.text, self.employee_ids, lambda term: vocabulary_allows(term, words))

    def _days(self, query: TicketQuery, *, counting: bool = False) -> DayPlan | None:
        """The plan of the query's store days, from the stores' learned offsets (:mod:`...day_plan`);
        ``counting``: of every store (those this role may see), for one count a store term (.day_counts)."""
        if query.store_days is None:
            return None
        offsets = {str(location): int(offset) for location, offset in self._rows(OFFSETS_SQL, ())}
        stores = [str(name) for (name,) in self._rows(STORES_SQL, ())] if counting else None
        return plan_days(query.store_days, offsets, query.locations, stores)

    def count(self, query: TicketQuery, cap: int | None = None) -> int:
        if cap is None:
            named = self._named(query)
            return self._capped(
                compile_query(query, self.expand_prefix, self._days(query, counting=True), named), None
            )
        # a subset of the matches first (a frequent word's whole-word matches, or one word of an expanded
        # prefix: search.whole_words, search_probe) reaches the cap at a fraction of the query's cost; if
        # it does, so does the query
        *subsets, full = self.capped_count_queries(query, cap)
        if subsets and self._capped(subsets[0], cap) >= cap:
            return max(0, int(cap))
        return self._capped(full, cap)

    def capped_count_queries(self, query: TicketQuery, cap: int) -> list[PgQuery]:
        """What a capped count of ``query`` runs: a subset of its matches, if one is expected to reach the
        cap sooner (the query with its word prefixes as whole words, or the probe word of an expanded
        prefix), then the query itself (the bench explains them)."""
        named = self._named(query)
        match = text_match(query.text if named is None else named.text, self.expand_prefix)
        per_row = match is not None and self._amount_is_wider(query, match, named)
        subset = whole_words(match)
        if subset is None and match is not None and match.words:
            expected = dict(self._rows(FREQUENCIES_SQL, (list(match.words),)))
            word = probe_word({w: float(n) for w, n in expected.items()}, max(0, int(cap)))
            subset = None if word is None else one_word(match, word)
        days = self._days(query, counting=True)
        counts = (
            []
            if subset is None
            else [compile_match(query, subset, amount_per_row=per_row, days=days, named=named)]
        )
        return [*counts, compile_match(query, match, amount_per_row=per_row, days=days, named=named)]

    def _amount_is_wider(self, query: TicketQuery, match: TextMatch, named: TextAndIds | None) -> bool:
        """Whether the planner expects more tickets in the query's amount range than with its text. A capped
        count then checks the amount on the text's rows: AND-ing the range's bitmap reads more index than
        the text's own posting list to remove few of its rows, and a bitmap is read whole before the
        first row, whatever the cap. At 5 M tickets ``gift`` AND total >= 20 (54 % of the tickets, 98 % of
        the gift ones): the BitmapAnd read 980 k index entries of one month (80-180 ms) to drop 2 % of
        65 k rows. With a narrow range (``chocolate`` over 400) the planner keeps its own plan: the amount
        index, or the AND of both."""
        if query.min_total is None and query.max_total is None:
            return False
        amount = compile_match(TicketQuery(min_total=query.min_total, max_total=query.max_total), None)
        text = compile_match(TicketQuery(text=query.text), match, named=named)
        return self._estimate(amount) > self._estimate(text)

    def _estimate(self, compiled: PgQuery) -> float:
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets AS t{compiled.where_sql()}"
        plan = self._rows(sql, compiled.params, planned=True)[0][0]
        return float(plan[0]["Plan"]["Plan Rows"])

    def _capped(self, compiled: PgQuery, cap: int | None) -> int:
        if compiled.parts is not None:  # store days: one count a store term, summed
            sql, params = day_count(compiled, None if cap is None else max(0, int(cap)))
            with translated(self._where), self._conn.transaction():
                self._conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")  # as below
                return int(self._rows(sql, params, planned=True)[0][0])
        base = f"SELECT 1 FROM tickets AS t{compiled.where_sql()}"
        if cap is None:
            return int(self._rows(f"SELECT count(*) FROM ({base}) AS c", compiled.params, planned=True)[0][0])
        sql = f"SELECT count(*) FROM ({base} LIMIT ?) AS c"
        # Serial: a capped count stops at the cap, and parallel workers only add their start-up and a bitmap
        # of the other month built for nothing. At 5 M tickets the planner made the count of gift AND a
        # wide amount (checked per row, whose selectivity it cannot know) parallel: 112 ms against 29 ms
        # serial (medians of 7, interleaved; 179 against 58 ms at a load of 8). The other capped counts of
        # the bench were planned serial already.
        with translated(self._where), self._conn.transaction():
            self._conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            return int(self._rows(sql, (*compiled.params, max(0, int(cap))), planned=True)[0][0])

    def page(
        self, query: TicketQuery, limit: int, after: Keyset | None = None
    ) -> tuple[list[TicketRow], Keyset | None]:
        if limit <= 0:
            raise ValueError("limit must be positive")
        check_keyset(query, after)
        compiled = compile_query(query, self.expand_prefix, self._days(query), self._named(query))
        extra: tuple[str, ...] = ()
        params: tuple[object, ...] = compiled.params
        if after is not None:
            clause, more = after_clause(after)
            extra, params = (clause,), (*params, *more)
        sql = (
            f"SELECT {ROW_SELECT} FROM tickets AS t{compiled.where_sql(extra)} "
            f"ORDER BY {order_by(query.sort, query.descending)} LIMIT ?"
        )
        found = self._rows(sql, (*params, limit + 1), planned=True)
        return page_of([row_from_sql(row) for row in found], limit, query)

    def iter_rows(self, query: TicketQuery, batch: int = 500) -> Iterator[TicketRow]:
        return iter_pages(self.page, query, batch)

    def ids(self, query: TicketQuery, limit: int | None = None) -> array[int]:
        """As :meth:`TicketReader.ids <ows_desktop.store.reader.TicketReader.ids>`: one text of 16 hex digits a
        rowid, made by the server in the query's order (numbered, then aggregated in that number's order), so
        a long listing read in a job does not hold the interpreter lock for every row it converts."""
        compiled = compile_query(query, self.expand_prefix, self._days(query), self._named(query))
        order = order_by(query.sort, query.descending)
        sql = (
            "SELECT string_agg(lpad(to_hex(s.rid), 16, '0'), '' ORDER BY s.n) FROM ("
            f"SELECT t.rid, row_number() OVER (ORDER BY {order}) AS n FROM tickets AS t{compiled.where_sql()} "
            f"ORDER BY {order} LIMIT ?) AS s"
        )
        params = (*compiled.params, None if limit is None else max(0, int(limit)))
        with translated(self._where), self._conn.cursor() as cur:
            cur.execute(pg_sql(sql), params, prepare=False)  # planned for its values (see _rows)
            row = cur.fetchone()
        return rowids_from_hex(row[0] if row and row[0] else "")

    def rows(self, rowids: Sequence[int]) -> list[TicketRow]:
        if not rowids:
            return []
        found = {
            row[0]: row
            for row in self._rows(
                f"SELECT {ROW_SELECT} FROM tickets AS t WHERE t.rid = ANY(?)", ([int(r) for r in rowids],)
            )
        }
        return [row_from_sql(found[r]) for r in rowids if r in found]

    def raw(self, rowid: int) -> dict[str, Any]:
        found = self._rows("SELECT raw FROM ticket_docs WHERE rid = ?", (int(rowid),))
        if not found:
            raise TicketNotFoundError(f"No ticket with rowid {rowid} in the team store at {self._where}.")
        return raw_object(found[0][0])

    def raws(self, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
        rows = self._rows("SELECT rid, raw FROM ticket_docs WHERE rid = ANY(?)", ([int(r) for r in rowids],))
        return {rid: raw_object(stored) for rid, stored in rows}

    def ticket(self, key_or_rowid: str | int) -> Ticket:
        from ows_desktop.ows.tickets import normalise_ticket

        if isinstance(key_or_rowid, int):  # one round trip: the document says whether the ticket exists
            return normalise_ticket(self.raw(key_or_rowid))
        return normalise_ticket(self.raw(self.rowid_of(key_or_rowid)))

    def rowid_of(self, key_or_rowid: str | int) -> int:
        column = "rid" if isinstance(key_or_rowid, int) else "key"
        found = self._rows(f"SELECT rid FROM tickets WHERE {column} = ?", (key_or_rowid,))
        if not found:
            raise TicketNotFoundError(f"No ticket {key_or_rowid!r} in the team store at {self._where}.")
        return int(found[0][0])

    def find_ticket_key(self, text: str) -> str:
        stripped = text.strip()
        found = self._rows("SELECT key FROM tickets WHERE key = ?", (text,))
        if not found and stripped != text:
            found = self._rows("SELECT key FROM tickets WHERE key = ?", (stripped,))
        if not found:  # a ticket with an id has it as its key: only a miss reads the ids (no index of theirs)
            found = self._rows("SELECT key FROM tickets WHERE id = ? ORDER BY rid DESC LIMIT 1", (stripped,))
        if not found:
            raise TicketNotFoundError(self._not_found(text))
        return str(found[0][0])

    def _not_found(self, text: str) -> str:
        """Why ``text`` names no ticket here. A role that sees some stores only is told which: the ticket may
        well exist in a store it does not see (row-level security hides it like a ticket never synced)."""
        with translated(self._where):
            scope = read_scope(self._conn)
        if scope.all_locations:
            return (
                f"No ticket {text!r} in the team store at {self._where}. Check the id "
                f"(ows-desktop search {text!r}) or sync the day it was rung up first."
            )
        return (
            f"No ticket {text!r} in the stores {scope.user} may see in the team store at {self._where} "
            f"(stores: {scope.stores_text()}). Check the id (ows-desktop search {text!r}); a ticket of another store "
            "needs that store assigned by the team store's owner or director."
        )

    def local_offsets(self, rowids: Sequence[int]) -> dict[int, int | None]:
        found = self._rows(
            "SELECT t.rid, coalesce(t.utc_offset_min, lo.offset_min) FROM tickets AS t "
            "LEFT JOIN location_offsets AS lo ON lo.location = t.location WHERE t.rid = ANY(?)",
            ([int(r) for r in rowids],),
        )
        return {rid: offset for rid, offset in found}

    def store_offsets(self) -> dict[str, int]:
        return {str(location): int(offset) for location, offset in self._rows(STORE_OFFSETS_SQL, ())}

    def distinct_values(self, column: str) -> list[str]:
        if column not in FILTER_COLUMNS:
            raise ValueError(f"No filter column {column!r}; use one of {', '.join(FILTER_COLUMNS)}.")
        return [
            v
            for (v,) in self._rows(
                f"SELECT DISTINCT {column} FROM tickets WHERE {column} > '' ORDER BY 1", ()
            )
        ]

    def terminals(self) -> list[tuple[str, str]]:
        rows = self._rows("SELECT location, terminal FROM ticket_terminals ORDER BY 1, 2", ())
        return [(location, terminal) for location, terminal in rows]

    def operators(self) -> list[tuple[str, str, str]]:
        rows = self._rows("SELECT location, operator_id, operator FROM ticket_operators ORDER BY 1, 2, 3", ())
        return [(location, operator_id, operator) for location, operator_id, operator in rows]

    def stats(self) -> StoreStats:
        count, newest = self._rows("SELECT count(*), max(persisted_us) FROM tickets", ())[0]
        return StoreStats(int(count), None if newest is None else from_epoch_us(newest))

    def last_sync_finished(self) -> datetime | None:
        finished = checkpoints.last_sync_finished_of(self._rows(checkpoints.LAST_SYNC_SQL, ())[0])
        return None if finished is None else from_epoch_us(finished)

    def last_sync_by(self, finished: datetime) -> str | None:
        """Who ran the sync that finished at ``finished`` (:meth:`last_sync_finished`): the OS user@host of the
        sync claim that sync recorded finishing under it (.sync_claim); None when the store does not know (a
        later sync has claimed since, the sync claimed nothing, or the moment came in with ``store copy``,
        whose syncs claimed nothing here)."""
        rows = self._rows(sync_claim.FINISHED_BY_SQL, (sync_claim.FINISHED_BY_KEY,))
        return sync_claim.finished_by(rows, to_epoch_us(finished))
