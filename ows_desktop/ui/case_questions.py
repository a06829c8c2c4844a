"""The Cases tab's questions before a change that is hard to take back: closing a case asks its outcome and
shows the loss it will claim (:class:`CloseCaseDialog`); removing tickets asks first (:func:`confirm_remove`).

Choosing "Closed" in the Status picker closed the case at once: without an outcome, with its loss still "not
set by an investigator", and a closed case's loss and tickets can no longer change. Remove acted at once too.
Both dialogs only collect the answer; the writes, each audited, run in ui/case_actions.py. A close the store
refuses (the case closed or changed at another workstation meanwhile) asks again with the outcome, the loss
and the reason typed, under the store's refusal in plain words: they were lost behind a banner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.itemmodels.cases import loss_words
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.locale_format import money_text, plain_number
from ows_desktop.itemmodels.shown_text import shown_text
from ows_desktop.store.cases import LOSS_CONFIRMED, NO_LOSS, Case
from ows_desktop.store.loss_amount import MAX_LOSS, loss_from_plain, no_loss_yet_claimed
from ows_desktop.ui.dialog_title import fit_title

NO_OUTCOME = ""  # closed without a conclusion (only a case not concluded yet)
PROBLEM_LINES = 2  # the close dialog's room for what stops OK (its longest sentences take two lines)


def loss_amount(text: str) -> float | bool | None:
    """The loss amount typed ("125,50" in fr_FR, "1,234.50" in en_US, "125.50" in any), None for none (the
    ticket amounts added up), False when it is not one a case takes (not a number in digits, below 0, more
    than 2 decimals, above MAX_LOSS: 12.345 was stored as 12.35 without a word). The one check of the Loss
    amount dialog and of the close dialog (ui/case_actions.py), the CLI's too (store/loss_amount.py): the
    store refuses the rest only after the reason was typed."""
    if not text.strip():
        return None
    amount = loss_from_plain(plain_number(text))
    return False if amount is None else amount


def not_a_loss_amount(text: str) -> str:
    """What the dialogs say when :func:`loss_amount` refuses ``text`` (what was typed, and what to type)."""
    message = QCoreApplication.translate(
        "case_questions",
        "“{typed}” is not a loss amount: type an amount from {low} to {high} in digits, with at most 2 "
        "decimals, such as {example}.",
    )
    return message.format(typed=text, low=money_text(0), high=money_text(MAX_LOSS), example=money_text(125.5))


@dataclass(frozen=True)
class CloseAnswer:
    """``outcome``: LOSS_CONFIRMED, NO_LOSS or NO_OUTCOME; ``loss``: the amount to set first (None: as it is),
    with ``reason``; ``typed``: the amount as typed (offered again when the store refuses)."""

    outcome: str
    loss: float | None = None
    reason: str = ""
    typed: str = ""


class CloseCaseDialog(QDialog):
    """Close ``case``: its outcome (the one it was concluded with preselected; a case not concluded yet has
    none chosen, OK waits for one), the loss the closed case will claim, and optionally a loss set first.
    ``typed``: an answer the store refused (``refused``: why, in plain words), offered again.

    Nothing the person clicks moves while she answers: the outcomes and the loss fields first, then the loss
    the case will claim (its lines change as she types) and what stops OK, in a room kept for
    :data:`PROBLEM_LINES` lines shown or not (a tester's outcomes moved up and down as a warning came and went:
    the dialog's spare height was spread between its lines)."""

    def __init__(
        self, case: Case, parent: QWidget | None = None, typed: CloseAnswer | None = None, refused: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeCaseDialog")
        self._case = case
        self.setWindowTitle(self.tr("Close case {number}").format(number=case.number))
        intro = QLabel(
            self.tr(
                "What did the investigation find? A closed case keeps its outcome, loss and tickets (reopen "
                "it to change them)."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.refusal = QLabel(self.tr("The case was not closed: {why}").format(why=refused), self)
        self.refusal.setObjectName("closeRefused")
        self.refusal.setTextFormat(Qt.TextFormat.PlainText)  # the store's words
        self.refusal.setWordWrap(True)
        self.refusal.setVisible(bool(refused))
        self.outcomes: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        choices = [(LOSS_CONFIRMED, "Loss confirmed"), (NO_LOSS, "No loss")]
        if case.outcome is None:  # a concluded case closes with its conclusion (or another one)
            choices.append((NO_OUTCOME, self.tr("No outcome (closed without a conclusion)")))
        for outcome, label in choices:
            button = QRadioButton(core_label(label) if outcome else label, self)
            button.setObjectName(f"outcome_{outcome or 'none'}")
            group.addButton(button)
            self.outcomes[outcome] = button
            button.toggled.connect(self._update)

        self.amount = QLineEdit(self)
        self.amount.setObjectName("closeLossAmount")
        self.amount.setAccessibleName(self.tr("Loss amount"))
        self.amount.setPlaceholderText(self.tr("as it is"))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("closeLossReason")
        self.reason.setAccessibleName(self.tr("Why the loss amount changes"))
        form = QFormLayout()
        form.addRow(self.tr("Set the loss to"), self.amount)
        form.addRow(self.tr("Because"), self.reason)
        self.loss_now = QLabel(self)
        self.loss_now.setObjectName("closeLossNow")
        self.loss_now.setTextFormat(Qt.TextFormat.PlainText)  # a reason as typed
        self.loss_now.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("closeProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        # its room kept, shown or not: the fields and buttons moved up and down as a problem came and went
        self.problem.setMinimumHeight(PROBLEM_LINES * self.problem.fontMetrics().lineSpacing())
        policy = self.problem.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.problem.setSizePolicy(policy)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(self.tr("Close case"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.refusal)
        layout.addWidget(intro)
        for button in self.outcomes.values():
            layout.addWidget(button)
        layout.addLayout(form)
        layout.addWidget(self.loss_now)  # under what the person clicks: its lines change as she types
        layout.addWidget(self.problem)
        layout.addStretch(1)  # a taller dialog's room, not spread between the lines above
        layout.addWidget(buttons)
        self.amount.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        if case.outcome in self.outcomes:
            self.outcomes[case.outcome].setChecked(True)
        if typed is not None:  # refused: what was typed, to try again or copy
            if typed.outcome in self.outcomes:
                self.outcomes[typed.outcome].setChecked(True)
            self.amount.setText(typed.typed)
            self.reason.setText(typed.reason)
        self._update()
        fit_title(self, 480)

    def outcome(self) -> str | None:
        return next((outcome for outcome, b in self.outcomes.items() if b.isChecked()), None)

    def answer(self) -> CloseAnswer:
        return CloseAnswer(
            str(self.outcome()), self._amount(), self.reason.text().strip(), self.amount.text()
        )

    def _amount(self) -> float | None:
        amount = loss_amount(self.amount.text())
        return None if amount is False else amount

    @Slot()
    def _update(self, *_args: object) -> None:
        """The loss the closed case will claim, and what stops OK (no outcome chosen, an amount that is not one,
        an amount without its reason)."""
        outcome, amount, typed = self.outcome(), self._amount(), self.amount.text().strip()
        after = replace(self._case, outcome=outcome or self._case.outcome)
        if amount is not None:
            why = self.reason.text().strip() or "…"  # not yet typed ("Set by hand: ; …" read as a slip)
            after = replace(after, loss_override=amount, loss_reason=why)
        words = loss_words(after).replace("\n", "; ")
        self.loss_now.setText(
            shown_text(
                self.tr("Closed, the case claims a loss of {loss} ({words}).").format(
                    loss=money_text(after.loss_amount), words=words
                )
            )
        )
        problem = ""
        if typed and amount is None:  # not a number, or out of range: as the Loss amount dialog says
            problem = not_a_loss_amount(typed)
        elif amount is not None and not self.reason.text().strip():
            problem = self.tr("Say why the loss changes: it is kept in the case's history.")
        elif amount is None and no_loss_yet_claimed(outcome, self._case.loss_override):  # as case close
            problem = self.tr(
                "Closed with no loss, the case would still claim the loss of {loss} set by hand: set the loss to "
                "0.00 and say why, or choose Loss confirmed."
            ).format(loss=money_text(self._case.loss_override or 0))
        elif no_loss_yet_claimed(outcome, amount):  # a loss typed with "No loss": the evidence would say both
            problem = self.tr(
                "Closed with no loss, the case claims 0.00: set the loss to 0.00, or choose Loss confirmed."
            )
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok.setEnabled(outcome is not None and not problem)


class RemoveQuestion(QMessageBox):
    """Whether ``names`` (the tickets as the receipt names them) are to leave case ``number``."""

    def __init__(self, number: str, names: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("removeTicketsQuestion")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Remove from case {number}").format(number=number))
        self.setTextFormat(Qt.TextFormat.PlainText)
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        self.setText(
            self.tr(
                "Remove %Ln ticket(s) from case {number}?\n\n{tickets}\n\nThe tickets stay on this computer. "
                "The case's history records the removal; Add to case puts a ticket back.",
                "",
                len(names),
            ).format(number=number, tickets=shown_text(shown))
        )
        self.remove = self.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(cancel)
        self.setEscapeButton(cancel)
        fit_title(self, 420)


def confirm_remove(parent: QWidget, number: str, names: Sequence[str]) -> bool:
    """Ask before ``names`` leave case ``number`` (:class:`RemoveQuestion`)."""
    box = RemoveQuestion(number, names, parent)
    box.exec()
    return box.clickedButton() is box.remove


__all__ = [
    "NO_OUTCOME",
    "CloseAnswer",
    "CloseCaseDialog",
    "RemoveQuestion",
    "confirm_remove",
    "loss_amount",
    "not_a_loss_amount",
]
