"""The capped count of a prefix that expands to several frequent words (``choc`` → ``chocolat``,
``chocolate``) first counts the one word expected to reach the cap at the least cost: the word's matches are
a subset of the prefix's, so if they reach the cap (the table shows "10,000+"), so do the prefix's; if
not, the prefix is counted as before (same counts as the SQLite store either way).

Why (measured at 5 M tickets, tests/bench/bench_team_search.py): a capped count reads the whole posting
list of a month before its first row, whatever the cap. ``chocolat | chocolate`` is 358 k entries in
November; ``chocolat`` alone 133 k, and more than enough for 10,000.

Which word: the rarest whose expected matches (the planner's own statistics of the token index: the
frequency of each common lexeme per month partition, ``pg_stats.most_common_elems``, times the month's
rows) are at least :data:`MARGIN` times the cap. No statistics (a role that may not read them, a store
not yet analysed, words too rare to be listed): no probe."""

from __future__ import annotations

MARGIN = 3  # expected matches per cap: an estimate that falls short costs one extra count

# (word, expected tickets over all months) for the words listed among the index's common lexemes; a role
# that may not read the statistics gets no row (pg_stats shows only what its reader may select).
FREQUENCIES_SQL = (
    "SELECT e.word, sum(e.freq * greatest(c.reltuples, 0)) FROM pg_inherits AS i "
    "JOIN pg_class AS x ON x.oid = i.inhrelid JOIN pg_index AS ix ON ix.indexrelid = x.oid "
    "JOIN pg_class AS c ON c.oid = ix.indrelid JOIN pg_namespace AS n ON n.oid = x.relnamespace "
    "JOIN pg_stats AS s ON s.schemaname = n.nspname AND s.tablename = x.relname "
    "CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e (word, freq) "
    "WHERE i.inhparent = to_regclass('tickets_lexemes') AND e.word = ANY(?) GROUP BY e.word"
)


def probe_word(expected: dict[str, float], cap: int) -> str | None:
    """The word to count first, from the expected matches per word; None: none is expected to reach it."""
    enough = [(count, word) for word, count in expected.items() if count >= MARGIN * cap]
    return min(enough)[1] if enough else None
