"""The one place a sync is put together: OWS client + exception rules + engine, from a connection (base URL and
credentials), the sync settings and a store. The window (in-process sync), the sync child process
(:mod:`ows_desktop.sync.child`) and ``ows-desktop sync`` all build their sync here, so they fetch, store and
evaluate rules the same way.

:class:`SyncSettings` is read from the user's settings on the caller's thread and holds plain values only: it
crosses threads and the pipe to the child process. No Qt here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from ows_desktop.basics.credentials import Credentials
from ows_desktop.basics.proxy import ProxyRoute
from ows_desktop.basics.tenants import Tenant
from ows_desktop.ows.timestamps import to_epoch_us
from ows_desktop.store.interface import RuleStore, TicketWriter
from ows_desktop.store.scope import check_sync
from ows_desktop.store.shared_sync import SharedSyncStore, SyncWatch
from ows_desktop.sync.engine import SavedBatch, SyncEngine, SyncProgress, SyncResult
from ows_desktop.sync.shared import bind_tenant, run_claimed

if TYPE_CHECKING:
    import threading

    from ows_desktop.basics.settings import AppSettings
    from ows_desktop.ows.client import OwsClient
    from ows_desktop.ows.retry import RetryPolicy

RULES_INTERVAL_S = 1.0  # exception rules catch up with a running sync at most once a second


class SyncStore(TicketWriter, RuleStore, Protocol):
    """What a sync writes to: the tickets with their checkpoints, and the rule results."""


@dataclass(frozen=True)
class SyncSettings:
    """The settings a sync runs with (``sync/...`` keys, and the exception-rule keys that are set)."""

    workers: int = 4
    page_size: int = 50
    window_hours: int = 6
    overlap_minutes: int = 60  # read again before the end of what is complete (late tickets)
    rules: Mapping[str, object] = field(default_factory=dict)  # setting values as read (text, numbers)
    proxy: str | ProxyRoute | None = (
        None  # basics.proxy's route (crosses the pipe like the credentials, never argv)
    )

    @classmethod
    def from_settings(
        cls, settings: AppSettings, *, workers: int | None = None, proxy: str | ProxyRoute | None = None
    ) -> SyncSettings:
        """From an :class:`~ows_desktop.basics.settings.AppSettings`; ``workers`` overrides the setting;
        ``proxy``: the route from basics.proxy (read by the caller, who has the keyring)."""
        from ows_desktop.rules.definitions import RULE_DEFAULTS

        rule_values = {key: settings.backend.value(key, None) for key in RULE_DEFAULTS}
        return cls(
            workers=int(settings.get("sync/workers") if workers is None else workers),
            page_size=int(settings.get("sync/page_size")),
            window_hours=max(1, int(settings.get("sync/window_hours"))),
            overlap_minutes=max(0, int(settings.get("sync/overlap_minutes"))),
            rules={key: value for key, value in rule_values.items() if value is not None},
            proxy=proxy,
        )


class ComposedSync:
    """One sync run: ``run(start, end)`` then ``close()`` (or use it as a context manager). After the engine
    stops — done, cancelled or failed — the rules evaluate the tickets of the last pages."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        store: SyncStore,
        settings: SyncSettings,
        *,
        on_progress: Callable[[SyncProgress], None] | None = None,
        on_saved: Callable[[SavedBatch], None] | None = None,
        cancel: threading.Event | None = None,
        retry: RetryPolicy | None = None,
        tenant_guard: Callable[[str], None] | None = None,
        client: OwsClient | None = None,
        on_busy: Callable[[SyncWatch], None] | None = None,
        on_watch: Callable[[SyncWatch], None] | None = None,
        on_accepted: Callable[[], None] | None = None,
    ):
        from ows_desktop.basics.logging_config import add_secrets_to_redaction
        from ows_desktop.ows.client import OwsClient, make_http_client
        from ows_desktop.rules.definitions import RuleConfig
        from ows_desktop.rules.runner import RuleRunner

        add_secrets_to_redaction([credentials.key, credentials.secret])
        self._store = store
        self._base_url = base_url
        self._on_busy, self._on_watch, self._on_progress = on_busy, on_watch, on_progress
        # a given client stays the caller's
        self._http = None if client is not None else make_http_client(proxy=settings.proxy)
        try:
            if client is None:
                assert self._http is not None
                client = OwsClient(self._http, base_url, credentials.key, credentials.secret, retry=retry)
            self.client = client
            self.rules = RuleRunner(RuleConfig.from_settings(settings.rules))
            self.engine = SyncEngine(
                self.client,
                store,
                workers=settings.workers,
                page_size=settings.page_size,
                max_window=timedelta(hours=max(1, settings.window_hours)),
                overlap=timedelta(minutes=max(0, settings.overlap_minutes)),
                tenant_guard=tenant_guard,
                on_progress=on_progress,
                on_saved=self.rules.during_sync(store, on_saved, min_interval=RULES_INTERVAL_S),
                on_accepted=on_accepted,
                cancel=cancel,
            )
        except BaseException:
            self.close()
            raise

    def run(self, start: datetime, end: datetime) -> SyncResult:
        """On a store several workstations share, only for the OWS tenant the store belongs to, and only
        under its sync claim (sync.shared): while another workstation syncs, ``on_busy`` says who and
        ``on_watch``/``on_progress`` follow its progress."""
        if not isinstance(self._store, SharedSyncStore):
            return self._run(start, end)
        check_sync(self._store.scope())  # a manager's or investigator's login: the sync service syncs
        end = self.engine.reachable_end(start, end)
        endpoint = self.client.tickets_endpoint(self.engine.cancel_event)
        bind_tenant(self._store, Tenant.of(self._base_url, endpoint))
        return run_claimed(
            self._store,
            lambda: self._run(start, end),
            (to_epoch_us(start), to_epoch_us(end)),
            cancel=self.engine.cancel_event,
            on_busy=self._on_busy,
            on_watch=self._on_watch,
            on_progress=self._on_progress,
        )

    def _run(self, start: datetime, end: datetime) -> SyncResult:
        try:
            return self.engine.run(start, end)
        finally:
            self.rules.apply_pending(self._store)  # the last pages' tickets (also after a cancel or failure)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> ComposedSync:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def compose_sync(
    base_url: str,
    credentials: Credentials,
    store: SyncStore,
    settings: SyncSettings,
    *,
    on_progress: Callable[[SyncProgress], None] | None = None,
    on_saved: Callable[[SavedBatch], None] | None = None,
    cancel: threading.Event | None = None,
    retry: RetryPolicy | None = None,
    tenant_guard: Callable[[str], None] | None = None,
    client: OwsClient | None = None,
    on_busy: Callable[[SyncWatch], None] | None = None,
    on_watch: Callable[[SyncWatch], None] | None = None,
    on_accepted: Callable[[], None] | None = None,
) -> ComposedSync:
    """Client + rules + engine for one sync of ``store`` from the OWS account at ``base_url``.

    ``tenant_guard(endpoint)`` refuses a cache file that belongs to another OWS tenant (basics.tenants); a
    shared store checks its own tenant (sync.shared.bind_tenant);
    ``client``: an OwsClient the caller already asked for the tenant (reused, so the tenant is resolved
    once per run). ``on_busy``/``on_watch``: see :meth:`ComposedSync.run`. ``on_accepted()``: called once the
    sync passed every refusal (range, role, tenant; on a shared store, under its claim), before anything is
    written; a refused sync never calls it."""
    return ComposedSync(
        base_url,
        credentials,
        store,
        settings,
        on_progress=on_progress,
        on_saved=on_saved,
        cancel=cancel,
        retry=retry,
        tenant_guard=tenant_guard,
        client=client,
        on_busy=on_busy,
        on_watch=on_watch,
        on_accepted=on_accepted,
    )
