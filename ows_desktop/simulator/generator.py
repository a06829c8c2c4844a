"""Deterministic POS ticket generator for the simulated OWS tenant.

Every ticket is a pure function of ``(config, index)``: nothing is generated up front, so a dataset of
millions of tickets costs no memory, and any ticket can be regenerated in any order with the same result.

Layout
------
Indices are grouped in *store-day blocks* of ``tickets_per_store_day`` tickets::

    index = (day * stores + store) * tickets_per_store_day + j

Within a block, ticket ``j`` is persisted at ``G((j + 0.9·u_j) / n)`` after the store's local midnight,
where ``G`` is the inverse of the store's piecewise-linear daily traffic curve (busier at lunch and after
work, a thin shoulder before opening and after closing) and ``u_j ∈ [0, 1)`` is a per-index hash. Persist
time therefore increases strictly with ``j``, and a persist window maps arithmetically (one inversion of
the curve plus a step or two of correction) to one index range per store-day; the ranges of the stores are
merged lazily by ``(persist_us, index)``. Start/end times are derived *backwards* from the persist time
(seconds earlier; days earlier for the ``late_fraction`` of tickets), so late tickets never disturb the
persist layout.

Terminals take tickets round-robin (``terminal = k % terminals`` with ``k`` the store's running ticket
number), which keeps per-terminal transaction numbers sequential and ticket ids unique. Time zones are fixed
UTC offsets (no DST) so local times stay arithmetic. ``config.start`` is truncated to its UTC date: day 0 is
that local calendar date in every store.
"""

from __future__ import annotations

import heapq
import random
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from . import catalog

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
SECOND_US = 1_000_000

TAX_PERCENT = 8
STATUSES = ("sale", "void", "post_void", "refund", "return", "no_sale", "paid_out")

_MASK64 = (1 << 64) - 1
_TO_UNIT = 2.0**-53
_EPOCH = datetime(1970, 1, 1)
_SHIFT_CHANGE_MIN = 14 * 60 + 30  # local time the evening shift takes over the registers

# Cumulative probability of each exception kind; everything else is a plain sale.
_KIND_CUTOFFS: tuple[tuple[str, float], ...] = tuple(
    zip(
        ("no_sale", "paid_out", "void", "post_void", "refund", "return"),
        accumulate((0.02, 0.005, 0.015, 0.005, 0.015, 0.015)),
        strict=True,
    )
)
# Per-ticket feature rates, applied to sales (and post voids, which were sales first).
_LINE_VOID_RATE = 0.065
_DISCOUNT_RATE = 0.054
_OVERRIDE_RATE = 0.011
_WHOLE_DOLLAR_RATE = 0.01
_SELF_APPROVED_RATE = 0.2
_LARGE_DISCOUNT_RATE = 0.15
_MATCHED_REFUND_RATE = 0.6
_STORE_AND_FORWARD_RATE = 0.03
_CHRONIC_RATE = 0.12  # share of the chronic operator's eligible tickets that start the void → no-sale pattern
_LINE_COUNT_WEIGHTS = (22, 18, 14, 11, 9, 7, 5, 4, 3, 3, 2, 2)  # 1..12 lines
_LINE_COUNT_CUM = tuple(w / sum(_LINE_COUNT_WEIGHTS) for w in accumulate(_LINE_COUNT_WEIGHTS))

# Hash salts: one independent pseudo-random stream per decision.
(
    _S_JITTER,
    _S_KIND,
    _S_LATE,
    _S_ALIAS,
    _S_LINES,
    _S_DURATION,
    _S_DELAY,
    _S_LATENESS,
    _S_CHRONIC,
    _S_CONTENT,
    _S_WHOLE,
    _S_LINE_VOID,
    _S_DISCOUNT,
    _S_OVERRIDE,
) = range(1, 15)


