"""The composition root of the desktop app: the only place concrete services are built and wired.

``main()`` checks for a display, resolves the paths, configures logging (with Qt's messages routed into it
and an excepthook that logs and shows a dialog), opens the ticket cache and the keyring, and hands them to
the main window through :class:`~ows_desktop.ui.services.Services`. ``demo.py`` composes the same way with
the simulator and an in-memory credential store."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from ows_desktop.basics.connections import ConnectionEntry
from ows_desktop.basics.credentials import Credentials, CredentialStore
from ows_desktop.basics.paths import AppPaths
from ows_desktop.basics.settings import AppSettings
from ows_desktop.tasks.idle_collector import IdleCollector, settle_heap
from ows_desktop.ui.app_shell import (
    closed_by_signals,
    display_problem,
    error_dialog,
    install_excepthook,
    install_qt_message_handler,
    make_application,
)

log = logging.getLogger(__name__)

EXIT_OK, EXIT_OTHER, EXIT_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl+C in the terminal that started the window (as the command-line tools)


# --------------------------------------------------------------------------------------------- services
class ClientSession:
    """``with open_client(url, creds) as client``: an OwsClient on its own httpx client, closed on exit."""

    def __init__(self, base_url: str, credentials: Credentials, *, quick: bool = False, proxy: Any = None):
        from ows_desktop.ows.client import OwsClient, make_http_client
        from ows_desktop.ows.retry import RetryPolicy

        self._http = make_http_client(proxy=proxy)  # proxy: basics.proxy's route (the env var overrides)
        # "Test connection" should answer within seconds, not retry for a quarter of a minute.
        retry = RetryPolicy(max_attempts=2, base_delay=0.3, max_delay=0.5) if quick else None
        try:
            self.client = OwsClient(self._http, base_url, credentials.key, credentials.secret, retry=retry)
        except BaseException:
            self._http.close()
            raise

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()


def redact_credentials(credentials: Credentials) -> None:
    from ows_desktop.basics.logging_config import add_secrets_to_redaction

    add_secrets_to_redaction([credentials.key, credentials.secret])


def open_client(
    base_url: str, credentials: Credentials, *, quick: bool = False, proxy: Any = None
) -> ClientSession:
    redact_credentials(credentials)
    return ClientSession(base_url, credentials, quick=quick, proxy=proxy() if proxy is not None else None)


def proxy_passwords(credentials: CredentialStore) -> Any:
    """Where the proxy's password lives: the keyring backend of the API credentials (a session-only
    credential store, as in the demo and the tests, gets a session-only one)."""
    from ows_desktop.basics.proxy import KeyringProxyPasswords, MemoryProxyPasswords

    backend = getattr(credentials, "backend", None)
    return KeyringProxyPasswords(backend=backend) if backend is not None else MemoryProxyPasswords()


def open_qt_settings(path: Path) -> AppSettings:
    """The window's settings: QSettings on the ini file the CLI reads and writes without Qt (see
    basics/ini_file.py); QSettings also keeps the window's Qt-only values (geometry, header states) there."""
    from PySide6.QtCore import QSettings

    from ows_desktop.basics.paths import ensure_private_dir, make_private_file

    ensure_private_dir(path.parent, ours=True)
    make_private_file(path)  # names stores and cameras: 0600 before QSettings writes (it keeps the mode)
    return AppSettings(QSettings(str(path), QSettings.Format.IniFormat))


def build_services(paths: AppPaths, **options: Any) -> Any:
    """Every concrete service the window needs (:func:`_build_services` names the options). A store it
    opened is closed again when building the rest fails (a read right after opening, a setting it cannot
    use): nothing it opened is left open; the error is raised."""
    opened: list[Any] = []
    try:
        return _build_services(paths, opened=opened, **options)
    except BaseException:
        for store in opened:
            store.close()
        raise


