"""Team-store schema step: text search through a GIN index of whole tokens (``tsvector``), no longer trigrams.

Why (measured at 5 M tickets, tests/bench/bench_team_search.py; RESULTS.md "Team store"): the trigram index
answered ``search LIKE '% chocolate%'`` by intersecting the posting lists of seven very common trigrams
and re-checking every candidate row, which cost ~0.4 s per query at 50 k tickets already and grows with
the store. A token index holds one posting list per distinct token: ``chocolate`` is one list, ``choc*`` the
few lists of the tokens that start with ``choc`` (the same expansion the SQLite store does with its
vocabulary), and the GIN index walks only those.

The indexed value is :func:`ows_search_lexemes` of the ``search`` column (the ticket's folded tokens
between spaces, written by the writer as before), an expression index: no new column, the writer is
unchanged, and nothing is stored twice in the table. Its lexemes are:

* every token of ``search`` as it is (cut to 255 characters: a lexeme's size is limited), so a one-token
  term is answered exactly by the index: ``'tok':*`` (a word prefix) or ``'tok'`` (an exact word);
* for each run of CJK characters (a run of Chinese/Japanese text is one token, as in SQLite's unicode61),
  each of its characters and each pair of neighbouring characters, marked with a leading ``~`` (which no
  token holds, so they never answer a plain token's term): a CJK word inside a longer run is the AND of its
  pairs (exact for a word of one or two CJK characters, re-checked with ``LIKE`` otherwise, :mod:`.search`).

A tsvector is limited to 1 MB: the lexemes come from the first 60,000 characters of ``search`` (the tokens)
and its first 15,000 (the CJK pairs), cut at a token boundary, so no ticket can fail to be stored. Real
tickets have a few hundred characters of text; a ticket past that limit is found by its first words only
(the one difference from the SQLite store, which indexes any length).
"""

from __future__ import annotations

# The scripts without spaces between words whose runs are one token (ows_desktop.store.fulltext.CJK_RANGES,
# frozen here with this migration).
_CJK = (
    "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff66-\\uff9f"
    "\\U00020000-\\U000323af"
)
TOKEN_CHARS = 60_000
PAIR_CHARS = 15_000
MAX_LEXEME = 255  # characters; a lexeme holds at most 2,047 bytes

# plpgsql without queries inside (each would cost more than the whole function): a ticket without CJK and
# without a huge word (nearly all) is one string_to_array; measured ~30 µs a ticket, ~100 µs with CJK, on the
# shared 2-core machine (the SQL-only first version, with set-returning subqueries, took ~250 µs).
MIGRATION: tuple[str, ...] = (
    """
    CREATE FUNCTION ows_search_prefix(search text, n integer) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT CASE WHEN length(search) <= n THEN search
                    ELSE substr(search, 1, n - strpos(reverse(substr(search, 1, n)), ' ')) END
    $$
    """,
    f"""
    CREATE FUNCTION ows_search_lexemes(search text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        lexemes text[];
        run text;
        chars text[];
        n integer;
    BEGIN
        IF length(search) > {TOKEN_CHARS} THEN
            search := ows_search_prefix(search, {TOKEN_CHARS});
        END IF;
        lexemes := string_to_array(btrim(search), ' ');
        IF octet_length(search) > 2047 AND search ~ '[^ ]{{{MAX_LEXEME}}}[^ ]' THEN
            lexemes := array(SELECT left(token, {MAX_LEXEME}) FROM unnest(lexemes) AS token);
        END IF;
        IF search !~ '[{_CJK}]' THEN
            RETURN array_to_tsvector(lexemes);
        END IF;
        FOREACH run IN ARRAY regexp_split_to_array(ows_search_prefix(search, {PAIR_CHARS}), '[^{_CJK}]+') LOOP
            CONTINUE WHEN run = '';
            chars := regexp_split_to_array(run, '');
            n := array_length(chars, 1);
            FOR i IN 1 .. n LOOP
                lexemes := array_append(lexemes, '~' || chars[i]);
                IF i < n THEN
                    lexemes := array_append(lexemes, '~' || chars[i] || chars[i + 1]);
                END IF;
            END LOOP;
        END LOOP;
        RETURN array_to_tsvector(array_remove(lexemes, ''));
    END
    $$
    """,
    "CREATE INDEX tickets_lexemes ON tickets USING gin (ows_search_lexemes(search))",
    "DROP INDEX IF EXISTS tickets_search",
    # Amount outliers (a few hundred tickets over 400 in 5 M) fall in the top bucket of the default
    # 100-bucket histogram: the planner expected 30× too many and walked a month's primary key for the
    # first page of "amount > 400" (3.2 s) instead of reading the amount index (8 ms). Measured at 5 M.
    "ALTER TABLE tickets ALTER COLUMN total SET STATISTICS 1000",
)
