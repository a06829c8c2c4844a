"""The sync child process: what runs in the process the window spawns for a sync
(:mod:`ows_desktop.tasks.process_sync` starts it and relays its messages).

Why a process: the engine turns every page into tickets and store rows in Python, on several threads. In the
GUI's process those threads hold the GIL most of the time, and each call Qt makes into Python on the GUI
thread (a model's data(), a slot, a paint) must win it back, which made paints stall for 100-300 ms during a
big sync (tests/bench/bench_gui.py). In a child process the engine has its own interpreter and GIL.

Protocol over the pipe: the parent sends ``(ChildConfig, Credentials, start, end)`` (the credentials never go
in argv or the environment), then possibly ``("cancel",)``. The child sends ``("progress", SyncProgress)``,
``("saved", window_id, inserted, updated)`` and finally one of ``("done", SyncResult)``,
``("cancelled", message)`` or ``("error", message, exit_code)``. The child writes to the SQLite cache itself
(WAL lets the GUI read meanwhile); the sync is composed by :mod:`ows_desktop.sync.compose` like any other.

No Qt here: the child imports this module without loading PySide6."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ows_desktop.basics.credentials import Credentials
from ows_desktop.sync.compose import SyncSettings
from ows_desktop.sync.engine import SavedBatch, SyncCancelled, SyncProgress, SyncResult

log = logging.getLogger(__name__)

SYNC_NICENESS = 10


@dataclass(frozen=True)
class ChildConfig:
    """Everything the child needs, except the credentials (sent separately through the pipe)."""

    database: Path
    base_url: str
    settings: SyncSettings
    log_dir: Path | None = None
    debug: bool = False
    retry: dict[str, Any] | None = None  # RetryPolicy fields (max_attempts, base_delay, ...); None: default
    tenant_guard: Any = None  # basics.tenants.TenantGuard: the cache must belong to the tenant reached


def child_main(conn: Any) -> None:
    """Entry point of the sync process: receive the job, run the engine, report, exit."""
    config, credentials, start, end = conn.recv()
    lower_priority()  # before any thread starts: the engine's threads inherit it
    from ows_desktop.basics.logging_config import configure_logging

    configure_logging(
        config.log_dir, debug=config.debug, console=False, secrets=[credentials.key, credentials.secret]
    )
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
        result = _run_engine(config, credentials, start, end, cancel, send)
    except SyncCancelled as exc:
        send(("cancelled", str(exc)))
    except Exception as exc:
        code = getattr(exc, "exit_code", 1)
        code = code if isinstance(code, int) else 1
        if code == 1:
            log.exception("Sync failed")
        else:
            log.warning("Sync failed: %s", exc)
        send(("error", str(exc) or type(exc).__name__, code))
    else:
        send(("done", result))
    finally:
        conn.close()


def lower_priority() -> str:
    """The sync is background work: when CPU is short, the window (and everything else) goes first. Call it
    before starting threads (they inherit the calling thread's policy). Returns what was applied.

    Linux: ``SCHED_IDLE`` (runs only on CPU time nobody else wants; a batch commit stays short, so the
    store's write lock is not held long even then); other Unix: ``nice`` +10; Windows: nothing (a no-op:
    Python has no portable call for it, and the child's own GIL already keeps the window responsive)."""
    try:
        if hasattr(os, "sched_setscheduler") and hasattr(os, "SCHED_IDLE"):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "SCHED_IDLE"
        if hasattr(os, "nice"):
            os.nice(SYNC_NICENESS)
            return f"nice {SYNC_NICENESS}"
    except OSError as exc:  # pragma: no cover - not permitted here
        log.debug("Could not lower the sync process priority: %s", exc)
    return "unchanged"


def _run_engine(
    config: ChildConfig,
    credentials: Credentials,
    start: datetime,
    end: datetime,
    cancel: threading.Event,
    send: Any,
) -> SyncResult:
    from ows_desktop.ows.retry import RetryPolicy
    from ows_desktop.store import open_store
    from ows_desktop.sync.compose import compose_sync

    def on_progress(progress: SyncProgress) -> None:
        send(("progress", progress))

    def on_saved(batch: SavedBatch) -> None:
        send(("saved", batch.window_id, batch.inserted, batch.updated))

    retry = RetryPolicy(**config.retry) if config.retry else None
    with open_store(config.database) as store:
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
        )
        with sync:
            return sync.run(start, end)
