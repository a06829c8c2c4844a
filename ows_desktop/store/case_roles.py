"""The case roles of a store (re-exported by :mod:`.interface`): :class:`CaseWriter` is ``store.cases``,
:class:`CaseReader` is ``reader.cases``. The values and rules they use are in :mod:`.cases`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ows_desktop.store.cases import Case, CaseFilter
from ows_desktop.store.review import AuditEntry, Keep

__all__ = ["Case", "CaseFilter", "CaseReader", "CaseWriter"]


class CaseWriter(Protocol):
    """Investigation cases (see :mod:`ows_desktop.store.cases`): each change one durable transaction with
    its audit entry (subject ``case:<number>``). Bad input raises CaseError (exit 2), nothing changed."""

    def new_case(
        self,
        title: str,
        *,
        operator: str | None = None,
        location: str | None = None,
        terminal: str | None = None,
        assignee: str | None = None,
        tickets: Sequence[str] = (),
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case: ...

    def add_tickets(
        self, number: str, keys: Sequence[str], *, who: str | None = None, now_us: int | None = None
    ) -> Case: ...

    def remove_tickets(
        self, number: str, keys: Sequence[str], *, who: str | None = None, now_us: int | None = None
    ) -> Case:
        """Its tickets among ``keys`` taken out of the case, those the team store's retention removed that it
        still counts (:meth:`CaseReader.retained_tickets`) included; others left alone. RoleRefusedError
        (exit 3, nothing changed) for one retention removed from a store the role does not have."""
        ...

    def update_case(
        self,
        number: str,
        *,
        title: str | Keep = ...,
        operator: str | Keep | None = ...,
        location: str | Keep | None = ...,
        terminal: str | Keep | None = ...,
        assignee: str | Keep | None = ...,
        status: str | Keep = ...,
        note: str | None = None,
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """The fields given changed, and ``note`` kept after them, in one transaction. Reopening a closed case
        needs the note (why); concluding it "No loss" while it claims a loss set by hand is refused (CaseError:
        nothing changed)."""
        ...

    def set_loss(
        self,
        number: str,
        amount: float | None,
        reason: str,
        *,
        who: str | None = None,
        now_us: int | None = None,
    ) -> Case:
        """The loss amount set by hand with a reason (None: back to the sum of the case's tickets)."""
        ...

    def add_case_note(
        self, number: str, text: str, *, who: str | None = None, now_us: int | None = None
    ) -> AuditEntry: ...


class CaseReader(Protocol):
    def case(self, number: str) -> Case:
        """CaseNotFoundError when there is no such case."""
        ...

    def cases(self, where: CaseFilter | None = None) -> list[Case]:
        """Newest first."""
        ...

    def case_tickets(self, number: str) -> list[str]:
        """The keys of its tickets, in the order they were added."""
        ...

    def retained_tickets(self, number: str) -> set[str]:
        """The keys of its tickets the team store's retention removed (store.case_unseen; a cache: none)."""
        ...

    def assignees(self) -> list[str]: ...

    def locations(self) -> list[str]: ...
