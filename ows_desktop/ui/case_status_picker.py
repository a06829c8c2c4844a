"""The Cases tab's Status picker offers only what the shown case can go to: a status it cannot go to is greyed
(a closed case offered Open, then refused it), and so is "No loss" while the case claims a loss set by hand
that is not 0.00. Concluded so, the case list read "No loss" beside "16.78 *", the evidence both; closing
with no loss is refused the same way (store/loss_amount.py ``no_loss_yet_claimed``, the close dialog and
``case close``; ``case update --status`` too). The greyed item says why in its tooltip, and what to do."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox

from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.store.cases import NO_LOSS, TRANSITIONS, Case
from ows_desktop.store.loss_amount import no_loss_yet_claimed


def offer_moves(combo: QComboBox, case: Case) -> None:
    """Grey in ``combo`` (the Status picker, each item's data a status) what ``case`` cannot go to."""
    can = TRANSITIONS.get(case.status, frozenset()) | {case.status}  # offered: what the case can go to
    claimed = case.status != NO_LOSS and no_loss_yet_claimed(NO_LOSS, case.loss_override)
    why = (
        QCoreApplication.translate(
            "CasesPage",
            "The case claims a loss of {loss} set by hand: set it to {zero} with a reason (Loss amount…) to "
            "conclude it with no loss.",
        ).format(loss=money_text(case.loss_override or 0.0), zero=money_text(0))
        if claimed
        else None
    )
    items = cast(QStandardItemModel, combo.model())
    for index in range(combo.count()):
        status, item = combo.itemData(index), items.item(index)
        item.setEnabled(status in can and not (claimed and status == NO_LOSS))
        item.setData(why if status == NO_LOSS else None, Qt.ItemDataRole.ToolTipRole)


__all__ = ["offer_moves"]
