"""The filter bar's exception picker: list the tickets where an exception rule fired, by the rule.

A store manager looking for a ticket with a voided line chose Status "Void" and did not find it: the status
is the ticket's own (a void is a voided ticket), and a line void on a ticket that went through was reachable
only from the Exceptions tab. The picker lists "Any exception" and every rule (Line void, Whole-ticket void,
Refund / return, …; each entry's tooltip is the rule's description): the tickets the rule runs found, the
same query the Exceptions tab's cells list (``TicketQuery.exceptions``). The Status filter keeps its exact
meaning. A set of rules from the Exceptions tab that is neither one rule nor all of them shows as "Any of N
exceptions". A :class:`~ows_desktop.ui.filter_widgets.PickerCombo`: its width never follows its value."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from ows_desktop.itemmodels.core_labels import core_label, core_text
from ows_desktop.rules.definitions import RULES
from ows_desktop.ui.filter_widgets import PickerCombo

_FIXED = 2 + len(RULES)  # "No exception filter", "Any exception", one entry a rule; then a set of rules


class ExceptionPicker(PickerCombo):
    """``exceptionFilter``: "No exception filter", "Any exception", then every rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        everything = QCoreApplication.translate("ExceptionPicker", "No exception filter")
        super().__init__(everything, parent)
        self.setObjectName("exceptionFilter")
        self.setAccessibleName(self.tr("Exception filter"))
        self.setToolTip(
            self.tr(
                "Only tickets where this exception rule fired (a voided line on a ticket that went through: Line void)"
            )
        )
        self.setMaxVisibleItems(20)
        self.addItem(everything, None)
        self.addItem(self.tr("Any exception"), _data(tuple(rule.id for rule in RULES)))
        self.setItemData(1, self.tr("Tickets where any rule fired"), Qt.ItemDataRole.ToolTipRole)
        for rule in RULES:
            self.addItem(core_label(rule.title), rule.id)
            self.setItemData(self.count() - 1, core_text(rule.description), Qt.ItemDataRole.ToolTipRole)

    def rules(self, index: int | None = None) -> tuple[str, ...]:
        """The rules of the entry chosen, or of entry ``index`` (none: no exception filter)."""
        data = self.currentData() if index is None else self.itemData(index)
        return tuple(data.split(",")) if isinstance(data, str) and data else ()

    def show_rules(self, rules: tuple[str, ...]) -> None:
        """Choose the entry of ``rules``, in any order (another set of rules: an entry of its own), without
        signalling it (the filter bar shows a state it was given)."""
        blocked = self.blockSignals(True)
        try:
            while self.count() > _FIXED:
                self.removeItem(_FIXED)
            wanted = set(rules)
            index = next((i for i in range(_FIXED) if set(self.rules(i)) == wanted), -1)
            if index < 0:
                self.addItem(self.tr("Any of %Ln exception(s)", "", len(rules)), _data(rules))
                index = self.count() - 1
            self.setCurrentIndex(index)
        finally:
            self.blockSignals(blocked)
        self.update()  # its value changed without a signal: drawn again


def _data(rules: tuple[str, ...]) -> str:
    return ",".join(rules)  # a rule id has no comma (rules.definitions)


__all__ = ["ExceptionPicker"]
