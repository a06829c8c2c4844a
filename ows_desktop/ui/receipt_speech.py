"""The selected receipt as one plain sentence for assistive technology (a screen reader reads it as the
receipt view's and the receipt table's accessible description): store, time, total and the lines.

No Qt here, and plain text only: ticket text is never interpreted."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.export.formatting import quantity
from ows_desktop.itemmodels.core_labels import core_text
from ows_desktop.itemmodels.counted import counted
from ows_desktop.itemmodels.ticket_columns import format_money, status_label
from ows_desktop.ows.model import LineItem, Ticket
from ows_desktop.store.operators import operator_text

MAX_LINES_READ = 30  # a longer receipt ends with "and N more lines"


def _store_name(ticket: Ticket) -> str:
    raw = ticket.raw if isinstance(ticket.raw, dict) else {}
    for name in (
        "locationName",
        "LocationName",
        "storeName",
    ):
        value = raw.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ticket.location or QCoreApplication.translate("receipt_speech", "an unknown store")


def _line(line: LineItem) -> str:
    amount = line.amount
    if amount is None and line.price is not None and line.quantity is not None:
        amount = line.price * line.quantity
    count = quantity(line.quantity)
    text = f"{count + ' × ' if count else ''}{line.description or line.sku or 'item'}"
    if amount is not None:
        text += f" {format_money(amount)}"
    return text + (QCoreApplication.translate("receipt_speech", " (voided)") if line.voided else "")


def receipt_summary(ticket: Ticket, utc_offset_min: int | None = None, *, flagged: bool = False) -> str:
    """``Receipt from Lyon Part-Dieu, register 3, ticket #1042, sale. Started 2026-11-20 09:03 UTC+01:00.
    Total 12.50. 2 lines: 1 × Café 2.50; 2 × Pain 10.00.``"""
    parts = [
        QCoreApplication.translate("receipt_speech", "Receipt from {store_name}").format(
            store_name=_store_name(ticket)
        ),
        QCoreApplication.translate("receipt_speech", "register {value}").format(
            value=ticket.terminal or "unknown"
        ),
    ]
    if ticket.number:
        parts.append(f"ticket #{ticket.number}")
    if ticket.status:
        parts.append(status_label(ticket.status).lower())
    sentences = [
        ", ".join(parts)
        + (QCoreApplication.translate("receipt_speech", "; flagged for review") if flagged else "")
    ]
    if ticket.start is not None:
        sentences.append(
            QCoreApplication.translate("receipt_speech", "Started {time}").format(
                time=store_time_text(ticket.start, utc_offset_min, "%Y-%m-%d %H:%M")
            )
        )
    if ticket.operator:
        sentences.append(
            QCoreApplication.translate("receipt_speech", "Operator {operator}").format(
                operator=core_text(operator_text(ticket.operator, ticket.operator_id))  # with the ID
            )
        )
    sentences.append(
        QCoreApplication.translate("receipt_speech", "Total {total}").format(total=format_money(ticket.total))
    )
    lines = [_line(line) for line in ticket.lines[:MAX_LINES_READ]]
    more = len(ticket.lines) - len(lines)
    count = counted().lines(len(ticket.lines))
    listing = (
        f"{count}: {'; '.join(lines)}" if lines else QCoreApplication.translate("receipt_speech", "No lines")
    )
    if more > 0:
        listing += QCoreApplication.translate("receipt_speech", "; and {more} more lines").format(more=more)
    sentences.append(listing)
    return ". ".join(" ".join(s.split()) for s in sentences) + "."
