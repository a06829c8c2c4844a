"""The scriptable ``ows-desktop`` command: the parser and :func:`main`.

Exit codes: 0 ok, 2 invalid input, 3 authentication refused, 4 network/server failure after retries,
1 anything else. Errors are one clear line on stderr, never a traceback (the log file has the details).
The commands live one group per module next to this one (accounts, sync_search, review, export, mapping,
launch); what they share is in :mod:`ows_desktop.cli.context`."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import NoReturn

from ows_desktop import __version__
from ows_desktop.basics.credentials import CredentialError, KeyringCredentialStore
from ows_desktop.basics.errors import AppError
from ows_desktop.basics.paths import AppPaths
from ows_desktop.cli import accounts, case, export, keys, launch, mapping, review, store_admin, sync_search
from ows_desktop.cli.context import (
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OTHER,
    CliContext,
    PlainTextOut,
)

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------- parser
class ArgumentsError(SystemExit):
    """A command line argparse cannot read (``--pre-roll abc``, a missing ``--out``): :func:`main` says it in
    one line with the command's ``--help`` and exits 2 (argparse itself prints its usage block and the error
    on two or more lines). A SystemExit still, for code that calls ``parse_args`` directly."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(EXIT_INPUT)
        self.prog, self.message = prog, message

    def line(self) -> str:
        return f"{self.prog}: {self.message}. See '{self.prog} --help'.\n"


class _Parser(argparse.ArgumentParser):
    """Every (sub)command's parser (``add_subparsers`` makes its children of the parent's class).

    A command's words may come before and after its options (``search e1031 --limit 5 choc``): a command
    without subcommands reads its options first, then its words (argparse's intermixed parsing). Plain
    parsing took the words before the first option only and refused the rest ("unrecognized arguments")."""

    _intermixing = False  # inside parse_known_intermixed_args, which calls parse_known_args itself

    def error(self, message: str) -> NoReturn:
        raise ArgumentsError(self.prog, message)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        commands = any(isinstance(a, argparse._SubParsersAction) for a in self._actions)
        if commands or self._intermixing:  # a parser of subcommands hands the rest to the subcommand's
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def _command_parser(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser of the (sub)command ``argv`` names (``case show`` → its own), for its ``--help``."""
    for token in argv:
        commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if commands and token in commands[0].choices:
            parser = commands[0].choices[token]
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ows-desktop",
        description="OWS Desktop: review OpenEye Web Services POS tickets next to their video. Without a "
        "command it opens the workstation.",
        epilog="Exit codes: 0 ok, 2 invalid input, 3 authentication refused, 4 network/server failure after "
        "retries, 5 an evidence folder does not verify, 1 other.",
    )
    parser.add_argument("--version", action="version", version=f"ows-desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        help="where the ticket cache, settings and logs live "
        "(default: the platform's user data dir; env OWS_DESKTOP_DATA_DIR)",
    )
    parser.add_argument("--debug", action="store_true", help="verbose logging")
    parser.add_argument(
        "--store",
        help="the ticket store: sqlite:PATH (default: the data dir's cache) or "
        "postgresql://user@host:port/db (env OWS_DESKTOP_STORE; the password from the keyring or env)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (launch, accounts, sync_search, mapping, review, export, store_admin, case, keys):
        group.add_commands(sub)
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


def _real_context(args: argparse.Namespace) -> CliContext:
    """The services of a real run: checked folders, the log file, the keyring, the process's streams (stdout
    showing control characters of server or ticket text as ``?``, never to the terminal)."""
    from ows_desktop.basics.logging_config import configure_logging

    paths = AppPaths.resolve(args.data_dir).ensure()
    configure_logging(paths.log_dir, debug=args.debug, console=False)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    return CliContext(
        paths=paths,
        credentials=KeyringCredentialStore(),
        stdout=PlainTextOut(sys.stdout),  # type: ignore[arg-type]
        stderr=PlainTextOut(sys.stderr, progress=True),  # type: ignore[arg-type]
        stdin=sys.stdin,
        env=dict(os.environ),
    )


def _reader_went_away(ctx: CliContext) -> int:
    """``ows-desktop search | head -1``: the reader closed the pipe; stop quietly, as other tools do."""
    if isinstance(ctx.stdout, PlainTextOut) and ctx.stdout.wraps(sys.stdout):
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
    return EXIT_OK


def _sqlite_message(exc: sqlite3.DatabaseError, ctx: CliContext) -> tuple[str, int] | None:
    text = str(exc).lower()
    where = ctx.paths.database
    if "malformed" in text or "not a database" in text:
        return (
            f"The ticket cache at {where} is damaged ({exc}). Move that file aside and keep it: it may hold "
            "flags, notes and cases that no sync can bring back. A sync then fetches the tickets into a new "
            "cache; or point --data-dir elsewhere.",
            EXIT_INPUT,
        )
    if "full" in text:
        return f"The disk holding {where} is full; free some space and try again.", EXIT_INPUT
    return None


def main(argv: Sequence[str] | None = None, ctx: CliContext | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except ArgumentsError as exc:
        if exc.prog == parser.prog:  # "unrecognized arguments" comes from the top: name the command's help
            exc.prog = _command_parser(parser, sys.argv[1:] if argv is None else argv).prog
        (ctx.stderr if ctx is not None else PlainTextOut(sys.stderr)).write(exc.line())
        return EXIT_INPUT
    if not getattr(args, "func", None):
        args.func, args.command = launch.cmd_gui, "gui"
    if ctx is None:
        try:
            ctx = _real_context(args)
        except AppError as exc:  # a --data-dir that cannot be used: before any log file exists
            PlainTextOut(sys.stderr).write(f"ows-desktop: {exc}\n")
            return exc.exit_code
    ctx.selected_base_url = getattr(args, "base_url", None) or ctx.selected_base_url
    if getattr(args, "store", None):
        ctx.store_url = args.store
    try:
        return args.func(args, ctx)
    except KeyboardInterrupt:
        ctx.stderr.write("Interrupted.\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_went_away(ctx)
    except Exception as exc:  # one clear line, the details in the log
        known = _sqlite_message(exc, ctx) if isinstance(exc, sqlite3.DatabaseError) else None
        if known is not None:
            log.info("ows-desktop %s failed: %s", args.command, exc)
            ctx.stderr.write(f"ows-desktop: {known[0]}\n")
            return known[1]
        code = _exit_code_of(exc)
        if code == EXIT_OTHER and not isinstance(exc, CredentialError):
            from ows_desktop.basics.logging_config import log_file_of_last_record

            log.exception("ows-desktop %s failed", args.command)
            written = log_file_of_last_record()  # never a log file that the failure could not be written to
            details = f"Details are in {written}\n" if written is not None else ""
            ctx.stderr.write(
                ctx.redact(f"ows-desktop: unexpected error: {type(exc).__name__}: {exc}\n{details}")
            )
        else:
            log.info("ows-desktop %s failed: %s", args.command, exc)
            ctx.stderr.write(ctx.redact(f"ows-desktop: {exc}\n"))
        return code
