"""``ows-desktop store roles|grant|revoke``: who may see which stores of a team store.

``roles URL`` prints the SQL that creates the four group roles and their privileges (``--apply`` runs it,
as the owner of the store, who needs CREATEROLE); ``grant USER --role R --locations S012,S044`` makes the
person's login role a member of one group and assigns it those locations; ``revoke USER --locations …``
takes locations away (``--all``: every location and the role), effective for that person's next query.
A refused privilege is exit 3, bad input exit 2, an unreachable server exit 4; always one line."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ows_desktop.basics.english import counted
from ows_desktop.cli.context import EXIT_OK, CliContext, UsageError

if TYPE_CHECKING:
    from psycopg import Connection

_URL = "postgresql://admin@host:port/db (the store's owner or a director; no password in it)"


def add_roles_commands(sub: Any) -> None:
    roles = sub.add_parser("roles", help="print (or --apply) the SQL creating the team store's roles")
    roles.add_argument("url", help=_URL)
    roles.add_argument("--apply", action="store_true", help="run it (as the owner of the store)")
    roles.set_defaults(func=cmd_store_roles)
    grant = sub.add_parser("grant", help="give a person a role and the stores they may see")
    grant.add_argument("user", help="the person's database login role")
    grant.add_argument("--role", required=True, choices=("director", "investigator", "manager", "sync"))
    grant.add_argument("--locations", help="comma-separated store ids, e.g. S012,S044")
    grant.add_argument("--store", dest="team_store", help=_URL)
    grant.set_defaults(func=cmd_store_grant)
    revoke = sub.add_parser("revoke", help="take stores (or everything) away from a person")
    revoke.add_argument("user", help="the person's database login role")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--locations", help="comma-separated store ids")
    which.add_argument("--all", action="store_true", help="every location and the role itself")
    revoke.add_argument("--store", dest="team_store", help=_URL)
    revoke.set_defaults(func=cmd_store_revoke)


@contextmanager
def _admin_connection(url: str | None, ctx: CliContext) -> Iterator[Connection[Any]]:
    from ows_desktop.store.postgres import parse_url
    from ows_desktop.store.postgres.connect import StoreAuthError, connect, password_from
    from ows_desktop.store.postgres.schema import check_current
    from ows_desktop.store.url import is_team_url

    if not url or not is_team_url(url):
        raise UsageError("Roles need a team store: give --store postgresql://admin@host:port/db.")
    import psycopg

    location = parse_url(url)
    with connect(location, password_from(ctx.env)) as conn:
        check_current(conn, location)
        try:
            yield conn
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreAuthError(
                f"The role {location.user or 'you connected as'} may not do that on {location} "
                f"({exc.diag.message_primary}). Connect as the store's owner or a director."
            ) from None


def cmd_store_roles(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store.postgres.roles import apply_roles, roles_sql

    if not args.apply:
        from ows_desktop.store.postgres import parse_url

        parse_url(args.url)  # a bad URL is refused here too, before any SQL is printed
        ctx.stdout.write(roles_sql())
        return EXIT_OK
    with _admin_connection(args.url, ctx) as conn:
        apply_roles(conn)
    ctx.stdout.write("Created the team store's roles and granted their privileges.\n")
    return EXIT_OK


def cmd_store_grant(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store.postgres.roles import grant, parse_locations, unknown_locations

    everywhere = args.role in ("director", "sync")
    if everywhere and args.locations:
        raise UsageError(f"A {args.role} sees every store; leave out --locations.")
    locations = [] if everywhere else parse_locations(args.locations)
    with _admin_connection(args.team_store or ctx.named_store(), ctx) as conn:
        grant(conn, args.user, args.role, locations)
        unknown = unknown_locations(conn, locations)
    scope = "every store" if everywhere else ", ".join(locations)
    ctx.stdout.write(f"{args.user} is now {args.role} for {scope}.\n")
    if unknown:  # a typo grants nothing to see, silently (a store not synced yet is fine)
        ctx.stderr.write(
            f"Note: no ticket of {', '.join(unknown)} is in the store yet; store ids are case-sensitive: check "
            "them, or sync those stores.\n"
        )
    return EXIT_OK


def cmd_store_revoke(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.store.postgres.roles import parse_locations, revoke

    locations = None if args.all else parse_locations(args.locations)
    with _admin_connection(args.team_store or ctx.named_store(), ctx) as conn:
        removed = revoke(conn, args.user, locations)
    what = "every store and role" if locations is None else ", ".join(locations)
    ctx.stdout.write(f"Took {what} from {args.user} ({counted(removed, 'assignment')} removed).\n")
    return EXIT_OK