def _build_services(
    paths: AppPaths,
    *,
    opened: list[Any],
    credentials: CredentialStore,
    settings: AppSettings | None = None,
    store: Any = None,
    env: Mapping[str, str] | None = None,
    tz: Any = None,
    now: Callable[[], Any] | None = None,
    sync_retry: Mapping[str, float] | None = None,
    sync_in_process: bool = False,
    debug: bool = False,
    camera_secrets: Any = None,
    video: bool = True,
    connection: ConnectionEntry | None = None,
    connection_names: Sequence[str] = (),
    store_url: str | None = None,
    store_password: Any = None,
    own_cache: bool = False,
) -> Any:
    """Every concrete service the window needs (tests and the demo inject their credential store); the store
    it opens (not a ``store`` given) goes into ``opened``.

    ``connection``: the entry of the window's list of connections this window shows (its tenant cache is
    remembered under its name); ``connection_names``: the list, for Connection ▸ Switch to.

    The sync engine runs in a child process (see sync/child.py and tasks/process_sync.py) so its Python work does not hold
    the GUI process's GIL; ``sync_in_process`` runs it on SyncTask's thread instead. ``sync_retry``: the
    RetryPolicy fields for the sync's OWS client (tests make a dead server fail fast). ``store_url``
    (``--store``): the store to open instead of the one the connection dialog chose; ``own_cache``: the
    tenant's cache on this computer, not the store the connection dialog chose."""
    from ows_desktop.basics.connections import default_connection_url
    from ows_desktop.basics.proxy import ProxyChoice
    from ows_desktop.basics.tenants import TenantCaches
    from ows_desktop.store import open_store
    from ows_desktop.store.shared_sync import SharedSyncStore
    from ows_desktop.sync.compose import SyncSettings, compose_sync
    from ows_desktop.ui.services import Connection, Services

    settings = settings if settings is not None else open_qt_settings(paths.settings_file)
    # One cache per OWS tenant: the one the configured connection reached last (see basics.tenants).
    configured_url = settings.get("connection/base_url") or None
    scope = connection.scope if connection is not None else None
    default_url = configured_url if connection is None or connection.is_default else None
    caches = TenantCaches(paths, legacy_owner_url=default_url or default_connection_url(paths))
    given = store_url or ""  # --store: the Store field of the connection dialog says it overrides the field
    store_url = store_url or (None if own_cache else settings.get("store/url"))  # or the dialog's choice
    if store is None and store_url:
        from ows_desktop.store.postgres.connect import password_from
        from ows_desktop.store.url import open_store_url

        store = open_store_url(store_url, paths.database, password=store_password or password_from(env))
        opened.append(store)
    if store is None:
        store = open_store(caches.current_cache(configured_url, scope))
        opened.append(store)
    proxy = ProxyChoice(settings, proxy_passwords(credentials), os.environ if env is None else env)

    def engine_factory(connection: Connection) -> Any:
        # Read the settings here, on the GUI thread; the factory itself runs in the sync thread, which also
        # asks the keyring for the proxy's password (routed): a locked keyring never freezes the window.
        sync_settings = SyncSettings.from_settings(settings)

        def routed() -> Any:
            return replace(sync_settings, proxy=proxy.route())

        # Never another tenant's tickets: a cache file by the tenant registry, a team store in sync.compose.
        team = isinstance(store, SharedSyncStore)
        tenant_guard = None if team else caches.guard(Path(store.path), connection.base_url, scope)
        if not sync_in_process:
            from ows_desktop.sync.child import ChildConfig
            from ows_desktop.tasks.process_sync import process_engine_factory

            config = ChildConfig(
                store=store.url if team else f"sqlite:{store.path}",  # never a password
                base_url=connection.base_url,
                settings=sync_settings,
                log_dir=paths.log_dir,
                debug=debug,
                retry=dict(sync_retry) if sync_retry else None,
                tenant_guard=tenant_guard,
            )
            # the database password: read on the sync thread (keyring), sent through the child's pipe
            store_password = store.password if team else None

            def child_factory(*args: Any) -> Any:  # on the sync thread
                child = process_engine_factory(
                    replace(config, settings=routed()), connection.credentials, store_password
                )
                return child(*args)

            return child_factory

        def factory(cancel: threading.Event, on_progress: Any, on_saved: Any, on_busy: Any = None) -> Any:
            from ows_desktop.ows.retry import RetryPolicy

            retry = RetryPolicy(**sync_retry) if sync_retry else None
            return compose_sync(
                connection.base_url,
                connection.credentials,
                store,
                routed(),
                on_progress=on_progress,
                on_saved=on_saved,
                cancel=cancel,
                retry=retry,
                tenant_guard=tenant_guard,
                on_busy=on_busy,
            )

        return factory

    extra: dict[str, Any] = {}
    if now is not None:
        extra["now"] = now
    if video:
        from ows_desktop.basics.camera_secrets import KeyringCameraSecrets
        from ows_desktop.player.libvlc import VlcMediaBackend
        from ows_desktop.store.cameras import CameraRepository

        secrets = camera_secrets or KeyringCameraSecrets(backend=getattr(credentials, "backend", None))
        extra["cameras"] = CameraRepository(store, secrets)
        extra["media_backend"] = VlcMediaBackend()  # libVLC itself loads on first use, or says it is missing
        extra["snapshot_dir"] = paths.snapshots_dir
    extra["signer"] = manifest_signer(credentials, os.environ if env is None else env)
    extra["export_folders"] = paths.export_folders  # the whole paths of its exports (export/folders.py)
    extra["scope"] = store.scope()  # the team store's role and locations (None: a single seat)
    extra["team_store"] = getattr(getattr(store, "location", None), "place", "")  # host:port/db: no secret
    extra["store_given"] = given
    return Services(
        settings=settings,
        store=store,
        credentials=credentials,
        open_client=partial(open_client, proxy=proxy.route),
        engine_factory=engine_factory,
        proxy=proxy,
        env=dict(os.environ if env is None else env),
        log_dir=paths.log_dir,
        tz=tz,
        on_credentials=redact_credentials,
        connection_names=tuple(connection_names),
        connection_name=connection.name if connection is not None else None,
        live=live_updates(store),
        **extra,
    )


