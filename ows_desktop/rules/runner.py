"""Running the exception rules: incrementally while a sync saves pages, and on demand over the whole store.

The rules run *in the store's SQL engine* (``store.rules``; the SQL is store/rule_sql.py); this class decides what to run on. Every
ticket the store inserts or changes is queued (``rules_pending``, in the same transaction as the ticket), so
nothing is missed even after a crash: :meth:`RuleRunner.apply_pending` drains the queue, and is what the sync
should call after each saved page (``SyncEngine(on_saved=runner.on_saved(store))``). The cross-ticket rules
look back (and, for late arrivals, forward) in the store, so the result does not depend on the order in
which pages arrive."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ows_desktop.basics.errors import AppError
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.rules.definitions import FINDINGS_NEWER, FINDINGS_OTHER, RULES_LOGIC, RuleConfig
from ows_desktop.store.interface import RuleReader, RuleStore, RunCounts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunStats:
    tickets: int  # tickets evaluated (scope plus the neighbours pulled in)
    exceptions: int  # exceptions stored
    seconds: float
    complete: bool = True  # False when a whole-store run was cancelled part-way

    @property
    def rate(self) -> float:
        return self.tickets / self.seconds if self.seconds > 0 else 0.0


class RulesNewerError(AppError):
    """The store's findings were made by a newer OWS Desktop's logic (a team store shared with a newer
    workstation): re-running them here would replace them with an older logic's."""

    exit_code = 2


class RuleRunner:
    """Stateless apart from its configuration; safe to share between threads (the store serialises writes)."""

    def __init__(
        self, config: RuleConfig | None = None, *, chunk_size: int = 100_000, batch_size: int = 2000
    ):
        self.config = config or RuleConfig()
        self._params = self.config.sql_params()
        self._fingerprint = self.config.fingerprint()
        self.chunk_size = chunk_size
        self.batch_size = batch_size
        for problem in self.config.problems:
            log.warning("Exception rule setting ignored: %s", problem)
        self._newer_said = False

    def refuse_if_newer(self, store: RuleStore) -> None:
        """Raises :class:`RulesNewerError` when the store's findings were made by a newer logic than this
        version's (:data:`RULES_LOGIC`): they are left as they are."""
        stored = store.rules.stored_fingerprint()
        if self.config.findings_made(stored) == FINDINGS_NEWER:
            raise RulesNewerError(
                QT_TRANSLATE_NOOP(
                    "rules",
                    "The exceptions in this store were found by a newer OWS Desktop (rules version {found}, this one has {known}): update this workstation before it runs the rules.",
                ).format(found=str(stored).partition(":")[0], known=RULES_LOGIC)
            )

    @classmethod
    def from_settings(cls, values: Any = None, **kwargs: Any) -> RuleRunner:
        return cls(RuleConfig.from_settings(values), **kwargs)

    # -- incremental -------------------------------------------------------------------------------------

    def apply_pending(self, store: RuleStore, *, limit: int | None = None) -> RunStats:
        """Evaluate the queued tickets (new or changed since the last run), ``batch_size`` per transaction,
        until the queue is empty (or ``limit`` queued tickets were taken). On a store whose findings a newer
        version made, nothing: the queue waits for it (findings of two logics would not be comparable)."""
        try:
            self.refuse_if_newer(store)
        except RulesNewerError as exc:
            if not self._newer_said:
                self._newer_said = True
                log.warning("Exception rules not run, the tickets stay queued: %s", exc)
            return RunStats(0, 0, 0.0)
        if limit is None and store.rules.pending_total() >= self.chunk_size:
            # A backlog (first run after the v3 migration, a bulk import): chunked ranges are much faster.
            return self.run_all(store)
        started = time.perf_counter()
        counts = RunCounts()
        taken = 0
        while limit is None or taken < limit:
            batch = self.batch_size if limit is None else min(self.batch_size, limit - taken)
            got = store.rules.run_pending(self._params, self._fingerprint, batch, counts)
            if not got:
                break
            taken += got
        return RunStats(counts.tickets, counts.exceptions, time.perf_counter() - started)

    def apply_to_keys(self, store: RuleStore, keys: Iterable[str]) -> RunStats:
        """Evaluate these tickets (by key) and the neighbours whose verdict they may change."""
        started = time.perf_counter()
        counts = RunCounts()
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), self.batch_size):
            store.rules.run_keys(
                self._params, self._fingerprint, wanted[start : start + self.batch_size], counts
            )
        return RunStats(counts.tickets, counts.exceptions, time.perf_counter() - started)

    def during_sync(
        self, store: RuleStore, forward: Callable[[Any], None] | None = None, *, min_interval: float = 1.0
    ) -> Callable[[Any], None]:
        """``SyncEngine(on_saved=...)`` for a sync that also keeps the exception rules current: drains the
        rule queue (throttled, see :meth:`on_saved`), then hands the batch on to ``forward``."""
        rules = self.on_saved(store, min_interval=min_interval)

        def callback(batch: Any) -> None:
            rules(batch)
            if forward is not None:
                forward(batch)

        return callback

    def on_saved(self, store: RuleStore, *, min_interval: float = 0.0) -> Callable[[Any], None]:
        """A ``SyncEngine(on_saved=...)`` callback: drains the queue after a saved page, at most once per
        ``min_interval`` seconds (a drain costs a few ms; per page it would slow a large sync; call
        ``apply_pending`` once more after the sync). Errors are logged, not raised (the page is saved; the
        queue keeps the tickets for the next run)."""
        lock = threading.Lock()
        last = [float("-inf")]

        def callback(_batch: Any) -> None:
            now = time.monotonic()
            with lock:
                if now - last[0] < min_interval:
                    return
                last[0] = now
            try:
                self.apply_pending(store)
            except Exception:
                log.exception("Exception rules failed after a sync page; the tickets stay queued")

        return callback

    # -- whole store -------------------------------------------------------------------------------------

    def run_all(
        self,
        store: RuleStore,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> RunStats:
        """Re-evaluate every stored ticket (after changing rule settings, or on demand), in chunks of
        ``chunk_size`` tickets per transaction; then drain whatever a concurrent sync queued meanwhile."""
        self.refuse_if_newer(store)
        started = time.perf_counter()
        counts = RunCounts()
        complete = store.rules.run_all(
            self._params,
            self._fingerprint,
            chunk_size=self.chunk_size,
            counts=counts,
            progress=progress,
            cancelled=cancel.is_set if cancel is not None else None,
        )
        while complete and store.rules.run_pending(self._params, self._fingerprint, self.batch_size, counts):
            pass
        return RunStats(counts.tickets, counts.exceptions, time.perf_counter() - started, complete)

    def needs_full_run(self, reader: RuleReader) -> bool:
        """True when the stored results were made with other rule settings (or never made)."""
        fingerprint, _pending = reader.rules.run_state()
        return fingerprint != self._fingerprint

    def findings_made(self, reader: RuleReader) -> str:
        """What the stored results were made with, against these rules (RuleConfig.findings_made): the same,
        other settings or an earlier logic (they stay until every ticket is found again), a newer version's
        logic (left as they are), or none."""
        fingerprint, _pending = reader.rules.run_state()
        return self.config.findings_made(fingerprint)

    def made_otherwise(self, reader: RuleReader) -> bool:
        """True when stored results exist and were made with other rule settings or an earlier version of
        the rules' logic (RULES_LOGIC): a re-run finds them again."""
        return self.findings_made(reader) == FINDINGS_OTHER
