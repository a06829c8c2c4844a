"""The simulated tenant's shape and the cheap, index-derived facts about each ticket: configuration, stores
and their traffic curves, the per-index hash streams every decision draws from (no Qt, no I/O)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate

from . import catalog

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
SECOND_US = 1_000_000

TAX_PERCENT = 8
STATUSES = ("sale", "void", "post_void", "refund", "return", "no_sale", "paid_out")

MASK64 = (1 << 64) - 1
TO_UNIT = 2.0**-53
EPOCH = datetime(1970, 1, 1)
SHIFT_CHANGE_MIN = 14 * 60 + 30  # local time the evening shift takes over the registers

# Hash salts: one independent pseudo-random stream per decision.
(
    S_JITTER,
    S_KIND,
    S_LATE,
    S_ALIAS,
    S_LINES,
    S_DURATION,
    S_DELAY,
    S_LATENESS,
    S_CHRONIC,
    S_CONTENT,
    S_WHOLE,
    S_LINE_VOID,
    S_DISCOUNT,
    S_OVERRIDE,
) = range(1, 15)


def mix64(x: int) -> int:
    """SplitMix64 finaliser: a fast, well-distributed 64-bit integer hash."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def unit(key: int, index: int) -> float:
    """A uniform float in [0, 1) determined by ``key`` and ``index`` alone."""
    return (mix64(key ^ index) >> 11) * TO_UNIT


@dataclass(frozen=True)
class SimConfig:
    """Shape of the simulated tenant. Every field feeds the deterministic generator."""

    seed: int = 7
    stores: int = 4
    terminals_per_store: int = 3
    days: int = 3
    tickets_per_store_day: int = 400
    start: datetime = datetime(2026, 11, 20, tzinfo=UTC)  # truncated to its UTC date
    users: int = 12
    late_fraction: float = 0.02  # tickets persisted 1-5 days after they rang up
    alias_fraction: float = 0.15  # tickets in the alternative casing/alias shape
    # Ranking ground truth: this many cashiers (never a manager nor the chronic operator) ring up the
    # exception kinds (no sale, paid out, voids, refunds) ``outlier_factor`` times as often as their peers;
    # ``TicketGenerator.outlier_operators`` names them.
    outliers: int = 0
    outlier_factor: float = 3.0
    # One honest cashier (``TicketGenerator.busy_operator``) works every ticket of the second store's first
    # register, on top of the rota: far more tickets than anyone, at the ordinary exception rates.
    busy_operator: bool = False

    def __post_init__(self) -> None:
        for name in ("stores", "terminals_per_store", "days", "tickets_per_store_day"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.users < 0:
            raise ValueError("users must not be negative")
        if self.start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        for name in ("late_fraction", "alias_fraction"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1]")
        if self.outliers < 0:
            raise ValueError("outliers must not be negative")
        if not 1.0 <= self.outlier_factor <= 10.0:
            raise ValueError("outlier_factor must be within [1, 10]")


@dataclass(frozen=True, slots=True)
class Operator:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """A simulated store. ``operators[0]`` is the store manager who approves discounts."""

    id: str
    name: str
    city: str
    utc_offset_minutes: int
    opens_hour: int
    closes_hour: int
    operators: tuple[Operator, ...]

    @property
    def manager(self) -> Operator:
        return self.operators[0]


class StoreModel:
    """Per-store lookup tables: the daily traffic curve and per-terminal numbering."""

    __slots__ = ("cdf", "day0_us", "index", "info", "morning_fraction", "terminal_ids", "txn_bases", "xs")

    def __init__(self, index: int, info: StoreInfo, day0_utc_us: int, txn_bases: tuple[int, ...]):
        self.index = index
        self.info = info
        self.day0_us = day0_utc_us - info.utc_offset_minutes * MINUTE_US  # UTC µs of local midnight, day 0
        self.txn_bases = txn_bases
        self.terminal_ids = tuple(f"{info.id}-R{t + 1:02d}" for t in range(len(txn_bases)))
        opens, closes = info.opens_hour * 60, info.closes_hour * 60
        # (start minute, end minute, weight) of each piece of the traffic curve.
        pieces = [(opens - catalog.SHOULDER_BEFORE_OPEN_MIN, opens, catalog.SHOULDER_WEIGHT)]
        pieces += [
            (h * 60, h * 60 + 60, catalog.HOURLY_TRAFFIC[h] or 0.5) for h in range(opens // 60, closes // 60)
        ]
        pieces.append((closes, closes + catalog.SHOULDER_AFTER_CLOSE_MIN, catalog.SHOULDER_WEIGHT))
        total = sum((end - begin) * weight for begin, end, weight in pieces)
        self.xs = [float(pieces[0][0] * MINUTE_US)] + [float(end * MINUTE_US) for _, end, _ in pieces]
        self.cdf = [0.0, *accumulate((end - begin) * weight / total for begin, end, weight in pieces)]
        self.cdf[-1] = 1.0
        self.morning_fraction = self.fraction_before(SHIFT_CHANGE_MIN * MINUTE_US)

    def offset_at(self, q: float) -> float:
        """Inverse traffic curve: µs after local midnight by which a fraction ``q`` of the day's tickets
        have been persisted."""
        cdf, xs = self.cdf, self.xs
        k = min(max(bisect_right(cdf, q) - 1, 0), len(xs) - 2)
        return xs[k] + (q - cdf[k]) / (cdf[k + 1] - cdf[k]) * (xs[k + 1] - xs[k])

    def fraction_before(self, offset_us: float) -> float:
        """Traffic curve: the fraction of the day's tickets persisted before ``offset_us`` after midnight."""
        cdf, xs = self.cdf, self.xs
        if offset_us <= xs[0]:
            return 0.0
        if offset_us >= xs[-1]:
            return 1.0
        k = bisect_right(xs, offset_us) - 1
        return cdf[k] + (offset_us - xs[k]) / (xs[k + 1] - xs[k]) * (cdf[k + 1] - cdf[k])


@dataclass(slots=True)
class Slot:
    """Everything about a ticket that is cheap to derive from its index alone (no content RNG)."""

    index: int
    store: StoreModel
    day: int
    j: int
    terminal: int
    seq: int
    persist_us: int
    operator: Operator
    kind: str
    chronic_role: str | None  # "void" / "no_sale" for the chronic void → no-sale pattern
    late: bool
    alias: bool
    n_lines: int