def open_team_store(paths: AppPaths, url: str, password: Any, cancelled: threading.Event) -> Any:
    """Open the team store ``url`` names and borrow one reading connection of its pool, as the window's
    first reads will: a switch runs this off the GUI thread (ui/store_switch.py), so a server that does not
    answer, refuses for its connection limit or is slow keeps a job waiting, never the window. The store
    (no reading connection asked for once ``cancelled`` was set); StoreError in plain words when it cannot
    be used (what it opened is closed)."""
    from ows_desktop.store.url import open_store_url

    store = open_store_url(url, paths.database, password=password)
    try:
        if not cancelled.is_set():
            store.reader().close()  # the readers' pool has a connection (or says why not) before the window
    except BaseException:
        store.close()
        raise
    return store


def live_updates(store: Any) -> Any:
    """Live updates for a store that reports other writers' changes (both stores do: colleagues on the team
    store, the command line on a single seat), else None."""
    from ows_desktop.store.live import LiveStore

    if not isinstance(store, LiveStore):
        return None
    from ows_desktop.tasks.live_updates import LiveUpdates

    return LiveUpdates(store.change_feed)


def manifest_signer(credentials: CredentialStore, env: Mapping[str, str]) -> Any:
    """The export signer: its key in ``OWS_SIGNING_KEY``, else in the keyring beside the API credentials
    (a session-only credential store, as in the demo, gets a session-only key)."""
    from ows_desktop.export.signing import (
        KEY_ENV,
        EnvSigningKeys,
        KeyringSigningKeys,
        ManifestSigner,
        MemorySigningKeys,
    )

    if env.get(KEY_ENV):
        return ManifestSigner(EnvSigningKeys(env[KEY_ENV]))
    if hasattr(credentials, "backend"):
        return ManifestSigner(KeyringSigningKeys(backend=credentials.backend))
    return ManifestSigner(MemorySigningKeys())


