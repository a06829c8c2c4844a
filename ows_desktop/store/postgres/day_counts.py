"""A count of store days in the team store: one count a store term, summed.

The plan's terms (:func:`ows_desktop.store.day_plan.store_terms`: a band's stores over its sure range, the
ranges either side of it with the exact test, the stores of unknown zone over their UTC days) match
disjoint rows, so the sum of their counts is the count of their OR. Each is an index-only range of
``tickets_location (location, rid) INCLUDE (utc_offset_min)`` (offset_index.py: a row's own offset, where it
decides, read from the index too). The one CASE over the whole span read every row of it in the table (at
1 M tickets, 40 ms against 3 ms for a UTC day; tests/bench/RESULTS.md). A capped count caps each term: if one reaches the cap so does their sum, and
below it the sum is exact, so ``least(sum, cap)`` is the count's."""

from __future__ import annotations

from ows_desktop.store.postgres.search import PgQuery


def day_count(compiled: PgQuery, cap: int | None) -> tuple[str, tuple[object, ...]]:
    """The SQL and parameters of the count of ``compiled`` (its ``parts`` set), capped at ``cap``."""
    assert compiled.parts is not None
    parts: list[str] = []
    params: list[object] = []
    limit = "" if cap is None else " LIMIT ?"
    for sql, bound in compiled.parts:
        parts.append(
            f"SELECT count(*) AS n FROM (SELECT 1 FROM tickets AS t{compiled.where_sql((sql,))}{limit}) AS c"
        )
        params += [*compiled.params, *bound, *(() if cap is None else (cap,))]
    total = f"SELECT coalesce(sum(n), 0) FROM ({' UNION ALL '.join(parts)}) AS s"
    if cap is None:
        return total, tuple(params)
    return f"SELECT least(({total}), ?)", (*params, cap)
