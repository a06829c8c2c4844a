"""A case's subject (its store, register and operator) against what the cache knows.

A case's subject is typed by a person, and it is what the case's evidence says the case is about (the PDF's
title: "Case C-2026-0001: … (store S999)"). A typo, or a store the tickets did not come from, was kept without
a word. :class:`KnownSubjects` holds the stores, registers and operators the cache's tickets name (on a team
store: those the signed-in role may read); :meth:`KnownSubjects.unknown` says which of a subject's values it
does not know, with the known value that differs only in case, spacing or accents when there is one.

An unknown value may still be right (a store opened since the last sync): the window asks before it keeps
one, the command line refuses it unless ``--allow-unknown`` is given (:func:`unknown_sentence`).

An operator is listed as the window names one (``Ines Brontë (E1014)``, by employee ID: names repeat across
stores; a ticket without an ID by its name) and known by that, its name or its employee ID; store and register
ids are compared exactly, as the filters and the team store's grants do ("s012" is not "S012"). An employee ID
typed that names exactly one listed operator is that operator (:meth:`KnownSubjects.operator_of`: a case
typed "E1031" said "operator E1031" on its header and the PDF's cover, where the picker offered "Yuki Brontë
(E1031)"); one in another letter case is offered as the near value."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ows_desktop.store.operators import operator_text

KINDS = ("store", "register", "operator")


@dataclass(frozen=True, slots=True)
class Unknown:
    """A subject value the cache does not know: ``kind`` one of :data:`KINDS`; ``near`` the known value that
    differs only in letter case, spacing or accents (None: none)."""

    kind: str
    value: str
    near: str | None = None


@dataclass(frozen=True, slots=True)
class KnownSubjects:
    stores: tuple[str, ...] = ()
    registers: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    operator_names: frozenset[str] = frozenset()  # the names and employee IDs behind ``operators``, known too
    operator_ids: tuple[tuple[str, str], ...] = ()  # (employee ID, the operator as listed) of those named

    @classmethod
    def read(cls, reader: Any) -> KnownSubjects:
        """What ``reader``'s tickets name, each list sorted, without repeats."""
        stores = {str(s) for s in reader.distinct_values("location") if s}
        registers = {str(r) for _store, r in reader.terminals() if r}
        people = [(str(i or ""), str(n or "")) for _store, i, n in reader.operators() if i or n]
        operators = {
            operator_text(name, operator_id) if operator_id else name for operator_id, name in people
        }
        names = frozenset(v for person in people for v in person if v)
        # a ticket naming no one but its ID lists the ID alone: the same person as the named ones
        ids = {(i, operator_text(n, i)) for i, n in people if i and n and n != i}
        return cls(_sorted(stores), _sorted(registers), _sorted(operators), names, tuple(sorted(ids)))

    def values(self, kind: str) -> tuple[str, ...]:
        return {"store": self.stores, "register": self.registers, "operator": self.operators}[kind]

    def operator_of(self, typed: str) -> str:
        """The operator as the picker lists it for ``typed`` (stripped): an employee ID that names exactly one
        listed operator is that operator ("E1031" → "Yuki Brontë (E1031)"); an ID of several names (its name
        differs between stores), a name (names repeat) or anything else stays as typed."""
        text = typed.strip()
        named = self._named(lambda operator_id: operator_id == text)
        return named or text

    def _named(self, matches: Callable[[str], bool]) -> str | None:
        """The one listed operator whose employee ID ``matches`` (None: none, or several)."""
        found = {listed for operator_id, listed in self.operator_ids if matches(operator_id)}
        return found.pop() if len(found) == 1 else None

    def unknown(
        self, *, location: str | None = None, terminal: str | None = None, operator: str | None = None
    ) -> list[Unknown]:
        """The given values (None or blank: not given) the cache does not know, store first."""
        found = []
        for kind, value in (("store", location), ("register", terminal), ("operator", operator)):
            text = (value or "").strip()
            if (
                text
                and text not in self.values(kind)
                and not (kind == "operator" and text in self.operator_names)
            ):
                found.append(Unknown(kind, text, self._near(kind, text)))
        return found

    def _near(self, kind: str, text: str) -> str | None:
        """The first known value that differs only in letter case, spacing or accents ("Yuki Bronte" for
        "Yuki Brontë (E1031)": an operator by the name before its ID too, or by its ID when that names one
        operator: "e1031"), as the search finds them."""
        wanted = folded(text)
        named = self._named(lambda operator_id: folded(operator_id) == wanted) if kind == "operator" else None
        if named is not None:  # not the ID alone that a ticket naming no one else lists
            return named
        for known in self.values(kind):
            name = known.rsplit(" (", 1)[0] if kind == "operator" and known.endswith(")") else known
            if wanted in (folded(known), folded(name)):
                return known
        return None


def unknown_sentence(unknowns: list[Unknown], flag: str = "--allow-unknown") -> str:
    """One line for the command line: ``Store 'S999' is not in this computer's cache: no synced ticket names
    it (did you mean …?). Check the spelling or sync first; give --allow-unknown to keep it anyway.``"""
    parts = []
    for item in unknowns:
        near = f" (did you mean {item.near!r}?)" if item.near else ""
        parts.append(f"{item.kind} {item.value!r}{near}")
    named = _joined(parts)
    verb = "is" if len(unknowns) == 1 else "are"
    them = "it" if len(unknowns) == 1 else "them"
    return (
        f"{named[0].upper()}{named[1:]} {verb} not in this computer's cache: no synced ticket names {them}. "
        f"Check the spelling, or sync first; give {flag} to keep {them} anyway (a store not synced yet)."
    )


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def folded(text: str) -> str:
    """``text`` without accents, in one letter case, its spaces squeezed."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(bare.split()).casefold()


def _sorted(values: set[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda v: (v.casefold(), v)))


__all__ = ["KINDS", "KnownSubjects", "Unknown", "folded", "unknown_sentence"]
