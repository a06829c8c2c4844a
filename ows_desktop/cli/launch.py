"""The commands that start something long-running: ``gui`` (the workstation; the default command), ``demo``
(the workstation against a simulated OWS) and ``fake-server`` (the simulated OWS on loopback). The GUI ones
import the Qt app lazily: they are the only commands that load Qt."""

from __future__ import annotations

import argparse
import shlex
from datetime import timedelta
from typing import Any

from ows_desktop.cli import checks
from ows_desktop.cli.context import EXIT_OK, CliContext, UsageError

# The simulator's first day (SimConfig.start, whose module is not loaded for --help): its tickets are of fixed
# dates, so that a seed serves the same tickets on any day (the demo moves its start to end today).
SIM_FIRST_DAY = "2026-11-20"


def add_commands(sub: Any) -> None:
    lang_help = "the window's language and number format, e.g. fr or fr_FR (default: the system's)"
    p = sub.add_parser("gui", help="open the review workstation (the default when no command is given)")
    p.add_argument("--lang", metavar="LANG", help=lang_help)
    p.add_argument(
        "--connection",
        metavar="NAME",
        help="the saved connection to open, by its name in Connection ▸ Switch to (default: the one open last); "
        "it becomes the one opened at start-up once its window has opened. --store, given too, overrides "
        "its store",
    )
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("demo", help="the workstation against a simulated OWS with realistic data")
    p.add_argument("--screenshot", metavar="PNG", help="render the window to PNG (1440x900) and exit")
    p.add_argument("--dark", action="store_true", help="use the dark palette")
    p.add_argument("--lang", metavar="LANG", help=lang_help)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("fake-server", help="run the simulated OWS server on loopback")
    p.add_argument("--seed", type=int, default=7, help="the same seed serves the same tickets (default 7)")
    p.add_argument("--stores", type=int, default=4, help="how many stores sell (default 4)")
    p.add_argument(
        "--days",
        type=int,
        default=3,
        help=f"days of tickets, each store's days from {SIM_FIRST_DAY} on: fixed dates, not up to today (the "
        "same seed serves the same tickets; it prints their range and the sync command for it; default 3)",
    )
    p.add_argument("--tickets-per-day", type=int, default=400, help="tickets per store and day")
    p.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="seconds from every request to its answer (the server's own work done within them)",
    )
    p.add_argument("--fault-rate", type=float, default=0.0, help="share of requests that fail (0..1)")
    p.add_argument("--api-port", type=int, default=0, help="the API Access port (default 0: any free port)")
    p.add_argument(
        "--tickets-port", type=int, default=0, help="the tickets host's port (default 0: any free)"
    )
    p.add_argument("--key", default="demo-key", help="the API key it accepts (default demo-key)")
    p.add_argument("--secret", default="demo-secret", help="the secret it accepts (default demo-secret)")
    p.add_argument(
        "--auth-header",
        choices=["any", "authorization", "authentication"],
        default="any",
        help="which request header the key is accepted in: Authorization or Authentication (any, the "
        "default), only Authorization, or only Authentication (to test against either kind of server)",
    )
    p.set_defaults(func=cmd_fake_server)


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from pathlib import Path

    from ows_desktop.demo import run_demo

    data_dir = Path(args.data_dir) if args.data_dir else None
    screenshot = Path(args.screenshot) if args.screenshot else None
    if screenshot is not None and screenshot.is_dir():  # refused before the demo runs, not after
        example = screenshot / "demo.png"
        raise UsageError(
            f"--screenshot {screenshot} is a folder; give the PNG file to write, e.g. {example}."
        )
    return run_demo(data_dir, screenshot, args.dark, args.lang, store_url=_store_url(ctx))


def cmd_gui(args: argparse.Namespace, ctx: CliContext) -> int:
    store_url = _store_url(ctx)
    connection = _connection_name(getattr(args, "connection", None), ctx)
    language = getattr(args, "lang", None)
    from ows_desktop.app import main as gui_main

    return gui_main(
        args.data_dir, debug=args.debug, language=language, store_url=store_url, connection=connection
    )


