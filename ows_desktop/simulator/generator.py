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
from datetime import UTC, datetime
from itertools import accumulate
from typing import Any

from . import catalog
from .model import (
    DAY_US,
    HOUR_US,
    MASK64,
    MINUTE_US,
    S_ALIAS,
    S_CHRONIC,
    S_CONTENT,
    S_DELAY,
    S_DURATION,
    S_JITTER,
    S_KIND,
    S_LATE,
    S_LATENESS,
    S_LINES,
    SECOND_US,
    STATUSES,
    Operator,
    SimConfig,
    Slot,
    StoreInfo,
    StoreModel,
    mix64,
    unit,
)
from .receipts import ReceiptContent, tax_cents

__all__ = [
    "DAY_US",
    "HOUR_US",
    "MINUTE_US",
    "SECOND_US",
    "STATUSES",
    "Operator",
    "SimConfig",
    "StoreInfo",
    "TicketGenerator",
]

# Cumulative probability of each exception kind; everything else is a plain sale.
_KIND_CUTOFFS: tuple[tuple[str, float], ...] = tuple(
    zip(
        ("no_sale", "paid_out", "void", "post_void", "refund", "return"),
        accumulate((0.02, 0.005, 0.015, 0.005, 0.015, 0.015)),
        strict=True,
    )
)
# Per-ticket feature rates, applied to sales (and post voids, which were sales first).
_STORE_AND_FORWARD_RATE = 0.03
_CHRONIC_RATE = 0.12  # share of the chronic operator's eligible tickets that start the void → no-sale pattern
_LINE_COUNT_WEIGHTS = (22, 18, 14, 11, 9, 7, 5, 4, 3, 3, 2, 2)  # 1..12 lines
_LINE_COUNT_CUM = tuple(w / sum(_LINE_COUNT_WEIGHTS) for w in accumulate(_LINE_COUNT_WEIGHTS))


