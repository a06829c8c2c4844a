"""Connecting to the team store: the URL's parts, the password (keyring or environment, never the URL), and
PostgreSQL failures turned into plain-words :class:`~ows_desktop.store.errors.StoreError`\\ s.

The password is never part of a URL, argv, a log line or an error text: :func:`parse_url` refuses a URL that
carries one, and the connection gets it as a separate keyword the error messages never echo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psycopg import Connection
    from psycopg_pool import ConnectionPool

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from ows_desktop.store import commits
from ows_desktop.store.errors import StoreCommitLostError, StoreConflictError, StoreConnectError, StoreError
from ows_desktop.store.postgres.connection_limit import full_refusal, remembering
from ows_desktop.store.postgres.read_deadline import check_answering, unanswered
from ows_desktop.store.postgres.refusals import server_refusal, silence
from ows_desktop.store.url import url_kind

PASSWORD_ENV = "OWS_DESKTOP_STORE_PASSWORD"  # noqa: S105 (the variable's name, not a secret)
KEYRING_SERVICE = "ows-desktop-store"
CONNECT_TIMEOUT_S = 10
# A connection whose network path died without a reset from the server (a cable, a VPN, a sleeping laptop): the
# kernel says so after these (libpq's TCP options) instead of hours later, so a read or write on it ends in
# "cannot reach the team store" within ~30 s. Idle: probed after 10 s, every 5 s, given up after 3 unanswered;
# a request sent and never acknowledged: given up after TCP_USER_TIMEOUT_MS.
_TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
TCP_USER_TIMEOUT_MS = 30_000
_ALLOWED_OPTIONS = frozenset(
    {
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "application_name",
        "connect_timeout",
        "target_session_attrs",
    }
)

PasswordLookup = Callable[["PgLocation"], str | None]


class StoreAuthError(StoreError):
    """The server refused the role or its password (exit 3). ``location``: the store that refused (the
    window asks for its password)."""

    exit_code = 3

    def __init__(self, message: str, location: PgLocation | None = None) -> None:
        super().__init__(message)
        self.location = location


@dataclass(frozen=True)
class PgLocation:
    """Where a team store lives. ``str()`` is the URL without any secret (safe for messages)."""

    user: str | None
    host: str
    port: int
    dbname: str
    options: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        who = f"{self.user}@" if self.user else ""
        return f"postgresql://{who}{self.host}:{self.port}/{self.dbname}"

    @property
    def url(self) -> str:
        """The URL with its options (sslmode, ...): parse_url() of it gives this location again. Never a
        password."""
        who = f"{quote(self.user, safe='')}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        url = f"postgresql://{who}{host}:{self.port}/{quote(self.dbname, safe='')}"
        return f"{url}?{urlencode(self.options)}" if self.options else url

    @property
    def place(self) -> str:
        """``db.example:5432/ows``: which team store, for a window's title and status (no login, no secret)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/{self.dbname}"

    @property
    def keyring_user(self) -> str:
        """The keyring entry's user name for this store's password."""
        return str(self)

    def connect_kwargs(self, password: str | None) -> dict[str, object]:
        kwargs: dict[str, object] = {
            "host": self.host,
            "port": self.port,
            "dbname": self.dbname,
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "ows-desktop",
            **_TCP_OPTIONS,
            "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        }
        if self.user:
            kwargs["user"] = self.user
        kwargs.update(dict(self.options))
        if password is not None:
            kwargs["password"] = password
        return kwargs


def parse_url(url: str) -> PgLocation:
    """``postgresql://user@host:port/db?sslmode=verify-full`` → :class:`PgLocation`; StoreError (exit 2)
    for anything else, a password in the URL included (it would end up in argv and logs)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise StoreError(  # never the text itself: it may hold a password
            f"Not a PostgreSQL store URL ({url_kind(url)}). Use postgresql://user@host:port/db."
        )
    try:
        password, port = parts.password, parts.port
    except ValueError:
        raise StoreError("The store URL has a bad port; use postgresql://user@host:5432/db.") from None
    if password is not None:
        raise StoreError(
            f"Do not put the database password in the store URL. Save it in the keyring "
            f"(ows-desktop store password URL) or set {PASSWORD_ENV}."
        )
    dbname = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not dbname:
        raise StoreError("The store URL needs a host and a database: postgresql://user@host:port/db.")
    options = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name not in _ALLOWED_OPTIONS:
            raise StoreError(
                f"Unknown store URL option {name!r}; use one of {', '.join(sorted(_ALLOWED_OPTIONS))}."
            )
        options.append((name, value))
    user = unquote(parts.username) if parts.username else None
    return PgLocation(user, parts.hostname, port or 5432, dbname, tuple(options))


def password_from(env: Mapping[str, str] | None = None) -> KeyringPasswords:
    """A lookup: ``OWS_DESKTOP_STORE_PASSWORD`` in ``env`` (default: the process environment), else the
    keyring, else None (libpq may still find one in ~/.pgpass, or the server may not ask)."""
    return KeyringPasswords(env)


class KeyringPasswords:
    """The team store's password (:data:`PasswordLookup`), asked of the keyring once per store and kept, None
    included, for the lookup's life (one per process: the window, a command).

    Why: a team store opens many connections (the writer, the readers' pool, the live-updates listener, a
    reconnect after the server restarted), and a locked keyring asked for each showed its unlock prompt again
    and again after the person had cancelled it (five prompts while the demo's window opened). The keyring is
    asked again where a person acts (:meth:`fresh`: the password a Sync hands its process) and after the
    server refused the kept answer (:meth:`forget`): a password saved meanwhile with ``store password`` is
    then used without a restart.

    The order, per store: the password the person typed in the window and the server took (:meth:`use`),
    then ``OWS_DESKTOP_STORE_PASSWORD``, then the keyring. The typed one wins for the rest of the session,
    in memory only: a wrong password in the environment (or the keyring) is not tried again once the person
    typed the right one. Only the server refusing it (:meth:`forget`) drops it; the next start reads the
    environment first again (automation's), then the keyring ("Remember in the keyring")."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = env
        self._known: dict[str, str | None] = {}
        self._typed: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, location: PgLocation) -> str | None:
        return self._read(location, fresh=False)

    def fresh(self, location: PgLocation) -> str | None:
        """Ask the keyring again (and keep its answer)."""
        return self._read(location, fresh=True)

    def forget(self, location: PgLocation) -> None:
        """The server refused the kept answer (a typed one too): the next connection asks again."""
        with self._lock:
            self._known.pop(location.keyring_user, None)
            self._typed.pop(location.keyring_user, None)

    def use(self, location: PgLocation, password: str) -> None:
        """The password the person typed for ``location`` and the server took (the window asked after a
        refusal, at start-up or on a switch: ui/store_password.py tries it first): every connection to it
        uses this one for the session, before the environment's and the keyring's, in memory only."""
        with self._lock:
            self._typed[location.keyring_user] = password

    def _read(self, location: PgLocation, *, fresh: bool) -> str | None:
        user = location.keyring_user
        typed = self._typed.get(user)
        if typed is not None:
            return typed
        from_env = (os.environ if self._env is None else self._env).get(PASSWORD_ENV)
        if from_env:
            return from_env
        with self._lock:  # one question at a time: connections opened at once still ask once
            if fresh or user not in self._known:
                self._known[user] = _keyring_password(user)
            return self._known[user]


def _keyring_password(user: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # no usable keyring backend, or its unlock prompt cancelled: no password saved
        return None


def save_password(location: PgLocation, password: str) -> None:
    """Keep the store's password in the OS keyring (StoreError when there is no usable keyring)."""
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, location.keyring_user, password)
    except Exception as exc:
        raise StoreError(
            f"Cannot save the password in the keyring ({type(exc).__name__}); set {PASSWORD_ENV} instead."
        ) from None


def connect(
    location: PgLocation, password: PasswordLookup | None = None, *, autocommit: bool = True
) -> Connection[Any]:
    """A psycopg connection; StoreError subclasses (never the driver's text with any secret) on failure."""
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "The team store needs the PostgreSQL driver: pip install 'ows-desktop[team]'."
        ) from None
    lookup = password or password_from()
    secret = lookup(location)
    try:
        return psycopg.connect(autocommit=autocommit, **location.connect_kwargs(secret))  # type: ignore[arg-type]
    except psycopg.OperationalError as exc:
        error = connect_error(location, exc)
        if isinstance(error, StoreAuthError) and isinstance(lookup, KeyringPasswords):
            lookup.forget(location)  # the next connection asks the keyring again
        # psycopg's frames in the traceback hold the half-open libpq connection: a server that took TCP and
        # never answered kept that socket (and its slot) open after the time-out until a garbage collection
        traceback.clear_frames(exc.__traceback__)
        raise error from None


POOL_MAX = 8  # reading connections kept per store (the window's threads, background jobs)
BORROW_SLICE_S = 0.2  # a reader waiting for a pooled connection looks this often whether the server is away


def open_pool(location: PgLocation, password: PasswordLookup | None = None) -> ConnectionPool[Any]:
    """A pool of reading connections (psycopg_pool): a reader borrows one and gives it back on close, so
    opening readers costs no new session. The password is resolved once here and handed to the pool as a
    keyword, never in a conninfo string, log line or error text. Opened without waiting: a server that
    cannot be reached shows when a reader is asked for (StoreConnectError)."""
    try:
        from psycopg_pool import ConnectionPool
    except ImportError:
        raise StoreError(
            "The team store needs the PostgreSQL pool: pip install 'ows-desktop[team]'."
        ) from None
    secret = (password or password_from())(location)
    kwargs = {**location.connect_kwargs(secret), "autocommit": True}
    pool: ConnectionPool[Any] = ConnectionPool(
        "",
        kwargs=kwargs,
        min_size=1,
        max_size=POOL_MAX,
        open=False,
        name="ows-desktop-readers",
        timeout=CONNECT_TIMEOUT_S,
        check=check_answering,  # a connection the server dropped, or one not answering, is replaced, not lent
        connection_class=remembering(),
    )
    pool.open(wait=False)
    return pool


class GiveBack:
    """How a borrowed connection goes back to the pool it came from (called with it); :attr:`stale` once that
    pool was closed: the store renewed its readers' pool when the server came back after an outage, and a
    connection borrowed before died with the server (its next statement would fail: revive.py swaps it)."""

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self._pool = pool

    def __call__(self, conn: Connection[Any]) -> None:
        self._pool.putconn(conn)

    @property
    def stale(self) -> bool:
        return bool(self._pool.closed)


def borrow(
    pools: Callable[[], ConnectionPool[Any]], location: PgLocation, down: Callable[[], bool] = lambda: False
) -> tuple[Connection[Any], GiveBack]:
    """A connection of the store's readers' pool (``pools()``: the current one, renewed after an outage) and
    how to give it back to the pool it came from. StoreConnectError (plain words) when none can be had within
    CONNECT_TIMEOUT_S; at once while ``down()`` says the server is known to be away (:mod:`.outage`), and as
    soon as it says so while this waits."""
    from psycopg_pool import PoolClosed, PoolTimeout

    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    pool = None
    while not down():
        pool = pools()  # StoreError once the store is closed
        left = deadline - time.monotonic()
        try:
            return pool.getconn(timeout=max(0.0, min(BORROW_SLICE_S, left))), GiveBack(pool)
        except PoolTimeout:
            if left <= BORROW_SLICE_S:
                break
        except PoolClosed:  # renewed meanwhile: the next one
            continue
    said = getattr(getattr(pool, "connection_class", None), "refused", None)  # its last attempt's refusal
    refused = (
        (full_refusal(said, location) or server_refusal(said, location) or silence(said, location))
        if said
        else None
    )
    raise refused or unreachable(
        location
    )  # the server answered, or was silent: said so (its words in lower case)


class Work:
    """A transaction :func:`translated` guards: ``committing`` once its work is done and it commits; ``conn``:
    the connection it runs on (one found broken after a failure was lost, whatever the failure said);
    ``wrote``: it changed something, asked only for a write from the window (store/commits.py)."""

    committing = False
    conn: Any = None
    wrote = False

    def commit(self) -> None:
        """The work is done: leaving the block commits it. A write from the window counts the transactions
        that changed something (given a transaction ID), not those that only read."""
        if commits.active() is not None and self.conn is not None:
            row = self.conn.execute("SELECT txid_current_if_assigned() IS NOT NULL").fetchone()
            self.wrote = bool(row and row[0])
        self.committing = True


# The server ended the session: admin_shutdown (pg_terminate_backend, a fast shutdown), crash_shutdown,
# cannot_connect_now (starting up, shutting down). Class 08 is the connection's own failures.
_SESSION_ENDED = frozenset({"57P01", "57P02", "57P03"})


def connection_lost(exc: Exception, conn: Any = None) -> bool:
    """Whether ``exc`` (a psycopg error) means the connection is gone: ``conn`` is broken, or the failure has
    no SQLSTATE (libpq's own: the socket closed, a time-out), or its SQLSTATE says the connection failed or
    the server ended the session. Anything else the server said — a deadlock, a serialization failure, a
    lock or statement time-out, a full disk, out of memory — was said on a live connection: the statement
    (or the transaction, at COMMIT) failed and was rolled back, and trying once the server is "back" means
    nothing (it never went away)."""
    if conn is not None and bool(getattr(conn, "broken", False)):
        return True
    state = getattr(exc, "sqlstate", None)
    return not state or state.startswith("08") or state in _SESSION_ENDED


@contextmanager
def translated(location: object, work: Work | None = None) -> Iterator[None]:
    """Driver failures during work as plain StoreErrors: a lost connection (server restarted, network
    gone, :func:`connection_lost`) exit 4 — a StoreCommitLostError once ``work`` is ``committing`` (the
    server may have saved it) —, missing privileges exit 2, any other failure the server reports on a live
    connection (a deadlock, a time-out…) exit 2 with the server's reason: the transaction was rolled back.
    Other driver errors are bugs and pass through."""
    import psycopg

    try:
        yield
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(
            f"The database role lacks a privilege on the team store at {location} ({exc.diag.message_primary}). "
            "Ask the admin to grant it."
        ) from None
    except psycopg.OperationalError as exc:
        if (seconds := getattr(exc, "unanswered_s", None)) is not None:  # a reader's bound (.read_deadline)
            raise unanswered(location, seconds) from None
        if not connection_lost(exc, work.conn if work is not None else None):
            conflict = exc.sqlstate in (
                "40001",
                "40P01",
            )  # rolled back for another transaction: may be repeated
            raise (StoreConflictError if conflict else StoreError)(
                f"The team store at {location} refused the request ({exc.diag.message_primary or exc.sqlstate}). "
                "Try again; if it keeps failing, ask the admin."
            ) from None
        if work is not None and work.committing:
            raise commit_lost(location) from None
        raise StoreConnectError(
            f"Lost the connection to the team store at {location}. Check that the server runs, then try again; "
            "nothing that was confirmed is lost."
        ) from None


def connect_error(location: PgLocation, exc: Exception) -> StoreError:
    text = str(exc).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return StoreAuthError(
            f"The team store {location} refused the role or its password. Save the right password with "
            f"ows-desktop store password URL (or set {PASSWORD_ENV}).",
            location,
        )
    if "does not exist" in text and "database" in text:
        return StoreError(f"The database of {location} does not exist. Ask the admin to create it.")
    refusal = full_refusal(text, location) or server_refusal(str(exc), location)  # reached, and refused
    if refusal is not None:
        return refusal
    if (silent := silence(text, location)) is not None:
        return silent
    if "ssl" in text or "certificate" in text:
        return StoreConnectError(
            f"The TLS connection to {location} failed. Check sslmode/sslrootcert in the store URL."
        )
    return unreachable(location)


def commit_lost(location: object) -> StoreCommitLostError:
    """The connection to ``location`` was lost while a write was being committed."""
    return StoreCommitLostError(
        f"Lost the connection to the team store at {location} while a change was being saved: it may have been "
        "saved or not. Check it once the server answers again."
    )


def unreachable(location: object) -> StoreConnectError:
    """The server at ``location`` does not answer (or is known to be away: .outage)."""
    return StoreConnectError(
        f"Cannot reach the team store at {location}. Check the host and port, and that the server runs."
    )