def _connection_name(given: str | None, ctx: CliContext) -> str | None:
    """``--connection NAME``: a saved connection's name (any letter case), checked before any window opens
    (one that is not saved: one line naming those that are, exit 2)."""
    if given is None:
        return None
    from ows_desktop.basics.connections import ConnectionBook

    names = ConnectionBook(ctx.paths).names()
    if given in names:
        return given
    folded = [name for name in names if name.casefold() == given.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    saved = ", ".join(repr(name) for name in names)
    raise UsageError(f"No saved connection is named {given!r}; the saved connections: {saved}.")


def _store_url(ctx: CliContext) -> str | None:
    """``--store`` / ``OWS_DESKTOP_STORE`` for the window (None: the connection's own choice), checked
    before any window opens (a bad URL: one line, exit 2)."""
    from ows_desktop.store.url import check_store_url

    return check_store_url(ctx.named_store() or "") or None


_HEADER_MODES = {
    "any": "the Authorization or the Authentication header",
    "authorization": "the Authorization header only",
    "authentication": "the Authentication header only",
}


MAX_DAYS = 36_500  # a century of simulated tickets: its dates stay within what the calendar functions take
MAX_LATENCY_S = 600.0


def _check_fake_server(args: argparse.Namespace) -> None:
    """The simulator's options, named as on the command line (its own checks name its fields)."""
    for option, value in (
        ("--stores", args.stores),
        ("--days", args.days),
        ("--tickets-per-day", args.tickets_per_day),
    ):
        if value < 1:
            raise UsageError(f"{option} must be at least 1; got {value}.")
    if args.days > MAX_DAYS:
        raise UsageError(f"--days must be at most {MAX_DAYS} (a century of tickets); got {args.days}.")
    checks.number_within("--fault-rate", args.fault_rate, 0, 1, unit=" (a share of requests)")
    checks.number_within("--latency", args.latency, 0, MAX_LATENCY_S, unit=" seconds")
    for option, port in (("--api-port", args.api_port), ("--tickets-port", args.tickets_port)):
        checks.number_within(option, port, 0, 65535, unit=" (0: any free port)")


def cmd_fake_server(args: argparse.Namespace, ctx: CliContext) -> int:
    from ows_desktop.simulator import FakeOws, FaultPlan, ListenError, SimConfig

    _check_fake_server(args)
    try:
        config = SimConfig(
            seed=args.seed, stores=args.stores, days=args.days, tickets_per_store_day=args.tickets_per_day
        )
        faults = FaultPlan(rate=args.fault_rate) if args.fault_rate > 0 else None
    except ValueError as exc:  # what _check_fake_server does not know of yet
        raise UsageError(f"The simulated OWS cannot be set up: {exc}.") from None
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
    try:
        server.start()
    except ListenError as exc:
        why = "is already in use" if exc.in_use else f"cannot be used ({exc.reason})"
        raise UsageError(
            f"Port {exc.port} on {exc.host} {why}; pick another with --{exc.name}-port (0: any free port)."
        ) from None
    from ows_desktop.ows.timestamps import from_epoch_us

    first_us, last_us = server.generator.persist_range()
    # the secret given is not printed back (a terminal's scrollback, a CI log): named instead
    secret = "demo-secret" if args.secret == "demo-secret" else "'<the --secret given>'"  # noqa: S105
    first, last = from_epoch_us(first_us), from_epoch_us(last_us)
    said = (
        f"Simulated OWS is running.\n  API Access URL: {server.api_url}\n"
        f"  tickets host:   {server.tickets_url}\n"
        f"  data: {server.generator.count()} tickets persisted from {first:%Y-%m-%d %H:%M} to "
        f"{last:%Y-%m-%d %H:%M} UTC, {len(server.generator.users())} users\n"
        f"  sync that range: ows-desktop sync --base-url {server.api_url} --start {first:%Y-%m-%dT00:00:00Z} "
        f"--end {last + timedelta(days=1):%Y-%m-%dT00:00:00Z}  (or choose it in the window's sync bar)\n"
        f"  the key is accepted in: {_HEADER_MODES[args.auth_header]}\n"
        "  credentials: the --key/--secret given (defaults demo-key / demo-secret), e.g.\n"
        f"    OWS_API_KEY={shlex.quote(args.key)} OWS_API_SECRET={secret} ows-desktop users --base-url "
        f"{server.api_url}\n"
        "Press Ctrl+C to stop.\n"
    )

    def ready() -> None:  # said once Ctrl+C and SIGTERM are heard: a signal right after it stops the server
        ctx.stdout.write(said)
        ctx.stdout.flush()

    server.serve_forever_blocking(ready)
    return EXIT_OK