# Letters Unicode does not decompose into a base letter and a mark, spelt as people spell them in addresses
_UNDECOMPOSED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss",
                               "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe", "Þ": "Th", "þ": "th"})  # fmt: skip


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class TicketGenerator(ReceiptContent):
    """Deterministic source of tickets, users and store metadata for one :class:`SimConfig`.

    Immutable after construction and safe to share between threads."""

    def __init__(self, config: SimConfig | None = None):
        self.config = cfg = config or SimConfig()
        self._n = cfg.tickets_per_store_day
        self._keys = [mix64(mix64(cfg.seed & MASK64) + salt) for salt in range(16)]
        utc_start = cfg.start.astimezone(UTC)
        day0 = datetime(utc_start.year, utc_start.month, utc_start.day, tzinfo=UTC)
        self._day0_utc_us = int(day0.timestamp()) * SECOND_US
        self._stores = tuple(self._build_store(s, self._day0_utc_us) for s in range(cfg.stores))
        self._chronic = self._stores[0].info.operators[1]
        self._busy: Operator | None = None
        if cfg.busy_operator:
            self._busy = self._stores[1 % cfg.stores].info.operators[-1]
        self._outliers = self._pick_outliers()
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

    @property
    def outlier_operators(self) -> tuple[Operator, ...]:
        """The cashiers generated with raised exception rates (``SimConfig.outliers``), by id."""
        return tuple(sorted(self._outliers, key=lambda op: op.id))

    @property
    def busy_operator(self) -> Operator | None:
        """The honest cashier with far more tickets than anyone (``SimConfig.busy_operator``)."""
        return self._busy

    def _pick_outliers(self) -> frozenset[Operator]:
        wanted = self.config.outliers
        if not wanted:
            return frozenset()
        taken = {self._chronic, self._busy}
        candidates = [op for st in self._stores for op in st.info.operators[1:] if op not in taken]
        if wanted > len(candidates):
            raise ValueError(f"outliers must be at most {len(candidates)} for this many stores")
        return frozenset(random.Random(mix64(self._keys[0] ^ 0x0071_1E55)).sample(candidates, wanted))

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
        rng = random.Random(mix64(self._keys[S_CONTENT] ^ slot.index))
        lines, discount, original_id = self._content(slot, rng)
        self._stamp_line_times(lines, start_us, end_us, rng)
        live = sum(line.amount_cents for line in lines if not line.voided)
        discount_cents = discount[1] if discount else 0
        if slot.kind == "paid_out":
            subtotal, tax = live, 0
        else:
            subtotal = live - discount_cents
            tax = tax_cents(subtotal)
        total = subtotal + tax
        tenders = self._tenders(slot, total, rng)
        build = self._alias_ticket if slot.alias else self._pos_ticket
        return build(slot, start_us, end_us, lines, discount, tenders, (subtotal, tax, total), original_id)

    # ------------------------------------------------------------------ internals

    def _check(self, index: int) -> int:
        if not 0 <= index < self.count():
            raise IndexError(f"ticket index {index} out of range [0, {self.count()})")
        return index

    def _build_store(self, s: int, day0_utc_us: int) -> StoreModel:
        site = catalog.STORE_SITES[s % len(catalog.STORE_SITES)]
        generation = s // len(catalog.STORE_SITES)
        number = site.number + 100 * generation
        city = site.city if generation == 0 else f"{site.city} {generation + 1}"
        store_id = f"S{number:03d}"
        rng = random.Random(mix64(self._keys[0] ^ (s + 1)))
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
        return StoreModel(s, info, day0_utc_us, txn_bases)

    def _build_users(self) -> Iterator[dict[str, Any]]:
        rng = random.Random(mix64(self._keys[0] ^ 0xC0FFEE))
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
        return unit(self._keys[salt], index)

    def _persist(self, st: StoreModel, block_start: int, j: int) -> int:
        """Persist time of ticket ``j`` of the store-day block whose first index is ``block_start``."""
        day = block_start // (self._n * self.config.stores)
        q = (j + 0.9 * unit(self._keys[S_JITTER], block_start + j)) / self._n
        return st.day0_us + day * DAY_US + int(st.offset_at(q))

    def _lower_bound(self, st: StoreModel, block_start: int, t_us: int) -> int:
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
        self, st: StoreModel, start_us: int, end_us: int, after: tuple[int, int] | None
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

    def _operator(self, st: StoreModel, day: int, j: int, terminal: int) -> Operator:
        if terminal == 0 and self._busy is not None and self._busy in st.info.operators:
            return self._busy
        shift = 0 if j < st.morning_fraction * self._n else 1
        ops = st.info.operators
        return ops[(terminal + shift * self.config.terminals_per_store + day) % len(ops)]

    def _chronic_void(self, st: StoreModel, day: int, j: int, index: int) -> bool:
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
            and self._u(S_CHRONIC, index) < _CHRONIC_RATE
        )

    def _slot(self, index: int) -> Slot:
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
            r = self._u(S_KIND, index)
            if self._outliers and self._operator(st, day, j, terminal) in self._outliers:
                r /= cfg.outlier_factor  # every exception kind outlier_factor times as likely
            kind = next((name for name, cutoff in _KIND_CUTOFFS if r < cutoff), "sale")
        if kind == "no_sale":
            n_lines = 0
        elif kind == "paid_out":
            n_lines = 1
        elif kind in ("refund", "return"):
            n_lines = 1 + int(self._u(S_LINES, index) * 2)
        else:
            n_lines = 1 + bisect_right(_LINE_COUNT_CUM, self._u(S_LINES, index))
        return Slot(
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
            late=chronic_role is None and self._u(S_LATE, index) < cfg.late_fraction,
            alias=self._u(S_ALIAS, index) < cfg.alias_fraction,
            n_lines=min(n_lines, 12),
        )

    def _times(self, slot: Slot) -> tuple[int, int]:
        """``(start_us, end_us)`` of a ticket, derived backwards from its persist time."""
        index, persist = slot.index, slot.persist_us
        terminals = self.config.terminals_per_store
        u_dur = self._u(S_DURATION, index)
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
        u_delay = self._u(S_DELAY, index)
        if u_delay < _STORE_AND_FORWARD_RATE:  # the register was offline for a while
            delay = MINUTE_US + int(u_delay / _STORE_AND_FORWARD_RATE * 9 * MINUTE_US)
        else:
            delay = SECOND_US + min(int(u_delay * 40 * SECOND_US), int(gap * 0.3))
        end = persist - delay
        if slot.late:
            u_late = self._u(S_LATENESS, index)
            end -= (1 + int(u_late * 4)) * DAY_US + int((u_late * 4 % 1) * 3 * HOUR_US)
        return end - duration, end
