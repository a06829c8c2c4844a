"""Run the sync engine in a child process (:mod:`ows_desktop.sync.child`), behind the same factory interface
SyncTask expects.

:class:`ProcessSyncEngine` runs inside SyncTask's worker thread: ``run(start, end)`` starts the child, forwards
cancel requests to it, turns its messages into the usual ``on_progress`` / ``on_saved`` / ``on_busy`` callbacks
and returns
the :class:`SyncResult` or raises the child's error (with its exit code: 3 auth, 4 network, ...) or
:class:`SyncCancelled`. ``on_saved`` receives a :class:`SavedBatch` whose ``tickets`` is empty: only the counts
cross the process boundary."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ows_desktop.basics.credentials import Credentials
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.sync.child import ChildConfig, child_main
from ows_desktop.sync.engine import SavedBatch, SyncCancelled, SyncResult

log = logging.getLogger(__name__)

POLL_S = 0.1
CANCEL_GRACE_S = 60.0  # after a cancel, the child finishes the pages in flight (bounded by HTTP timeouts)


_STOPPED = QT_TRANSLATE_NOOP(
    "process_sync",
    "The sync process stopped unexpectedly (exit code {code}); the details are in the log file. Sync again to resume.",
)


class SyncProcessError(Exception):
    """The child reported an error; ``exit_code`` is the original error's (3 auth, 4 network, ...)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


class ProcessSyncEngine:
    """What ``factory(cancel, on_progress, on_saved, on_busy)`` returns: ``run`` and ``close``.

    ``store_password()``: the team store's database password (None: none), asked for on the sync thread
    (it may read the keyring) and handed to the child through the pipe only."""

    def __init__(
        self,
        config: ChildConfig,
        credentials: Credentials,
        cancel: threading.Event,
        on_progress: Any,
        on_saved: Any,
        on_busy: Any = None,
        store_password: Callable[[], str | None] | None = None,
    ):
        self._config = config
        self._credentials = credentials
        self._cancel = cancel
        self._on_progress = on_progress
        self._on_saved = on_saved
        self._on_busy = on_busy
        self._store_password = store_password
        self._process: Any = None
        self._conn: Any = None

    def run(self, start: datetime, end: datetime) -> SyncResult:
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
        parent_conn, child_conn = context.Pipe()
        process = context.Process(target=child_main, args=(child_conn,), name="ows-sync-process", daemon=True)
        self._process, self._conn = process, parent_conn
        process.start()
        child_conn.close()
        password = self._store_password() if self._store_password is not None else None
        parent_conn.send((self._config, self._credentials, password, start, end))
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
                        raise SyncProcessError(_STOPPED.format(code=process.exitcode))
                    continue
                message = parent_conn.recv()
            except EOFError:
                raise SyncProcessError(_STOPPED.format(code=process.exitcode)) from None
            kind = message[0]
            if kind == "progress":
                self._on_progress(message[1])
            elif kind == "saved":
                _, window_id, inserted, updated = message
                self._on_saved(SavedBatch(window_id, (), inserted, updated))
            elif kind == "busy":
                if self._on_busy is not None:
                    self._on_busy(message[1])
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


def process_engine_factory(
    config: ChildConfig, credentials: Credentials, store_password: Callable[[], str | None] | None = None
) -> Any:
    """The EngineFactory for SyncTask."""

    def factory(
        cancel: threading.Event, on_progress: Any, on_saved: Any, on_busy: Any = None
    ) -> ProcessSyncEngine:
        return ProcessSyncEngine(
            config, credentials, cancel, on_progress, on_saved, on_busy, store_password=store_password
        )

    return factory
