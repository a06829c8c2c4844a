"""A team store with roles for the access-scope tests (issue #16), built the way an IT admin would:

a non-superuser owner (CREATEROLE) owns the database, runs ``store init`` and ``store roles --apply``, and
grants people their roles with ``store grant``; the sync person writes the tickets. Group roles are
cluster-wide, so each team's people get unique names. Tickets: three stores, S012, S044 and S099."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cli_support import make_ctx
from pg_cluster import Cluster

from ows_desktop.cli.main import main
from ows_desktop.ows.model import LineItem, Ticket

STORES = ("S012", "S044", "S099")
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def run(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    ctx = make_ctx(tmp_path, env=env)
    code = main(list(argv), ctx)
    return code, ctx.stdout.getvalue(), ctx.stderr.getvalue()  # type: ignore[attr-defined]


def ok(tmp_path: Path, *argv: str) -> str:
    """``run`` that must succeed: its standard output."""
    code, out, err = run(tmp_path, *argv)
    assert code == 0, (argv, out, err)
    return out


def tickets(per_store: int = 3) -> list[Ticket]:
    out = []
    for s, store in enumerate(STORES):
        for i in range(per_store):
            out.append(
                Ticket(
                    key=f"{store}-T{i}",
                    id=f"{store}-T{i}",
                    number=str(100 + i),
                    location=store,
                    terminal="R01",
                    operator=f"op-{store}",
                    start=T0 + timedelta(minutes=10 * s + i),
                    total=10.0 + i,
                    status="void" if i == 0 else "complete",
                    lines=(LineItem(description=f"Chocolate {store}", quantity=1, price=10.0 + i),),
                    raw={"id": f"{store}-T{i}", "location": store},
                )
            )
    return out


@dataclass
class Team:
    cluster: Cluster
    db: str
    owner: str
    director: str
    investigator: str
    manager: str
    sync: str

    def url(self, user: str) -> str:
        return self.cluster.url(self.db, user)

    def connect(self, user: str) -> Any:
        import psycopg

        return psycopg.connect(self.url(user), autocommit=True)

    def admin(self, statement: str) -> list[tuple[Any, ...]]:
        """As the cluster's superuser (test set-up and truth only)."""
        import psycopg

        with psycopg.connect(self.cluster.conninfo(self.db), autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []


def build_team(cluster: Cluster, tmp_path: Path) -> Team:
    import psycopg

    from ows_desktop.store.url import open_store_url

    tag = uuid.uuid4().hex[:8]
    names = {role: f"{role}_{tag}" for role in ("owner", "director", "investigator", "manager", "sync")}
    db = cluster.new_database()
    with psycopg.connect(cluster.conninfo(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {names['owner']} LOGIN CREATEROLE")
        conn.execute(f'ALTER DATABASE "{db}" OWNER TO {names["owner"]}')
    with psycopg.connect(cluster.conninfo(db), autocommit=True) as conn:
        conn.execute(f"ALTER SCHEMA public OWNER TO {names['owner']}")
    team = Team(cluster, db, **names)
    owner_url = team.url(team.owner)
    for argv in (
        ("store", "init", owner_url),
        ("store", "roles", owner_url, "--apply"),
        ("store", "grant", team.sync, "--role", "sync", "--store", owner_url),
        ("store", "grant", team.director, "--role", "director", "--store", owner_url),
        (
            "store",
            "grant",
            team.investigator,
            "--role",
            "investigator",
            "--locations",
            "S012,S044",
            "--store",
            owner_url,
        ),
        ("store", "grant", team.manager, "--role", "manager", "--locations", "S012", "--store", owner_url),
    ):
        code, out, err = run(tmp_path, *argv)
        assert code == 0, (argv, out, err)
    with open_store_url(team.url(team.sync), tmp_path / "unused.db", password=lambda _l: None) as store:
        store.upsert_tickets(tickets())
    with open_store_url(team.url(team.director), tmp_path / "unused.db", password=lambda _l: None) as store:
        for store_id in STORES:
            store.review.flag_ticket(f"{store_id}-T0", reason="void_abuse", note=f"note on {store_id}")
    return team


def retention_team(cluster: Cluster, tmp_path: Path) -> tuple[Team, str, str]:
    """A team of its own (retention drops a shared team's month) where the director opened case "Old and
    new" (S012-T1, S012-NEW, S099-NEW: an hour old) and case "Only old" (S044-T1), then the owner's
    ``store retention`` dropped the month of the :func:`tickets`: S012-T1 and S044-T1 are in no store now.
    The two case numbers."""
    import json

    from ows_desktop.store.url import open_store_url

    team = build_team(cluster, tmp_path / "team")
    recent = datetime.now(UTC) - timedelta(hours=1)
    new = [
        Ticket(
            key=f"{s}-NEW",
            id=f"{s}-NEW",
            number="900",
            location=s,
            terminal="R01",
            operator=f"op-{s}",
            start=recent,
            total=7.0,
            status="complete",
            lines=(LineItem(description="Gum", quantity=1, price=7.0),),
            raw={"id": f"{s}-NEW", "location": s},
        )
        for s in ("S012", "S099")
    ]
    with open_store_url(team.url(team.sync), tmp_path / "unused.db", password=lambda _l: None) as store:
        store.upsert_tickets(new)
    director = team.url(team.director)
    both = json.loads(ok(tmp_path, "--store", director, "case", "new", "Old and new", "--location", "S012",
                         "--ticket", "S012-T1", "--ticket", "S012-NEW", "--ticket", "S099-NEW", "--json"))["number"]  # fmt: skip
    old = json.loads(ok(tmp_path, "--store", director, "case", "new", "Only old", "--ticket", "S044-T1",
                        "--json"))["number"]  # fmt: skip
    retain_old_month(team, tmp_path)
    return team, both, old


def retain_old_month(team: Team, tmp_path: Path) -> str:
    """The owner's ``store retention`` keeping the months after the :func:`tickets`' (theirs is dropped, with
    any of them synced again since): what it printed."""
    now = datetime.now(UTC) - timedelta(hours=1)  # the month of retention_team's tickets "an hour old"
    months = (now.year * 12 + now.month) - (T0.year * 12 + T0.month)  # keeps the month after T0's
    return ok(tmp_path, "store", "retention", team.url(team.owner), "--keep-months", str(months))


def sync_again(team: Team, tmp_path: Path, *keys: str) -> None:
    """The sync login writes these :func:`tickets` again (their month, dropped by retention, synced again)."""
    from ows_desktop.store.url import open_store_url

    with open_store_url(team.url(team.sync), tmp_path / "unused.db", password=lambda _l: None) as store:
        store.upsert_tickets([t for t in tickets() if t.key in keys])


class Hidden(str):
    """A test's password whose repr never shows it: pytest prints a failing assertion's values (compare such
    passwords as booleans: a string comparison's diff prints the text itself)."""

    def __repr__(self) -> str:
        return "<password>"


def kept_out_of_logs(records: Any, log_dir: Any, *passwords: str) -> bool:
    """No password of ``passwords`` in the log records nor in any file of ``log_dir`` (a boolean: a failed
    check must not print them)."""
    logged = "\n".join(r.getMessage() for r in records)
    files = [p for p in Path(log_dir).rglob("*") if p.is_file()]
    return not any(pw in logged or any(pw.encode() in f.read_bytes() for f in files) for pw in passwords)


def sessions_of(team: Team, role: str) -> int:
    """The server's sessions of ``role`` on the team's database (its truth, as the superuser reads it)."""
    ((count,),) = team.admin(
        f"SELECT count(*) FROM pg_stat_activity WHERE usename = '{role}' AND datname = '{team.db}'"
    )
    return int(count)


@contextmanager
def one_session_for_the_manager(team: Team) -> Iterator[str]:
    """The manager may hold one session (``CONNECTION LIMIT 1``, as an administrator sets it): a store opens
    on it, and its readers' pool is then refused one; the limit is lifted after. The manager's role."""
    team.admin(f"ALTER ROLE {team.manager} CONNECTION LIMIT 1")
    try:
        yield team.manager
    finally:
        team.admin(f"ALTER ROLE {team.manager} CONNECTION LIMIT -1")