def _mix64(x: int) -> int:
    """SplitMix64 finaliser: a fast, well-distributed 64-bit integer hash."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _unit(key: int, index: int) -> float:
    """A uniform float in [0, 1) determined by ``key`` and ``index`` alone."""
    return (_mix64(key ^ index) >> 11) * _TO_UNIT


def _tax_cents(subtotal_cents: int) -> int:
    """8 % tax, rounded half away from zero (negative for refunds)."""
    magnitude = (abs(subtotal_cents) * TAX_PERCENT + 50) // 100
    return magnitude if subtotal_cents >= 0 else -magnitude


def _money(cents: int) -> float:
    return cents / 100


def _money_text(cents: int) -> str:
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


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


class _StoreModel:
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
        self.morning_fraction = self.fraction_before(_SHIFT_CHANGE_MIN * MINUTE_US)

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
class _Slot:
    """Everything about a ticket that is cheap to derive from its index alone (no content RNG)."""

    index: int
    store: _StoreModel
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


@dataclass(slots=True)
class _Line:
    product: catalog.Product
    quantity: int
    unit_cents: int
    original_cents: int | None = None
    voided: bool = False
    kind: str = "sale"
    time_ms: int = 0
    description: str | None = None

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_cents


class TicketGenerator:
    """Deterministic source of tickets, users and store metadata for one :class:`SimConfig`.

    Immutable after construction and safe to share between threads."""

    def __init__(self, config: SimConfig | None = None):
        self.config = cfg = config or SimConfig()
        self._n = cfg.tickets_per_store_day
        self._keys = [_mix64(_mix64(cfg.seed & _MASK64) + salt) for salt in range(16)]
        utc_start = cfg.start.astimezone(UTC)
        day0 = datetime(utc_start.year, utc_start.month, utc_start.day, tzinfo=UTC)
        self._day0_utc_us = int(day0.timestamp()) * SECOND_US
        self._stores = tuple(self._build_store(s, self._day0_utc_us) for s in range(cfg.stores))
        self._chronic = self._stores[0].info.operators[1]
        weights = [1.0 / (1.0 + p.price_cents / 2000) for p in catalog.PRODUCTS]
        self._product_cum = list(accumulate(weights))
        self._users = tuple(self._build_users())

    # ----------------------------------------------------------------- metadata

    def count(self) -> int:
        cfg = self.config
        return cfg.stores * cfg.days * cfg.tickets_per_store_day

    def stores(self) -> list[StoreInfo]:
        return [st.info for st in self._stores]

    def terminals(self) -> list[tuple[str, str]]:
        """Every ``(locationId, terminalId)`` pair."""
        return [(st.info.id, tid) for st in self._stores for tid in st.terminal_ids]

    @property
    def chronic_operator(self) -> Operator:
        """The operator who habitually voids a ticket and then opens the drawer (no sale) within 60 s."""
        return self._chronic

    def persist_range(self) -> tuple[int, int]:
        """``(first, last + 1)`` persist time in epoch µs over the whole dataset: a window that holds
        every ticket."""
        lo = min(st.day0_us + int(st.xs[0]) for st in self._stores)
        hi = max(st.day0_us + (self.config.days - 1) * DAY_US + int(st.xs[-1]) for st in self._stores)
        return lo, hi + 1

    def users(self) -> list[dict[str, Any]]:
        """The tenant's OWS users in the ``/apip/users`` shape (dates in epoch milliseconds)."""
        return [
            {**user, "userGroups": list(user["userGroups"]) if user["userGroups"] is not None else None}
            for user in self._users
        ]

    # ---------------------------------------------------------------- the layout

    def persist_us(self, index: int) -> int:
        block, j = divmod(self._check(index), self._n)
        return self._persist(self._stores[block % self.config.stores], index - j, j)

    def ticket_id(self, index: int) -> str:
        block, j = divmod(self._check(index), self._n)
        day, s = divmod(block, self.config.stores)
        st = self._stores[s]
        terminal, seq = self._terminal_seq(day, j)
        return self._ticket_id(st, terminal, seq)

    def iter_window(
        self, start_us: int, end_us: int, after: tuple[int, int] | None = None
    ) -> Iterator[tuple[int, int]]:
        """Lazily yield ``(persist_us, index)`` for every ticket with ``start_us <= persist < end_us``,
        ordered by ``(persist_us, index)``; with ``after``, only those ordered strictly after it."""
        streams = [self._store_window(st, start_us, end_us, after) for st in self._stores]
        return heapq.merge(*streams)

    def indices_in_persist_window(self, start_us: int, end_us: int) -> list[int]:
        """Indices of the tickets persisted in ``[start_us, end_us)``, in persist-time order."""
        return [index for _, index in self.iter_window(start_us, end_us)]

    def all_ids_in_window(self, start_us: int, end_us: int) -> set[str]:
        return {self.ticket_id(index) for _, index in self.iter_window(start_us, end_us)}

    # ------------------------------------------------------------------ tickets

    def ticket(self, index: int) -> dict[str, Any]:
        """The wire JSON object of ticket ``index`` (PosTicket shape, or the alias shape for some)."""
        slot = self._slot(self._check(index))
        start_us, end_us = self._times(slot)
        rng = random.Random(_mix64(self._keys[_S_CONTENT] ^ slot.index))
        lines, discount, original_id = self._content(slot, rng)
        self._stamp_line_times(lines, start_us, end_us, rng)
        live = sum(line.amount_cents for line in lines if not line.voided)
        discount_cents = discount[1] if discount else 0
        if slot.kind == "paid_out":
            subtotal, tax = live, 0
        else:
            subtotal = live - discount_cents
            tax = _tax_cents(subtotal)
        total = subtotal + tax
        tenders = self._tenders(slot, total, rng)
        build = self._alias_ticket if slot.alias else self._pos_ticket
        return build(slot, start_us, end_us, lines, discount, tenders, (subtotal, tax, total), original_id)

    # ------------------------------------------------------------------ internals

    def _check(self, index: int) -> int:
        if not 0 <= index < self.count():
            raise IndexError(f"ticket index {index} out of range [0, {self.count()})")
        return index

    def _build_store(self, s: int, day0_utc_us: int) -> _StoreModel:
        site = catalog.STORE_SITES[s % len(catalog.STORE_SITES)]
        generation = s // len(catalog.STORE_SITES)
        number = site.number + 100 * generation
        city = site.city if generation == 0 else f"{site.city} {generation + 1}"
        store_id = f"S{number:03d}"
        rng = random.Random(_mix64(self._keys[0] ^ (s + 1)))
        operators: list[Operator] = []
        names: set[str] = set()
        wanted = 4 + rng.randrange(3)
        while len(operators) < wanted:
            name = f"{rng.choice(catalog.FIRST_NAMES)} {rng.choice(catalog.LAST_NAMES)}"
            if name not in names:
                names.add(name)
                operators.append(Operator(f"E{1001 + 10 * s + len(operators)}", name))
        info = StoreInfo(
            id=store_id,
            name=f"Store {number:03d} – {city}",
            city=city,
            utc_offset_minutes=site.utc_offset_minutes,
            opens_hour=site.opens_hour,
            closes_hour=site.closes_hour,
            operators=tuple(operators),
        )
        txn_bases = tuple(rng.randrange(9999) for _ in range(self.config.terminals_per_store))
        return _StoreModel(s, info, day0_utc_us, txn_bases)

    def _build_users(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(_mix64(self._keys[0] ^ 0xC0FFEE))
        start_ms = self._day0_utc_us // 1000
        latest_created_ms = start_ms - 30 * DAY_US // 1000
        earliest_ms = min(int(datetime(2019, 1, 1, tzinfo=UTC).timestamp() * 1000), latest_created_ms - 1)
        emails: set[str] = set()
        for i in range(self.config.users):
            first, last = rng.choice(catalog.FIRST_NAMES), rng.choice(catalog.LAST_NAMES)
            email = f"{_ascii_slug(first)}.{_ascii_slug(last)}@{catalog.EMAIL_DOMAIN}"
            if email in emails:
                email = f"{_ascii_slug(first)}.{_ascii_slug(last)}{i + 1}@{catalog.EMAIL_DOMAIN}"
            emails.add(email)
            groups = None if rng.random() < 0.15 else rng.sample(catalog.USER_GROUPS, rng.randint(1, 3))
            created = rng.randrange(earliest_ms, latest_created_ms)
            last_sign_in = None if rng.random() < 0.25 else rng.randrange(created, start_ms)
            yield {
                "firstName": first,
                "lastName": last,
                "emailAddress": email,
                "userGroups": groups,
                "createdDate": created,
                "lastSignInDate": last_sign_in,
            }

    def _u(self, salt: int, index: int) -> float:
        return _unit(self._keys[salt], index)

    def _persist(self, st: _StoreModel, block_start: int, j: int) -> int:
        """Persist time of ticket ``j`` of the store-day block whose first index is ``block_start``."""
        day = block_start // (self._n * self.config.stores)
        q = (j + 0.9 * _unit(self._keys[_S_JITTER], block_start + j)) / self._n
        return st.day0_us + day * DAY_US + int(st.offset_at(q))

    def _lower_bound(self, st: _StoreModel, block_start: int, t_us: int) -> int:
        """First ``j`` of the block persisted at or after ``t_us`` (``n`` when none is)."""
        n = self._n
        day = block_start // (n * self.config.stores)
        j = min(max(int(st.fraction_before(t_us - st.day0_us - day * DAY_US) * n), 0), n)
        while j > 0 and self._persist(st, block_start, j - 1) >= t_us:
            j -= 1
        while j < n and self._persist(st, block_start, j) < t_us:
            j += 1
        return j

    def _store_window(
        self, st: _StoreModel, start_us: int, end_us: int, after: tuple[int, int] | None
    ) -> Iterator[tuple[int, int]]:
        n, days, stores = self._n, self.config.days, self.config.stores
        from_us = start_us if after is None else max(start_us, after[0])
        first_day = max(0, (from_us - st.day0_us - int(st.xs[-1])) // DAY_US)
        last_day = min(days - 1, (end_us - 1 - st.day0_us - int(st.xs[0])) // DAY_US)
        for day in range(first_day, last_day + 1):
            block_start = (day * stores + st.index) * n
            j = self._lower_bound(st, block_start, from_us)
            while j < n:
                persist = self._persist(st, block_start, j)
                if persist >= end_us:
                    break
                if after is None or (persist, block_start + j) > after:
                    yield persist, block_start + j
                j += 1

    def _terminal_seq(self, day: int, j: int) -> tuple[int, int]:
        k = day * self._n + j  # the store's running ticket number
        terminals = self.config.terminals_per_store
        return k % terminals, k // terminals

    @staticmethod
    def _ticket_id(st: _StoreModel, terminal: int, seq: int) -> str:
        return f"T-{st.terminal_ids[terminal]}-{seq:06d}"

    def _operator(self, st: _StoreModel, day: int, j: int, terminal: int) -> Operator:
        shift = 0 if j < st.morning_fraction * self._n else 1
        ops = st.info.operators
        return ops[(terminal + shift * self.config.terminals_per_store + day) % len(ops)]

    def _chronic_void(self, st: _StoreModel, day: int, j: int, index: int) -> bool:
        """Does ticket ``index`` start the chronic operator's void → no-sale pattern? Only on even
        rounds of the round-robin, so the following no-sale (``terminals`` later) never starts one."""
        terminals = self.config.terminals_per_store
        if st.index != 0 or j + terminals >= self._n or ((day * self._n + j) // terminals) % 2:
            return False
        terminal = (day * self._n + j) % terminals
        chronic = self._chronic
        return (
            self._operator(st, day, j, terminal) == chronic
            and self._operator(st, day, j + terminals, terminal) == chronic
            and self._u(_S_CHRONIC, index) < _CHRONIC_RATE
        )

    def _slot(self, index: int) -> _Slot:
        cfg = self.config
        block, j = divmod(index, self._n)
        day, s = divmod(block, cfg.stores)
        st = self._stores[s]
        terminal, seq = self._terminal_seq(day, j)
        chronic_role = None
        if self._chronic_void(st, day, j, index):
            chronic_role = "void"
        elif j >= cfg.terminals_per_store and self._chronic_void(
            st, day, j - cfg.terminals_per_store, index - cfg.terminals_per_store
        ):
            chronic_role = "no_sale"
        if chronic_role:
            kind = chronic_role
        else:
            r = self._u(_S_KIND, index)
            kind = next((name for name, cutoff in _KIND_CUTOFFS if r < cutoff), "sale")
        if kind == "no_sale":
            n_lines = 0
        elif kind == "paid_out":
            n_lines = 1
        elif kind in ("refund", "return"):
            n_lines = 1 + int(self._u(_S_LINES, index) * 2)
        else:
            n_lines = 1 + bisect_right(_LINE_COUNT_CUM, self._u(_S_LINES, index))
        return _Slot(
            index=index,
            store=st,
            day=day,
            j=j,
            terminal=terminal,
            seq=seq,
            persist_us=self._persist(st, index - j, j),
            operator=self._operator(st, day, j, terminal),
            kind=kind,
            chronic_role=chronic_role,
            late=chronic_role is None and self._u(_S_LATE, index) < cfg.late_fraction,
            alias=self._u(_S_ALIAS, index) < cfg.alias_fraction,
            n_lines=min(n_lines, 12),
        )

    def _times(self, slot: _Slot) -> tuple[int, int]:
        """``(start_us, end_us)`` of a ticket, derived backwards from its persist time."""
        index, persist = slot.index, slot.persist_us
        terminals = self.config.terminals_per_store
        u_dur = self._u(_S_DURATION, index)
        if slot.chronic_role == "no_sale":
            _, void_end = self._times(self._slot(index - terminals))
            start = min(void_end + 5 * SECOND_US + int(u_dur * 40 * SECOND_US), persist - 3 * SECOND_US)
            return start, max(start, min(start + 4 * SECOND_US, persist - SECOND_US))
        if slot.kind == "no_sale":
            duration = 3 * SECOND_US + int(u_dur * 12 * SECOND_US)
        elif slot.kind == "paid_out":
            duration = 20 * SECOND_US + int(u_dur * 40 * SECOND_US)
        else:
            per_line = 5 * SECOND_US + int(u_dur * 10 * SECOND_US)
            duration = 15 * SECOND_US + slot.n_lines * per_line + int(u_dur * 30 * SECOND_US)
        gap = (
            persist - self._persist(slot.store, index - slot.j, slot.j - terminals)
            if slot.j >= terminals
            else 15 * MINUTE_US
        )
        duration = max(2 * SECOND_US, min(duration, int(gap * 0.6)))
        u_delay = self._u(_S_DELAY, index)
        if u_delay < _STORE_AND_FORWARD_RATE:  # the register was offline for a while
            delay = MINUTE_US + int(u_delay / _STORE_AND_FORWARD_RATE * 9 * MINUTE_US)
        else:
            delay = SECOND_US + min(int(u_delay * 40 * SECOND_US), int(gap * 0.3))
        end = persist - delay
        if slot.late:
            u_late = self._u(_S_LATENESS, index)
            end -= (1 + int(u_late * 4)) * DAY_US + int((u_late * 4 % 1) * 3 * HOUR_US)
        return end - duration, end

    def _draw_lines(self, rng: random.Random, count: int) -> list[_Line]:
        products = rng.choices(catalog.PRODUCTS, cum_weights=self._product_cum, k=count)
        lines = []
        for product in products:
            r = rng.random()
            quantity = 1 if r < 0.85 else (2 if r < 0.95 else 3)
            lines.append(_Line(product, quantity, product.price_cents))
        return lines

    def _content(
        self, slot: _Slot, rng: random.Random
    ) -> tuple[list[_Line], tuple[str, int, str, str] | None, str | None]:
        """Lines, the discount ``(description, cents, appliedBy, approvedBy)`` and, for a matched
        refund/return, the id of the sale it refunds."""
        kind, index = slot.kind, slot.index
        if kind == "no_sale":
            return [], None, None
        if kind == "paid_out":
            description, cents = rng.choice(catalog.PAID_OUT_REASONS)
            line = _Line(catalog.OPEN_DEPARTMENT, 1, -cents, kind="paid_out", description=description)
            return [line], None, None
        if kind in ("refund", "return"):
            return self._refund_content(slot, rng)
        lines = self._draw_lines(rng, slot.n_lines)
        if kind == "void":
            for line in lines:
                line.voided = True
            return lines, None, None
        if kind == "sale" and self._u(_S_WHOLE, index) < _WHOLE_DOLLAR_RATE:
            return [self._whole_dollar_line(rng)], None, None
        if self._u(_S_LINE_VOID, index) < _LINE_VOID_RATE:
            rng.choice(lines).voided = True
        live = [line for line in lines if not line.voided]
        if live and self._u(_S_OVERRIDE, index) < _OVERRIDE_RATE:
            line = rng.choice(live)
            line.original_cents = line.unit_cents
            factor = rng.choice((0.5, 0.7, 0.8, 0.9)) if rng.random() > 0.15 else 0.0
            line.unit_cents = max(1, int(line.unit_cents * factor))
        discount = None
        base = sum(line.amount_cents for line in live)
        if base > 0 and self._u(_S_DISCOUNT, index) < _DISCOUNT_RATE:
            pool = (
                catalog.LARGE_DISCOUNTS if rng.random() < _LARGE_DISCOUNT_RATE else catalog.ROUTINE_DISCOUNTS
            )
            description, percent = rng.choice(pool)
            applied_by = slot.operator.id
            manager = slot.store.info.manager.id
            approved_by = (
                applied_by if rng.random() < _SELF_APPROVED_RATE or manager == applied_by else manager
            )
            discount = (description, (base * percent + 50) // 100, applied_by, approved_by)
        return lines, discount, None

    def _whole_dollar_line(self, rng: random.Random) -> _Line:
        """An open-department line priced so the taxed total is an exact number of dollars."""
        target = rng.choice((5, 10, 20, 20, 40, 50, 100)) * 100
        price = target * 100 // (100 + TAX_PERCENT)
        for candidate in (price, price + 1, price - 1, price + 2, price - 2):
            if candidate + _tax_cents(candidate) == target:
                price = candidate
                break
        return _Line(catalog.OPEN_DEPARTMENT, 1, price)

    def _refund_content(self, slot: _Slot, rng: random.Random) -> tuple[list[_Line], None, str | None]:
        """Refund/return lines: copied from an earlier sale in the same store when one is found,
        otherwise (no matching prior sale) freshly drawn."""
        cfg, n = self.config, self._n
        source: list[_Line] | None = None
        original_id = None
        if rng.random() < _MATCHED_REFUND_RATE:
            k = slot.day * n + slot.j
            for _ in range(3):
                prior_k = k - rng.randint(cfg.terminals_per_store + 1, 3 * n)
                if prior_k < 0:
                    break
                prior_day, prior_j = divmod(prior_k, n)
                prior_index = (prior_day * cfg.stores + slot.store.index) * n + prior_j
                prior = self._slot(prior_index)
                if prior.kind == "sale" and self._u(_S_WHOLE, prior_index) >= _WHOLE_DOLLAR_RATE:
                    prior_rng = random.Random(_mix64(self._keys[_S_CONTENT] ^ prior_index))
                    sold = self._draw_lines(prior_rng, prior.n_lines)
                    source = rng.sample(sold, min(slot.n_lines, len(sold)))
                    original_id = self._ticket_id(slot.store, prior.terminal, prior.seq)
                    break
        if source is None:
            source = self._draw_lines(rng, slot.n_lines)
        lines = [_Line(line.product, -line.quantity, line.unit_cents, kind=slot.kind) for line in source]
        return lines, None, original_id

    @staticmethod
    def _stamp_line_times(lines: list[_Line], start_us: int, end_us: int, rng: random.Random) -> None:
        """Scan times strictly increasing within the ticket, before the tender at the end."""
        if not lines:
            return
        start_ms, span_ms = start_us // 1000, max(len(lines), (end_us - start_us) // 1000 * 8 // 10)
        offsets = sorted(rng.randrange(span_ms) for _ in lines)
        previous = start_ms
        for line, offset in zip(lines, offsets, strict=True):
            previous = max(previous + 1, start_ms + offset)
            line.time_ms = previous

    def _tenders(self, slot: _Slot, total: int, rng: random.Random) -> list[tuple[str, int]]:
        if slot.kind in ("void", "no_sale") or total == 0:
            return []
        if slot.kind == "paid_out":
            return [("cash", total)]
        if total < 0:
            return [("cash" if rng.random() < 0.5 else "card", total)]
        if slot.kind == "sale" and self._u(_S_WHOLE, slot.index) < _WHOLE_DOLLAR_RATE:
            return [("cash", total)]
        r = rng.random()
        if r < 0.36:
            return [("cash", total)]
        if r < 0.92 or total < 2:
            return [("card", total)]
        if r < 0.96:
            return [("gift", total)]
        part = rng.randint(1, total - 1)
        return [("gift" if r < 0.98 else "cash", part), ("card", total - part)]

    def _pos_ticket(
        self,
        slot: _Slot,
        start_us: int,
        end_us: int,
        lines: list[_Line],
        discount: tuple[str, int, str, str] | None,
        tenders: list[tuple[str, int]],
        totals: tuple[int, int, int],
        original_id: str | None,
    ) -> dict[str, Any]:
        st = slot.store
        line_items = []
        for line in lines:
            item: dict[str, Any] = {
                "sku": line.product.sku,
                "description": line.description or line.product.description,
                "quantity": line.quantity,
                "unitPrice": _money(line.unit_cents),
                "amount": _money(line.amount_cents),
                "voided": line.voided,
                "time": line.time_ms,
                "type": line.kind,
            }
            if line.original_cents is not None:
                item["originalPrice"] = _money(line.original_cents)
            line_items.append(item)
        ticket: dict[str, Any] = {
            "id": self._ticket_id(st, slot.terminal, slot.seq),
            "transactionNumber": (st.txn_bases[slot.terminal] + slot.seq) % 9999 + 1,
            "locationId": st.info.id,
            "locationName": st.info.name,
            "terminalId": st.terminal_ids[slot.terminal],
            "operatorId": slot.operator.id,
            "operatorName": slot.operator.name,
            "startDate": start_us // 1000,
            "endDate": end_us // 1000,
            "persistDate": slot.persist_us,
            "status": slot.kind,
            "subtotal": _money(totals[0]),
            "tax": _money(totals[1]),
            "total": _money(totals[2]),
            "lineItems": line_items,
            "tenders": [{"type": kind, "amount": _money(cents)} for kind, cents in tenders],
            "discounts": [],
        }
        if discount:
            description, cents, applied_by, approved_by = discount
            ticket["discounts"].append(
                {
                    "description": description,
                    "amount": _money(cents),
                    "appliedBy": applied_by,
                    "approvedBy": approved_by,
                }
            )
        if original_id:
            ticket["originalTicketId"] = original_id
        return ticket

    def _alias_ticket(
        self,
        slot: _Slot,
        start_us: int,
        end_us: int,
        lines: list[_Line],
        discount: tuple[str, int, str, str] | None,
        tenders: list[tuple[str, int]],
        totals: tuple[int, int, int],
        original_id: str | None,
    ) -> dict[str, Any]:
        st = slot.store
        offset = st.info.utc_offset_minutes

        def local(epoch_us: int) -> dict[str, Any]:
            moment = _EPOCH + timedelta(microseconds=epoch_us + offset * MINUTE_US)
            return {"DateTime": moment.isoformat(timespec="milliseconds"), "OffsetMinutes": offset}

        entries = []
        for line in lines:
            entry: dict[str, Any] = {
                "Sku": line.product.sku,
                "Description": line.description or line.product.description,
                "Quantity": str(line.quantity),
                "Price": _money_text(line.unit_cents),
                "Amount": _money_text(line.amount_cents),
                "IsVoided": line.voided,
                "Type": line.kind,
                "Time": local(line.time_ms * 1000),
            }
            if line.original_cents is not None:
                entry["OriginalPrice"] = _money_text(line.original_cents)
            entries.append(entry)
        ticket: dict[str, Any] = {
            "Id": self._ticket_id(st, slot.terminal, slot.seq),
            "TransactionNumber": str((st.txn_bases[slot.terminal] + slot.seq) % 9999 + 1),
            "LocationId": st.info.id,
            "LocationName": st.info.name,
            "TerminalId": st.terminal_ids[slot.terminal],
            "EmployeeId": slot.operator.id,
            "EmployeeName": slot.operator.name,
            "OpenedTime": local(start_us // 1000 * 1000),
            "ClosedTime": local(end_us // 1000 * 1000),
            "persist_date": slot.persist_us,
            "transactionType": slot.kind,
            "SubTotal": _money_text(totals[0]),
            "Tax": _money_text(totals[1]),
            "Total": _money_text(totals[2]),
            "Entries": entries,
            "Tenders": [{"TenderType": kind, "Amount": _money_text(cents)} for kind, cents in tenders],
            "Discounts": [],
        }
        if discount:
            description, cents, applied_by, approved_by = discount
            ticket["Discounts"].append(
                {
                    "Description": description,
                    "Amount": _money_text(cents),
                    "AppliedBy": applied_by,
                    "ApprovedBy": approved_by,
                }
            )
        if original_id:
            ticket["OriginalTicketId"] = original_id
        return ticket
