"""The ticket filters ``search`` and ``export`` share: one definition of each option (``--location``,
``--terminal``, ``--operator``, ``--operator-id``, ``--exception``) and of its check.

A value no ticket has is a typo far more often than a question: ``--location s044`` (stores are ``S044``),
``--operator-id NOPE``, ``--operator "Nobody Here"`` and ``--exception bogus`` answered "0 of 0 matching
tickets", exit 0, or "no tickets matching exception bogus". Each is refused in one line (exit 2) that names
what is there, with the value that differs only in letter case or spacing when there is one. Store and
register ids are compared exactly, as the filters and the team store's grants do (store.case_subjects): "s044"
is not "S044", and the line says which is meant; a register no ticket has is offered its store's registers
("S044-R3": S044's) or the one it ends ("r1": "S044-R1"). An operator name is matched exactly, as the filter
does; one no ticket carries is refused as the others, offering the names that hold it ("Bronte": "Ines
Brontë"). Employee IDs match in any letter case ("e1032" is "E1032"), by the rule the search text's IDs follow
(store/search_ids.py). A rule is named by its id or its title, as the window shows it ("Outside opening
hours"), any case. On a team store a role's stores are those it may see; a store outside them keeps its note
(row-level security hides its tickets, said as such, not as a typo)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ows_desktop.cli.context import CliContext, UsageError, open_store
from ows_desktop.store.case_subjects import folded  # one rule for near names: case, spacing, accents

NEAR = 3  # registers offered for one no ticket has


def add_options(p: argparse.ArgumentParser) -> None:
    """The filters by who and where, and by exception rule, of ``search`` and ``export``."""
    p.add_argument("--location", action="append", default=[], help="a store id, e.g. S044 (repeatable)")
    p.add_argument("--terminal", action="append", default=[], help="a register id (repeatable)")
    p.add_argument("--operator", action="append", default=[], help="a name, whoever carries it (repeatable)")
    p.add_argument("--operator-id", action="append", default=[], help="an employee ID (repeatable)")
    p.add_argument(
        "--exception",
        action="append",
        default=[],
        metavar="RULE",
        help="tickets an exception rule found, by its id or title, e.g. line_void or 'Line void' (repeatable; "
        "'rules --list')",
    )


@dataclass(frozen=True)
class Filters:
    """The checked values, as TicketQuery fields, and a note for the stores the role may not see."""

    locations: tuple[str, ...]
    terminals: tuple[str, ...]
    operators: tuple[str, ...]
    operator_keys: tuple[str, ...]
    exceptions: tuple[str, ...]
    note: str = ""

    def query_fields(self) -> dict[str, Any]:
        return {
            "locations": self.locations,
            "terminals": self.terminals,
            "operators": self.operators,
            "operator_keys": self.operator_keys,
            "exceptions": self.exceptions,
        }


def exception_rules(asked: Sequence[str]) -> tuple[str, ...]:
    """``--exception`` values as rule ids, each given by its id (any case; ``line-void`` is ``line_void``) or
    its title (any case and spacing: ``'outside opening hours'``); an unknown one is refused naming the
    rules, before anything is opened. The one lookup of ``search`` and ``export``."""
    from ows_desktop.rules import RULES, RULES_BY_ID

    titles = {folded(str(rule.title)): rule.id for rule in RULES}
    found: dict[str, None] = {}
    unknown = []
    for value in asked:
        rule = "_".join(value.strip().casefold().replace("-", " ").split())
        rule = rule if rule in RULES_BY_ID else titles.get(folded(value), "")
        if rule:
            found[rule] = None
        else:
            unknown.append(value)
    if unknown:
        which = ", ".join(map(repr, unknown))
        raise UsageError(
            f"Unknown rule {which}; the rules are: {', '.join(RULES_BY_ID)}, or their titles (ows-desktop "
            "rules --list says what each finds)."
        )
    return tuple(found)


def checked(args: argparse.Namespace, reader: Any, scope: Any) -> Filters:
    """The filters of ``args`` once every store, register and employee ID given is one a ticket here has
    (UsageError otherwise); ``scope``: the team store role's (None: a cache on this computer)."""
    exceptions = exception_rules(args.exception)
    unseen = _unseen(scope, args.location)
    if set(args.location) - set(unseen):
        seen = [value for value in args.location if value not in unseen]
        _refuse_unknown("store", seen, reader.distinct_values("location"))
    if args.terminal:
        pairs = reader.terminals()
        _refuse_unknown(
            "register", args.terminal, sorted({t for _s, t in pairs if t}), _registers_near(pairs)
        )
    if args.operator:  # a name is matched exactly: one no ticket carries is a typo, not "0 matching tickets"
        names = sorted({name for _s, _i, name in reader.operators() if name})
        _refuse_unknown("operator", args.operator, names, _names_near(names))
    ids = [value.strip() for value in args.operator_id if value.strip()]
    if ids:
        ids = stored_ids(ids, sorted({i for _s, i, _n in reader.operators() if i}))
    note = ""
    if unseen:  # row-level security hides them as if nothing were there: say so (stderr, any format)
        they = "is" if len(unseen) == 1 else "are"
        note = (
            f"Note: {', '.join(unseen)} {they} not among the stores {scope.user} may see in the team store "
            f"(stores: {scope.stores_text()}); its tickets are not counted."
        )
    return Filters(
        tuple(args.location),
        tuple(args.terminal),
        tuple(args.operator),
        operator_keys(ids),
        exceptions,
        note,
    )