def main(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    debug: bool = False,
    argv: Sequence[str] | None = None,
    language: str | None = None,
    store_url: str | None = None,
    connection: str | None = None,
) -> int:
    """``ows-desktop`` (the GUI). Returns the exit status. ``language`` (``--lang``): the window's language
    and number locale, else the ``display/language`` setting, else the system's (ui/translation.py).
    ``store_url`` (``--store``): the store to open, else the connection's choice. ``connection``
    (``--connection``): the saved connection to open, else the current one."""
    from ows_desktop.ui.translation import unknown_language

    problem = display_problem() or unknown_language(language)  # a line to print, before any window or log
    if problem:
        sys.stderr.write(problem + "\n")
        return EXIT_INPUT
    from ows_desktop.basics.credentials import KeyringCredentialStore
    from ows_desktop.basics.logging_config import configure_logging

    paths = AppPaths.resolve(data_dir).ensure()
    configure_logging(paths.log_dir, debug=debug)
    from ows_desktop.player.libvlc import prefer_xcb_for_video

    prefer_xcb_for_video()  # libVLC embeds into X11 windows: under Wayland, ask Qt for XWayland
    app = make_application(argv)
    install_translation(language or saved_language(paths))
    install_qt_message_handler()
    install_excepthook(paths.log_file, error_dialog(paths.log_file))
    credentials = KeyringCredentialStore()
    return run_window(app, paths, credentials=credentials, store_url=store_url, connection=connection)


def saved_language(paths: AppPaths) -> str:
    """The language chosen in the settings (Preferences ▸ Display), "" for the system's."""
    from ows_desktop.basics.settings import open_ini_settings

    return str(open_ini_settings(paths.settings_file).get("display/language") or "")


def install_translation(language: str | None) -> Any:
    """Install the window's translation and locale (before any widget is made)."""
    from ows_desktop.ui.translation import install_translation as install

    return install(language)


def run_window(
    app: Any,
    paths: AppPaths,
    *,
    credentials: CredentialStore,
    on_window: Callable[[Any], None] | None = None,
    settings: AppSettings | None = None,
    camera_secrets: Any = None,
    store_url: str | None = None,
    store_password: Any = None,
    connection: str | None = None,
) -> int:
    """Open the store (``store_url``: --store; ``store_password``: its password lookup, one for the process),
    show the main window of ``connection`` (--connection; default: the current one) and run the event loop
    until it closes."""
    from ows_desktop.ui.store_startup import start_asking
    from ows_desktop.ui.window_session import cannot_start

    options = {"camera_secrets": camera_secrets, "store_url": store_url, "store_password": store_password}
    session = window_session(paths, credentials=credentials, settings=settings, **options)
    try:
        window = start_asking(session, connection)  # a refused password asked for; another connection offered
    except Exception as exc:  # the window could not be built: what was opened for it is closed
        return cannot_start(exc, paths.log_file)
    if window is None or isinstance(window, int):  # cancelled, or cannot open: the error's own exit code
        return EXIT_INPUT if window is None else window
    try:
        if on_window is not None:
            on_window(window)
        settle_heap()
        collecting = IdleCollector(parent=app).running()  # collections between events, not in a key press
        with collecting, closed_by_signals(app) as signals:  # Ctrl+C, a logout: closed as the person would
            code = 0 if window.closed else app.exec()  # the demo's screenshot closes it before the loop
        if signals:
            code = EXIT_INTERRUPTED if signals[0] == signal.SIGINT else EXIT_OK
    finally:
        session.close()
    return int(code)


def window_session(paths: AppPaths, *, credentials: CredentialStore, **options: Any) -> Any:
    """The window of the open connection (ui/window_session.py), each connection's services built by
    :func:`build_services` and its settings opened by :func:`open_qt_settings`; ``options``: more
    build_services arguments, and ``settings``: the default connection's settings (tests, the demo)."""
    from ows_desktop.ui.window_session import WindowSession

    return WindowSession(
        paths,
        credentials=credentials,
        build_services=build_services,
        open_settings=open_qt_settings,
        open_team_store=partial(open_team_store, paths),
        **options,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
