"""Reopening a closed case asks why, as changing its loss does: the reason is kept in the case's history as a
note right after the status change. A closed case is the evidence as it was handed over; reopened without a
word (the Status picker's "In progress", ``case update --status``), its history showed only that someone had,
not why. ``case update`` asks it as ``--note TEXT`` (cli/case_reopen.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ows_desktop.store.cases import CLOSED, Case


def reopen_reason(ask: Callable[..., str | None], case: Case | None, status: str) -> str | None:
    """Why the person reopens ``case`` (as the tab shows it) by moving it to ``status``, asked through
    ``ask(title, label, value=…)`` (CaseActions._ask) until some text is given; "" when the move does not
    reopen it (nothing asked); None on Cancel."""
    if case is None or case.status != CLOSED or status == CLOSED:
        return ""
    title = QCoreApplication.translate("CaseActions", "Reopen case")
    label = QCoreApplication.translate(
        "CaseActions", "Why is case {number} reopened? The reason is kept in its history."
    ).format(number=case.number)
    while (answer := ask(title, label)) is not None and not answer.strip():
        label = QCoreApplication.translate(
            "CaseActions",
            "A reason is needed: it is kept in the case's history. Why is case {number} reopened?",
        ).format(number=case.number)
    return answer


__all__ = ["reopen_reason"]
