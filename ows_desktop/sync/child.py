"""The sync child process: what runs in the process the window spawns for a sync
(:mod:`ows_desktop.tasks.process_sync` starts it and relays its messages).

Why a process: the engine turns every page into tickets and store rows in Python, on several threads. In the
GUI's process those threads hold the GIL most of the time, and each call Qt makes into Python on the GUI
thread (a model's data(), a slot, a paint) must win it back, which made paints stall for 100-300 ms during a
big sync (tests/bench/bench_gui.py). In a child process the engine has its own interpreter and GIL.

Protocol over the pipe: the parent sends ``(ChildConfig, Credentials, store_password, start, end)`` (the OWS
credentials and the team store's database password never go in argv, the environment or the config), then
possibly ``("cancel",)``. The child sends ``("progress", SyncProgress)``, ``("saved", window_id, inserted,
updated)``, ``("busy", SyncWatch)`` (another workstation syncs the team store: this one watches) and finally
one of ``("done", SyncResult)``, ``("cancelled", message)`` or ``("error", message, exit_code)``.

The child opens the store itself, by its URL (:func:`ows_desktop.store.url.open_store_url`): the SQLite cache
(WAL lets the GUI read meanwhile) or the PostgreSQL team store. The sync is composed by
:mod:`ows_desktop.sync.compose` like any other, so on a team store it checks the store's OWS tenant and takes
the one-sync-per-tenant claim exactly as ``ows-desktop sync`` does.

No Qt here: the child imports this module without loading PySide6."""

from __future__ import annotations

import logging
import os
import signal
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ows_desktop.basics.credentials import Credentials
from ows_desktop.basics.messages import message_of
from ows_desktop.store.shared_sync import SyncWatch
from ows_desktop.sync.compose import SyncSettings
from ows_desktop.sync.engine import SavedBatch, SyncCancelled, SyncProgress, SyncResult

log = logging.getLogger(__name__)

SYNC_NICENESS = 10


@dataclass(frozen=True)
class ChildConfig:
    """Everything the child needs, except the secrets (sent separately through the pipe)."""

    store: str  # a store URL (store.url): sqlite:PATH, or postgresql://… (never with a password)
    base_url: str
    settings: SyncSettings
    log_dir: Path | None = None
    debug: bool = False
    retry: dict[str, Any] | None = None  # RetryPolicy fields (max_attempts, base_delay, ...); None: default
    tenant_guard: Any = None  # basics.tenants.TenantGuard: the cache file must belong to the tenant reached


def child_main(conn: Any) -> None:
    """Entry point of the sync process: receive the job, run the engine, report, exit."""
    # Ctrl+C in the terminal that started the window reaches this process too: the window decides (it
    # closes, which cancels the sync through the pipe), instead of a traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config, credentials, store_password, start, end = conn.recv()
    lower_priority()  # before any thread starts: the engine's threads inherit it
    from ows_desktop.basics.logging_config import configure_logging

    secrets = [credentials.key, credentials.secret, *([store_password] if store_password else [])]
    configure_logging(config.log_dir, debug=config.debug, console=False, secrets=secrets)
    cancel = threading.Event()
    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with send_lock:  # the engine reports from several threads
            conn.send(message)

    def listen() -> None:
        try:
            while True:
                if conn.recv()[0] == "cancel":
                    cancel.set()
                    return
        except (EOFError, OSError):
            cancel.set()  # the parent went away: stop at the next page

    threading.Thread(target=listen, name="ows-sync-cancel", daemon=True).start()
    try:
        result = _run_engine(config, credentials, store_password, start, end, cancel, send)
    except SyncCancelled as exc:
        send(("cancelled", str(exc)))
    except Exception as exc:
        code = getattr(exc, "exit_code", 1)
        code = code if isinstance(code, int) else 1
        if code == 1:
            log.exception("Sync failed")
        else:
            log.warning("Sync failed: %s", exc)
        send(("error", message_of(exc) or type(exc).__name__, code))  # a Message stays one (pickled)
    else:
        send(("done", result))
    finally:
        conn.close()


def lower_priority() -> str:
    """The sync is background work: when CPU is short, the window (and everything else) goes first. Call it
    before starting threads (they inherit the calling thread's niceness). Returns what was applied.

    Unix: ``nice`` +10. Not Linux's ``SCHED_IDLE`` (this project's choice until 2026-12-06): a process that
    runs only on CPU time nobody else wants gets next to none on a workstation kept busy by other programs,
    so the sync stopped progressing AND was starved while it held the store's write lock — the window's own
    writes (a flag, a review) then waited out the 5 s busy timeout and failed (measured: two busy programs,
    the sync's writer at ``SCHED_IDLE``: writes waited up to 5.0 s, 1-2 of 33-66 failed, the sync saved 800
    tickets in 20 s; at nice 10: at most 0.54-0.63 s, none failed, 17,600 saved; the window's largest gap
    during a 200 k sync was no larger: tests/bench/RESULTS.md). Windows: nothing (Python has no portable
    call for it, and the child's own GIL already keeps the window responsive)."""
    try:
        if hasattr(os, "nice"):
            os.nice(SYNC_NICENESS)
            return f"nice {SYNC_NICENESS}"
    except OSError as exc:  # pragma: no cover - not permitted here
        log.debug("Could not lower the sync process priority: %s", exc)
    return "unchanged"


def _run_engine(
    config: ChildConfig,
    credentials: Credentials,
    store_password: str | None,
    start: datetime,
    end: datetime,
    cancel: threading.Event,
    send: Any,
) -> SyncResult:
    from ows_desktop.ows.retry import RetryPolicy
    from ows_desktop.store.url import open_store_url
    from ows_desktop.sync.compose import compose_sync

    def on_progress(progress: SyncProgress) -> None:
        send(("progress", progress))

    def on_saved(batch: SavedBatch) -> None:
        send(("saved", batch.window_id, batch.inserted, batch.updated))

    def on_busy(watch: SyncWatch) -> None:
        send(("busy", watch))

    retry = RetryPolicy(**config.retry) if config.retry else None
    # the URL always names the store: the default path is never used
    with open_store_url(config.store, Path(), password=lambda _location: store_password) as store:
        sync = compose_sync(
            config.base_url,
            credentials,
            store,
            config.settings,
            on_progress=on_progress,
            on_saved=on_saved,
            cancel=cancel,
            retry=retry,
            tenant_guard=config.tenant_guard,
            on_busy=on_busy,
        )
        with sync:
            return sync.run(start, end)
