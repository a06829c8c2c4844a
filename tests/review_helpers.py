"""Small hand-made tickets for the review, rules and export tests (Ticket objects, no simulator)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ows_desktop.export.report_layout import Face, greedy_wrap
from ows_desktop.ows.model import Discount, LineItem, Tender, Ticket
from ows_desktop.ows.timestamps import to_epoch_us

# 15:00 UTC on a Monday = 10:00 in a UTC-05:00 store: comfortably inside opening hours.
T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def ln(
    sku: str | None = "SKU1",
    qty: float | None = 1,
    price: float | None = 5.0,
    *,
    amount: float | None = None,
    voided: bool = False,
    kind: str | None = "sale",
    original: float | None = None,
    description: str | None = None,
) -> LineItem:
    return LineItem(
        description=description or (f"Item {sku}" if sku else "Open department"),
        quantity=qty,
        price=price,
        amount=amount if amount is not None else (None if qty is None or price is None else qty * price),
        voided=voided,
        sku=sku,
        kind=kind,
        original_price=original,
    )


def tk(
    key: str,
    *,
    start: datetime | None = T0,
    end: datetime | None = None,
    status: str | None = "sale",
    location: str | None = "S1",
    terminal: str | None = "R1",
    operator: str | None = "Ana",
    operator_id: str | None = None,
    lines: tuple[LineItem, ...] | None = None,
    tenders: tuple[Tender, ...] | None = None,
    discounts: tuple[Discount, ...] = (),
    total: float | None = None,
    subtotal: float | None = None,
    offset_minutes: int | None = None,
    raw: dict[str, Any] | None = None,
) -> Ticket:
    """A ticket; totals default to the live lines minus discounts, tendered by card. ``offset_minutes``
    puts the start time in the raw JSON as ``{"DateTime": local, "OffsetMinutes": n}`` like some POS do."""
    if lines is None:
        lines = (ln(),)
    live = sum(line.amount or 0 for line in lines if not line.voided)
    off = sum(d.amount or 0 for d in discounts)
    if subtotal is None:
        subtotal = round(live - off, 2)
    if total is None:
        total = subtotal
    if tenders is None:
        tenders = () if status in ("void", "no_sale") or not total else (Tender("card", total),)
    end = end if end is not None else (start + timedelta(seconds=30) if start else None)
    body: dict[str, Any] = {
        "id": key,
        "transactionNumber": key[-4:],
        "locationId": location,
        "terminalId": terminal,
        "operatorName": operator,
        **({"operatorId": operator_id} if operator_id is not None else {}),
        "status": status,
        "subtotal": subtotal,
        "tax": 0.0,
        "total": total,
        "lineItems": [
            {
                "sku": line.sku,
                "description": line.description,
                "quantity": line.quantity,
                "unitPrice": line.price,
                "amount": line.amount,
                "voided": line.voided,
                "type": line.kind,
                **({"originalPrice": line.original_price} if line.original_price is not None else {}),
            }
            for line in lines
        ],
        "tenders": [{"type": t.kind, "amount": t.amount} for t in tenders],
        "discounts": [
            {
                "description": d.description,
                "amount": d.amount,
                "appliedBy": d.operator,
                "approvedBy": d.approver,
            }
            for d in discounts
        ],
    }
    if end is not None:
        body["endDate"] = to_epoch_us(end) // 1000
    if start is not None:
        if offset_minutes is None:
            body["startDate"] = to_epoch_us(start) // 1000
        else:
            local = (start + timedelta(minutes=offset_minutes)).replace(tzinfo=None)
            body["startDate"] = {"DateTime": local.isoformat(), "OffsetMinutes": offset_minutes}
    if raw:
        body.update(raw)
    return Ticket(
        key=key,
        id=key,
        number=key[-4:],
        location=location,
        terminal=terminal,
        operator=operator,
        operator_id=operator_id,
        start=start,
        end=end,
        persisted=(start or T0) + timedelta(seconds=45),
        total=total,
        subtotal=subtotal,
        tax=0.0,
        status=status,
        lines=lines,
        tenders=tenders,
        discounts=discounts,
        raw=body,
    )


def store_flagged_exhibits(
    store: Any,
    count: int,
    words: list[str],
    *,
    long_ticket: int,
    extra: Any = lambda i: (),
) -> None:
    """``count`` flagged tickets T-000… for the PDF case report tests: 1–4 lines described by ``words`` in turn,
    ``extra(i)`` lines more, and 120 lines (some voided) on ticket ``long_ticket`` (an exhibit of many pages);
    each flagged with a note holding a bidirectional override."""
    store.upsert_tickets(
        [
            tk(
                f"T-{i:03d}",
                start=T0 + timedelta(minutes=i),
                lines=tuple(ln(f"S{j}", description=words[(i + j) % len(words)]) for j in range(1 + i % 4))
                + tuple(extra(i))
                + (tuple(ln(f"L{j}", voided=j % 9 == 2) for j in range(120)) if i == long_ticket else ()),
            )
            for i in range(count)
        ]
    )
    store.review.flag_tickets(
        [f"T-{i:03d}" for i in range(count)], reason="r", note="note \u202e reversed", who="jane"
    )


def pdftotext(pdf: Path, *options: str) -> str:
    """The text of a PDF as poppler's ``pdftotext`` reads it (``options`` such as ``-raw`` or ``-l 2``)."""
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


