"""A case's loss amount as typed: the one check of the window's loss questions and of ``ows-desktop case
update|close --loss`` (each first turns what was typed into the plain form), and the store's own check.

An amount was rounded to the cent, or the maximum, without a word: ``12.345`` was stored as 12.35,
``999999999999.995`` as the maximum, ``1e3`` taken as 1,000.00 and ``0.004`` as 0.00, and the evidence said
the rounded figure. An amount is now what was typed, exactly, or refused: digits, at most 2 decimals (a trailing
zero beyond them is the same amount), from 0 to :data:`MAX_LOSS`; no exponent, ``inf`` or ``nan``."""

from __future__ import annotations

import math
import re
from decimal import Decimal

MAX_LOSS = 999_999_999_999.99  # the largest loss amount a case takes (the window and the CLI say so)
_MAX = Decimal("999999999999.99")
# The plain form: ASCII digits, and a dot before the decimals ("1234.50", "12", ".5", "12."); no sign, no
# group separator, no exponent (Python's float() also took "1_000", "1e3", "inf" and other scripts' digits).
_PLAIN = re.compile(r"(?P<whole>[0-9]*)(?:\.(?P<cents>[0-9]*))?", re.ASCII)


def loss_from_plain(text: str) -> float | None:
    """The loss amount ``text`` writes in the plain form (``1234.50``; spaces around it ignored), None when it
    is not one a case takes: not in that form, more than 2 decimals, or beyond :data:`MAX_LOSS`."""
    typed = text.strip()
    match = _PLAIN.fullmatch(typed)
    if match is None or not (match["whole"] or match["cents"]):
        return None
    if len((match["cents"] or "").rstrip("0")) > 2:  # 12.345 is not 12.35; 12.340 is 12.34
        return None
    value = Decimal(typed)
    return float(value) + 0.0 if value <= _MAX else None


def is_loss_amount(value: float) -> bool:
    """Whether ``value`` is a loss amount a case takes: 0 to :data:`MAX_LOSS`, on a cent (12.345 is not)."""
    return math.isfinite(value) and 0 <= value <= MAX_LOSS and round(value, 2) == value


def no_loss_yet_claimed(outcome: str | None, loss_override: float | None) -> bool:
    """Whether a case concluded ``outcome`` would claim "no loss" beside a loss set by hand (``loss_override``:
    the one it has, or the one named with the conclusion) that is not 0.00: the evidence would say both.
    Refused by the store (store/cases.py ``check_conclusion``), ``case close`` and ``case update --status``,
    the window's close dialog and its Status picker (ui/case_status_picker.py): the loss is set to 0.00 first."""
    from ows_desktop.store.cases import NO_LOSS

    return outcome == NO_LOSS and loss_override is not None and loss_override != 0


__all__ = ["MAX_LOSS", "is_loss_amount", "loss_from_plain", "no_loss_yet_claimed"]
