"""``ows-desktop login / logout / users``: the API key in the keyring, and the account's users."""

from __future__ import annotations

import argparse
from typing import Any

from ows_desktop.basics.credentials import Credentials, normalise_base_url
from ows_desktop.cli.context import (
    EXIT_OK,
    CliContext,
    UsageError,
    add_base_url_option,
    credentials_for,
    open_client,
    print_json,
    resolve_base_url,
    tenant_caches,
)


def add_commands(sub: Any) -> None:
    p = sub.add_parser("login", help="store an API key in the OS keyring after checking it with OWS")
    p.add_argument("--base-url", required=True, help="the API Access URL from the OWS integration page")
    p.add_argument(
        "--key", help=argparse.SUPPRESS
    )  # refused: a key in argv is in the process list and history
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("logout", help="remove the stored API key")
    add_base_url_option(p)
    p.set_defaults(func=cmd_logout)

    p = sub.add_parser("users", help="list the OWS users")
    add_base_url_option(p)
    p.add_argument("--json", action="store_true", help="print a JSON array with the API's field names")
    p.set_defaults(func=cmd_users)


def cmd_login(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.addresses import check_base_url
    from ows_desktop.ows.auth import validate_credentials

    if args.key is not None:
        raise UsageError(
            "--key would leave the API key in the process list and the shell's history: leave it out and "
            "type the key at the prompt, or pipe the key and the secret in, one a line."
        )
    base_url = normalise_base_url(args.base_url)
    check_base_url(base_url)  # https (or loopback) before anyone types a secret for it
    if not ctx.credentials.is_secure:
        from ows_desktop.basics.credentials import NoSecureBackendError

        raise NoSecureBackendError()
    key = _prompt(ctx, "API Access Key: ").strip()
    secret = ctx.read_secret("API Secret Key (not shown): ").strip()
    validate_credentials(key, secret)
    creds = Credentials(key, secret)
    with open_client(base_url, creds, ctx) as client:
        endpoint = client.verify()
    ctx.credentials.set(base_url, creds)
    from ows_desktop.basics.tenants import Tenant

    tenant_caches(ctx).cache_for(Tenant.of(base_url, endpoint))  # this tenant's own cache from now on
    ctx.settings().set("connection/base_url", base_url)
    ctx.stdout.write(
        f"Signed in to {base_url}; tickets endpoint {endpoint}. "
        f"Key stored in {ctx.credentials.description}.\n"
    )
    return EXIT_OK


def _prompt(ctx: CliContext, text: str) -> str:
    ctx.stderr.write(text)
    ctx.stderr.flush()
    line = ctx.stdin.readline()
    if not line:
        raise UsageError("No API key given (end of input). Type it at the prompt or pipe it in.")
    return line


def cmd_logout(args: argparse.Namespace, ctx: CliContext) -> int:
    base_url = resolve_base_url(args, ctx)
    removed = ctx.credentials.delete(base_url)
    ctx.stdout.write(
        ("Removed the stored key for " if removed else "No key was stored for ") + base_url + "\n"
    )
    return EXIT_OK


def cmd_users(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.users import user_to_api_json

    base_url = resolve_base_url(args, ctx)
    with open_client(base_url, credentials_for(base_url, ctx), ctx) as client:
        users = client.users()
    if args.json:
        print_json([user_to_api_json(u) for u in users], ctx.stdout)
        return EXIT_OK
    for user in users:  # names and groups are server text: ctx.stdout shows control characters as "?"
        groups = ", ".join(user.groups) or "-"
        created = user.created.date().isoformat() if user.created else "none"
        signed_in = user.last_sign_in.date().isoformat() if user.last_sign_in else "none"
        ctx.stdout.write(
            f"{user.display_name:<28} {user.email or '-':<34} created {created:<10} "
            f"last sign-in {signed_in:<10} {groups}\n"
        )
    ctx.stdout.write(f"{len(users)} users\n")
    return EXIT_OK
