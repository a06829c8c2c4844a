"""The Loss amount… questions: the amount, then the reason, each asked again until it will do, and asked again
filled when the store refused the change for another reason than the amount.

A typo in the amount was refused only after the reason was typed, and lost it; a change the store refused
(the case was closed at another workstation meanwhile, or the connection dropped) lost the reason too, with
a banner saying only that the case could not be saved. Whatever the person typed is offered again, under
the store's refusal in plain words (Cancel then leaves the case as it is)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from ows_desktop.itemmodels.cases import loss_figure, loss_words
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.store.cases import Case
from ows_desktop.ui.case_questions import loss_amount, not_a_loss_amount


@dataclass(frozen=True)
class LossAnswer:
    amount: str  # as typed: "" for the ticket amounts added up
    reason: str


def ask_loss(
    ask: Callable[..., str | None],
    *,
    amount: str = "",
    reason: str = "",
    refused: str = "",
    case: Case | None = None,
) -> LossAnswer | None:
    """What the person answers through ``ask(title, label, value=…)`` (CaseActions._ask), None on Cancel.
    ``amount``, ``reason``: typed before, offered again; ``refused``: why the store refused them (plain words);
    ``case``: as the Cases tab shows it. The question says the loss it claims now and what that figure is, and
    an amount set by hand is offered to change (the box opened empty: it read as "no loss", and OK on it
    would have put the ticket amounts back)."""
    title, asked = (
        QCoreApplication.translate("CaseActions", "Loss amount"),
        QCoreApplication.translate("CaseActions", "Loss amount (empty: the ticket amounts added up):"),
    )
    if case is not None:
        now = QCoreApplication.translate("CaseActions", "Now: {loss}").format(
            loss=loss_figure(case, starred=False)
        )
        asked = f"{now}\n{loss_words(case)}\n\n{asked}"
        if not amount and not refused and case.loss_override is not None:
            amount = money_text(case.loss_override)
    label = asked
    if refused:
        label = (
            QCoreApplication.translate("CaseActions", "The loss amount was not changed: {why}").format(
                why=refused
            )
            + "\n\n"
            + asked
        )
    answer: str | None = amount
    while (answer := ask(title, label, value=answer or "")) is not None:
        if loss_amount(answer) is not False:  # out of range too: 1e+23 was refused after the reason
            break
        label = not_a_loss_amount(answer) + "\n" + asked
    if answer is None:
        return None
    label, told = QCoreApplication.translate("CaseActions", "Why does the amount change?"), reason
    while (told := ask(title, label, value=told or "")) is not None and not told.strip():
        label = QCoreApplication.translate(
            "CaseActions", "A reason is needed: it is kept in the case's history. Why does the amount change?"
        )
    return None if told is None else LossAnswer(answer, told)


__all__ = ["LossAnswer", "ask_loss"]