def checked_in_store(args: argparse.Namespace, ctx: CliContext) -> Filters:
    """:func:`checked`, the store opened only when a value needs looking up (``export``, which opens it for
    itself later)."""
    if not (args.location or args.terminal or args.operator or any(v.strip() for v in args.operator_id)):
        return checked(args, None, None)
    with open_store(ctx) as store, store.reader() as reader:
        return checked(args, reader, store.scope())


def operator_keys(ids: Sequence[str]) -> tuple[str, ...]:
    """``--operator-id`` values as the store's operator filter (store/operators.py)."""
    from ows_desktop.store.operators import operator_key

    return tuple(operator_key(value.strip(), None, None) for value in ids if value.strip())


def stored_ids(asked: Sequence[str], known: Sequence[str]) -> list[str]:
    """``--operator-id`` values as the IDs the tickets have (``known``), in any letter case: ``e1032`` is
    ``E1032`` (and every stored ID that differs from it only so), by the search text's rule
    (store/search_ids.py); one no ticket has is refused."""
    from ows_desktop.store.search_ids import group_ids, id_lower

    named = group_ids([id_lower(value) for value in asked], known)
    found = {value: named.get(id_lower(value)) or ((value,) if value in known else ()) for value in asked}
    _refuse_unknown("employee ID", [value for value in asked if not found[value]], known)
    return list(dict.fromkeys(stored for value in asked for stored in found[value]))


def _registers_near(pairs: Sequence[tuple[str, str]]) -> Callable[[str], list[str]]:
    """What a register no ticket has may have meant: the registers of the store its id starts with
    ("S044-R3": S044's), else the one whose id it ends ("r1": "S044-R1"); a few at most."""

    def near(value: str) -> list[str]:
        folded = value.strip().casefold()
        stores = sorted({s for s, _t in pairs if s and folded.startswith(s.casefold())}, key=len)
        if stores:  # the longest store id it starts with
            return sorted({t for s, t in pairs if s == stores[-1] and t})[:NEAR]
        return sorted(
            {t for _s, t in pairs if t and len(t) > len(folded) and t.casefold().endswith(folded)
             and not t[-len(folded) - 1].isalnum()}
        )[:NEAR]  # fmt: skip

    return near


def _names_near(names: Sequence[str]) -> Callable[[str], list[str]]:
    """What an operator name no ticket carries may have meant: the names that hold it, whatever its accents,
    letter case and spacing ("Bronte": "Ines Brontë", "Yuki Brontë"); a few at most."""

    def near(value: str) -> list[str]:
        part = folded(value)
        return [name for name in names if part and part in folded(name)][:NEAR]

    return near


def _unseen(scope: Any, asked: Sequence[str]) -> list[str]:
    """The stores of ``asked`` the team store role does not see ([] on a cache, or for a role of all)."""
    if scope is None or scope.all_locations:
        return []
    return [location for location in asked if location not in scope.locations]


def _refuse_unknown(
    kind: str, asked: Sequence[str], known: Sequence[str], near: Callable[[str], list[str]] | None = None
) -> None:
    from ows_desktop.basics.text_marks import mark_name

    missing = [value for value in dict.fromkeys(asked) if value not in known]
    if not missing:
        return
    value = missing[0]
    meant = [k for k in known if folded(k) == folded(value)][:1] or (near(value) if near else [])
    said = [repr(mark_name(k)) for k in meant]  # "'S044-R1'", "'S044-R1' or 'S044-R2'", "'A', 'B' or 'C'"
    either = f"{', '.join(said[:-1])} or {said[-1]}" if len(said) > 1 else "".join(said)
    mean = f" (did you mean {either}?)" if said else ""
    more = f" (nor {', '.join(map(repr, missing[1:]))})" if len(missing) > 1 else ""
    listed = _listed([mark_name(k) for k in known])
    kinds = "operator names" if kind == "operator" else f"{kind}s"
    there = f"the {kinds} here: {listed}" if known else f"no ticket here names any {kind} yet"
    hint = {
        "employee ID": "; --operator NAME finds a cashier by name",
        "operator": "; --operator-id ID finds one employee",
    }.get(kind, "")
    raise UsageError(f"No {kind} {value!r} in the tickets here{mean}{more}; {there}{hint}.")


def _listed(values: Sequence[str], most: int = 12) -> str:
    if len(values) <= most:
        return ", ".join(values)
    return f"{', '.join(values[:most])} … ({len(values)} in all)"