EMMA = "Emma Johnson"
INES = "Ines Brontë"


def store_two_rules_each(store: Any) -> None:
    """Emma Johnson (E1001): 4 tickets with two rules' exceptions each (a voided line and a price override), 2
    no-sales and a clean sale — 10 findings on 6 tickets; Bob (E1002): a no-sale and a clean sale. Stored, the
    rules run (times in UTC, around T0)."""
    from ows_desktop.rules import RuleRunner

    tickets = []
    for i in range(4):
        lines = (ln("A"), ln("B", voided=True), ln("C", 1, 3.0, original=5.49))
        tickets.append(tk(f"e-two{i}", start=T0 + timedelta(minutes=i), operator=EMMA, operator_id="E1001",
                          lines=lines))  # fmt: skip
    for i in range(2):
        tickets.append(tk(f"e-ns{i}", start=T0 + timedelta(minutes=10 + i), operator=EMMA, operator_id="E1001",
                          status="no_sale", lines=()))  # fmt: skip
    tickets.append(tk("e-sale", start=T0 + timedelta(minutes=20), operator=EMMA, operator_id="E1001"))
    tickets.append(tk("b-ns", start=T0 + timedelta(minutes=30), operator="Bob", operator_id="E1002",
                      status="no_sale", lines=()))  # fmt: skip
    tickets.append(tk("b-sale", start=T0 + timedelta(minutes=31), operator="Bob", operator_id="E1002"))
    store.upsert_tickets(tickets)
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)


def namesake_tickets() -> list[Ticket]:
    """Two cashiers named Ines Brontë (E1014 at S027: 3 refunds of 5 tickets; E1053 at S063: 4 of 5), tickets
    of that name without an ID at both stores (S063: a refund), and E2001, written "Ana" and "Ana M.", at both:
    one minute apart from T0, refunds of one SKU7 each."""
    tickets: list[Ticket] = []

    def add(key: str, location: str, operator: str, operator_id: str | None, *, refund: bool) -> None:
        minute = len(tickets)
        status = "refund" if refund else "sale"
        lines = (ln("SKU7", -1, 5.0, kind="refund"),) if refund else (ln("SKU7"),)
        tickets.append(
            tk(key, start=T0 + timedelta(minutes=minute), location=location, terminal=f"{location}-R1",
               operator=operator, operator_id=operator_id, status=status, lines=lines)
        )  # fmt: skip

    for i in range(3):
        add(f"s027-ines-r{i}", "S027", INES, "E1014", refund=True)
    for i in range(2):
        add(f"s027-ines-s{i}", "S027", INES, "E1014", refund=False)
    for i in range(4):
        add(f"s063-ines-r{i}", "S063", INES, "E1053", refund=True)
    add("s063-ines-s0", "S063", INES, "E1053", refund=False)
    add("s063-noid-r0", "S063", INES, None, refund=True)  # her name, no ID: not E1053's
    add("s027-noid-s0", "S027", INES, None, refund=False)  # her name, no ID, another store
    add("s027-ana-r0", "S027", "Ana", "E2001", refund=True)
    add("s027-ana-s0", "S027", "Ana", "E2001", refund=False)
    add("s063-ana-r0", "S063", "Ana M.", "E2001", refund=True)  # one ID, written two ways
    return tickets


def store_namesakes(store: Any) -> None:
    """:func:`namesake_tickets` stored, the rules run (times in UTC)."""
    from ows_desktop.rules import RuleRunner

    store.upsert_tickets(namesake_tickets())
    RuleRunner.from_settings({"rules/outside_hours/timezone": "UTC"}).run_all(store)


class CharMetrics:
    """PDF layout metrics for tests: every character 0.6 em wide, lines 1.2 em (a layout's arithmetic without
    fonts: export/report_layout.py)."""

    dot = 1.0

    def __init__(self) -> None:
        self.faces: list[Face] = []

    def face_id(self, face: Face) -> int:
        if face not in self.faces:
            self.faces.append(face)
        return self.faces.index(face)

    def width(self, text: str, face: Face) -> float:
        return len(text) * face.size * 0.6

    def line_height(self, face: Face) -> float:
        return face.size * 1.2

    def wrap(self, text: str, face: Face, width: float) -> list[str]:
        return greedy_wrap(text, width, lambda part: self.width(part, face))
