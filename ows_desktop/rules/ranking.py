"""The Exceptions view's data: operators (or registers) over a date range, with per-rule counts, ranked by how
unusual their exception rates are next to the store peers who worked the same hours (:mod:`.peers`: one-sided
Poisson tail, a minimum volume before anyone is ranked). The weighted count (``count × weight``) and its rate
per 100 tickets stay alongside, and order the rows too thin to rank.

An operator row is one employee ID, whatever its stores and however its name was written; tickets without an ID
are their operator's name at their store, a row of their own that says so (:mod:`ows_desktop.store.operators`:
two cashiers of one name in two stores were one row, accused of both stores' refunds)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ows_desktop.rules.definitions import RULES, RULES_BY_ID, RuleConfig
from ows_desktop.rules.peers import ANY, METHOD_TEXT, MIN_TICKETS, PeerFigure, peer_figures
from ows_desktop.store.interface import RuleReader, StoreDays
from ows_desktop.store.operators import NO_ID, operator_key, operator_text
from ows_desktop.store.timekeys import bound_rowid

GROUP_BY = ("operator", "terminal")
_MAX_RID = (1 << 63) - 1


@dataclass(frozen=True)
class RankingRow:
    """One operator — an employee ID (``operator_id``; ``location`` None), or a name at a store for tickets
    without an ID (``operator_id`` ''; ``location`` its store) — or one register (``operator_id`` None,
    ``location`` its store). A row made with neither (``location`` None) is the operator of that name."""

    name: str  # operator name (the one most of the ID's tickets carry), or terminal id ('' when none)
    location: str | None
    tickets: int  # tickets in the range
    flagged_tickets: int  # tickets with at least one exception: the Exceptions count, what a click lists
    exceptions: int  # findings, one per rule per ticket (Σ per_rule): a ticket can count several times
    score: float  # Σ count × weight, over the findings
    per_rule: dict[str, int] = field(default_factory=dict)
    peers: dict[str, PeerFigure] = field(default_factory=dict)  # rule (or ANY) → next to store peers
    ranked: bool = False  # enough tickets to be ranked
    operator_id: str | None = None  # the employee ID ('' for a name at a store); None for a register
    names: tuple[str, ...] = ()  # every name the ID's tickets carry, most tickets first
    stores: tuple[str, ...] = ()  # the stores of the row's tickets

    @property
    def is_operator(self) -> bool:
        return self.operator_id is not None or self.location is None

    @property
    def label(self) -> str:
        """The row as the CLI names it: ``Ines Brontë (E1014)``, ``S063 · Ines Brontë (no employee ID)``,
        ``S1 · R2`` (the window says the same in its language)."""
        if self.operator_id:
            return operator_text(" / ".join(self.names or (self.name,)), self.operator_id)
        if self.operator_id == "":
            return f"{self.location} · {NO_ID.format(name=self.name or '—')}"
        return self.name if self.location is None else f"{self.location} · {self.name}"

    @property
    def headline(self) -> PeerFigure | None:
        """Tickets with any exception next to store peers (what the rank is by), when the row is ranked."""
        return self.peers.get(ANY) if self.ranked else None

    def flagged_filter(self, rules: tuple[str, ...] = ()) -> dict[str, Any]:
        """TicketQuery keyword arguments selecting exactly the tickets the headline counts: those with any of
        ``rules`` (the ranking's counted rules; default: the ones that fired on the row)."""
        return {**self.filter(), "exceptions": rules or tuple(sorted(self.per_rule))}

    @property
    def surprise(self) -> float:
        """−log10 of the headline's tail probability; −1 for rows too thin to rank (they sort last)."""
        top = self.headline
        return top.surprise if top is not None else -1.0

    @property
    def score_per_100(self) -> float:
        return self.score * 100.0 / self.tickets if self.tickets else 0.0

    def filter(self, rule: str | None = None) -> dict[str, Any]:
        """TicketQuery keyword arguments selecting this row's tickets (and one rule's exceptions)."""
        out: dict[str, Any] = {}
        if self.operator_id is not None:
            out["operator_keys"] = (operator_key(self.operator_id, self.name, self.location),)
        elif self.location is None:
            out["operators"] = (self.name,)
        else:
            out["locations"] = (self.location,)
            out["terminals"] = (self.name,)
        if rule is not None:
            out["exceptions"] = (rule,)
        return out


@dataclass(frozen=True)
class Ranking:
    by: str
    start: datetime | None
    end: datetime | None
    rules: tuple[str, ...]  # rule ids, in column order
    rows: tuple[RankingRow, ...]  # most unusual first, then the unranked by score
    min_tickets: int = MIN_TICKETS
    method: str = METHOD_TEXT
    counted: tuple[str, ...] = ()  # the rules the figures count (switched-off ones are not)
    days: StoreDays | None = None  # each store's own calendar days, AND-ed with start and end

    def filter(self, row: RankingRow, rule: str | None = None) -> dict[str, Any]:
        """TicketQuery keyword arguments for a cell: the row's tickets in the date range (one rule's)."""
        return {**self._span(), **row.filter(rule)}

    def flagged_filter(self, row: RankingRow) -> dict[str, Any]:
        """TicketQuery keyword arguments for the row's tickets with any exception in the date range: any of
        the rules the ranking counts (for the row's own tickets, the same tickets as any of those that fired
        on them; as a filter kept while the person changes others, the one that stays exact)."""
        return {**self._span(), **row.flagged_filter(self.counted)}

    def _span(self) -> dict[str, Any]:
        span: dict[str, Any] = {"start": self.start, "end": self.end}
        return span if self.days is None else {**span, "store_days": self.days}


def rank_exceptions(
    reader: RuleReader,
    start: datetime | None,
    end: datetime | None,
    *,
    by: str = "operator",
    config: RuleConfig | None = None,
    min_tickets: int = MIN_TICKETS,
    days: StoreDays | None = None,
) -> Ranking:
    """Rank by ``by`` ('operator' or 'terminal') over tickets whose time is in [start, end) (and on ``days``,
    each store's own calendar days): rows with at least ``min_tickets`` tickets by their most unusual rate
    next to store peers, the others after them."""
    if by not in GROUP_BY:
        raise ValueError(f"Rank by one of {', '.join(GROUP_BY)}, not {by!r}.")
    config = config or RuleConfig()
    lo = 0 if start is None else bound_rowid(start)
    hi = _MAX_RID if end is None else bound_rowid(end)
    # A rule switched off in the settings is not counted (its stored rows go at the next re-run).
    skip = [rule for rule in RULES_BY_ID if rule not in config.enabled]
    counts, totals = reader.rules.ranking_cells(lo, hi, by, skip, days)
    people: dict[tuple[Any, ...], _Person] = {}
    if by == "operator":
        counts, totals, people = _by_person(counts, totals)
    width = 1 if by == "operator" else 2
    figures = peer_figures(counts, totals, width)
    per_group: dict[tuple[Any, ...], dict[str, int]] = {}
    for row in counts:
        rules = per_group.setdefault(tuple(row[:width]), {})
        rules[row[width + 2]] = rules.get(row[width + 2], 0) + int(row[width + 3])
    volume: dict[tuple[Any, ...], list[int]] = {}
    for row in totals:
        sums = volume.setdefault(tuple(row[:width]), [0, 0])
        sums[0] += int(row[width + 2])
        sums[1] += int(row[width + 3] or 0)
    rows = []
    for group, (tickets, with_exceptions) in volume.items():
        rules = per_group.get(group, {})
        if not rules:
            continue
        person = people.get(group)
        if person is not None:
            name, location = person.names[0], person.location
        else:
            name, location = group[1], group[0]
        rows.append(
            RankingRow(
                name=name or "",
                location=location,
                tickets=tickets,
                flagged_tickets=with_exceptions,
                exceptions=sum(rules.values()),
                score=sum(count * config.weight(rule) for rule, count in rules.items()),
                per_rule=rules,
                peers=figures.get(group, {}),
                ranked=tickets >= min_tickets,
                operator_id=None if person is None else person.operator_id,
                names=() if person is None else person.names,
                stores=() if person is None else person.stores,
            )
        )
    rows.sort(
        key=lambda r: (-r.surprise, -r.score, -r.exceptions, r.location or "", r.name, r.operator_id or "")
    )
    known = [rule.id for rule in RULES]
    seen = {rule for row in rows for rule in row.per_rule}
    order = tuple(known + sorted(seen - set(known)))
    counted = tuple(rule for rule in order if rule not in skip)
    return Ranking(by, start, end, order, tuple(rows), min_tickets, counted=counted, days=days)


@dataclass(frozen=True)
class _Person:
    operator_id: str  # '' for a name at a store
    location: str | None  # the store of a name without an ID
    names: tuple[str, ...]  # most tickets first
    stores: tuple[str, ...]


Cells = list[tuple[Any, ...]]


def _by_person(counts: Cells, totals: Cells) -> tuple[Cells, Cells, dict[tuple[Any, ...], _Person]]:
    """The store's operator cells (operator_id, operator, location without an ID, …) as one group per person:
    ``(person,)`` — the ID, or ``("", location, name)`` — and who each is: the names the ID's tickets carry
    (most tickets first; the ID itself, which stands for a name the ticket lacks, only when it is the one)."""

    def person(row: tuple[Any, ...]) -> tuple[Any, ...]:
        operator_id, name, location = row[0] or "", row[1] or "", row[2] or ""
        return (operator_id,) if operator_id else ("", location, name)

    names: dict[tuple[Any, ...], Counter[str]] = {}
    stores: dict[tuple[Any, ...], set[str]] = {}
    for row in totals:
        group = person(row)
        names.setdefault(group, Counter())[row[1] or ""] += int(row[5])
        stores.setdefault(group, set()).add(row[3] or "")
    people = {}
    for group, seen in names.items():
        operator_id = group[0]
        ordered = sorted(seen, key=lambda n: (-seen[n], n))
        if operator_id and len(ordered) > 1:
            ordered = [n for n in ordered if n and n != operator_id] or ordered
        people[(group,)] = _Person(
            operator_id, None if operator_id else group[1], tuple(ordered), tuple(sorted(stores[group]))
        )
    return (
        [(person(row), *row[3:]) for row in counts],
        [(person(row), *row[3:]) for row in totals],
        people,
    )
