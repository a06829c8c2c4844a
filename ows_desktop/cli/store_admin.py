"""``ows-desktop store init|migrate|password URL``: creating, upgrading and unlocking a store named by URL.

``init`` creates the schema (idempotent: an up-to-date store is left as it is), ``migrate`` upgrades an
existing store, ``password`` saves a team store's database password in the OS keyring (read without echo
or from a pipe; never an argument). A newer schema than this app knows, a database that is not an OWS
Desktop store, a refused password or an unreachable server: one line, exit 2/3/4."""

from __future__ import annotations

import argparse
from typing import Any

from ows_desktop.basics.english import counted
from ows_desktop.cli.context import EXIT_OK, CliContext, UsageError, rule_config
from ows_desktop.cli.store_roles import add_roles_commands

_URL_HELP = "sqlite:PATH or postgresql://user@host:port/db?sslmode=verify-full (no password in it)"


def add_commands(subparsers: Any) -> None:
    p = subparsers.add_parser("store", help="create or upgrade a ticket store, team store password")
    sub = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create the store's schema (does nothing to an up-to-date store)")
    init.add_argument("url", help=_URL_HELP)
    init.set_defaults(func=cmd_store_init)
    migrate = sub.add_parser("migrate", help="upgrade an existing store to this app's schema")
    migrate.add_argument("url", help=_URL_HELP)
    migrate.set_defaults(func=cmd_store_migrate)
    password = sub.add_parser("password", help="save a team store's password in the OS keyring")
    password.add_argument("url", help="postgresql://user@host:port/db")
    password.set_defaults(func=cmd_store_password)
    copy = sub.add_parser(
        "copy",
        help="copy a single-seat cache into a team store (tickets, flags, audit, mapping, checkpoints)",
        description="Resumable: run it again after an interruption and it continues where it stopped. "
        "Refuses a team store that belongs to another OWS tenant.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="sqlite:PATH", help="the cache to copy")
    copy.add_argument("--to", dest="target", required=True, metavar="postgresql://…", help="the team store")
    copy.set_defaults(func=cmd_store_copy)
    retention = sub.add_parser(
        "retention",
        help="drop a team store's tickets of months older than --keep-months (monthly partitions)",
        description="Keeps the current calendar month (UTC) and the N-1 before it; older months' tickets, "
        "documents and rule rows are dropped with their partitions. Flags and the audit trail are kept.",
    )
    retention.add_argument("url", help="postgresql://user@host:port/db")
    retention.add_argument("--keep-months", type=int, required=True, metavar="N", help="months to keep (≥ 1)")
    retention.set_defaults(func=cmd_store_retention)
    add_roles_commands(sub)


def _upgrade(args: argparse.Namespace, ctx: CliContext, *, create: bool) -> int:
    from ows_desktop.store.url import is_team_url, sqlite_path

    url = args.url
    if not is_team_url(url):
        from ows_desktop.store import open_store

        path = sqlite_path(url)
        if not create and not path.exists():
            raise UsageError(f"No store at {path}. Create it with: ows-desktop store init {url}")
        open_store(path).close()  # opening creates or upgrades the file, one migration per transaction
        ctx.stdout.write(f"The store at {path} is ready.\n")
        return EXIT_OK
    from ows_desktop.store.postgres import init_store, parse_url
    from ows_desktop.store.postgres.connect import connect, password_from
    from ows_desktop.store.postgres.schema import current_version, latest_version

    location = parse_url(url)
    lookup = password_from(ctx.env)
    if not create:
        with connect(location, lookup) as conn:
            if current_version(conn, location) == 0:
                raise UsageError(
                    f"No team store at {location} yet. Create it with: ows-desktop store init URL"
                )
    before, after = init_store(location, lookup)
    if before == after:
        ctx.stdout.write(f"The team store at {location} is up to date (schema {after}).\n")
    elif before == 0:
        ctx.stdout.write(f"Created the team store at {location} (schema {after}).\n")
    else:
        ctx.stdout.write(f"Upgraded the team store at {location} from schema {before} to {after}.\n")
    assert after == latest_version()
    return EXIT_OK


def cmd_store_init(args: argparse.Namespace, ctx: CliContext) -> int:
    return _upgrade(args, ctx, create=True)


def cmd_store_migrate(args: argparse.Namespace, ctx: CliContext) -> int:
    return _upgrade(args, ctx, create=False)


def cmd_store_password(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store.postgres import parse_url
    from ows_desktop.store.postgres.connect import save_password

    location = parse_url(args.url)
    secret = ctx.read_secret(f"Password of {location}: ")
    if not secret:
        raise UsageError("No password given; type it at the prompt or pipe it in.")
    ctx.secrets.add(secret)
    save_password(location, secret)
    ctx.stdout.write(f"Saved the password of {location} in the keyring.\n")
    return EXIT_OK


def cmd_store_copy(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.basics.tenants import sidecar_of
    from ows_desktop.store import open_store
    from ows_desktop.store.postgres import open_postgres_store, parse_url
    from ows_desktop.store.postgres.connect import password_from
    from ows_desktop.store.postgres.copy_from import copy_store
    from ows_desktop.store.scope import check_copy
    from ows_desktop.store.url import is_team_url, sqlite_path

    if is_team_url(args.source) or not args.source.startswith("sqlite:"):
        raise UsageError("--from takes the single-seat cache to copy: sqlite:PATH")
    if not is_team_url(args.target):
        raise UsageError("--to takes the team store: postgresql://user@host:port/db")
    path = sqlite_path(args.source)
    if not path.is_file():
        raise UsageError(f"No cache at {path}; give the file of the cache to copy (sqlite:PATH).")
    tenant = _source_tenant(sidecar_of(path))
    location = parse_url(args.target)

    def step(what: str, done: int, total: int) -> None:
        if what != "done":
            ctx.stderr.write(f"Copying {what}: {done:,} of {total:,}\n")
            ctx.stderr.flush()

    with open_store(path) as source, open_postgres_store(location, password_from(ctx.env)) as target:
        check_copy(target.scope())  # said in the role's words, before anything is copied
        result = copy_store(source, str(path.resolve()), target, tenant=tenant, on_step=step)
        ran = _rules_over_the_copy(target, ctx)
    again = " (continued an earlier copy)" if result.resumed else ""
    ctx.stdout.write(
        f"Copied {path} into the team store at {location}{again}: {result.tickets:,} tickets, "
        f"{result.audit_entries:,} audit entries, {result.flags:,} flags, {result.cameras:,} cameras, "
        f"{result.terminals:,} mapped terminals, {result.windows:,} sync windows.\n"
    )
    ctx.stdout.write(ran)
    if result.cases_left:
        cases = "1 case stays" if result.cases_left == 1 else f"{result.cases_left:,} cases stay"
        ctx.stdout.write(
            f"Not copied: {cases} in {path}, with their history (a team store numbers its own cases); "
            f"export each from there: ows-desktop --store sqlite:{path} case export NUMBER --format pdf --out DIR\n"
        )
    return EXIT_OK


def _rules_over_the_copy(target: Any, ctx: CliContext) -> str:
    """The exception rules run over the copied tickets (queued as a sync's are), as a sync runs them after its
    pages: the team store showed none of their exceptions until a sync or Re-run rules, its Exceptions tab
    saying "No exceptions in this range" (a tester). The line that says what they found."""
    from ows_desktop.rules import RuleRunner

    ctx.stderr.write("Running the exception rules over the copied tickets…\n")
    ctx.stderr.flush()
    stats = RuleRunner(rule_config(ctx)).apply_pending(target)  # a newer version's findings: left queued
    if not stats.tickets:
        return ""
    return f"Ran the exception rules over {stats.tickets:,} tickets: {stats.exceptions:,} exceptions.\n"


def _source_tenant(sidecar: Any) -> Any:
    """The tenant a cache records (its sidecar, see basics.tenants), or None."""
    import json

    from ows_desktop.basics.tenants import Tenant
    from ows_desktop.store.postgres.copy_from import SourceTenant

    try:
        recorded = json.loads(sidecar.read_text(encoding="utf-8"))
        tenant = Tenant.of(str(recorded["api_access_url"]), str(recorded["tickets_endpoint"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return SourceTenant(tenant.api_access_url, tenant.tickets_endpoint, tenant.label)


def cmd_store_retention(args: argparse.Namespace, ctx: CliContext) -> int:
    from datetime import UTC, datetime

    from ows_desktop.store.postgres import parse_url
    from ows_desktop.store.postgres.connect import StoreAuthError, connect, password_from, translated
    from ows_desktop.store.postgres.partitions import drop_months_before
    from ows_desktop.store.postgres.schema import check_current
    from ows_desktop.store.url import is_team_url

    if not is_team_url(args.url):
        raise UsageError("Retention applies to a team store: postgresql://user@host:port/db")
    if args.keep_months < 1:
        raise UsageError("--keep-months must be 1 or more (1 keeps the current month).")
    location = parse_url(args.url)
    now = datetime.now(UTC)
    index = now.year * 12 + (now.month - 1) - (args.keep_months - 1)
    year, month = divmod(index, 12)
    import psycopg

    with connect(location, password_from(ctx.env)) as conn, translated(location):
        check_current(conn, location)
        try:
            with conn.transaction():
                dropped = drop_months_before(conn, year, month + 1)
        except psycopg.errors.InsufficientPrivilege:  # no grant makes a role the owner: not "ask the admin"
            raise StoreAuthError(
                f"The role {location.user or 'you connected as'} may not drop months of {location}: only the "
                "team store's owner may. Run it connected as the owner."
            ) from None
    first = datetime(year, month + 1, 1, tzinfo=UTC).strftime("%Y-%m")
    if dropped:
        ctx.stdout.write(
            f"Dropped {counted(len(dropped), 'month')} before {first} ({', '.join(dropped)}) from {location}.\n"
        )
    else:
        ctx.stdout.write(f"Nothing to drop: {location} holds no month before {first}.\n")
    return EXIT_OK
