"""Which open case "Add to case…" chooses before the person does.

It chose the newest open case, whatever it was about: a tester selected three tickets of operator E1032 at
store S044 and the dialog offered "C-2026-0002 — Store S012 reasons test" although C-2026-0001, about exactly
that operator and store, was in the list; Enter would have filed the tickets in the wrong case. Now it
chooses the open case about the tickets' subject — one whose operator, store and register, those it names,
are the tickets' own (the operator by its name and employee ID, its ID alone, or its name), and that names
their operator or their store at least; one about their operator before one about their store only; the
latest of those — and else none: the person chooses (OK waits for a choice), and the dialog says which rule
chose what it shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ows_desktop.store.case_subjects import folded
from ows_desktop.store.cases import Case


def operator_names(operator: str | None) -> set[str]:
    """The texts that name the tickets' operator ``operator`` (``Ines Brontë (E1032)`` as the dialog writes
    it: that, ``E1032`` and ``Ines Brontë``), folded; none when the tickets have no one operator."""
    if not operator:
        return set()
    names = {folded(operator)}
    if operator.endswith(")") and " (" in operator:
        name, operator_id = operator[:-1].rsplit(" (", 1)
        names |= {folded(name), folded(operator_id)}
    return names


def _names_the_same(value: str | None, theirs: Any) -> bool | None:
    """None: the case does not name it; else whether it names the tickets' own."""
    if not (value or "").strip():
        return None
    wanted = folded(value or "")
    return wanted in theirs if isinstance(theirs, set) else bool(theirs) and wanted == folded(theirs)


def case_about(cases: Sequence[Case], subject: Any) -> Case | None:
    """The open case of ``cases`` about the tickets whose shared operator, store and register ``subject``
    holds (a ``NewCase``; None where they differ); see the module docstring. None: none is."""
    best: tuple[bool, int] | None = None
    chosen = None
    for case in cases:
        operator = _names_the_same(case.operator, operator_names(subject.operator))
        location = _names_the_same(case.location, subject.location)
        terminal = _names_the_same(case.terminal, subject.terminal)
        if False in (operator, location, terminal) or not (operator or location):
            continue
        rank = (bool(operator), case.created_us)
        if best is None or rank > best:
            best, chosen = rank, case
    return chosen


__all__ = ["case_about", "operator_names"]
