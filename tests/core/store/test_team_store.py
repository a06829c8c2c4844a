"""The team store's schema, its selection by URL and its CLI: ``store init|migrate|password``, ``--store``.

Runs on a real throwaway PostgreSQL cluster (tests/pg_cluster.py); the URL parsing tests need none."""

from __future__ import annotations

import io
import json
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pg_cluster import Cluster

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.rules import RuleRunner
from ows_desktop.store import TicketQuery, TicketStore
from ows_desktop.store.errors import StoreError
from ows_desktop.store.postgres import (
    PgTicketStore,
    case_outcome,
    operator_ids,
    parse_url,
    rules_cases_schema,
    ticket_operators,
)
from ows_desktop.store.postgres import schema as pg_schema
from ows_desktop.store.url import open_store_url

SECRET = "s3cret-Pw!"
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
LATEST = pg_schema.latest_version()


def make_ctx(tmp_path: Path, env: dict[str, str] | None = None, secret: str = SECRET) -> CliContext:
    return CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env=env or {},
        read_secret=lambda _prompt: secret,
    )


def run(ctx: CliContext, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), ctx)
    out, err = ctx.stdout.getvalue(), ctx.stderr.getvalue()  # type: ignore[attr-defined]
    ctx.stdout, ctx.stderr = io.StringIO(), io.StringIO()
    return code, out, err


