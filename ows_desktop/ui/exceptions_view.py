"""The Exceptions view: operators (or registers) over a date range, most unusual next to their store peers in
the same hours first (see ``rules.peers``), because LP teams chase chronic patterns, not single alerts. Clicking a cell asks the main window to show
those tickets (:attr:`ExceptionsView.filterRequested`, TicketQuery keyword arguments).

Self-contained: it gets its data from an injected ``loader(start, end, by) -> Ranking`` (run on an optional
``JobRunner`` off the GUI thread, or inline), and asks for a whole-store rule run through
:attr:`runRulesRequested` (the owner runs ``RuleRunner.run_all`` in the background and calls
:meth:`refresh` when done)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.basics.messages import message_of
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.exceptions import COL_PEERS, ExceptionRankingModel, FilterRole, SortRole
from ows_desktop.itemmodels.locale_format import count_text
from ows_desktop.rules import Ranking, RuleConfig
from ows_desktop.store.query import StoreDays
from ows_desktop.ui.date_order import keep_in_order
from ows_desktop.ui.header_style import use_sort_arrows
from ows_desktop.ui.time_span import today_ends

Loader = Callable[..., Ranking]  # (start, end, by[, config][, days=StoreDays]) → Ranking
DEFAULT_DAYS = 30


class ExceptionsView(QWidget):
    filterRequested = Signal(
        object
    )  # dict of TicketQuery keyword arguments (start, end, operators|…, exceptions)
    runRulesRequested = Signal()  # "Re-run rules on all tickets" was clicked
    loadFailed = Signal(str)

    def __init__(
        self,
        loader: Loader,
        *,
        runner: Any = None,
        config: RuleConfig | None = None,
        config_source: Callable[[], RuleConfig] | None = None,
        tz: tzinfo | None = None,
        today: date | None = None,
        now: Callable[[], datetime] | None = None,
        stores: Callable[[], Mapping[str, int | None]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._runner = runner  # a tasks.jobs.JobRunner, or None to load inline
        self._config = config or (config_source() if config_source else RuleConfig())
        # the user's rule settings, re-read at every refresh; the loader then gets them as a 4th argument
        self._config_source = config_source
        self._tz = tz
        # the default last day (until a date is chosen): ``today`` if given, else the last day of the Receipts
        # tab's Today at ``now`` (UTC; None: the clock) — each store's own today (``stores``: each store → its
        # clock's offset now, as the Receipts tab reads them), or this workstation's in its time
        self._today, self._now, self._stores = today, now, stores
        self._chosen = False  # a date was chosen: the defaults no longer follow the clock
        # the chosen dates are each store's own days while times show in store time (set_workstation_time;
        # the window sets it at once), this workstation's days otherwise
        self._store_days = False
        self._generation = 0
        # rank when shown: first when the tab is first opened (a window opened without a sync showed an
        # empty tab until one finished), then after tickets landed while it was hidden
        self._unseen_change = True
        self.model = ExceptionRankingModel(self)
        self.model.set_ranking(None, self._config)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setSortRole(SortRole)

        end = self._default_end()
        self.from_edit = self._date_edit(
            end - timedelta(days=DEFAULT_DAYS - 1), self.tr("First day (inclusive)")
        )
        self.to_edit = self._date_edit(end, self.tr("Last day (inclusive)"))
        self.group_combo = QComboBox(self)
        self.group_combo.addItem(self.tr("Operators"), "operator")
        self.group_combo.addItem(self.tr("Registers"), "terminal")
        self.group_combo.setToolTip(self.tr("Rank operators (cashiers) or registers"))
        self.group_combo.setAccessibleName(self.tr("Rank by"))
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.run_button = QPushButton(self.tr("Re-run rules on all tickets…"), self)
        self.run_button.setToolTip(
            self.tr("Evaluate every stored ticket again (after changing rule settings)")
        )
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)  # the French summary is longer than a 1440 px window: it was cut off

        self.table = QTableView(self)
        self.table.setModel(self._proxy)
        use_sort_arrows(self.table.horizontalHeader())  # ui/header_style.py
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_PEERS, Qt.SortOrder.DescendingOrder)  # most unusual vs peers first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setAccessibleName(self.tr("Exception ranking"))
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("&From"), self, buddy=self.from_edit))
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel(self.tr("&to"), self, buddy=self.to_edit))
        bar.addWidget(self.to_edit)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("&Rank"), self, buddy=self.group_combo))
        bar.addWidget(self.group_combo)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.refresh_button.clicked.connect(self.refresh)
        self.run_button.clicked.connect(self.runRulesRequested)
        self.run_button.clicked.connect(lambda: self.run_button.setProperty("stale", False))
        self.group_combo.currentIndexChanged.connect(self.refresh)
        keep_in_order(self.from_edit, self.to_edit)  # never reversed: the days shown are the days counted
        self.from_edit.dateChanged.connect(self._on_dates)
        self.to_edit.dateChanged.connect(self._on_dates)

    def _date_edit(self, day: date, tip: str) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setToolTip(tip)
        return edit

    # -- state -----------------------------------------------------------------------------------------

    def set_config(self, config: RuleConfig) -> None:
        self._config = config
        self.refresh()

    def group_by(self) -> str:
        return str(self.group_combo.currentData())

    def days(self) -> tuple[date, date]:
        """The chosen first and last day (inclusive)."""
        first, last = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        return (first, last) if first <= last else (last, first)

    def time_range(self) -> tuple[datetime, datetime]:
        """[start, end) of the chosen days in the workstation's zone (``tz``; None = the system zone)."""
        first, last = self.days()
        return self._midnight(first), self._midnight(last + timedelta(days=1))

    def store_days(self) -> StoreDays | None:
        """The chosen days as each store's own calendar days, while times show in store time (None: in this
        workstation's days, :meth:`time_range`)."""
        return StoreDays(*self.days()) if self._store_days else None

    def set_workstation_time(self, on: bool) -> None:
        """Preferences ▸ Display ▸ Show ticket times in: the chosen days are the days the rows read, each
        store's own or this workstation's, as in the Receipts tab's time filter; a click lists what was
        counted."""
        where = self.tr("in this workstation's time") if on else self.tr("in each store's own time")
        self.from_edit.setToolTip(self.tr("First day (inclusive), {where}").format(where=where))
        self.to_edit.setToolTip(self.tr("Last day (inclusive), {where}").format(where=where))
        if self._store_days != (not on):
            self._store_days = not on
            self._follow_today()
            self._generation += 1  # a ranking read now counted the other days: its clicks would list others
            self.model.set_ranking(None, self._config)
            self.refresh_when_seen()

    def _default_end(self) -> date:
        """The default last day: the last day the Receipts tab's Today keeps now (ui/time_span.py)."""
        if self._today is not None:
            return self._today
        now = self._now() if self._now is not None else datetime.now(UTC)
        return today_ends(
            now, self._tz, (self._stores() if self._stores else {}) if self._store_days else None
        )

    def _follow_today(self) -> None:
        """Until a date is chosen, the days end on today as the Receipts tab's Today reads it: each store's
        own (at 02:00 UTC a store at UTC−05:00 is still on the day before), read again at each ranking."""
        if self._chosen:
            return
        end = self._default_end()
        for edit, day in ((self.to_edit, end), (self.from_edit, end - timedelta(days=DEFAULT_DAYS - 1))):
            edit.blockSignals(True)  # not a choice: no ranking, no _chosen
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _midnight(self, day: date) -> datetime:
        if self._tz is None:
            return datetime.combine(day, time(0)).astimezone()
        return datetime.combine(day, time(0), tzinfo=self._tz)

    def set_stale(self, stale: bool) -> None:
        """Say that the stored results were made with other rule settings (offer the re-run)."""
        self.run_button.setProperty("stale", stale)
        if stale:
            self.status.setText(
                self.tr("Rule settings changed since the rules last ran on all tickets: re-run them.")
            )

    def rules_changed(self, stale: bool) -> None:
        """The rule settings changed (Preferences ▸ Rules): rank again, and offer the re-run when needed."""
        self.refresh()
        self.run_button.setProperty("stale", stale)

    # -- loading ---------------------------------------------------------------------------------------

    @Slot()
    def refresh_when_seen(self) -> None:
        """Tickets landed (a sync elsewhere): rank again now if the view is shown, else when it is next shown
        (a sync lands pages every second or two; ranking every time for a hidden tab costs the window)."""
        if self.isVisible():
            self.refresh()
        else:
            self._unseen_change = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._unseen_change:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        self._unseen_change = False
        self._generation += 1
        self._follow_today()
        days = self.store_days()
        start, end = (None, None) if days is not None else self.time_range()
        more = {} if days is None else {"days": days}  # a loader of workstation days takes no days
        by = self.group_by()
        self.status.setText(self.tr("Loading…"))
        if self._config_source is not None:
            config = self._config = self._config_source()
            load = lambda: self._loader(start, end, by, config, **more)  # noqa: E731
        else:
            load = lambda: self._loader(start, end, by, **more)  # noqa: E731
        if self._runner is None:
            try:
                ranking = load()
            except Exception as exc:
                self._failed(self._generation, message_of(exc) or type(exc).__name__, 1)
                return
            self._loaded(self._generation, ranking)
            return
        self._runner.submit(
            load,
            self._generation,
            succeeded=self._loaded,
            failed=self._failed,
        )

    @Slot(object, object)
    def _loaded(self, generation: object, ranking: object) -> None:
        if generation != self._generation or not isinstance(ranking, Ranking):
            return
        self.model.set_ranking(ranking, self._config)
        self._proxy.sort(self.table.horizontalHeader().sortIndicatorSection(),
                         self.table.horizontalHeader().sortIndicatorOrder())  # fmt: skip
        rows = ranking.rows
        if rows:
            total = sum(r.flagged_tickets for r in rows)  # the Exceptions column's sum (a ticket has one row)
            who = (
                self.tr("%Ln operator(s)", "", len(rows))
                if ranking.by == "operator"
                else self.tr("%Ln register(s)", "", len(rows))
            )
            self.status.setText(
                self.tr(
                    "{who}, {total} tickets with an exception: most unusual next to store peers in the same hours first (one-sided Poisson tail; {min_tickets}+ tickets to be ranked). Click a count to list those tickets."
                ).format(who=who, total=count_text(total), min_tickets=ranking.min_tickets)
            )
        else:
            self.status.setText(
                self.tr("No exceptions in this range. (Have the rules run? Use “{text}”.)").format(
                    text=self.run_button.text()
                )
            )
        if self.run_button.property("stale"):  # Preferences ▸ Rules changed what the stored results mean
            self.status.setText(
                self.tr("{text} Rule settings changed since the rules last ran: re-run them.").format(
                    text=self.status.text()
                )
            )

    @Slot(object, object, int)
    def _failed(self, generation: object, message: str, _code: int) -> None:
        if generation != self._generation:
            return
        self.status.setText(
            self.tr("Could not load the ranking: {message}").format(message=core_text(message))
        )
        self.loadFailed.emit(message)

    @Slot()
    def _on_dates(self) -> None:
        self._chosen = True
        self.refresh()

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        wanted = index.data(FilterRole)
        if wanted:
            self.filterRequested.emit(dict(wanted))
