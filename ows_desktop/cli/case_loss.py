"""``case update --loss`` and ``case close --loss``: the amount as the command line takes it, with its reason,
and the close a case's hand-set loss would contradict. Checks as :mod:`.checks`' are: one
:class:`UsageError` line (exit 2) that says what to give instead, before anything changes.

The amount is the plain form only (``1250.00``: digits, a dot before at most 2 decimals), the same exact check
as the window's (store/loss_amount.py), which also reads the form its locale writes (``1,250.00`` in en_US,
``1 250,00`` in fr_FR): a script's shell has no such locale, and "12,50" is 12.50 in much of the world and
1,250 in the rest. ``12.345`` was stored as 12.35 and ``1e3`` taken as 1,000.00 without a word."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ows_desktop.cli.context import UsageError

if TYPE_CHECKING:
    from ows_desktop.store.interface import Case


@dataclass(frozen=True)
class LossGiven:
    """``--loss`` given: ``amount`` (None: 'auto', the ticket amounts added up) with ``reason``."""

    amount: float | None
    reason: str


def loss_given(loss: str | None, reason: str | None) -> LossGiven | None:
    """``--loss`` with its ``--reason`` (None: neither given); UsageError for one without the other or an
    amount the case does not take."""
    if loss is not None and not reason:
        raise UsageError("Changing the loss amount needs --reason TEXT (it is kept in the audit trail).")
    if reason is not None and loss is None:
        raise UsageError(
            "--reason goes with --loss AMOUNT (why the loss changes); for a remark use --note TEXT."
        )
    return None if loss is None or reason is None else LossGiven(loss_amount(loss), reason)


def loss_amount(text: str) -> float | None:
    """The amount ``--loss`` gives (None: 'auto'), or UsageError saying what to type."""
    from ows_desktop.store.loss_amount import MAX_LOSS, loss_from_plain

    if text.strip().lower() == "auto":
        return None
    if "," in text:  # "12,50" is 12.50 in much of the world and 1,250 in the rest: never guessed
        raise UsageError(
            f"{text!r}: write the amount without commas, with a dot before the cents, such as 1250.00 or 12.50."
        )
    amount = loss_from_plain(text)
    if amount is None:  # "1e309" said "inf is not a loss amount"; 12.345 was stored as 12.35
        raise UsageError(
            f"{text!r} is not a loss amount: give an amount from 0 to {MAX_LOSS:,.2f} in digits, with at most 2 "
            "decimals after a dot, such as 125.50, or 'auto' (the ticket amounts added up)."
        )
    return amount


def check_no_loss_close(case: Case, outcome: str | None, given: LossGiven | None) -> None:
    """UsageError when closing ``case`` as no loss (``outcome`` 'no-loss', or none given and the case concluded
    so) would keep a loss set by hand that is not 0.00 without naming it: the evidence said "no loss" and
    "loss 16.78" together. The window's close dialog shows that loss before OK; here ``--loss`` names it."""
    from ows_desktop.store.cases import CLOSED, NO_LOSS
    from ows_desktop.store.loss_amount import no_loss_yet_claimed

    concluded = NO_LOSS if outcome == "no-loss" else (case.outcome if outcome in (None, "none") else None)
    if case.status == CLOSED:
        return
    if given is not None:
        _no_loss_named(case, concluded, given, "close it with --outcome loss-confirmed")
        return
    if no_loss_yet_claimed(concluded, case.loss_override):
        raise _claims_both(case, "closed", "close", "close it with --outcome loss-confirmed")


def check_no_loss_update(case: Case, status: str | None, given: LossGiven | None) -> None:
    """UsageError when ``case update --status "no loss"`` would conclude ``case`` with no loss while it keeps a
    loss set by hand that is not 0.00 (the case list then read "No loss" beside "16.78 *"), as closing with
    no loss is refused: ``--loss`` names the loss it is concluded with."""
    from ows_desktop.store.cases import CLOSED, NO_LOSS, normalise_status
    from ows_desktop.store.loss_amount import no_loss_yet_claimed

    if status is None or case.status in (NO_LOSS, CLOSED) or normalise_status(status) != NO_LOSS:
        return  # (a closed case goes to In progress only: the store says so)
    if given is not None:
        _no_loss_named(case, NO_LOSS, given, "give --status 'loss confirmed'")
        return
    if no_loss_yet_claimed(NO_LOSS, case.loss_override):
        raise _claims_both(case, "concluded", "conclude", "give --status 'loss confirmed'")


def _claims_both(case: Case, done: str, verb: str, instead: str) -> UsageError:
    """What ``case close`` or ``case update`` says of a case whose hand-set loss "no loss" would sit beside."""
    return UsageError(
        f"Case {case.number} has a loss of {case.loss_override or 0:,.2f} set by hand: {done} with no loss it "
        f"would claim both. Add --loss 0 --reason TEXT to {verb} it with no loss, or {instead}; nothing was "
        "changed."
    )


def _no_loss_named(case: Case, concluded: str | None, given: LossGiven, instead: str) -> None:
    """UsageError when ``--loss`` names a loss that is not 0.00 for a case concluded with no loss."""
    from ows_desktop.store.loss_amount import no_loss_yet_claimed

    if no_loss_yet_claimed(concluded, given.amount):
        raise UsageError(
            f"Concluded with no loss, case {case.number} claims 0.00: --loss {given.amount:,.2f} would claim both. "
            f"Give --loss 0, or {instead}; nothing was changed."
        )


def update_with_loss(cases: Any, was: Case, fields: dict[str, Any], given: LossGiven | None) -> Case:
    """``case update``'s fields (its note kept after them), then its ``--loss``; the loss first when the same
    command concludes the case (its history never shows "no loss" with the old loss claimed, as ``case
    close``): then the other fields are checked and written first, and the status's move checked, so a
    refusal leaves the loss as it was."""
    from ows_desktop.store.cases import LOSS_CONFIRMED, NO_LOSS, check_transition, normalise_status

    number, status = was.number, fields.get("status")
    concluded = normalise_status(status) if isinstance(status, str) else None
    if given is None or concluded not in (LOSS_CONFIRMED, NO_LOSS):
        case = cases.update_case(number, **fields)
        return case if given is None else cases.set_loss(number, given.amount, given.reason)
    check_transition(number, was.status, concluded)
    cases.update_case(
        number, **{name: value for name, value in fields.items() if name not in ("status", "note")}
    )
    cases.set_loss(number, given.amount, given.reason)
    return cases.update_case(number, status=status, note=fields.get("note"))


__all__ = [
    "LossGiven",
    "check_no_loss_close",
    "check_no_loss_update",
    "loss_amount",
    "loss_given",
    "update_with_loss",
]
