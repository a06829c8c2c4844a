"""``case update --status`` that reopens a closed case needs ``--note TEXT`` saying why, as the window's Status
picker asks it (ui/case_reopen.py): a closed case is the evidence as it was handed over, and its history
showed only that someone had reopened it, not why. The note is kept right after the status change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ows_desktop.cli.context import UsageError

if TYPE_CHECKING:
    from ows_desktop.store.interface import Case


def check_reopen(case: Case, status: str | None, note: str | None) -> None:
    """UsageError (exit 2, nothing changed) when ``status`` reopens the closed ``case`` without a note."""
    from ows_desktop.store.cases import CLOSED, TRANSITIONS, normalise_status

    if case.status != CLOSED or status is None or normalise_status(status) not in TRANSITIONS[CLOSED] or note:
        return  # (another move from closed: the store says where it can go)
    raise UsageError(
        f"Case {case.number} is closed: reopening it needs --note TEXT saying why (it is kept in its history); "
        "nothing was changed."
    )


__all__ = ["check_reopen"]
