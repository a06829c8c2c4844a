"""The team store's schema: versioned in ``ows_schema``, built by ordered migrations.

Each migration runs in ONE transaction that also records its version, under a transaction-level advisory
lock, so two workstations running ``store init`` at once apply it once and a failure leaves the database at
the last complete version, never half way. A database whose version is newer than this code's is refused
before anything is written; a database with tables but no ``ows_schema`` is not ours and is left alone.

Text columns use the "C" collation: byte order of UTF-8 is code point order, the order SQLite's BINARY
collation gives, so both backends sort and page text the same way.

Search (see :mod:`.search`): each ticket keeps ``search``, its searchable text already folded to tokens
(lower case, Latin diacritics removed) by the same Python function the SQLite store uses to look terms up,
between single spaces. A term is then a word prefix of one of those tokens, accents either way, and a CJK
term anywhere inside a CJK run, exactly as SQLite's unicode61 tokenizer has it. Since
:mod:`.search_index` a GIN index of those tokens answers it (v1 to v10: a pg_trgm index and ``LIKE``).
Folding in Python rather than with ``unaccent`` keeps the two backends' notion of a token identical
(unaccent and unicode61 disagree on letters such as ø and ß)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection

from collections.abc import Callable, Sequence

from ows_desktop.store.errors import StoreError, StoreVersionError
from ows_desktop.store.postgres import (
    case_added_back,
    case_outcome,
    case_retained_out,
    case_retention,
    case_scope,
    derived_rows,
    live_scope,
    offset_index,
    operator_ids,
    partitions,
    rls_schema,
    rules_cases_schema,
    rules_notify,
    search_costs,
    search_index,
    search_lexemes_inline,
    search_order,
    search_words,
    team_sql,
    ticket_operators,
)

APPLICATION = "ows-desktop"
_LOCK_KEY = 0x4F575344  # "OWSD": serialises migrations between workstations

_V1: tuple[str, ...] = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE TABLE tickets (
        rid bigint PRIMARY KEY,
        key text COLLATE "C" NOT NULL UNIQUE,
        id text COLLATE "C",
        number text COLLATE "C",
        location text COLLATE "C" NOT NULL DEFAULT '',
        terminal text COLLATE "C" NOT NULL DEFAULT '',
        operator text COLLATE "C" NOT NULL DEFAULT '',
        status text COLLATE "C" NOT NULL DEFAULT '',
        start_us bigint,
        end_us bigint,
        persisted_us bigint,
        total double precision,
        subtotal double precision,
        tax double precision,
        line_count integer NOT NULL DEFAULT 0,
        has_void smallint NOT NULL DEFAULT 0,
        has_refund smallint NOT NULL DEFAULT 0,
        is_no_sale smallint NOT NULL DEFAULT 0,
        discount_total double precision NOT NULL DEFAULT 0,
        first_seen_us bigint NOT NULL,
        updated_us bigint NOT NULL,
        terms text NOT NULL DEFAULT '',
        search text NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX tickets_location ON tickets (location, rid)",
    "CREATE INDEX tickets_terminal ON tickets (terminal, rid)",
    "CREATE INDEX tickets_operator ON tickets (operator, rid)",
    "CREATE INDEX tickets_status ON tickets (status, rid)",
    "CREATE INDEX tickets_total ON tickets (total, rid)",
    "CREATE INDEX tickets_persisted ON tickets (persisted_us)",
    "CREATE INDEX tickets_search ON tickets USING gin (search gin_trgm_ops)",
    "CREATE TABLE ticket_docs (rid bigint PRIMARY KEY REFERENCES tickets ON DELETE CASCADE, raw text NOT NULL)",
    """
    CREATE TABLE ticket_terminals (
        location text COLLATE "C" NOT NULL,
        terminal text COLLATE "C" NOT NULL,
        PRIMARY KEY (location, terminal)
    )
    """,
    """
    CREATE TABLE flags (
        ticket_key text COLLATE "C" PRIMARY KEY,
        reason text,
        state text NOT NULL DEFAULT 'to_review',
        created_us bigint NOT NULL,
        updated_us bigint NOT NULL
    )
    """,
    """
    CREATE TABLE ticket_exceptions (
        rid bigint NOT NULL REFERENCES tickets ON DELETE CASCADE,
        rule text COLLATE "C" NOT NULL,
        detail text NOT NULL DEFAULT '',
        PRIMARY KEY (rid, rule)
    )
    """,
    "CREATE INDEX ticket_exceptions_rule ON ticket_exceptions (rule, rid)",
    """
    CREATE TABLE sync_windows (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        start_us bigint NOT NULL,
        end_us bigint NOT NULL CHECK (end_us > start_us),
        cursor text,
        pages integer NOT NULL DEFAULT 0,
        tickets integer NOT NULL DEFAULT 0,
        empty_pages integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        updated_us bigint NOT NULL
    )
    """,
)

# v2: the shared review audit trail, append-only for everyone (triggers; ids assigned in chain order by
# postgres/review.py under an advisory lock, so they are never reused).
_APPEND_ONLY = "the review audit trail is append-only: its entries cannot be changed or deleted"
_V2: tuple[str, ...] = (
    """
    CREATE TABLE review_audit (
        id bigint PRIMARY KEY,
        ticket_key text COLLATE "C" NOT NULL,
        at_us bigint NOT NULL,
        who text NOT NULL,
        host text NOT NULL,
        action text NOT NULL,
        changes text NOT NULL,
        hash text NOT NULL,
        db_role text NOT NULL DEFAULT current_user
    )
    """,
    "CREATE INDEX review_audit_ticket ON review_audit (ticket_key, id)",
    f"""
    CREATE FUNCTION review_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{_APPEND_ONLY}' USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER review_audit_append_only BEFORE UPDATE OR DELETE ON review_audit
    FOR EACH ROW EXECUTE FUNCTION review_audit_refuse()
    """,
    """
    CREATE TRIGGER review_audit_no_truncate BEFORE TRUNCATE ON review_audit
    FOR EACH STATEMENT EXECUTE FUNCTION review_audit_refuse()
    """,
    "CREATE INDEX flags_reason ON flags (reason)",
    "CREATE INDEX flags_state ON flags (state)",
)

# v3: cameras and the terminal → camera mapping, shared by the team (passwords stay in each workstation's
# keyring; the rows only say whether it has one). The schema guards the per-terminal rules too.
_MAX_CAMERAS = 4  # frozen with this migration (store.camera_rules.MAX_CAMERAS_PER_TERMINAL says the same)
_V3: tuple[str, ...] = (
    """
    CREATE TABLE cameras (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        id text COLLATE "C" PRIMARY KEY,
        name text NOT NULL,
        url text NOT NULL,
        playback_url text,
        has_password integer NOT NULL DEFAULT 0 CHECK (has_password IN (0, 1)),
        created_us bigint NOT NULL,
        updated_us bigint NOT NULL
    )
    """,
    """
    CREATE TABLE mapped_terminals (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        location text COLLATE "C" NOT NULL,
        terminal text COLLATE "C" NOT NULL,
        clock_offset_s double precision NOT NULL DEFAULT 0,
        updated_us bigint NOT NULL,
        PRIMARY KEY (location, terminal)
    )
    """,
    f"""
    CREATE TABLE terminal_cameras (
        location text COLLATE "C" NOT NULL,
        terminal text COLLATE "C" NOT NULL,
        camera_id text COLLATE "C" NOT NULL REFERENCES cameras (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position BETWEEN 0 AND {_MAX_CAMERAS - 1}),
        is_primary integer NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
        PRIMARY KEY (location, terminal, camera_id),
        UNIQUE (location, terminal, position),
        FOREIGN KEY (location, terminal) REFERENCES mapped_terminals (location, terminal) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX terminal_cameras_camera ON terminal_cameras (camera_id)",
    "CREATE UNIQUE INDEX terminal_cameras_one_primary ON terminal_cameras (location, terminal) WHERE is_primary = 1",
)

