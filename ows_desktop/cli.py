"""The scriptable ``ows-desktop`` command.

Exit codes: 0 ok, 2 invalid input, 3 authentication refused, 4 network/server failure after retries,
1 anything else. Errors are one clear line on stderr, never a traceback (the log file has the details)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from ows_desktop import __version__
from ows_desktop.credentials import (
    CredentialError,
    Credentials,
    CredentialStore,
    KeyringCredentialStore,
    normalise_base_url,
    resolve_credentials,
)
from ows_desktop.ows.errors import InvalidInputError
from ows_desktop.paths import AppPaths

log = logging.getLogger(__name__)

EXIT_OK, EXIT_OTHER, EXIT_INPUT, EXIT_AUTH, EXIT_NETWORK = 0, 1, 2, 3, 4
BASE_URL_ENV = "OWS_BASE_URL"
RULES_INTERVAL_S = 1.0  # exception rules catch up with a running sync at most once a second


class UsageError(InvalidInputError):
    """Bad command-line input: exit 2 with a message saying what to do."""


@dataclass
class CliContext:
    """What a command needs, built once in ``main`` (tests inject their own)."""

    paths: AppPaths
    credentials: CredentialStore
    stdout: TextIO
    stderr: TextIO
    stdin: TextIO
    env: dict[str, str]
    read_secret: Callable[[str], str] = getpass.getpass
    secrets: set[str] = field(default_factory=set)
    retry_policy: Any = None  # an ows.retry.RetryPolicy; None = the client's default

    def redact(self, text: str) -> str:
        for value in self.secrets:
            text = text.replace(value, "***")
        return text

    def settings(self):
        from ows_desktop.settings import open_ini_settings

        return open_ini_settings(self.paths.settings_file)


# --------------------------------------------------------------------------------------------- helpers
def _resolve_base_url(args: argparse.Namespace, ctx: CliContext) -> str:
    url = getattr(args, "base_url", None) or ctx.env.get(BASE_URL_ENV)
    if not url:
        url = ctx.settings().get("connection/base_url")
    if not url:
        raise UsageError(
            "No API Access URL given. Pass --base-url URL (the 'API Access URL' shown at the top of the API "
            f"Access integration page in OWS), set {BASE_URL_ENV}, or run 'ows-desktop login --base-url URL'."
        )
    return normalise_base_url(url)


def _credentials_for(base_url: str, ctx: CliContext) -> Credentials:
    creds = resolve_credentials(ctx.credentials, base_url, ctx.env)
    if creds is None:
        raise UsageError(
            f"No API key stored for {base_url}. Run 'ows-desktop login --base-url {base_url}', "
            "or set OWS_API_KEY and OWS_API_SECRET."
        )
    return creds


@contextlib.contextmanager
def open_client(base_url: str, creds: Credentials, ctx: CliContext) -> Iterator[Any]:
    """An OwsClient on a fresh httpx client (closed on exit), with the credentials redacted from every log
    handler and from what the CLI prints."""
    from ows_desktop.logging_config import add_secrets_to_redaction
    from ows_desktop.ows.client import OwsClient, make_http_client

    ctx.secrets.update(v for v in (creds.key, creds.secret) if v)
    add_secrets_to_redaction([creds.key, creds.secret])
    with make_http_client() as http:
        yield OwsClient(http, base_url, creds.key, creds.secret, retry=ctx.retry_policy)


def _print_json(obj: Any, out: TextIO) -> None:
    json.dump(obj, out, ensure_ascii=False, indent=2)
    out.write("\n")


# --------------------------------------------------------------------------------------------- commands
def cmd_login(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.auth import validate_credentials

    base_url = normalise_base_url(args.base_url)
    if not ctx.credentials.is_secure:
        from ows_desktop.credentials import NoSecureBackendError

        raise NoSecureBackendError()
    key = (args.key or _prompt(ctx, "API Access Key: ")).strip()
    secret = ctx.read_secret("API Secret Key (not shown): ").strip()
    validate_credentials(key, secret)
    creds = Credentials(key, secret)
    with open_client(base_url, creds, ctx) as client:
        endpoint = client.verify()
    ctx.credentials.set(base_url, creds)
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
        raise UsageError("No API key given (end of input). Pass --key or type it at the prompt.")
    return line


def cmd_logout(args: argparse.Namespace, ctx: CliContext) -> int:
    base_url = _resolve_base_url(args, ctx)
    removed = ctx.credentials.delete(base_url)
    ctx.stdout.write(
        ("Removed the stored key for " if removed else "No key was stored for ") + base_url + "\n"
    )
    return EXIT_OK


def cmd_users(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.users import user_to_api_json

    base_url = _resolve_base_url(args, ctx)
    with open_client(base_url, _credentials_for(base_url, ctx), ctx) as client:
        users = client.users()
    if args.json:
        _print_json([user_to_api_json(u) for u in users], ctx.stdout)
        return EXIT_OK
    for user in users:
        groups = ", ".join(user.groups) or "-"
        created = user.created.date().isoformat() if user.created else "none"
        signed_in = user.last_sign_in.date().isoformat() if user.last_sign_in else "none"
        ctx.stdout.write(
            f"{user.display_name:<28} {user.email or '-':<34} created {created:<10} "
            f"last sign-in {signed_in:<10} {groups}\n"
        )
    ctx.stdout.write(f"{len(users)} users\n")
    return EXIT_OK


def cmd_fake_server(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.simulator import FakeOws, FaultPlan, SimConfig

    config = SimConfig(
        seed=args.seed, stores=args.stores, days=args.days, tickets_per_store_day=args.tickets_per_day
    )
    faults = FaultPlan(rate=args.fault_rate) if args.fault_rate > 0 else None
    server = FakeOws(
        config,
        key=args.key,
        secret=args.secret,
        latency=args.latency,
        faults=faults,
        api_port=args.api_port,
        tickets_port=args.tickets_port,
        auth_header=args.auth_header,
    )
    server.start()
    ctx.stdout.write(
        f"Simulated OWS is running.\n  API Access URL: {server.api_url}\n"
        f"  tickets host:   {server.tickets_url}\n"
        f"  tickets persisted from {config.start.isoformat()} for {config.days} days: "
        f"{server.generator.count()} tickets, {len(server.generator.users())} users\n"
        "  credentials: the --key/--secret given (defaults demo-key / demo-secret), e.g.\n"
        f"    OWS_API_KEY=demo-key OWS_API_SECRET=demo-secret ows-desktop users --base-url {server.api_url}\n"
        "Press Ctrl+C to stop.\n"
    )
    ctx.stdout.flush()
    server.serve_forever_blocking()
    return EXIT_OK


def _open_store(ctx: CliContext):
    from ows_desktop.store import open_store

    return open_store(ctx.paths.database)


class _ProgressBar:
    """A one-line progress bar on a terminal; silent when stderr is not one."""

    def __init__(self, out: TextIO):
        self._out = out
        self._enabled = out.isatty()
        self._last = 0.0

    def __call__(self, p) -> None:
        import time

        if not self._enabled or (time.monotonic() - self._last < 0.1 and p.fraction < 1):
            return
        self._last = time.monotonic()
        width = 28
        filled = int(width * p.fraction)
        eta = (
            "--:--"
            if p.eta_seconds is None
            else f"{int(p.eta_seconds) // 60:d}:{int(p.eta_seconds) % 60:02d}"
        )
        self._out.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {p.fraction:4.0%}  {p.tickets} tickets  "
            f"{p.pages} pages  {p.rate:,.0f}/s  ETA {eta}  "
        )
        self._out.flush()

    def close(self) -> None:
        if self._enabled:
            self._out.write("\n")


def cmd_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    import signal
    import threading
    from datetime import timedelta

    from ows_desktop.ows.timestamps import format_iso_utc, parse_cli_time
    from ows_desktop.sync.engine import SyncCancelled, SyncEngine, incremental_start, now_utc

    settings = ctx.settings()
    end = parse_cli_time(args.end) if args.end else now_utc()
    workers = args.workers if args.workers is not None else settings.get("sync/workers")
    base_url = _resolve_base_url(args, ctx)
    creds = _credentials_for(base_url, ctx)
    store = _open_store(ctx)
    overlap = timedelta(minutes=max(0, settings.get("sync/overlap_minutes")))
    try:
        if args.start:
            start = parse_cli_time(args.start)
        else:
            start = incremental_start(store, overlap=overlap, fallback=None)
        cancel = threading.Event()
        bar = _ProgressBar(ctx.stderr)
        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
        from ows_desktop.rules.definitions import RuleConfig
        from ows_desktop.rules.runner import RuleRunner

        rules = RuleRunner(RuleConfig.from_backend(settings.backend))
        try:
            with open_client(base_url, creds, ctx) as client:
                engine = SyncEngine(
                    client,
                    store,
                    workers=workers,
                    page_size=settings.get("sync/page_size"),
                    overlap=overlap,
                    on_progress=bar,
                    on_saved=rules.on_saved(store, min_interval=RULES_INTERVAL_S),
                    cancel=cancel,
                )
                result = engine.run(start, end)
        except SyncCancelled as exc:
            bar.close()
            ctx.stderr.write(f"{exc}\n")
            return 130
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        bar.close()
        rules.apply_pending(store)  # the tickets of the last pages
        p = result.progress
        summary = {
            "start": format_iso_utc(result.start),
            "end": format_iso_utc(result.end),
            "tickets": p.tickets,
            "new_tickets": p.new_tickets,
            "pages": p.pages,
            "empty_pages": p.empty_pages,
            "retries": p.retries,
            "windows": p.windows_total,
            "resumed_windows": result.resumed_windows,
            "skipped_windows": result.skipped_windows,
            "elapsed_seconds": round(p.elapsed, 3),
            "stored_tickets": _count_all(store),
        }
        if args.json:
            _print_json(summary, ctx.stdout)
        else:
            ctx.stdout.write(
                f"Synced {summary['start']} → {summary['end']}: {p.tickets} tickets ({p.new_tickets} new) in "
                f"{p.pages} pages ({p.empty_pages} empty), {p.retries} retries, {p.elapsed:.1f} s. "
                f"{summary['stored_tickets']} tickets in the cache.\n"
            )
        return EXIT_OK
    finally:
        store.close()


def _count_all(store) -> int:
    from ows_desktop.store import TicketQuery

    with store.reader() as reader:
        return reader.count(TicketQuery())


def ticket_row_json(row) -> dict[str, Any]:
    from ows_desktop.ows.timestamps import format_iso_utc

    return {
        "id": row.id or row.key,
        "key": row.key,
        "location": row.location,
        "terminal": row.terminal,
        "operator": row.operator,
        "start": format_iso_utc(row.start) if row.start else None,
        "total": row.total,
        "status": row.status,
        "items": row.line_count,
        "flagged": bool(row.flagged),
        "has_void": bool(row.has_void),
        "has_refund": bool(row.has_refund),
        "is_no_sale": bool(row.is_no_sale),
        "discount_total": row.discount_total,
        "exceptions": list(row.exceptions),
    }


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.ows.timestamps import parse_cli_time
    from ows_desktop.store import TicketQuery

    if args.limit < 0:
        raise UsageError("--limit must be 0 (all) or a positive number.")
    query = TicketQuery(
        text=args.query or "",
        start=parse_cli_time(args.start) if args.start else None,
        end=parse_cli_time(args.end) if args.end else None,
        locations=tuple(args.location),
        terminals=tuple(args.terminal),
        operators=tuple(args.operator),
        statuses=tuple(args.status),
        min_total=args.min_total,
        max_total=args.max_total,
        flagged=True if args.flagged else None,
        sort=args.sort,
        descending=not args.ascending,
    )
    with _open_store(ctx) as store, store.reader() as reader:
        rows = []
        for row in reader.iter_rows(query):
            rows.append(row)
            if args.limit and len(rows) >= args.limit:
                break
        if args.json:
            _print_json([ticket_row_json(r) for r in rows], ctx.stdout)
            return EXIT_OK
        from ows_desktop.ows.timestamps import format_iso_utc

        for r in rows:
            flags = "".join(
                c
                for c, on in (("V", r.has_void), ("R", r.has_refund), ("N", r.is_no_sale), ("F", r.flagged))
                if on
            )
            total = "" if r.total is None else f"{r.total:10.2f}"
            ctx.stdout.write(
                f"{format_iso_utc(r.start) if r.start else '-':<21} {r.location or '-':<8} "
                f"{r.terminal or '-':<10} {(r.operator or '-')[:18]:<18} {r.status or '-':<10} "
                f"{total:>10} {flags:<4} {r.id or r.key}\n"
            )
        ctx.stdout.write(f"{len(rows)} of {reader.count(query)} matching tickets\n")
        return EXIT_OK


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from pathlib import Path

    from ows_desktop.demo import run_demo

    data_dir = Path(args.data_dir) if args.data_dir else None
    return run_demo(data_dir, Path(args.screenshot) if args.screenshot else None, args.dark)


def cmd_gui(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.app import main as gui_main

    return gui_main(args.data_dir, debug=args.debug)


# --------------------------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ows-desktop",
        description="OWS Desktop: review OpenEye Web Services POS tickets next to their video. Without a "
        "command it opens the workstation.",
        epilog="Exit codes: 0 ok, 2 invalid input, 3 authentication refused, 4 network/server failure after "
        "retries, 1 other.",
    )
    parser.add_argument("--version", action="version", version=f"ows-desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        help="where the ticket cache, settings and logs live "
        "(default: the platform's user data dir; env OWS_DESKTOP_DATA_DIR)",
    )
    parser.add_argument("--debug", action="store_true", help="verbose logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def base_url_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--base-url", help=f"API Access URL (default: last login, or env {BASE_URL_ENV})")

    p = sub.add_parser("gui", help="open the review workstation (the default when no command is given)")
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("demo", help="the workstation against a simulated OWS with realistic data")
    p.add_argument("--screenshot", metavar="PNG", help="render the window to PNG (1440x900) and exit")
    p.add_argument("--dark", action="store_true", help="use the dark palette")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("login", help="store an API key in the OS keyring after checking it with OWS")
    p.add_argument("--base-url", required=True, help="the API Access URL from the OWS integration page")
    p.add_argument("--key", help="API Access Key (prompted when omitted); the secret is always prompted")
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("logout", help="remove the stored API key")
    base_url_arg(p)
    p.set_defaults(func=cmd_logout)

    p = sub.add_parser("users", help="list the OWS users")
    base_url_arg(p)
    p.add_argument("--json", action="store_true", help="print a JSON array with the API's field names")
    p.set_defaults(func=cmd_users)

    p = sub.add_parser("fake-server", help="run the simulated OWS server on loopback")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--stores", type=int, default=4)
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--tickets-per-day", type=int, default=400, help="tickets per store and day")
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to every request")
    p.add_argument("--fault-rate", type=float, default=0.0, help="share of requests that fail (0..1)")
    p.add_argument("--api-port", type=int, default=0)
    p.add_argument("--tickets-port", type=int, default=0)
    p.add_argument("--key", default="demo-key")
    p.add_argument("--secret", default="demo-secret")
    p.add_argument(
        "--auth-header",
        choices=["any", "authorization", "authentication"],
        default="any",
        help="which request header the key is accepted in: Authorization or Authentication (any, the "
        "default), only Authorization, or only Authentication (to test against either kind of server)",
    )
    p.set_defaults(func=cmd_fake_server)

    p = sub.add_parser("sync", help="fetch tickets persisted in a time range into the local cache")
    base_url_arg(p)
    p.add_argument(
        "--start",
        help="ISO 8601 with offset or Z, or epoch microseconds "
        "(default: continue from the last completed sync, minus a safety overlap)",
    )
    p.add_argument("--end", help="same forms (default: now)")
    p.add_argument("--workers", type=int, default=None, help="concurrent cursors (default 4)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the totals")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("search", help="search the local cache (full text + filters)")
    p.add_argument("query", nargs="?", default="", help="words to find (prefixes match); empty = all")
    p.add_argument("--limit", type=int, default=50, help="how many tickets (0 = all; default 50)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--location", action="append", default=[], help="repeatable")
    p.add_argument("--terminal", action="append", default=[], help="repeatable")
    p.add_argument("--operator", action="append", default=[], help="repeatable")
    p.add_argument("--status", action="append", default=[], help="repeatable, e.g. void, refund, no_sale")
    p.add_argument("--min-total", type=float)
    p.add_argument("--max-total", type=float)
    p.add_argument("--from", dest="start", help="ticket start time from (ISO 8601 with offset, or epoch µs)")
    p.add_argument("--to", dest="end", help="ticket start time up to (exclusive)")
    p.add_argument("--flagged", action="store_true", help="only flagged tickets")
    p.add_argument(
        "--sort",
        default="start",
        choices=["start", "location", "terminal", "operator", "status", "items", "total"],
    )
    p.add_argument("--ascending", action="store_true", help="oldest / smallest first")
    p.set_defaults(func=cmd_search)

    from ows_desktop.mapping_file import add_mapping_commands

    add_mapping_commands(sub)
    from ows_desktop.review_cli import add_review_commands

    add_review_commands(sub)
    _accept_data_dir_after_commands(parser)
    return parser


def _accept_data_dir_after_commands(parser: argparse.ArgumentParser) -> None:
    """Let every (sub)command take ``--data-dir`` too (`ows-desktop sync --data-dir D`); SUPPRESS keeps a value
    given before the command when it is not repeated after it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                if "--data-dir" not in child._option_string_actions:
                    child.add_argument(
                        "--data-dir",
                        default=argparse.SUPPRESS,
                        help="where the cache, settings and logs live",
                    )
                _accept_data_dir_after_commands(child)


