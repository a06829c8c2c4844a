"""Run the sync engine in a child process, behind the same factory interface SyncTask expects.

Why: the engine turns every page into tickets and store rows in Python, on several threads. In the GUI's
process those threads hold the GIL most of the time, and each call Qt makes into Python on the GUI thread
(a model's data(), a slot, a paint) must win it back, which made paints stall for 100-300 ms during a big
sync (tests/bench/bench_gui.py). In a child process the engine has its own interpreter and GIL; the GUI
process only relays small messages.

The parent side (:class:`ProcessSyncEngine`) runs inside SyncTask's worker thread: ``run(start, end)``
starts the child, forwards cancel requests to it, turns its messages into the usual ``on_progress`` /
``on_saved`` callbacks and returns the :class:`SyncResult` or raises the child's error (with its exit code:
3 auth, 4 network, ...) or :class:`SyncCancelled`. The credentials travel through the pipe, never in argv or
the environment. The child writes to the SQLite cache itself (WAL lets the GUI read meanwhile). ``on_saved``
receives a :class:`SavedBatch` whose ``tickets`` is empty: only the counts cross the process boundary.

No Qt in this module: the child imports it without loading PySide6."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ows_desktop.basics.credentials import Credentials
from ows_desktop.sync.engine import SavedBatch, SyncCancelled, SyncProgress, SyncResult

log = logging.getLogger(__name__)

POLL_S = 0.1
SYNC_NICENESS = 10
CANCEL_GRACE_S = 60.0  # after a cancel, the child finishes the pages in flight (bounded by HTTP timeouts)


class SyncProcessError(Exception):
    """The child reported an error; ``exit_code`` is the original error's (3 auth, 4 network, ...)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class ChildConfig:
    """Everything the child needs, except the credentials (sent separately through the pipe)."""

    database: Path
    base_url: str
    workers: int
    page_size: int
    window_hours: int
    log_dir: Path | None = None
    debug: bool = False
    retry: dict[str, float] | None = None  # RetryPolicy fields (max_attempts, base_delay, ...); None: default
    rules: dict[str, Any] | None = None  # exception-rule settings (rules.definitions.RULE_DEFAULTS keys)
    overlap_minutes: int = 60  # setting sync/overlap_minutes: read again before the end of what is complete
    tenant_guard: Any = None  # basics.tenants.TenantGuard: the cache must belong to the tenant reached


class ProcessSyncEngine:
    """What ``factory(cancel, on_progress, on_saved)`` returns: ``run`` and ``close``."""

    def __init__(
        self,
        config: ChildConfig,
        credentials: Credentials,
        cancel: threading.Event,
        on_progress: Any,
        on_saved: Any,
    ):
        self._config = config
        self._credentials = credentials
        self._cancel = cancel
        self._on_progress = on_progress
        self._on_saved = on_saved
        self._process: Any = None
        self._conn: Any = None

    def run(self, start: datetime, end: datetime) -> SyncResult:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
        parent_conn, child_conn = context.Pipe()
        process = context.Process(target=child_main, args=(child_conn,), name="ows-sync-process", daemon=True)
        self._process, self._conn = process, parent_conn
        process.start()
        child_conn.close()
        parent_conn.send((self._config, self._credentials, start, end))
        cancel_sent_at: float | None = None
        while True:
            if self._cancel.is_set() and cancel_sent_at is None:
                with contextlib.suppress(OSError, ValueError):
                    parent_conn.send(("cancel",))
                cancel_sent_at = time.monotonic()
            if cancel_sent_at is not None and time.monotonic() - cancel_sent_at > CANCEL_GRACE_S:
                process.terminate()
                raise SyncCancelled("Sync cancelled; it resumes from the last saved page next time.")
            try:
                if not parent_conn.poll(POLL_S):
                    if not process.is_alive() and not parent_conn.poll(0):
                        raise SyncProcessError(
                            f"The sync process stopped unexpectedly (exit code {process.exitcode}); the details "
                            "are in the log file. Sync again to resume."
                        )
                    continue
                message = parent_conn.recv()
            except EOFError:
                raise SyncProcessError(
                    f"The sync process stopped unexpectedly (exit code {process.exitcode}); the details are "
                    "in the log file. Sync again to resume."
                ) from None
            kind = message[0]
            if kind == "progress":
                self._on_progress(message[1])
            elif kind == "saved":
                _, window_id, inserted, updated = message
                self._on_saved(SavedBatch(window_id, (), inserted, updated))
            elif kind == "done":
                return message[1]
            elif kind == "cancelled":
                raise SyncCancelled(message[1])
            elif kind == "error":
                _, text, code = message
                raise SyncProcessError(text, code)

    def close(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            process.join(10)
            if process.is_alive():
                log.warning("The sync process did not exit; terminating it")
                process.terminate()
                process.join(5)
            process.close()


def process_engine_factory(config: ChildConfig, credentials: Credentials) -> Any:
    """The EngineFactory for SyncTask."""

    def factory(cancel: threading.Event, on_progress: Any, on_saved: Any) -> ProcessSyncEngine:
        return ProcessSyncEngine(config, credentials, cancel, on_progress, on_saved)

    return factory


# --------------------------------------------------------------------------------------------- the child
def child_main(conn: Any) -> None:
    """Entry point of the sync process: receive the job, run the engine, report, exit."""
    config, credentials, start, end = conn.recv()
    _lower_priority()
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


def _lower_priority() -> None:
    """The sync is background work: when CPU is short, the window's thread goes first."""
    try:
        if hasattr(os, "nice"):
            os.nice(SYNC_NICENESS)
    except OSError as exc:  # pragma: no cover - not permitted here
        log.debug("Could not lower the sync process priority: %s", exc)


def _run_engine(
    config: ChildConfig,
    credentials: Credentials,
    start: datetime,
    end: datetime,
    cancel: threading.Event,
    send: Any,
) -> SyncResult:
    from ows_desktop.ows.client import OwsClient, make_http_client
    from ows_desktop.ows.retry import RetryPolicy
    from ows_desktop.rules.definitions import RuleConfig
    from ows_desktop.rules.runner import RuleRunner
    from ows_desktop.store import open_store
    from ows_desktop.sync.engine import SyncEngine

    def on_progress(progress: SyncProgress) -> None:
        send(("progress", progress))

    def on_saved(batch: SavedBatch) -> None:
        send(("saved", batch.window_id, batch.inserted, batch.updated))

    store = open_store(config.database)
    try:
        with make_http_client() as http:
            retry = RetryPolicy(**config.retry) if config.retry else None
            client = OwsClient(http, config.base_url, credentials.key, credentials.secret, retry=retry)
            rules = RuleRunner(RuleConfig.from_settings(config.rules))
            engine = SyncEngine(
                client,
                store,
                workers=config.workers,
                page_size=config.page_size,
                max_window=timedelta(hours=max(1, config.window_hours)),
                overlap=timedelta(minutes=max(0, config.overlap_minutes)),
                tenant_guard=config.tenant_guard,
                on_progress=on_progress,
                on_saved=rules.during_sync(store, on_saved),
                cancel=cancel,
            )
            try:
                return engine.run(start, end)
            finally:
                rules.apply_pending(store)  # the last pages' tickets (also after a cancel or failure)
    finally:
        store.close()
