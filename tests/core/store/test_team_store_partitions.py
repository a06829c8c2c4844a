"""The team store's tickets live in monthly partitions (schema v7): a date-bounded search reads only the
partitions of its months (EXPLAIN shows the planner pruned the others), and the retention setting
(``ows-desktop store retention URL --keep-months N``) drops whole old months, keeping flags and the audit
trail. Real throwaway PostgreSQL cluster."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pg_cluster import Cluster

from ows_desktop.basics.credentials import MemoryCredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli.context import CliContext
from ows_desktop.cli.main import main
from ows_desktop.ows.model import Ticket
from ows_desktop.store import TicketQuery
from ows_desktop.store.postgres.portable import pg_sql
from ows_desktop.store.postgres.search import compile_query
from ows_desktop.store.url import open_store_url

NO_PASSWORD = lambda _location: None  # noqa: E731 (the test cluster trusts its superuser)


def _tickets(moments: list[datetime], prefix: str) -> list[Ticket]:
    return [
        Ticket(key=f"{prefix}-{i}", id=f"{prefix}-{i}", start=m, total=1.0, raw={})
        for i, m in enumerate(moments)
    ]


def _relations(plan: object) -> set[str]:
    found: set[str] = set()
    if isinstance(plan, dict):
        if "Relation Name" in plan:
            found.add(plan["Relation Name"])
        for value in plan.values():
            found |= _relations(value)
    elif isinstance(plan, list):
        for value in plan:
            found |= _relations(value)
    return found


def _explain(cluster: Cluster, dbname: str, query: TicketQuery) -> set[str]:
    import psycopg

    compiled = compile_query(query)
    with psycopg.connect(cluster.conninfo(dbname), autocommit=True) as conn:
        (plan,) = conn.execute(
            pg_sql(f"EXPLAIN (FORMAT JSON) SELECT t.rid, t.key FROM tickets AS t{compiled.where_sql()}"),
            compiled.params,
        ).fetchone()
    return {name for name in _relations(plan) if name.startswith("tickets")}


def test_a_date_bounded_search_reads_only_the_partitions_of_its_months(
    pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    days = [datetime(2024, month, day, 12, tzinfo=UTC) for month in (1, 2, 3) for day in (5, 15, 25)]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets(_tickets(days, "T"))
        february = TicketQuery(start=datetime(2024, 2, 10, tzinfo=UTC), end=datetime(2024, 2, 20, tzinfo=UTC))
        across = TicketQuery(start=datetime(2024, 2, 20, tzinfo=UTC), end=datetime(2024, 3, 10, tzinfo=UTC))
        with store.reader() as reader:
            assert [r.key for r in reader.iter_rows(february)] == ["T-4"]
            assert sorted(r.key for r in reader.iter_rows(across)) == ["T-5", "T-6"]
    assert _explain(pg_cluster, pg_template, february) == {"tickets_2024_02"}
    assert _explain(pg_cluster, pg_template, across) == {"tickets_2024_02", "tickets_2024_03"}
    assert len(_explain(pg_cluster, pg_template, TicketQuery())) >= 3  # no date: every month


def test_retention_drops_old_months_and_keeps_flags_and_the_audit_trail(
    tmp_path: Path, pg_cluster: Cluster, pg_template: str, pg_url: str
) -> None:
    now = datetime.now(UTC)
    old = [now - timedelta(days=160), now - timedelta(days=130)]
    recent = [now - timedelta(hours=1)]
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store:
        store.upsert_tickets(_tickets(old, "OLD") + _tickets(recent, "NEW"))
        store.review.flag_ticket("OLD-0", reason="Void abuse", who="alice")
    ctx = CliContext(
        paths=AppPaths.resolve(tmp_path / "data", env={}),
        credentials=MemoryCredentialStore(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(""),
        env={},
        read_secret=lambda _prompt: "",
    )
    code = main(["store", "retention", pg_url, "--keep-months", "2"], ctx)
    out = ctx.stdout.getvalue()  # type: ignore[attr-defined]
    assert code == 0, ctx.stderr.getvalue()  # type: ignore[attr-defined]
    assert out.startswith("Dropped ") and out.count("\n") == 1  # one plain line
    assert all(f"{moment:%Y-%m}" in out for moment in old)
    with open_store_url(pg_url, Path("x"), password=NO_PASSWORD) as store, store.reader() as reader:
        assert [r.key for r in reader.iter_rows(TicketQuery())] == ["NEW-0"]
        assert reader.review.flag_of("OLD-0") is not None  # the review record outlives the ticket
        assert [e.ticket_key for e in reader.review.audit_trail()] == ["OLD-0"]
        assert reader.review.verify_audit_chain() is None
    import psycopg

    with psycopg.connect(pg_cluster.conninfo(pg_template), autocommit=True) as conn:
        months = [
            m for (m,) in conn.execute("SELECT relname FROM pg_class WHERE relname ~ '^tickets_[0-9]{4}_'")
        ]
    assert f"tickets_{recent[0]:%Y_%m}" in months
    assert not {f"tickets_{moment:%Y_%m}" for moment in old} & set(months)  # dropped, not just emptied
