"""What is on a simulated receipt (lines, discounts, refunds, tenders) and the two wire shapes a ticket is
sent in: the documented PosTicket casing and an alias casing with .NET-style local times. A mixin of
:class:`~.generator.TicketGenerator`, which supplies the hash streams (``_u``, ``_keys``), ``_slot`` and the
product weights."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from . import catalog
from .model import (
    EPOCH,
    MINUTE_US,
    S_CONTENT,
    S_DISCOUNT,
    S_LINE_VOID,
    S_OVERRIDE,
    S_WHOLE,
    TAX_PERCENT,
    mix64,
)

if TYPE_CHECKING:
    from .model import SimConfig, Slot, StoreModel

# Per-ticket feature rates, applied to sales (and post voids, which were sales first).
_LINE_VOID_RATE = 0.065
_DISCOUNT_RATE = 0.054
_OVERRIDE_RATE = 0.011
_WHOLE_DOLLAR_RATE = 0.01
_SELF_APPROVED_RATE = 0.2
_LARGE_DISCOUNT_RATE = 0.15
_MATCHED_REFUND_RATE = 0.6


def tax_cents(subtotal_cents: int) -> int:
    """8 % tax, rounded half away from zero (negative for refunds)."""
    magnitude = (abs(subtotal_cents) * TAX_PERCENT + 50) // 100
    return magnitude if subtotal_cents >= 0 else -magnitude


def _money(cents: int) -> float:
    return cents / 100


def _money_text(cents: int) -> str:
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"


@dataclass(slots=True)
class Line:
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


class ReceiptContent:
    """Receipt content and wire shapes; see the module docstring for what the generator provides."""

    config: SimConfig
    _n: int
    _keys: list[int]
    _product_cum: list[float]

    def _u(self, salt: int, index: int) -> float:
        raise NotImplementedError

    def _slot(self, index: int) -> Slot:
        raise NotImplementedError

    @staticmethod
    def _ticket_id(st: StoreModel, terminal: int, seq: int) -> str:
        return f"T-{st.terminal_ids[terminal]}-{seq:06d}"

    def _draw_lines(self, rng: random.Random, count: int) -> list[Line]:
        products = rng.choices(catalog.PRODUCTS, cum_weights=self._product_cum, k=count)
        lines = []
        for product in products:
            r = rng.random()
            quantity = 1 if r < 0.85 else (2 if r < 0.95 else 3)
            lines.append(Line(product, quantity, product.price_cents))
        return lines

    def _content(
        self, slot: Slot, rng: random.Random
    ) -> tuple[list[Line], tuple[str, int, str, str] | None, str | None]:
        """Lines, the discount ``(description, cents, appliedBy, approvedBy)`` and, for a matched
        refund/return, the id of the sale it refunds."""
        kind, index = slot.kind, slot.index
        if kind == "no_sale":
            return [], None, None
        if kind == "paid_out":
            description, cents = rng.choice(catalog.PAID_OUT_REASONS)
            line = Line(catalog.OPEN_DEPARTMENT, 1, -cents, kind="paid_out", description=description)
            return [line], None, None
        if kind in ("refund", "return"):
            return self._refund_content(slot, rng)
        lines = self._draw_lines(rng, slot.n_lines)
        if kind == "void":
            for line in lines:
                line.voided = True
            return lines, None, None
        if kind == "sale" and self._u(S_WHOLE, index) < _WHOLE_DOLLAR_RATE:
            return [self._whole_dollar_line(rng)], None, None
        if self._u(S_LINE_VOID, index) < _LINE_VOID_RATE:
            rng.choice(lines).voided = True
        live = [line for line in lines if not line.voided]
        if live and self._u(S_OVERRIDE, index) < _OVERRIDE_RATE:
            line = rng.choice(live)
            line.original_cents = line.unit_cents
            factor = rng.choice((0.5, 0.7, 0.8, 0.9)) if rng.random() > 0.15 else 0.0
            line.unit_cents = max(1, int(line.unit_cents * factor))
        discount = None
        base = sum(line.amount_cents for line in live)
        if base > 0 and self._u(S_DISCOUNT, index) < _DISCOUNT_RATE:
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

    def _whole_dollar_line(self, rng: random.Random) -> Line:
        """An open-department line priced so the taxed total is an exact number of dollars."""
        target = rng.choice((5, 10, 20, 20, 40, 50, 100)) * 100
        price = target * 100 // (100 + TAX_PERCENT)
        for candidate in (price, price + 1, price - 1, price + 2, price - 2):
            if candidate + tax_cents(candidate) == target:
                price = candidate
                break
        return Line(catalog.OPEN_DEPARTMENT, 1, price)

    def _refund_content(self, slot: Slot, rng: random.Random) -> tuple[list[Line], None, str | None]:
        """Refund/return lines: copied from an earlier sale in the same store when one is found,
        otherwise (no matching prior sale) freshly drawn."""
        cfg, n = self.config, self._n
        source: list[Line] | None = None
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
                if prior.kind == "sale" and self._u(S_WHOLE, prior_index) >= _WHOLE_DOLLAR_RATE:
                    prior_rng = random.Random(mix64(self._keys[S_CONTENT] ^ prior_index))
                    sold = self._draw_lines(prior_rng, prior.n_lines)
                    source = rng.sample(sold, min(slot.n_lines, len(sold)))
                    original_id = self._ticket_id(slot.store, prior.terminal, prior.seq)
                    break
        if source is None:
            source = self._draw_lines(rng, slot.n_lines)
        lines = [Line(line.product, -line.quantity, line.unit_cents, kind=slot.kind) for line in source]
        return lines, None, original_id

    @staticmethod
    def _stamp_line_times(lines: list[Line], start_us: int, end_us: int, rng: random.Random) -> None:
        """Scan times strictly increasing within the ticket, before the tender at the end."""
        if not lines:
            return
        start_ms, span_ms = start_us // 1000, max(len(lines), (end_us - start_us) // 1000 * 8 // 10)
        offsets = sorted(rng.randrange(span_ms) for _ in lines)
        previous = start_ms
        for line, offset in zip(lines, offsets, strict=True):
            previous = max(previous + 1, start_ms + offset)
            line.time_ms = previous

    def _tenders(self, slot: Slot, total: int, rng: random.Random) -> list[tuple[str, int]]:
        if slot.kind in ("void", "no_sale") or total == 0:
            return []
        if slot.kind == "paid_out":
            return [("cash", total)]
        if total < 0:
            return [("cash" if rng.random() < 0.5 else "card", total)]
        if slot.kind == "sale" and self._u(S_WHOLE, slot.index) < _WHOLE_DOLLAR_RATE:
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
        slot: Slot,
        start_us: int,
        end_us: int,
        lines: list[Line],
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
        slot: Slot,
        start_us: int,
        end_us: int,
        lines: list[Line],
        discount: tuple[str, int, str, str] | None,
        tenders: list[tuple[str, int]],
        totals: tuple[int, int, int],
        original_id: str | None,
    ) -> dict[str, Any]:
        st = slot.store
        offset = st.info.utc_offset_minutes

        def local(epoch_us: int) -> dict[str, Any]:
            moment = EPOCH + timedelta(microseconds=epoch_us + offset * MINUTE_US)
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
