"""What the window is given by the composition root (``app.py``): every concrete service, injected.

Nothing in ``ui/`` builds a client, a store or a credential store itself, and nothing looks one up
globally; tests build a :class:`Services` with a temporary store and a memory credential store."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from ows_desktop.basics.credentials import Credentials, CredentialStore
from ows_desktop.basics.settings import AppSettings
from ows_desktop.rules.definitions import RuleConfig
from ows_desktop.store.interface import Store
from ows_desktop.store.scope import Scope


@dataclass(frozen=True)
class Connection:
    """The OWS account the window talks to."""

    base_url: str
    credentials: Credentials
    source: str = "keyring"  # "keyring", "environment" or "session" (not stored)

    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[-1]


# open_client(base_url, credentials, *, quick=False) -> a context manager yielding an OwsClient (and closing
# its HTTP client on exit); quick=True retries briefly (interactive checks such as "Test connection").
ClientOpener = Callable[..., Any]
# engine_factory(connection) -> tasks.sync_task.EngineFactory (builds the SyncEngine in the sync thread)
EngineFactoryBuilder = Callable[[Connection], Any]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: AppSettings
    store: Store  # the GUI reads through store.reader() per thread; writes go through its roles
    credentials: CredentialStore
    open_client: ClientOpener
    engine_factory: EngineFactoryBuilder
    env: Mapping[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    tz: tzinfo | None = None  # None: the workstation's local zone
    now: Callable[[], datetime] = _now
    on_credentials: Callable[[Credentials], None] | None = None  # e.g. add the secret to log redaction
    # Video next to the receipt (None: no video pane, e.g. in tests that do not need it)
    cameras: Any = None  # ows_desktop.store.cameras.CameraRepository
    media_backend: Any = None  # ows_desktop.player.backend.MediaBackend (VlcMediaBackend in the app)
    snapshot_dir: Path | None = None
    signer: Any = None  # ows_desktop.export.signing.ManifestSigner: signs every export's manifest
    export_folders: Path | None = (
        None  # this workstation's list of its exports' whole paths (export/folders.py)
    )
    # The window's list of connections (basics.connections) and the one this window shows; empty: no list
    proxy: Any = None  # basics.proxy.ProxyChoice: the Preferences' proxy (reload() after they change)
    connection_names: tuple[str, ...] = ()
    connection_name: str | None = None
    live: Any = None  # tasks.live_updates.LiveUpdates: other writers' changes (colleagues, the command line)
    scope: Scope | None = None  # the signed-in role on a team store (None: a single seat, no roles)
    team_store: str = ""  # which team store, ``db.example:5432/ows`` (never a login or a password); "": none
    store_given: str = ""  # the store ``--store`` named (it overrides the connection's Store field); "": none

    def rule_config(self) -> RuleConfig:
        """The exception-rule settings (``rules/...``), read from the same settings the CLI reads: the one
        source for the window's rule re-run, the Exceptions ranking and view, and its exports."""
        return RuleConfig.from_backend(self.settings.backend)