def _exit_code_of(exc: BaseException) -> int:
    code = getattr(exc, "exit_code", None)
    return code if isinstance(code, int) else EXIT_OTHER


def main(argv: Sequence[str] | None = None, ctx: CliContext | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func, args.command = cmd_gui, "gui"
    if ctx is None:
        from ows_desktop.logging_config import configure_logging

        for stream in (sys.stdout, sys.stderr):  # server text that UTF-8 cannot carry is printed escaped
            with contextlib.suppress(AttributeError, ValueError):
                stream.reconfigure(errors="backslashreplace")

        paths = AppPaths.resolve(args.data_dir)
        configure_logging(paths.log_dir, debug=args.debug, console=False)
        ctx = CliContext(
            paths=paths,
            credentials=KeyringCredentialStore(),
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin=sys.stdin,
            env=dict(os.environ),
        )
    try:
        return args.func(args, ctx)
    except KeyboardInterrupt:
        ctx.stderr.write("Interrupted.\n")
        return 130
    except Exception as exc:  # one clear line, the details in the log
        code = _exit_code_of(exc)
        if code == EXIT_OTHER and not isinstance(exc, CredentialError):
            log.exception("ows-desktop %s failed", args.command)
            ctx.stderr.write(
                ctx.redact(
                    f"ows-desktop: unexpected error: {type(exc).__name__}: {exc}\n"
                    f"Details are in {ctx.paths.log_file}\n"
                )
            )
        else:
            log.info("ows-desktop %s failed: %s", args.command, exc)
            ctx.stderr.write(ctx.redact(f"ows-desktop: {exc}\n"))
        return code
