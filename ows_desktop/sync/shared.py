"""One sync per tenant on a shared store (:mod:`ows_desktop.store.shared_sync`): the store holds one OWS
tenant (:func:`bind_tenant`: the first sync binds it, any other tenant is refused); take the claim and sync,
or, while another workstation holds it, say who syncs and watch that sync's progress from the shared
checkpoints until its claim ends — then take the claim and sync what is left (nothing when it finished;
its unfinished windows, resumed from their cursors, when it died).

Used by :class:`ows_desktop.sync.compose.ComposedSync` only; no Qt here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from ows_desktop.basics.tenants import Tenant, TenantMismatchError
from ows_desktop.store.review import current_host, current_user
from ows_desktop.store.shared_sync import SharedSyncStore, SyncWatch
from ows_desktop.sync.engine import SyncCancelled, SyncProgress

T = TypeVar("T")
WATCH_INTERVAL_S = 0.5


def workstation() -> str:
    """Who syncs, as other workstations are told: OS user@host."""
    host = current_host()
    return f"{current_user()}@{host}" if host else current_user()


def bind_tenant(store: SharedSyncStore, tenant: Tenant) -> None:
    """The shared store belongs to the OWS tenant its first sync reached; a sync from another tenant is
    refused (TenantMismatchError, exit 2) before it claims, watches or writes anything."""
    bound = store.bind_sync_tenant(tenant.api_access_url, tenant.tickets_endpoint)
    if bound is not None:
        raise TenantMismatchError(
            f"The team store at {store.location} belongs to the OWS tenant {bound[1]} ({bound[0]}), not to "
            f"{tenant.label}, which this connection reaches; nothing was synced. Each OWS tenant needs a team "
            "store of its own (the connection's Store field, or --store URL)."
        )


def watch_progress(watch: SyncWatch) -> SyncProgress:
    """A watched sync as the progress a sync bar shows."""
    return SyncProgress(
        pages=watch.pages,
        tickets=watch.tickets,
        windows_done=watch.windows_done,
        windows_total=watch.windows_total,
        fraction=watch.fraction,
    )


def run_claimed(
    store: SharedSyncStore,
    run: Callable[[], T],
    range_us: tuple[int, int],
    *,
    cancel: threading.Event,
    on_busy: Callable[[SyncWatch], None] | None = None,
    on_watch: Callable[[SyncWatch], None] | None = None,
    on_progress: Callable[[SyncProgress], None] | None = None,
    interval_s: float = WATCH_INTERVAL_S,
) -> T:
    """``run()`` under the store's sync claim; see the module docstring. ``on_busy`` is called once per
    other holder, ``on_watch`` with each change of its progress; a cancel while watching stops watching
    (SyncCancelled) and leaves the other sync running."""
    told: tuple[str, int] | None = None
    last: SyncWatch | None = None
    while True:
        claim = store.try_claim_sync(workstation(), *range_us)
        if claim is not None:
            with claim:
                return run()
        watch = store.watch_sync()
        if watch is not None:
            if (watch.who, watch.started_us) != told:
                told = (watch.who, watch.started_us)
                if on_busy is not None:
                    on_busy(watch)
            if watch != last:
                last = watch
                if on_watch is not None:
                    on_watch(watch)
                if on_progress is not None:
                    on_progress(watch_progress(watch))
        if cancel.wait(interval_s):
            who = f" on {told[0]}" if told else ""
            raise SyncCancelled(f"Stopped watching the sync{who}; it goes on there.")