def _sql(cluster: Cluster, url: str, statement: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(cluster.conninfo(url.rsplit("/", 1)[1]), autocommit=True) as conn:
        cur = conn.execute(statement)
        return cur.fetchall() if cur.description else []


# -- choosing the store by URL --------------------------------------------------------------------------------


def test_no_url_or_sqlite_url_opens_the_sqlite_cache(tmp_path: Path) -> None:
    with open_store_url(None, tmp_path / "default.db") as store:
        assert isinstance(store, TicketStore)
        assert store.path == tmp_path / "default.db"
    with open_store_url(f"sqlite:{tmp_path / 'other.db'}", tmp_path / "default.db") as store:
        assert store.path == tmp_path / "other.db"
    with pytest.raises(StoreError, match="use sqlite:PATH or postgresql://"):
        open_store_url("mysql://db/x", tmp_path / "default.db")


def test_a_password_in_the_url_is_refused_and_never_repeated() -> None:
    with pytest.raises(StoreError) as caught:
        parse_url(f"postgresql://lp:{SECRET}@db.example.com:5432/ows")
    assert "keyring" in str(caught.value)
    assert SECRET not in str(caught.value)
    location = parse_url("postgresql://lp@db.example.com/ows?sslmode=verify-full")
    assert (location.user, location.host, location.port, location.dbname) == (
        "lp",
        "db.example.com",
        5432,
        "ows",
    )
    assert str(location) == "postgresql://lp@db.example.com:5432/ows"
    with pytest.raises(StoreError, match="Unknown store URL option 'password'"):
        parse_url(f"postgresql://lp@db.example.com/ows?password={SECRET}")


@pytest.mark.parametrize(
    "text",
    [
        f"host=127.0.0.1 port=5432 user=ana password={SECRET} dbname=ows",  # a libpq keyword string
        f"postgresq://ana@127.0.0.1:5432/ows?password={SECRET}",  # a mistyped scheme
    ],
)
def test_a_store_text_that_is_no_url_is_refused_without_repeating_it(tmp_path: Path, text: str) -> None:
    ctx = make_ctx(tmp_path)
    code, out, err = run(ctx, "--store", text, "search", "x")
    assert code == 2 and err.count("\n") == 1 and "sqlite:PATH or postgresql://" in err, err
    assert SECRET not in out + err
    assert SECRET not in "".join(p.read_text() for p in (tmp_path / "data").rglob("*.log"))
    with pytest.raises(StoreError) as caught:
        parse_url(text)
    assert SECRET not in str(caught.value)


def test_unreachable_server_is_one_line_exit_4(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ctx = make_ctx(tmp_path, env={"OWS_DESKTOP_STORE_PASSWORD": SECRET})
    code, out, err = run(ctx, "--store", f"postgresql://lp@127.0.0.1:{port}/ows", "search", "choc")
    assert code == 4
    assert err.count("\n") == 1 and "Cannot reach the team store at postgresql://lp@127.0.0.1" in err
    assert "Traceback" not in err and SECRET not in err + out


# -- store init / migrate --------------------------------------------------------------------------------------


def test_store_init_creates_the_schema_once(tmp_path: Path, pg_cluster: Cluster, empty_db: str) -> None:
    ctx = make_ctx(tmp_path)
    assert run(ctx, "store", "init", empty_db) == (
        0,
        f"Created the team store at {empty_db} (schema {LATEST}).\n",
        "",
    )
    code, out, _ = run(ctx, "store", "init", empty_db)
    assert (code, out) == (0, f"The team store at {empty_db} is up to date (schema {LATEST}).\n")
    assert _sql(pg_cluster, empty_db, "SELECT application, version FROM ows_schema") == [
        ("ows-desktop", LATEST)
    ]
    code, out, _ = run(ctx, "store", "migrate", empty_db)
    assert (code, out) == (0, f"The team store at {empty_db} is up to date (schema {LATEST}).\n")


def test_migrate_needs_a_store_and_open_needs_init(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str
) -> None:
    ctx = make_ctx(tmp_path)
    code, _, err = run(ctx, "store", "migrate", empty_db)
    assert code == 2 and "store init" in err
    code, _, err = run(ctx, "--store", empty_db, "search", "x")
    assert code == 2 and "Create the team store first: ows-desktop store init URL" in err
    assert _sql(pg_cluster, empty_db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_init_by_a_login_that_may_not_create_tables_is_one_plain_line(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str
) -> None:
    """An admin login that does not own the database (PostgreSQL 15: no CREATE on public for others) got
    'unexpected error: InsufficientPrivilege: permission denied for schema public' and SQL, exit 1."""
    import uuid

    name = empty_db.rsplit("/", 1)[1]
    login = f"notowner_{uuid.uuid4().hex[:8]}"
    _sql(pg_cluster, empty_db, f"CREATE ROLE {login} LOGIN")
    _sql(pg_cluster, empty_db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")  # as PostgreSQL 15 has it
    code, _out, err = run(make_ctx(tmp_path), "store", "init", pg_cluster.url(name, login))
    assert code == 3 and err.count("\n") == 1, err
    assert f"{login} may not create or upgrade the team store's tables" in err
    assert "run it as the login that owns the database" in err and "LINE 1" not in err


def test_a_newer_schema_is_refused_everywhere(tmp_path: Path, pg_cluster: Cluster, empty_db: str) -> None:
    ctx = make_ctx(tmp_path)
    assert run(ctx, "store", "init", empty_db)[0] == 0
    _sql(pg_cluster, empty_db, "UPDATE ows_schema SET version = 99")
    for argv in (
        ("store", "init", empty_db),
        ("store", "migrate", empty_db),
        ("--store", empty_db, "search"),
    ):
        code, _, err = run(ctx, *argv)
        assert code == 2
        assert f"has schema 99, newer than this OWS Desktop knows ({LATEST}). Update the app" in err
    assert _sql(pg_cluster, empty_db, "SELECT version FROM ows_schema") == [(99,)]


def test_the_case_outcome_migration_reads_closed_cases_outcomes_from_the_audit_trail(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str
) -> None:
    ctx = make_ctx(tmp_path)
    assert run(ctx, "store", "init", empty_db)[0] == 0
    code, out, err = run(ctx, "--store", empty_db, "case", "new", "Refunds", "--json")
    assert code == 0, err
    number = json.loads(out)["number"]
    assert run(ctx, "--store", empty_db, "case", "close", number, "--outcome", "no-loss")[0] == 0
    # the database as the schema before left it: no outcome column (nor what the steps after it add)
    _sql(pg_cluster, empty_db, "ALTER TABLE cases DROP COLUMN created_by CASCADE")
    _sql(pg_cluster, empty_db, "DROP FUNCTION ows_next_case_seq(integer)")
    _sql(pg_cluster, empty_db, "ALTER TABLE cases DROP COLUMN outcome")
    _sql(pg_cluster, empty_db, "DROP TABLE ticket_operators")
    _sql(pg_cluster, empty_db, "ALTER TABLE tickets DROP COLUMN operator_id")
    before = pg_schema.MIGRATIONS.index(case_outcome.MIGRATION)
    _sql(pg_cluster, empty_db, f"UPDATE ows_schema SET version = {before}")
    assert run(ctx, "store", "migrate", empty_db)[0] == 0
    code, out, err = run(ctx, "--store", empty_db, "case", "show", number)
    assert code == 0, err
    assert "Closed (no loss)" in out and "0.00 — concluded with no loss" in out


def test_the_operators_migration_fills_each_stores_operators_from_the_tickets(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str
) -> None:
    from review_helpers import tk

    ctx = make_ctx(tmp_path)
    assert run(ctx, "store", "init", empty_db)[0] == 0
    with open_store_url(empty_db, tmp_path / "unused", password=lambda _loc: None) as store:
        store.upsert_tickets(
            [tk("a", operator="Ana"), tk("b", location="S2", operator="Ana"), tk("c", operator=None)]
        )
    _sql(pg_cluster, empty_db, "DROP TABLE ticket_operators")  # the database as the schema before left it
    _sql(pg_cluster, empty_db, "ALTER TABLE tickets DROP COLUMN operator_id")
    before = pg_schema.MIGRATIONS.index(ticket_operators.MIGRATION)
    _sql(pg_cluster, empty_db, f"UPDATE ows_schema SET version = {before}")
    assert run(ctx, "store", "migrate", empty_db)[0] == 0
    with (
        open_store_url(empty_db, tmp_path / "unused", password=lambda _loc: None) as store,
        store.reader() as reader,
    ):
        assert reader.operators() == [("S1", "", "Ana"), ("S2", "", "Ana")]


def test_the_operator_ids_migration_reads_each_stored_tickets_employee_id_from_its_json(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str
) -> None:
    """Before it a ticket kept its operator's name alone: two cashiers of one name were one person."""
    from review_helpers import tk

    ines = "Ines Brontë"
    ctx = make_ctx(tmp_path)
    assert run(ctx, "store", "init", empty_db)[0] == 0
    with open_store_url(empty_db, tmp_path / "unused", password=lambda _loc: None) as store:
        store.upsert_tickets(  # stored as an earlier version stored them: the ID only in the JSON
            [
                tk("a", location="S027", operator=ines, raw={"operatorId": "E1014"}),
                tk("b", location="S063", operator=ines, raw={"EmployeeId": 1053}),
                tk("c", location="S063", operator=ines),
                tk("d", location="S063", operator="Bo", raw={"operatorId": "E\u0000 9"}),
            ]
        )
    # the database as the schema before left it
    _sql(pg_cluster, empty_db, "ALTER TABLE tickets DROP COLUMN operator_id")
    _sql(pg_cluster, empty_db, "DROP TABLE ticket_operators")
    for statement in ticket_operators.MIGRATION:
        _sql(pg_cluster, empty_db, statement)
    before = pg_schema.MIGRATIONS.index(operator_ids.MIGRATION)
    _sql(pg_cluster, empty_db, f"UPDATE ows_schema SET version = {before}")
    assert run(ctx, "store", "migrate", empty_db)[0] == 0
    with (
        open_store_url(empty_db, tmp_path / "unused", password=lambda _loc: None) as store,
        store.reader() as reader,
    ):
        ids = {row.key: row.operator_id for row in reader.iter_rows(TicketQuery())}
        assert ids == {"a": "E1014", "b": "1053", "c": None, "d": "E\ufffd 9"}
        assert reader.operators() == [
            ("S027", "E1014", ines),
            ("S063", "", ines),
            ("S063", "1053", ines),
            ("S063", "E\ufffd 9", "Bo"),
        ]


def test_another_programs_database_is_left_alone(tmp_path: Path, pg_cluster: Cluster, empty_db: str) -> None:
    _sql(pg_cluster, empty_db, "CREATE TABLE invoices (id int)")
    code, _, err = run(make_ctx(tmp_path), "store", "init", empty_db)
    assert code == 2 and "is not an OWS Desktop team store" in err
    tables = _sql(pg_cluster, empty_db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert tables == [("invoices",)]


def test_a_failing_migration_leaves_the_last_complete_version(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(make_ctx(tmp_path), "store", "init", empty_db)[0] == 0
    broken = ["CREATE TABLE half_done (id int)", "SELECT no_such_function()"]
    monkeypatch.setattr(pg_schema, "MIGRATIONS", [*pg_schema.MIGRATIONS, broken])
    code, _, _ = run(make_ctx(tmp_path), "store", "migrate", empty_db)
    assert code != 0
    assert _sql(pg_cluster, empty_db, "SELECT version FROM ows_schema") == [(LATEST,)]
    assert _sql(pg_cluster, empty_db, "SELECT to_regclass('half_done')::text") == [(None,)]
    monkeypatch.setattr(pg_schema, "MIGRATIONS", [*pg_schema.MIGRATIONS[:LATEST], broken[:1]])
    code, out, _ = run(make_ctx(tmp_path), "store", "migrate", empty_db)
    assert (code, out) == (
        0,
        f"Upgraded the team store at {empty_db} from schema {LATEST} to {LATEST + 1}.\n",
    )


def test_migrate_upgrades_a_version_1_store_keeping_its_tickets(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS[:1])
        assert run(make_ctx(tmp_path), "store", "init", empty_db)[0] == 0
    # a ticket stored by a version-1 app (its columns only)
    _sql(
        pg_cluster,
        empty_db,
        "INSERT INTO tickets (rid, key, id, first_seen_us, updated_us, search) "
        "VALUES (7000000000000000, 'a', 'T-1', 1, 1, ' t 1 '); "
        "INSERT INTO ticket_docs (rid, raw) VALUES (7000000000000000, '{}')",
    )
    code, _, err = run(make_ctx(tmp_path), "--store", empty_db, "search")
    assert code == 2 and "has schema 1; this OWS Desktop needs" in err and "store migrate URL" in err
    code, out, _ = run(make_ctx(tmp_path), "store", "migrate", empty_db)
    assert (code, out) == (0, f"Upgraded the team store at {empty_db} from schema 1 to {LATEST}.\n")
    code, out, _ = run(make_ctx(tmp_path), "--store", empty_db, "search", "--json")
    assert code == 0 and [row["id"] for row in json.loads(out)] == ["T-1"]


# -- the password and the CLI on a team store ----------------------------------------------------------------


def test_store_password_goes_to_the_keyring_and_the_cli_uses_the_team_store(
    tmp_path: Path, pg_url: str, memory_keyring
) -> None:
    ctx = make_ctx(tmp_path)
    code, out, err = run(ctx, "store", "password", pg_url)
    assert code == 0 and SECRET not in out + err
    assert memory_keyring.items == {("ows-desktop-store", pg_url): SECRET}
    with open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store:
        assert isinstance(store, PgTicketStore)
        store.upsert_tickets(
            [
                Ticket(
                    key="a",
                    id="T-1",
                    start=T0,
                    total=4.5,
                    lines=(LineItem(description="Crème brûlée"),),
                    raw={},
                )
            ]
        )
    code, out, err = run(ctx, "--store", pg_url, "search", "creme", "--json")
    assert (code, err) == (0, "")
    assert [row["id"] for row in json.loads(out)] == ["T-1"]
    code, out, err = run(make_ctx(tmp_path, env={"OWS_DESKTOP_STORE": pg_url}), "search", "brulee", "--json")
    assert [row["id"] for row in json.loads(out)] == ["T-1"]


def test_migrating_to_the_rules_schema_gives_stored_tickets_their_facts_and_queues_them(
    tmp_path: Path, pg_cluster: Cluster, empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_rules = pg_schema.MIGRATIONS.index(rules_cases_schema.MIGRATION)
    with monkeypatch.context() as patched:
        patched.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS[:before_rules])
        assert run(make_ctx(tmp_path), "store", "init", empty_db)[0] == 0
    rid = 7000000000000000  # a no-sale stored by an app without the rules' tables
    _sql(
        pg_cluster,
        empty_db,
        "INSERT INTO tickets (rid, key, id, status, is_no_sale, first_seen_us, updated_us, search) "
        f"VALUES ({rid}, 'a', 'T-1', 'no_sale', 1, 1, 1, ' t 1 no sale '); "
        f'INSERT INTO ticket_docs (rid, raw) VALUES ({rid}, \'{{"id": "T-1", "status": "no_sale"}}\')',
    )
    assert run(make_ctx(tmp_path), "store", "migrate", empty_db)[0] == 0
    with open_store_url(empty_db, tmp_path / "unused", password=lambda _loc: None) as store:
        with store.reader() as reader:
            assert reader.rules.run_state() == (None, 1)  # queued for the rules
        RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).apply_pending(store)
        with store.reader() as reader:
            assert reader.rules.exceptions_of([rid]) == {
                rid: [("no_sale", "Cash drawer opened without a sale")]
            }
            assert reader.rules.run_state()[1] == 0


# -- shared review ---------------------------------------------------------------------------------------------


def _seeded(url: str, tmp_path: Path) -> PgTicketStore:
    store = open_store_url(url, tmp_path / "unused", password=lambda _loc: None)
    assert isinstance(store, PgTicketStore)
    store.upsert_tickets(
        [Ticket(key="a", id="T-1", start=T0, raw={}), Ticket(key="b", id="T-2", start=T0, raw={})]
    )
    return store


def test_the_audit_trail_refuses_changes_even_from_the_owner_and_reveals_edits(
    tmp_path: Path, pg_cluster: Cluster, pg_url: str
) -> None:
    import psycopg

    with _seeded(pg_url, tmp_path) as store:
        store.review.flag_ticket("a", reason="No-sale", note="first look")
        store.review.flag_ticket("a", state="confirmed")
    for statement in (
        "UPDATE review_audit SET who = 'x'",
        "DELETE FROM review_audit",
        "TRUNCATE review_audit",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            _sql(pg_cluster, pg_url, statement)
    with (
        open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store,
        store.reader() as reader,
    ):
        trail = reader.review.audit_trail("a")
        assert [e.action for e in trail] == ["flag", "note", "update"]
        assert reader.review.verify_audit_chain() is None
        assert reader.review.verify_audit_entries(trail) == []
    # an edit made behind the triggers (a superuser disabling them) breaks the chain at that entry
    _sql(
        pg_cluster,
        pg_url,
        'SET session_replication_role = replica; UPDATE review_audit SET changes = \'{"note": "edited"}\' WHERE id = 2',
    )
    with (
        open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store,
        store.reader() as reader,
    ):
        assert reader.review.verify_audit_chain() == 2


def test_two_workstations_reviewing_at_once_keep_every_entry_in_one_chain(
    tmp_path: Path, pg_url: str
) -> None:
    import threading

    first, second = _seeded(pg_url, tmp_path), _seeded(pg_url, tmp_path)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def review(store: PgTicketStore, who: str, state: str) -> None:
        try:
            start.wait(10)
            for i in range(15):
                store.review.flag_ticket(
                    "a", state=state if i % 2 else "to_review", note=f"{who} {i}", who=who
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=review, args=(first, "ana", "confirmed")),
        threading.Thread(target=review, args=(second, "bo", "cleared")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        with first.reader() as reader:
            trail = reader.review.audit_trail()
            assert [e.id for e in trail] == list(range(1, len(trail) + 1))
            notes = sorted(e.changes["note"] for e in trail if e.action == "note")
            assert notes == sorted(f"{who} {i}" for who in ("ana", "bo") for i in range(15))
            assert reader.review.verify_audit_chain() is None
            # the flag's state is the one the last writer set, and the trail's last state change says so
            last_state = [e.changes["state"][1] for e in trail if "state" in e.changes][-1]
            assert reader.review.flag_of("a").state == last_state  # type: ignore[union-attr]
    finally:
        first.close()
        second.close()


# -- shared camera mapping -------------------------------------------------------------------------------------


def test_the_team_schema_refuses_a_fifth_camera_and_a_second_primary(
    tmp_path: Path, pg_cluster: Cluster, pg_url: str
) -> None:
    import psycopg

    from ows_desktop.basics.camera_secrets import MemoryCameraSecrets
    from ows_desktop.store.cameras import CameraRepository

    with open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store:
        repo = CameraRepository(store, MemoryCameraSecrets())
        ids = [repo.add_camera(f"Cam {i}", f"rtsp://nvr.local/{i}", camera_id=f"cam{i}").id for i in range(5)]
        repo.set_terminal_cameras("S1", "R01", ids[:4])
    insert = "INSERT INTO terminal_cameras (location, terminal, camera_id, position, is_primary) VALUES "
    with pytest.raises(psycopg.errors.CheckViolation):  # writing around the store: a fifth camera
        _sql(pg_cluster, pg_url, insert + "('S1', 'R01', 'cam4', 4, 0)")
    with pytest.raises(psycopg.errors.UniqueViolation):  # ... or a second primary
        _sql(pg_cluster, pg_url, "UPDATE terminal_cameras SET is_primary = 1 WHERE camera_id = 'cam1'")
    with open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as store:
        mapping = store.mapping.mapping("S1", "R01")
        assert [c.id for c in mapping.cameras] == ids[:4] and mapping.primary_id == "cam0"
    columns = _sql(
        pg_cluster, pg_url, "SELECT column_name FROM information_schema.columns WHERE table_name = 'cameras'"
    )
    assert ("password",) not in columns and ("has_password",) in columns  # passwords stay in each keyring


# -- faults ----------------------------------------------------------------------------------------------------


def test_a_lost_connection_is_a_plain_error_exit_4_and_nothing_confirmed_is_lost(
    tmp_path: Path, pg_cluster: Cluster, pg_url: str
) -> None:
    from ows_desktop.store.postgres.connect import StoreConnectError
    from ows_desktop.store.query import TicketQuery

    store = _seeded(pg_url, tmp_path)
    reader = store.reader()
    assert reader.count(TicketQuery()) == 2
    _sql(  # what a server restart does to every open session
        pg_cluster,
        pg_url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'ows-desktop' AND pid <> pg_backend_pid()",
    )
    # the sessions were cut but the server answers: the reader (the window keeps one open) and the store's
    # own connection take fresh connections, and the work goes on
    assert reader.count(TicketQuery()) == 2
    store.upsert_tickets([Ticket(key="c", id="T-3", start=T0, raw={})])
    pg_cluster.stop()  # the server is away: a plain error, exit 4
    try:
        with pytest.raises(StoreConnectError, match="the team store at postgresql://") as lost:
            store.upsert_tickets([Ticket(key="d", id="T-4", start=T0, raw={})])
        assert lost.value.exit_code == 4
    finally:
        pg_cluster.start()
    reader.close()
    store.close()
    with (
        open_store_url(pg_url, tmp_path / "unused", password=lambda _loc: None) as again,
        again.reader() as r,
    ):
        assert sorted(row.key for row in r.iter_rows(TicketQuery())) == ["a", "b", "c"]