# v4: the store's local UTC offset for the time display: each ticket's own (from its raw JSON), else the
# smallest one learned for its location (standard time where the store observes DST), as the SQLite store.
_V4: tuple[str, ...] = (
    "ALTER TABLE tickets ADD COLUMN utc_offset_min integer",
    """
    CREATE TABLE location_offsets (
        location text COLLATE "C" PRIMARY KEY,
        offset_min integer NOT NULL,
        updated_us bigint NOT NULL
    )
    """,
)

# MIGRATIONS[i] takes the schema from version i to i + 1. A released migration is frozen: changes are new ones.
# A step is a SQL statement or a function of the connection (a backfill), run in the migration's transaction.
Step = str | Callable[["Connection[Any]"], None]
MIGRATIONS: list[Sequence[Step]] = [
    _V1,
    _V2,
    _V3,
    _V4,
    team_sql.MIGRATION,
    rules_cases_schema.MIGRATION,
    partitions.MIGRATION,
    derived_rows.MIGRATION,
    rls_schema.MIGRATION,  # who may see what (#16): after every table it guards
    live_scope.MIGRATION,  # review notifications name no ticket: listeners read what changed under RLS
    search_index.MIGRATION,  # text search by a GIN index of whole tokens instead of trigrams
    search_order.MIGRATION,  # the total index in the table's NULLs-lowest order; statistics of new months
    search_costs.MIGRATION,  # random pages priced as on SSD: a word AND a selective filter reads the filter
    search_words.MIGRATION,  # the store's words per location: a word prefix is searched as its exact words
    search_lexemes_inline.MIGRATION,  # the token index's function inlined for the common ticket (ingest)
    rules_notify.MIGRATION,  # a rules run speaks on the tickets channel: open windows show its findings
    case_outcome.MIGRATION,  # a closed case keeps the outcome it was concluded with
    case_scope.MIGRATION,  # a case is seen and changed only with its store (or as its assignee or opener)
    ticket_operators.MIGRATION,  # the operators of each store, for the operator picker
    operator_ids.MIGRATION,  # an operator is the employee ID a ticket carries: names repeat across stores
    offset_index.MIGRATION,  # the store index holds each ticket's own offset: store days counted from it
    case_retention.MIGRATION,  # a case's tickets retention removed are said so, not hidden by access
    case_added_back.MIGRATION,  # a ticket added back is the case's, for readers who may not see its store
    case_retained_out.MIGRATION,  # a ticket retention removed may be taken out of its case (case remove)
]


