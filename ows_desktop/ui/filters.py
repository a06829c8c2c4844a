"""The search box and the filter pickers above the receipt table.

Typing is debounced (250 ms) before the query runs; pickers apply at once. The bar only produces a
:class:`FilterState`; the receipts page turns it into a store query. No control moves when a value changes
(ui/filter_widgets.py): one row or two by the bar's width alone, "Clear filters" always in its place; the
custom range's dates show on a row of their own under the time picker (ui/filter_rows.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QEvent,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.itemmodels.ticket_columns import status_label
from ows_desktop.ui.amount_field import AmountEdit
from ows_desktop.ui.date_order import keep_in_order
from ows_desktop.ui.exception_picker import ExceptionPicker
from ows_desktop.ui.filter_rows import FilterRows
from ows_desktop.ui.filter_state import PRESET_LABELS, FilterState, amount_text, in_stores, rule_title
from ows_desktop.ui.filter_widgets import ChipSlot, PickerCombo, SearchLineEdit

SEARCH_DEBOUNCE_MS = 250
_PICKER_NAMES = {  # the accessible names (a combo box's text is only its current value)
    "location": QT_TRANSLATE_NOOP("filters", "Store filter"),
    "terminal": QT_TRANSLATE_NOOP("filters", "Register filter"),
    "operator": QT_TRANSLATE_NOOP("filters", "Operator filter"),
    "status": QT_TRANSLATE_NOOP("filters", "Status filter"),
}
_PICKERS = (
    (
        "location",
        QT_TRANSLATE_NOOP("filters", "All stores"),
        QT_TRANSLATE_NOOP("filters", "Only tickets from this store"),
    ),
    (
        "terminal",
        QT_TRANSLATE_NOOP("filters", "All registers"),
        QT_TRANSLATE_NOOP("filters", "Only tickets from this register"),
    ),
    (
        "operator",
        QT_TRANSLATE_NOOP("filters", "All operators"),
        QT_TRANSLATE_NOOP("filters", "Only tickets rung up by this operator"),
    ),
    (
        "status",
        QT_TRANSLATE_NOOP("filters", "Any status"),
        QT_TRANSLATE_NOOP("filters", "Only tickets with this status (a voided line: the exception filter)"),
    ),
)


class FilterBar(QWidget):
    changed = Signal(object)  # FilterState
    focusResults = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._updating = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)

        self.search = SearchLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setAccessibleName(self.tr("Search receipts"))
        self.search.setPlaceholderText(self.tr("Search receipts: item, SKU, operator, ticket #, register…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.setMinimumHeight(30)
        self.search.textChanged.connect(self._on_text)
        self.search.returnPressed.connect(self._flush)  # Enter applies the search at once, the focus stays
        self.search.editingFinished.connect(self._flush)  # so does leaving it (Tab, ↓): the results it typed
        self.search.focusResults.connect(self.focusResults)

        self.pickers: dict[str, PickerCombo] = {}
        for name, all_label, tip in _PICKERS:
            everything = QCoreApplication.translate("filters", all_label)
            combo = PickerCombo(everything, self, keep_end=name == "operator")  # fixed width; an ID in sight
            combo.addItem(everything, None)
            combo.setObjectName(f"{name}Filter")
            combo.setToolTip(QCoreApplication.translate("filters", tip))
            combo.setAccessibleName(QCoreApplication.translate("filters", _PICKER_NAMES[name]))
            combo.setMaxVisibleItems(20)
            # a store chosen narrows the registers and operators first (one change of the filter, not two)
            combo.currentIndexChanged.connect(self._on_store if name == "location" else self._on_picker)
            self.pickers[name] = combo
        self._by_store: dict[str, dict[str, list[str]]] = {}  # picker → store → its values (set_by_store)
        self._every: dict[str, list[str]] = {}  # picker → every value with tickets
        self._labels: dict[str, dict[str, str]] = {}  # picker → value → its label (operators: name and ID)

        labels = {p: QCoreApplication.translate("filter_state", PRESET_LABELS[p]) for p in PRESET_LABELS}
        self.time_combo = PickerCombo(labels["any"], self, fixed_list=True)
        self.time_combo.setObjectName("timeFilter")
        self.time_combo.setAccessibleName(self.tr("Time filter"))
        for preset in ("any", "today", "yesterday", "last7", "custom"):
            self.time_combo.addItem(labels[preset], preset)
        self.time_combo.setToolTip(self.tr("Only tickets that started in this period"))  # + span: the page
        self.time_combo.currentIndexChanged.connect(self._on_time_preset)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        self.date_from.setAccessibleName(self.tr("Tickets from day"))
        self.date_to.setAccessibleName(self.tr("Tickets to day"))
        keep_in_order(self.date_from, self.date_to)  # never reversed: the span line says what they show
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(self._on_picker)
            edit.hide()

        self.min_total = AmountEdit(self)  # "50.5" and "50,5" alike; "1.234" refused as unclear
        self.max_total = AmountEdit(self)
        for edit, text, name in (
            (self.min_total, self.tr("Min total"), "mintotal"),
            (self.max_total, self.tr("Max total"), "maxtotal"),
        ):
            edit.setObjectName(name)  # not from the text: the same in every language
            edit.setPlaceholderText(text)
            edit.setAccessibleName(text)
            edit.setFixedWidth(84)
            edit.setClearButtonEnabled(True)
            edit.editingFinished.connect(self._on_picker)
            edit.textChanged.connect(self._on_amount_text)

        self.flagged = QCheckBox(self.tr("Flagged only"), self)
        self.flagged.setObjectName("flaggedOnly")
        self.flagged.toggled.connect(self._on_picker)
        self.exception_picker = ExceptionPicker(self)  # the rules that fired, beside their chip
        self.exception_picker.currentIndexChanged.connect(self._on_exception_picked)
        # Always in its place, greyed when nothing is to clear; before the chip, whose click hides it.
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_to_search)
        self._rules: tuple[str, ...] = ()
        self._chip_slot = ChipSlot(self)
        self.rule_chip = self._chip_slot.chip  # the exception rule filter (set from the Exceptions view)
        self.rule_chip.setObjectName("ruleFilter")
        self.rule_chip.setAccessibleName(self.tr("Exception rule filter"))
        self.rule_chip.clicked.connect(self.clear_rule)
        self.rule_chip.hide()

        self._dash = QLabel("–", self)
        self._dash.hide()
        # One row when it fits, else two (150 % scaling on a 1366×768 screen, longer words in French): by the
        # bar's width only, so no value changes it (ui/filter_rows.py).
        period = [self.time_combo, self.date_from, self._dash, self.date_to]
        amounts = [self.min_total, QLabel("–", self), self.max_total, self.flagged]
        self.rows = FilterRows(
            self,
            [self.search, *self.pickers.values()],
            [*period, *amounts, self.exception_picker, self.clear_button, self._chip_slot],
            period[1:],
            self._chip_slot,
        )
        self.rows.place()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._update_clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.rows.place()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # sizes asked again (a font, a style): the same rule
            self.rows.place()
        return super().event(event)

    # -- state --------------------------------------------------------------------------------------------

    def state(self) -> FilterState:
        def picked(name: str) -> str | None:
            value = self.pickers[name].currentData()
            return value if isinstance(value, str) and value else None

        preset = self.time_combo.currentData() or "any"
        custom = preset == "custom"
        return FilterState(
            text=self.search.text(),
            location=picked("location"),
            terminal=picked("terminal"),
            operator=picked("operator"),
            status=picked("status"),
            min_total=self.min_total.value(),
            max_total=self.max_total.value(),
            time_preset=preset,
            date_from=self.date_from.date().toString(Qt.DateFormat.ISODate) if custom else None,
            date_to=self.date_to.date().toString(Qt.DateFormat.ISODate) if custom else None,
            flagged_only=self.flagged.isChecked(),
            rules=self._rules,
        )

    def set_state(self, state: FilterState, *, emit: bool = True) -> None:
        self._updating = True
        try:
            self.search.setText(state.text)
            for name in ("location", "terminal", "operator", "status"):
                self._select(self.pickers[name], getattr(state, name))
            self._narrow(keep=True)
            self.time_combo.setCurrentIndex(max(0, self.time_combo.findData(state.time_preset)))
            days = sorted(filter(None, (state.date_from, state.date_to)))  # saved reversed: as it applies
            for edit, text in zip((self.date_from, self.date_to), days[:1] + days[-1:], strict=False):
                if text:
                    try:
                        day = date.fromisoformat(text)
                        edit.setDate(QDate(day.year, day.month, day.day))
                    except ValueError:
                        pass
            for edit, value in ((self.min_total, state.min_total), (self.max_total, state.max_total)):
                edit.setText(amount_text(value))
            self.flagged.setChecked(state.flagged_only)
            self._show_rules(state.rules)
            self._show_dates(state.time_preset == "custom")
        finally:
            self._updating = False
        self._debounce.stop()
        self._update_clear()
        if emit:
            self.changed.emit(self.state())

    def set_choices(self, name: str, values: Sequence[str], labels: Mapping[str, str] | None = None) -> None:
        """Fill a picker with the values in the cache (shown as ``labels`` says), keeping the current choice."""
        combo = self.pickers[name]
        current = combo.currentData()
        updating, self._updating = self._updating, True
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                label = status_label(value) if name == "status" else (labels or {}).get(value, value)
                combo.addItem(shown_text(label), value)  # server text: a bidi override shown as [RLO]
            if isinstance(current, str) and combo.findData(current) < 0:
                combo.addItem(shown_text((labels or {}).get(current, current)), current)  # the cache lost it
            self._select(combo, current)
        finally:
            self._updating = updating

    def set_by_store(self, name: str, values: Sequence[str], pairs: Sequence[tuple[str, str]],
                     labels: Mapping[str, str] | None = None) -> None:  # fmt: skip
        """The registers (``name`` "terminal") or operators with tickets in the cache, and the (store, value)
        pairs ever stored: the picker lists the chosen store's (every value when the pairs are unknown). With
        ``labels`` (an operator key's: its name and employee ID) the values come in the order to list them."""
        shown = set(values)
        by_store: dict[str, list[str]] = {}
        for location, value in pairs:
            if value in shown:  # a pair whose tickets moved or were dropped offers nothing
                by_store.setdefault(location, []).append(value)
        self._labels[name] = dict(labels or {})
        self._every[name] = list(dict.fromkeys(values)) if labels else sorted(shown)
        self._by_store[name] = by_store
        self._narrow(keep=True)

    def _narrow(self, *, keep: bool) -> None:
        """Fill the register and operator pickers for the chosen store (every value for all stores). ``keep``:
        the chosen value stays even when it is another store's (a saved or requested filter is shown as it is);
        otherwise one of another store goes back to "All registers" or "All operators" (it could match none)."""
        location = self.pickers["location"].currentData()
        for name, every in self._every.items():
            by_store = self._by_store[name]
            known = isinstance(location, str) and bool(by_store)  # pairs unread: not narrowed
            mine = set(by_store.get(location, ()))
            wanted = [v for v in every if v in mine] if known else every
            combo = self.pickers[name]
            current = combo.currentData()
            if not keep and isinstance(current, str) and current in every and current not in wanted:
                updating, self._updating = self._updating, True
                try:
                    combo.setCurrentIndex(0)
                finally:
                    self._updating = updating
            labels = self._labels.get(name, {})  # under all stores, an operator of several says so
            several = in_stores(by_store, labels) if name == "operator" and not known else {}
            self.set_choices(name, wanted, {**labels, **several})

    @Slot()
    def clear(self) -> None:
        self.set_state(FilterState())

    @Slot()
    def clear_to_search(self) -> None:
        """Clear filters, then search: the button disables itself, and the focus Qt would hand on reached the
        table, which takes it by selecting its first receipt (shown, its video started: nobody chose it)."""
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.clear()

    @Slot()
    def clear_rule(self) -> None:
        if self.rule_chip.hasFocus():  # the chip hides itself: its focus to the search, not the table
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_rules(())
        self._on_picker()

    def _show_rules(self, rules: tuple[str, ...]) -> None:
        """The chip of the exception filter: the rule, or how many rules, every one named in its tooltip."""
        self._rules = rules
        titles = [rule_title(rule) for rule in rules]
        if len(rules) == 1:
            text = self.tr("Exception: {rule_title}  ✕").format(rule_title=titles[0])
        else:
            text = self.tr("Any of %n exception(s)  ✕", "", len(rules))
        self.rule_chip.setText(text if rules else "")
        self.rule_chip.setToolTip(
            self.tr(
                "Only tickets where one of these exception rules fired: {titles}. Click to remove this filter."
            ).format(titles=", ".join(titles))
            if len(rules) > 1
            else self.tr("Only tickets where this exception rule fired. Click to remove this filter.")
        )
        self.rule_chip.setVisible(bool(rules))
        self.exception_picker.show_rules(rules)  # (its signals blocked)

    @Slot()
    def _on_exception_picked(self) -> None:
        if not self._updating:
            self._show_rules(self.exception_picker.rules())
            self._on_picker()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- internals ----------------------------------------------------------------------------------------

    @staticmethod
    def _select(combo: QComboBox, value: str | None) -> None:
        index = combo.findData(value) if value else 0
        if index < 0:
            combo.addItem(value, value)  # type: ignore[arg-type]
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _show_dates(self, shown: bool) -> None:
        for widget in (self.date_from, self._dash, self.date_to):
            widget.setVisible(shown)

    @Slot()
    def _on_text(self) -> None:
        if not self._updating:
            self._debounce.start()
            self._update_clear()

    @Slot()
    def _flush(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def commit(self) -> None:
        """Apply what the bar shows now: a search still in its debounce, an amount typed without Enter.
        Before anything acts on "the current filter" (an export): it must be the filter the person sees."""
        if self._updating:
            return
        self._debounce.stop()
        self._emit()  # the page applies it only when it differs from what it shows

    @Slot()
    def _on_amount_text(self) -> None:
        if not self._updating:
            self._update_clear()

    @Slot()
    def _on_time_preset(self) -> None:
        self._show_dates(self.time_combo.currentData() == "custom")
        self._on_picker()

    @Slot()
    def _on_store(self) -> None:
        if not self._updating:
            self._narrow(keep=False)
        self._on_picker()

    @Slot()
    def _on_picker(self) -> None:
        if self._updating:
            return
        self._debounce.stop()
        self._emit()

    @Slot()
    def _emit(self) -> None:
        self._update_clear()
        self.changed.emit(self.state())

    def _update_clear(self) -> None:
        state = self.state()
        unclear = any(edit.problem() for edit in (self.min_total, self.max_total))  # text not applied
        self.clear_button.setEnabled(not state.is_default() or unclear)
        crossed = state.amounts_crossed()  # marked as typed, before Enter: the person sees why at once
        tip = self.tr("The min total is above the max total: no ticket can match") if crossed else ""
        for edit in (self.min_total, self.max_total):
            if bool(edit.property("crossed")) != crossed:
                edit.setProperty("crossed", crossed)
                edit.style().unpolish(edit)
                edit.style().polish(edit)
            edit.setToolTip(tip or edit.problem())  # crossed, or why its text is not applied
