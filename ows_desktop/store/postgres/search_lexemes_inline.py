"""Team-store schema step: the token index's function, :func:`ows_search_lexemes`, as a SQL expression the
planner inlines for the common ticket, with the same lexemes for every text.

Why (measured while ingesting simulator tickets, 2026-12-05; the expression index runs the function once per
inserted ticket): the plpgsql function of :mod:`.search_index` costs a call of the plpgsql interpreter per
row, ~30-40 µs a ticket under load; as a SQL function that is one ``CASE`` expression (``LANGUAGE sql``,
``IMMUTABLE``, not ``STRICT``, no ``SET``) PostgreSQL inlines it into the index expression, and a ticket
without CJK text nor a huge word (nearly all) costs a regex test and ``string_to_array`` (~9 µs less a row).
Tickets with CJK text, a word past 255 characters or more than 60,000 characters of text go to the
unchanged plpgsql body, renamed ``ows_search_lexemes_full``.

Same lexemes for every input (tests/core/store/test_team_store_search_lexemes.py compares the two over
CJK, long and huge text, empty text, accents and random text), so ``CREATE OR REPLACE`` leaves the existing
GIN index valid: no rebuild of the index (~10 minutes at 5 M tickets). The fast branch is exactly the path
the plpgsql body takes when none of the three conditions holds. A session that loaded the index's
expression before this migration calls the new function without inlining it until it reconnects: same
lexemes, just not faster.

The functions it calls are named with the store's schema (the schema the migration runs in): PostgreSQL 17
evaluates index expressions during maintenance (ANALYZE, VACUUM, REINDEX, CREATE INDEX) with the search
path ``pg_catalog, pg_temp``, where an unqualified ``ows_search_lexemes_full`` or ``ows_search_prefix``
would not be found and the maintenance would fail on a ticket with CJK text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ows_desktop.store.postgres import search_index

if TYPE_CHECKING:  # the driver is imported only when a team store is opened (the package's docstring)
    from psycopg import Connection

_FULL = (
    search_index.MIGRATION[1]
    .replace(
        "CREATE FUNCTION ows_search_lexemes(search text)",
        "CREATE FUNCTION ows_search_lexemes_full(search text)",
    )
    .replace("ows_search_prefix(search,", "{schema}.ows_search_prefix(search,")
)
# The scripts without spaces between words (search_index's, frozen here with this migration).
_CJK = (
    "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff66-\\uff9f"
    "\\U00020000-\\U000323af"
)
_TOKEN_CHARS = 60_000
_MAX_LEXEME = 255

_INLINE = f"""
    CREATE OR REPLACE FUNCTION ows_search_lexemes(search text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
            WHEN length(search) > {_TOKEN_CHARS}
                 OR search ~ '[{_CJK}]'
                 OR (octet_length(search) > 2047 AND search ~ '[^ ]{{{_MAX_LEXEME}}}[^ ]')
            THEN {{schema}}.ows_search_lexemes_full(search)
            ELSE array_to_tsvector(string_to_array(btrim(search), ' '))
        END
    $$
    """


def _create_functions(conn: Connection[Any]) -> None:
    row = conn.execute("SELECT quote_ident(current_schema())").fetchone()
    schema = row[0] if row else "public"
    # _FULL holds plpgsql braces of its own: only the schema placeholder is replaced
    conn.execute(_FULL.replace("{schema}", schema))
    conn.execute(_INLINE.replace("{schema}", schema))


MIGRATION: tuple[Any, ...] = (_create_functions,)