def latest_version() -> int:
    """The version this code migrates to (read at call time, so tests can append a migration)."""
    return len(MIGRATIONS)


def _value(conn: Connection[Any], sql: str) -> Any:
    row = conn.execute(sql).fetchone()
    return None if row is None else row[0]


def current_version(conn: Connection[Any], where: object) -> int:
    """The stored schema version (0: an empty database). StoreError for a database that is not ours."""
    if _value(conn, "SELECT to_regclass('ows_schema')") is None:
        tables = _value(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        if tables:
            raise StoreError(
                f"The database at {where} holds other tables and is not an OWS Desktop team store. "
                "Give the team store a database of its own."
            )
        return 0
    row = conn.execute("SELECT application, version FROM ows_schema").fetchone()
    if row is None or row[0] != APPLICATION:
        raise StoreError(f"The database at {where} is not an OWS Desktop team store.")
    return int(row[1])


def check_known(version: int, where: object) -> None:
    if version > latest_version():
        raise StoreVersionError(
            f"The team store at {where} has schema {version}, newer than this OWS Desktop knows "
            f"({latest_version()}). Update the app on this workstation."
        )


def upgrade(conn: Connection[Any], where: object) -> tuple[int, int]:
    """Apply every pending migration, each in its own transaction; (version before, version after).
    ``conn`` is in autocommit mode."""
    before = current_version(conn, where)
    check_known(before, where)
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            version = current_version(conn, where)  # another workstation may have moved it meanwhile
            check_known(version, where)
            if version >= latest_version():
                return before, version
            if version == 0:
                conn.execute("CREATE TABLE ows_schema (application text NOT NULL, version integer NOT NULL)")
                conn.execute("INSERT INTO ows_schema VALUES (%s, 0)", (APPLICATION,))
            for step in MIGRATIONS[version]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            conn.execute("UPDATE ows_schema SET version = %s", (version + 1,))


def check_current(conn: Connection[Any], where: object) -> None:
    """Refuse to work on a store that is missing, older or newer than this code's schema."""
    version = current_version(conn, where)
    check_known(version, where)
    if version == 0:
        raise StoreError(
            f"The database at {where} is empty. Create the team store first: ows-desktop store init URL"
        )
    if version < latest_version():
        raise StoreVersionError(
            f"The team store at {where} has schema {version}; this OWS Desktop needs {latest_version()}. "
            "Upgrade it first: ows-desktop store migrate URL"
        )
