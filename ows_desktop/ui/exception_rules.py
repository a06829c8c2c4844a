"""The window's exception-rules part: ranks exceptions for the Exceptions view and re-runs the rules over
the whole cache, both in the job pool (each job reads through its own connection).

Signals:
    rulesRan(): the rules were re-run; the views should re-read.
    statusMessage(str, int): a transient status-bar text and its timeout in ms.
    storeError(str): the rules could not run; the text says why.
    storeAway(): the rules could not run, or not to the end: the team store's server cannot be reached (the
        window's outage banner says so, not a red one; tasks/store_ops.py ``reaching``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.rules.definitions import FINDINGS_NEWER, FINDINGS_OTHER, RuleConfig
from ows_desktop.rules.ranking import rank_exceptions
from ows_desktop.rules.runner import RuleRunner
from ows_desktop.store.query import StoreDays
from ows_desktop.tasks.jobs import JobRunner
from ows_desktop.tasks.store_ops import reaching, unreached


class ExceptionRules(QObject):
    rulesRan = Signal()
    stale = Signal()  # the stored findings were made with other rules: a re-run finds every ticket again
    statusMessage = Signal(str, int)
    storeError = Signal(str)
    storeAway = Signal()

    def __init__(
        self,
        store: Any,
        jobs: JobRunner,
        config: Callable[[], RuleConfig] = RuleConfig,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._jobs = jobs
        self.config = config  # the user's rule settings (Services.rule_config), read when used
        self.found_stale: bool | None = None  # what check_stale found (None: not checked yet)

    def rank(
        self, start: Any, end: Any, by: str, config: RuleConfig | None = None, days: StoreDays | None = None
    ) -> Any:
        """Runs in the job pool: its own read connection (one per reading thread). ``config``: read on the
        GUI thread by the caller (the settings object is not shared with workers); ``days``: each store's own
        calendar days (the view's dates while times show in store time)."""
        with self._store.reader() as reader:
            return rank_exceptions(reader, start, end, by=by, config=config, days=days)

    def check_stale(self) -> None:
        """In the job pool: whether the stored findings were made with other rule settings or an earlier logic
        (a store synced before an upgrade kept findings the new logic does not make) — :attr:`stale` if so."""
        store, config = self._store, self.config()

        def findings_made() -> str:
            with store.reader() as reader:
                return RuleRunner(config).findings_made(reader)

        self._jobs.submit(findings_made, "rules-stale", succeeded=self._on_checked)

    @Slot(object, object)
    def _on_checked(self, _tag: Any, made: Any) -> None:
        self.found_stale = made == FINDINGS_OTHER
        if made == FINDINGS_NEWER:  # a team store a newer workstation re-ran: a re-run here would undo it
            self.statusMessage.emit(
                self.tr(
                    "The exceptions shown were found by a newer version of OWS Desktop: update this "
                    "workstation before it re-runs the rules."
                ),
                15000,
            )
        if self.found_stale:
            self.stale.emit()
            self.statusMessage.emit(
                self.tr(
                    "The exceptions shown were found by other rules: Exceptions ▸ Re-run rules on all tickets "
                    "finds them again."
                ),
                15000,
            )

    @Slot()
    def run_rules(self) -> None:
        store, config = self._store, self.config()
        self._jobs.submit(
            reaching(lambda: RuleRunner(config).run_all(store)),
            "rules",
            succeeded=self._on_done,
            failed=self._on_failed,
        )

    @Slot(object, object)
    def _on_done(self, _tag: Any, stats: Any) -> None:
        if unreached(stats) is not None:
            self.storeAway.emit()
            return
        self.statusMessage.emit(
            self.tr("Exception rules re-run over {tickets} tickets").format(
                tickets=count_text(stats.tickets)
            ),
            5000,
        )
        self.rulesRan.emit()

    @Slot(object, object, int)
    def _on_failed(self, _tag: Any, message: str, _code: int) -> None:
        self.storeError.emit(
            self.tr("The exception rules could not run: {message}").format(message=core_text(message))
        )
