"""The Exceptions view's data: operators (or registers) ranked by weighted exception counts over a date
range, with per-rule counts. LP teams chase chronic patterns, not single alerts, so the rank is by the sum of
``count × weight`` over the rules, with the ticket volume alongside (a busy cashier has more of everything)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ows_desktop.rules.definitions import RULES, RULES_BY_ID, RuleConfig
from ows_desktop.store.interface import RuleReader
from ows_desktop.store.timekeys import bound_rowid

GROUP_BY = ("operator", "terminal")
_MAX_RID = (1 << 63) - 1


@dataclass(frozen=True)
class RankingRow:
    """One operator (``location`` None) or one register (``location`` = its store)."""

    name: str  # operator name, or terminal id ('' when the tickets had none)
    location: str | None
    tickets: int  # tickets in the range
    flagged_tickets: int  # tickets with at least one exception
    exceptions: int
    score: float  # Σ count × weight
    per_rule: dict[str, int] = field(default_factory=dict)

    @property
    def score_per_100(self) -> float:
        return self.score * 100.0 / self.tickets if self.tickets else 0.0

    def filter(self, rule: str | None = None) -> dict[str, Any]:
        """TicketQuery keyword arguments selecting this row's tickets (and one rule's exceptions)."""
        out: dict[str, Any] = {}
        if self.location is None:
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
    rows: tuple[RankingRow, ...]  # highest score first

    def filter(self, row: RankingRow, rule: str | None = None) -> dict[str, Any]:
        """TicketQuery keyword arguments for a cell: the row's tickets in the date range (one rule's)."""
        return {"start": self.start, "end": self.end, **row.filter(rule)}


def rank_exceptions(
    reader: RuleReader,
    start: datetime | None,
    end: datetime | None,
    *,
    by: str = "operator",
    config: RuleConfig | None = None,
) -> Ranking:
    """Rank by ``by`` ('operator' or 'terminal') over tickets whose time is in [start, end)."""
    if by not in GROUP_BY:
        raise ValueError(f"Rank by one of {', '.join(GROUP_BY)}, not {by!r}.")
    config = config or RuleConfig()
    lo = 0 if start is None else bound_rowid(start)
    hi = _MAX_RID if end is None else bound_rowid(end)
    counts, totals = reader.rules.ranking_rows(lo, hi, by)
    per_group: dict[tuple[Any, ...], dict[str, int]] = {}
    for *group, rule, count in counts:
        if rule in RULES_BY_ID and rule not in config.enabled:
            continue  # switched off in the settings: not counted (its stored rows go at the next re-run)
        per_group.setdefault(tuple(group), {})[rule] = int(count)
    rows = []
    for *group, tickets, with_exceptions in totals:
        rules = per_group.get(tuple(group), {})
        if not rules:
            continue
        name, location = (group[0], None) if by == "operator" else (group[1], group[0])
        rows.append(
            RankingRow(
                name=name or "",
                location=location,
                tickets=int(tickets),
                flagged_tickets=int(with_exceptions or 0),
                exceptions=sum(rules.values()),
                score=sum(count * config.weight(rule) for rule, count in rules.items()),
                per_rule=rules,
            )
        )
    rows.sort(key=lambda r: (-r.score, -r.exceptions, r.location or "", r.name))
    known = [rule.id for rule in RULES]
    seen = {rule for row in rows for rule in row.per_rule}
    order = tuple(known + sorted(seen - set(known)))
    return Ranking(by, start, end, order, tuple(rows))
