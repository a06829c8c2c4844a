"""What every ``ows-desktop`` command shares: the injected :class:`CliContext`, the exit codes, the one
bad-input error (:class:`UsageError`) and the common options and look-ups (base URL, credentials, client,
store, camera secrets). Command modules import this module and nothing of each other; ``cli.main`` imports
them all."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from ows_desktop.basics.credentials import (
    BASE_URL_ENV,
    Credentials,
    CredentialStore,
    normalise_base_url,
    resolve_credentials,
)
from ows_desktop.basics.paths import AppPaths
from ows_desktop.ows.errors import InvalidInputError

if TYPE_CHECKING:
    from ows_desktop.basics.settings import AppSettings
    from ows_desktop.basics.tenants import Tenant, TenantCaches
    from ows_desktop.export.signing import ManifestSigner
    from ows_desktop.ows.client import OwsClient
    from ows_desktop.rules import RuleConfig
    from ows_desktop.store.interface import Reader, Store

EXIT_OK, EXIT_OTHER, EXIT_INPUT, EXIT_AUTH, EXIT_NETWORK = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130


class UsageError(InvalidInputError):
    """Bad command-line input: exit 2 with a message saying what to do."""


# Control characters (but tab and newline) and bidirectional overrides: from a server, a ticket or a file,
# they could move the cursor, recolour or rewrite the terminal, or reorder what a person reads.
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class PlainTextOut:
    """Standard output and error for people and pipes: server, ticket and file text is shown, never
    interpreted by the terminal (control characters become ``?``). JSON output is unchanged: print_json
    writes those characters as JSON escapes, so nothing is left here to replace. On standard error a write
    may start with a carriage return (the sync's progress bar redrawing its line)."""

    def __init__(self, stream: TextIO, *, progress: bool = False) -> None:
        self._stream = stream
        self._progress = progress

    def wraps(self, stream: object) -> bool:
        return self._stream is stream

    def write(self, text: str) -> int:
        if self._progress and text.startswith("\r"):
            return self._stream.write("\r" + _UNSAFE_FOR_TERMINAL.sub("?", text[1:]))
        return self._stream.write(_UNSAFE_FOR_TERMINAL.sub("?", text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def read_secret(prompt: str) -> str:
    """The secret from the terminal without echo; from a pipe, the next line (and no GetPassWarning)."""
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        line = stdin.readline() if stdin is not None else ""
        if not line:
            raise UsageError("No API secret given (end of input). Type it at the prompt or pipe it in.")
        return line.rstrip("\r\n")
    return getpass.getpass(prompt)


@dataclass
class CliContext:
    """What a command needs, built once in ``main`` (tests inject their own)."""

    paths: AppPaths
    credentials: CredentialStore
    stdout: TextIO
    stderr: TextIO
    stdin: TextIO
    env: dict[str, str]
    read_secret: Callable[[str], str] = read_secret
    secrets: set[str] = field(default_factory=set)
    retry_policy: Any = None  # an ows.retry.RetryPolicy; None = the client's default
    selected_base_url: str | None = None  # --base-url of the command being run (main sets it)
    store_url: str | None = None  # --store; else env OWS_DESKTOP_STORE; else the tenant's SQLite cache
    now: Callable[[], datetime] | None = None  # the sync service's clock (tests inject one); None: UTC now
    service_wait: Callable[[float], object] | None = None  # the service's wait between runs; None: real

    def named_store(self) -> str | None:
        """The store named by ``--store`` or ``OWS_DESKTOP_STORE`` (a team store, or a SQLite file); None: the
        tenant's own cache on this computer."""
        from ows_desktop.store.url import STORE_ENV

        return self.store_url or self.env.get(STORE_ENV) or None

    def redact(self, text: str) -> str:
        from ows_desktop.ows.auth import redact_text

        return redact_text(text, self.secrets)

    def settings(self) -> AppSettings:
        from ows_desktop.basics.settings import open_ini_settings

        return open_ini_settings(self.paths.settings_file)


# --------------------------------------------------------------------------------------------- options
def add_base_url_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base-url", help=f"API Access URL (default: last login, or env {BASE_URL_ENV})")


# --------------------------------------------------------------------------------------------- look-ups
def current_base_url(ctx: CliContext, args: argparse.Namespace | None = None) -> str | None:
    """The connection a command works on: --base-url, else OWS_BASE_URL, else the last login or sync."""
    url = (getattr(args, "base_url", None) if args is not None else None) or ctx.selected_base_url
    url = url or ctx.env.get(BASE_URL_ENV) or ctx.settings().get("connection/base_url")
    return normalise_base_url(url) if url else None


def resolve_base_url(args: argparse.Namespace, ctx: CliContext) -> str:
    url = current_base_url(ctx, args)
    if not url:
        raise UsageError(
            "No API Access URL given. Pass --base-url URL (the 'API Access URL' shown at the top of the API "
            f"Access integration page in OWS), set {BASE_URL_ENV}, or run 'ows-desktop login --base-url URL'."
        )
    return url


def credentials_for(base_url: str, ctx: CliContext) -> Credentials:
    creds = resolve_credentials(ctx.credentials, base_url, ctx.env)
    if creds is None:
        raise UsageError(
            f"No API key stored for {base_url}. Run 'ows-desktop login --base-url {base_url}', "
            "or set OWS_API_KEY and OWS_API_SECRET."
        )
    return creds


@contextlib.contextmanager
def open_client(base_url: str, creds: Credentials, ctx: CliContext) -> Iterator[OwsClient]:
    """An OwsClient on a fresh httpx client (closed on exit), with the credentials redacted from every log
    handler and from what the CLI prints."""
    from ows_desktop.basics.logging_config import add_secrets_to_redaction
    from ows_desktop.ows.client import OwsClient, make_http_client

    ctx.secrets.update(v for v in (creds.key, creds.secret) if v)
    add_secrets_to_redaction([creds.key, creds.secret])
    with make_http_client(proxy=proxy_route(ctx)) as http:
        yield OwsClient(
            http, base_url, creds.key, creds.secret, retry=ctx.retry_policy, on_retry=RetrySaid(ctx)
        )


class RetrySaid:
    """A failed attempt that is tried again, said on standard error at most every :attr:`EVERY_S` seconds: a
    server dripping its answer kept a sync silent for 12 minutes (six attempts of 120 s each)."""

    EVERY_S = 10.0

    def __init__(self, ctx: CliContext) -> None:
        from ows_desktop.ows.retry import RetryPolicy

        self._ctx, self._lock, self._last = ctx, threading.Lock(), float("-inf")
        self._attempts = (ctx.retry_policy or RetryPolicy()).max_attempts

    def __call__(self, event: Any) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._last < self.EVERY_S:
                return
            self._last = now
            stderr = self._ctx.stderr
            after_bar = "\n" if stderr.isatty() else ""  # a terminal's progress bar holds the line: below it
            stderr.write(
                after_bar
                + self._ctx.redact(
                    f"ows-desktop: attempt {event.attempt} of at most {self._attempts} failed ({event.reason}); "
                    f"{when_again(event.delay)}.\n"
                )
            )


def when_again(delay: float) -> str:
    """When a failed request is tried again: "trying again now" for a wait under a second (the first
    retries' jittered waits, drawn from 0 to 0.5 s and 0 to 1 s, said "in 0 s"), else in whole seconds."""
    return "trying again now" if delay < 1 else f"trying again in {delay:.0f} s"


def proxy_route(ctx: CliContext) -> Any:
    """The proxy chosen in Preferences (the same settings file), its password from the same keyring backend
    as the API credentials; ``OWS_DESKTOP_PROXY`` overrides both (see basics/proxy.py)."""
    from ows_desktop.basics.proxy import KeyringProxyPasswords, ProxyChoice

    passwords = KeyringProxyPasswords(backend=getattr(ctx.credentials, "backend", None))
    return ProxyChoice(ctx.settings(), passwords, ctx.env).route()


def tenant_caches(ctx: CliContext) -> TenantCaches:
    from ows_desktop.basics.tenants import TenantCaches

    return TenantCaches(ctx.paths, legacy_owner_url=ctx.settings().get("connection/base_url") or None)


def open_store(ctx: CliContext, tenant: Tenant | None = None) -> Store:
    """The ticket cache of ``tenant``, or of the tenant the current connection reached last (one cache per
    OWS tenant, see basics.tenants)."""
    from ows_desktop.store import open_store as open_sqlite_store
    from ows_desktop.store.postgres.connect import password_from
    from ows_desktop.store.url import open_store_url

    url = ctx.named_store()
    if url:  # a store named by URL (a team store, or a SQLite file) instead of the tenant's own cache
        return open_store_url(url, ctx.paths.database, password=password_from(ctx.env))
    caches = tenant_caches(ctx)
    if tenant is not None:
        return open_sqlite_store(caches.cache_for(tenant))
    base_url = current_base_url(ctx)
    path = caches.current_cache(base_url)
    if ctx.selected_base_url and not path.exists():  # a connection named here (perhaps mistyped) never synced
        raise UsageError(
            f"No tickets from {base_url} on this computer yet: check the URL, or sync them first "
            f"(ows-desktop sync --base-url {base_url} --start …)."
        )
    return open_sqlite_store(path)


def ticket_keys(reader: Reader, names: list[str], unchanged: str) -> list[str]:
    """The keys of the tickets a person named; one not found is said with ``unchanged``: a change of several
    tickets is all or nothing, and the line must not leave the others seemingly done ("Nothing was added to
    case C-2026-0001.")."""
    from ows_desktop.store.errors import TicketNotFoundError

    try:
        return [reader.find_ticket_key(name) for name in names]
    except TicketNotFoundError as exc:
        raise TicketNotFoundError(f"{exc} {unchanged}") from None


def default_camera_secrets(ctx: CliContext) -> Any:
    """The cameras' passwords in the keyring (same backend as the API credentials when those are
    keyring-backed): a ``CameraSecretStore``."""
    from ows_desktop.basics.camera_secrets import KeyringCameraSecrets

    return KeyringCameraSecrets(backend=getattr(ctx.credentials, "backend", None))


def manifest_signer(ctx: CliContext) -> ManifestSigner:
    """The workstation's export signer: its key in the same keyring backend as the API credentials, or in
    ``OWS_SIGNING_KEY`` (automation)."""
    from ows_desktop.export.signing import KEY_ENV, EnvSigningKeys, KeyringSigningKeys, ManifestSigner

    if ctx.env.get(KEY_ENV):
        return ManifestSigner(EnvSigningKeys(ctx.env[KEY_ENV]))
    return ManifestSigner(KeyringSigningKeys(backend=getattr(ctx.credentials, "backend", None)))


def parse_state(value: str | None) -> str | None:
    """A review state as typed (``to review``, ``confirmed``...) → its stored name; exit 2 when unknown."""
    from ows_desktop.store.review import normalise_state

    if value is None:
        return None
    try:
        return normalise_state(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def rule_config(ctx: CliContext) -> RuleConfig:
    """The rule settings from the user's settings file (rules/... keys; see rules.definitions)."""
    from ows_desktop.rules import RuleConfig

    return RuleConfig.from_backend(ctx.settings().backend)


def print_json(obj: Any, out: TextIO) -> None:
    out.write(escaped_json(json.dumps(obj, ensure_ascii=False, indent=2)) + "\n")


def escaped_json(text: str) -> str:
    """JSON text, exact and safe on a terminal: the characters a terminal would act on (which json leaves
    as they are above U+007F, and which PlainTextOut would show as ``?``) written as ``\\uXXXX`` escapes.
    Outside its strings JSON text is ASCII, so every one of them is inside a string."""
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
