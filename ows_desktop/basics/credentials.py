"""Where the API key and secret live: the OS keyring, never a file.

``CredentialStore`` is the interface the CLI and the GUI use. Keyring calls can block (an unlock prompt), so
the GUI calls them off the UI thread. ``OWS_API_KEY``/``OWS_API_SECRET`` override the store for automation.
When keyring only has its fail/null backend (a bare Linux box without a Secret Service) we say so plainly and
refuse to store: there is no plaintext fallback."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from ows_desktop.basics.errors import AppError
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP

SERVICE = "ows-desktop"
KEY_ENV = "OWS_API_KEY"
SECRET_ENV = "OWS_API_SECRET"  # noqa: S105 - the variable's name, not a secret
BASE_URL_ENV = "OWS_BASE_URL"  # the API Access URL for automation (command line, and a first window)

# For the API key and secret (the connection dialog, the CLI's accounts): their variables are named.
NO_BACKEND_HELP = QT_TRANSLATE_NOOP(
    "credentials",
    "No secure credential store is available (keyring found no backend such as the Secret Service, macOS Keychain or Windows Credential Locker). On Linux install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session, or set OWS_API_KEY and OWS_API_SECRET for automation. OWS Desktop never stores the secret in a plain file.",
)
# For every other secret (camera and proxy passwords, the signing key): the API's variables would not help;
# a caller with a variable of its own says so (export/signing.py).
NO_BACKEND = QT_TRANSLATE_NOOP(
    "credentials",
    "No secure credential store is available (keyring found no backend such as the Secret Service, macOS Keychain or Windows Credential Locker). On Linux install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session. OWS Desktop never stores a secret in a plain file.",
)


class CredentialError(Exception):
    """The credential store failed or is unavailable. CLI exit code 1 (2 when the input is wrong)."""

    exit_code = 1


class NoSecureBackendError(CredentialError):
    def __init__(self, message: str = NO_BACKEND_HELP):
        super().__init__(message)


@dataclass(frozen=True)
class Credentials:
    key: str
    secret: str = field(repr=False)

    def __repr__(self) -> str:  # never show the secret, even in a debugger or a traceback's locals
        return f"Credentials(key=<{len(self.key)} chars>, secret=<hidden>)"


class BaseUrlError(AppError):
    """An API Access URL that cannot be a URL at all (exit 2, at once: no request is tried). The URL is not
    quoted back (it might be a mis-pasted secret)."""

    exit_code = 2


def normalise_base_url(url: str) -> str:
    """One keyring entry per API base URL: scheme://host[:port][/path] without a trailing slash.

    Raises BaseUrlError for text that is not an http(s) URL with a host and a port in 1..65535."""
    url = url.strip() if isinstance(url, str) else ""
    if not url:
        raise BaseUrlError(QT_TRANSLATE_NOOP("credentials", "The API Access URL is empty."))
    if any(c.isspace() or not c.isprintable() for c in url):
        raise BaseUrlError(
            QT_TRANSLATE_NOOP(
                "credentials",
                "The API Access URL contains a space or a control character; check what was pasted.",
            )
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BaseUrlError(
            QT_TRANSLATE_NOOP(
                "credentials",
                "The API Access URL is not a valid URL (check the [brackets] of an IPv6 address and that the port is a number from 1 to 65535).",
            )
        ) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BaseUrlError(
            QT_TRANSLATE_NOOP(
                "credentials",
                "The API Access URL must look like https://host/ (copy it from the OWS integration page).",
            )
        )
    if port == 0:
        raise BaseUrlError(
            QT_TRANSLATE_NOOP("credentials", "The API Access URL's port must be a number from 1 to 65535.")
        )
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


_REFUSED = {  # the keyring refused to <what> a secret
    "read": QT_TRANSLATE_NOOP(
        "credentials",
        "The OS keyring refused to read a secret ({error}). Unlock your keyring (it may be waiting for a password prompt) and try again.",
    ),
    "store": QT_TRANSLATE_NOOP(
        "credentials",
        "The OS keyring refused to store a secret ({error}). Unlock your keyring (it may be waiting for a password prompt) and try again.",
    ),
    "delete": QT_TRANSLATE_NOOP(
        "credentials",
        "The OS keyring refused to delete a secret ({error}). Unlock your keyring (it may be waiting for a password prompt) and try again.",
    ),
}


class CredentialStore(Protocol):
    @property
    def is_secure(self) -> bool: ...

    @property
    def description(self) -> str: ...

    def get(self, base_url: str) -> Credentials | None: ...

    def set(self, base_url: str, credentials: Credentials) -> None: ...

    def delete(self, base_url: str) -> bool: ...


def _encode(credentials: Credentials) -> str:
    return json.dumps({"key": credentials.key, "secret": credentials.secret})


def _decode(value: str | None) -> Credentials | None:
    if not value:
        return None
    try:
        data = json.loads(value)
        return Credentials(key=str(data["key"]), secret=str(data["secret"]))
    except (ValueError, KeyError, TypeError):
        return None  # an entry we did not write: treat as absent rather than leak it in an error


class MemoryCredentialStore:
    """For tests and the demo: lives and dies with the process."""

    def __init__(self, initial: Mapping[str, Credentials] | None = None):
        self._lock = threading.Lock()
        self._items: dict[str, str] = {normalise_base_url(k): _encode(v) for k, v in (initial or {}).items()}

    is_secure = True
    description = "in memory (this session only)"

    def get(self, base_url: str) -> Credentials | None:
        with self._lock:
            return _decode(self._items.get(normalise_base_url(base_url)))

    def set(self, base_url: str, credentials: Credentials) -> None:
        with self._lock:
            self._items[normalise_base_url(base_url)] = _encode(credentials)

    def delete(self, base_url: str) -> bool:
        with self._lock:
            return self._items.pop(normalise_base_url(base_url), None) is not None


def _insecure_backend(backend: Any) -> bool:
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return True
    if isinstance(backend, chainer.ChainerBackend):
        return not [b for b in backend.backends if not _insecure_backend(b)]
    module = type(backend).__module__
    # keyrings.alt's file backends keep secrets in (at best obfuscated) files: refuse them too.
    return module.startswith("keyrings.alt")


class MemoryEntries:
    """Password entries held in this process only (tests, the demo): the in-memory counterpart of
    :class:`KeyringEntries`, shared by the camera and proxy password stores. Never shows its values."""

    is_secure = True

    def __init__(self, initial: Mapping[str, str] | None = None):
        self._lock = threading.Lock()
        self.items: dict[str, str] = dict(initial or {})

    def get(self, name: str) -> str | None:
        with self._lock:
            return self.items.get(name)

    def set(self, name: str, password: str) -> None:
        with self._lock:
            self.items[name] = password

    def delete(self, name: str) -> bool:
        with self._lock:
            return self.items.pop(name, None) is not None

    def __repr__(self) -> str:  # never show the passwords
        return f"{type(self).__name__}(<{len(self.items)} entries>)"


class KeyringEntries:
    """Raw password entries of one keyring service, with keyring's errors turned into clear messages.

    Shared by the API credentials (one entry per base URL), the camera and proxy passwords and the signing
    key; ``no_backend`` is what a missing keyring is said with (``NO_BACKEND_HELP`` for the API's)."""

    def __init__(self, backend: Any | None = None, service: str = SERVICE, no_backend: str = NO_BACKEND):
        self._backend = backend
        self.service = service
        self._no_backend = no_backend

    @property
    def backend(self) -> Any:
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def is_secure(self) -> bool:
        return not _insecure_backend(self.backend)

    @property
    def description(self) -> str:
        backend = self.backend
        name = getattr(backend, "name", None) or type(backend).__name__
        if self.is_secure:
            return QT_TRANSLATE_NOOP("credentials", "OS keyring ({name})").format(name=name)
        return QT_TRANSLATE_NOOP("credentials", "no secure keyring backend")

    def _call(self, what: str, fn, *args):
        from keyring.errors import KeyringError, NoKeyringError

        if not self.is_secure:
            raise NoSecureBackendError(self._no_backend)
        try:
            return fn(*args)
        except NoKeyringError as exc:
            raise NoSecureBackendError(self._no_backend) from exc
        except KeyringError as exc:
            # keyring's messages do not include the password; keep only the class name to be sure.
            raise CredentialError(
                _REFUSED.get(what, _REFUSED["read"]).format(error=type(exc).__name__)
            ) from None

    def get(self, username: str) -> str | None:
        return self._call("read", self.backend.get_password, self.service, username)

    def set(self, username: str, password: str) -> None:
        self._call("store", self.backend.set_password, self.service, username, password)

    def delete(self, username: str) -> bool:
        """True when an entry was removed, False when there was none."""
        from keyring.errors import PasswordDeleteError

        def delete_entry(service: str, name: str) -> bool:
            try:
                self.backend.delete_password(service, name)
            except PasswordDeleteError:
                return False
            return True

        return self._call("delete", delete_entry, self.service, username)


class KeyringCredentialStore:
    """The OS keyring: service ``ows-desktop``, one entry per API base URL (username = the URL)."""

    def __init__(self, backend: Any | None = None, service: str = SERVICE):
        self.entries = KeyringEntries(backend, service, NO_BACKEND_HELP)

    @property
    def backend(self) -> Any:
        return self.entries.backend

    @property
    def is_secure(self) -> bool:
        return self.entries.is_secure

    @property
    def description(self) -> str:
        return self.entries.description

    def get(self, base_url: str) -> Credentials | None:
        return _decode(self.entries.get(normalise_base_url(base_url)))

    def set(self, base_url: str, credentials: Credentials) -> None:
        self.entries.set(normalise_base_url(base_url), _encode(credentials))

    def delete(self, base_url: str) -> bool:
        return self.entries.delete(normalise_base_url(base_url))


def credentials_from_env(env: Mapping[str, str] | None = None) -> Credentials | None:
    """``OWS_API_KEY`` + ``OWS_API_SECRET`` (both set, non-empty) override any stored credentials."""
    env = os.environ if env is None else env
    key, secret = env.get(KEY_ENV, ""), env.get(SECRET_ENV, "")
    if key and secret:
        return Credentials(key=key, secret=secret)
    return None


def resolve_credentials(
    store: CredentialStore, base_url: str, env: Mapping[str, str] | None = None
) -> Credentials | None:
    return credentials_from_env(env) or store.get(base_url)
