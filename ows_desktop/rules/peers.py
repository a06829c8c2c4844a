"""How unusual an operator's (or a register's) exception rate is next to the peers who worked the same store
in the same hours — the figure the Exceptions ranking sorts by.

Method: indirect standardisation with a one-sided Poisson tail probability.

* Expected count: for each exception type, every ticket of the row is given the rate its *peers* had — the
  other operators (registers) of the same store in the same hour of day over the same period, the row's own
  tickets left out. A thin cell borrows strength from the store's peer rate over the whole period
  (``PRIOR_TICKETS`` pseudo-tickets), which borrows from the overall rate, so no expectation is ever zero.
* Ratio: observed ÷ expected ("3.1× store peers (12 of 180 tickets)": 12 of the row's 180 tickets have the
  exception).
* How unusual: P(X ≥ observed) for X ~ Poisson(expected), the chance that a cashier as ordinary as the peers
  would have at least this many with these tickets. A large volume at the peers' rate stays ordinary (the
  expectation grows with it), so nobody climbs the ranking merely for being busy.
* The rank itself is this comparison for tickets with any exception (:data:`ANY`): one figure per row that
  no single rare exception type (a handful of events, a near-zero peer rate) can dominate. Each type's own
  figure is listed next to its count.
* Rows with fewer than ``MIN_TICKETS`` tickets are not ranked (listed after the ranked ones)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, Message, Number

METHOD = "one-sided Poisson tail vs store peers in the same hours"
METHOD_TEXT = QT_TRANSLATE_NOOP(
    "peers",
    "Compared with store peers in the same hours: each ticket is expected to have an exception at the rate the other cashiers had at the same store and hour of day; how unusual = one-sided Poisson tail probability P(X ≥ observed | expected).",
)
MIN_TICKETS = 50
ANY = "*"  # the pseudo rule "any exception": tickets with at least one
PRIOR_TICKETS = 20.0
_LN10 = math.log(10.0)

Group = tuple[Any, ...]
Cell = tuple[str, int]  # (location, hour of day)


@dataclass(frozen=True)
class PeerFigure:
    """One exception type of one row, next to its store peers."""

    rule: str
    observed: int  # the row's tickets with this exception
    tickets: int  # the row's tickets
    expected: float  # at the store peers' rates in the same hours
    log_p: float  # natural log of P(X ≥ observed), X ~ Poisson(expected)

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else math.inf

    @property
    def p_value(self) -> float:
        return math.exp(self.log_p)

    @property
    def surprise(self) -> float:
        """−log10 of the tail probability: 2 = one chance in a hundred, 6 = one in a million."""
        return -self.log_p / _LN10

    def chance(self) -> Message:
        """The tail probability as the ranking shows it, in percent down to one in a million (``0.31%``),
        then as a power of ten: rounded, never out of order (the ranking sorts by it)."""
        p = self.p_value
        if p >= 1e-6:  # two significant digits in fixed notation (".2g" wrote 99.6 % as "1e+02")
            percent = p * 100
            decimals = max(0, 1 - math.floor(math.log10(percent)))
            return QT_TRANSLATE_NOOP("peers", "{percent}%").format(percent=Number(percent, f".{decimals}f"))
        return QT_TRANSLATE_NOOP("peers", "1 in 10^{power}").format(power=f"{self.surprise:.0f}")

    def text(self) -> str:
        """The figure a person reads, with the chance the ranking sorts by: without it a 1.4× could rank
        above a 3.1× for no reason the row shows (a larger volume makes the same ratio less likely)."""
        return QT_TRANSLATE_NOOP(
            "peers", "{ratio}× store peers ({observed} of {tickets} tickets) · chance {chance}"
        ).format(
            ratio=Number(self.ratio, ".1f"),
            observed=self.observed,
            tickets=self.tickets,
            chance=self.chance(),
        )

    def explanation(self) -> str:
        return QT_TRANSLATE_NOOP(
            "peers",
            "{observed} of {tickets} tickets; {expected} expected at the rate of store peers in the same hours. Chance of at least this many at the peers' rate (one-sided Poisson tail): {chance}.",
        ).format(
            observed=self.observed,
            tickets=self.tickets,
            expected=Number(self.expected, ".1f"),
            chance=self.chance(),
        )


def poisson_log_upper_tail(k: int, lam: float) -> float:
    """ln P(X ≥ k) for X ~ Poisson(lam), summed from k upwards in log space (no underflow)."""
    if k <= 0:
        return 0.0
    if lam <= 0:
        return -math.inf
    log_first = k * math.log(lam) - lam - math.lgamma(k + 1)
    total, term, j = 1.0, 1.0, k
    while j < k + 100_000:
        j += 1
        term *= lam / j
        total += term
        if j > lam and term < total * 1e-17:
            break
    return min(0.0, log_first + math.log(total))


def peer_figures(
    counts: Iterable[Sequence[Any]], totals: Iterable[Sequence[Any]], width: int
) -> dict[Group, dict[str, PeerFigure]]:
    """Per group (the first ``width`` columns of the store's ranking cells) and rule: its peer figure.

    ``counts`` rows are ``(group…, location, hour, rule, exceptions)``, ``totals`` rows
    ``(group…, location, hour, tickets, flagged)``; only rules the group has are listed, and :data:`ANY` for
    its tickets with any exception."""
    own_tickets: dict[Group, dict[Cell, int]] = defaultdict(dict)
    own_counts: dict[Group, dict[str, dict[Cell, int]]] = defaultdict(lambda: defaultdict(dict))
    cell_tickets: dict[Cell, int] = defaultdict(int)
    cell_counts: dict[str, dict[Cell, int]] = defaultdict(lambda: defaultdict(int))
    flagged: list[tuple[Any, ...]] = []
    for row in totals:
        group, cell = tuple(row[:width]), (str(row[width]), int(row[width + 1]))
        own_tickets[group][cell] = own_tickets[group].get(cell, 0) + int(row[width + 2])
        cell_tickets[cell] += int(row[width + 2])
        if row[width + 3]:
            flagged.append((*group, *cell, ANY, int(row[width + 3])))
    for row in [*counts, *flagged]:
        group, cell = tuple(row[:width]), (str(row[width]), int(row[width + 1]))
        rule, n = str(row[width + 2]), int(row[width + 3])
        own_counts[group][rule][cell] = own_counts[group][rule].get(cell, 0) + n
        cell_counts[rule][cell] += n
    store_tickets: dict[str, int] = defaultdict(int)
    for (location, _), n in cell_tickets.items():
        store_tickets[location] += n
    all_tickets = sum(cell_tickets.values())
    out: dict[Group, dict[str, PeerFigure]] = {}
    for group, rules in own_counts.items():
        cells = own_tickets.get(group, {})
        tickets = sum(cells.values())
        own_store: dict[str, int] = defaultdict(int)
        for (location, _), n in cells.items():
            own_store[location] += n
        figures = {}
        for rule, mine in rules.items():
            peers = cell_counts[rule]
            overall = (sum(peers.values()) + 0.5) / (all_tickets + 1)
            store_count: dict[str, int] = defaultdict(int)
            for (location, _), n in peers.items():
                store_count[location] += n
            for (location, _), n in mine.items():
                store_count[location] -= n
            store_rate = {
                location: (store_count[location] + PRIOR_TICKETS * overall)
                / (store_tickets[location] - n + PRIOR_TICKETS)
                for location, n in own_store.items()
            }
            expected = 0.0
            for cell, n in cells.items():
                peer_n = cell_tickets[cell] - n
                peer_c = peers.get(cell, 0) - mine.get(cell, 0)
                expected += n * (peer_c + PRIOR_TICKETS * store_rate[cell[0]]) / (peer_n + PRIOR_TICKETS)
            observed = sum(mine.values())
            figures[rule] = PeerFigure(
                rule, observed, tickets, expected, poisson_log_upper_tail(observed, expected)
            )
        out[group] = figures
    return out
