"""The receipt panel of a case report's exhibit: the ticket as it was rung up (lines, voids struck through,
price overrides, discounts with who applied and approved them, totals, tenders), in the store's time."""

from __future__ import annotations

from datetime import datetime
from html import escape

from ows_desktop.export.collect import ExportItem
from ows_desktop.export.formatting import human_local, human_utc, quantity, report_money
from ows_desktop.export.pdftext import PdfText
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_style import ACCENT, MUTED, PANEL, RULE, VOID_RED
from ows_desktop.export.report_style import text as _e
from ows_desktop.ows.model import LineItem


def receipt_html(item: ExportItem, redactor: Redactor | PdfText) -> str:
    """The rendered receipt: a bordered panel in a monospaced face, voided lines struck through."""
    ticket = item.ticket
    e = lambda value: _e(redactor, value)  # noqa: E731
    rows = []
    for line in ticket.lines:
        rows.append(_receipt_line(line, redactor))
    if not ticket.lines:
        rows.append(f'<tr><td colspan="3" style="color:{MUTED};">(no items)</td></tr>')
    for d in ticket.discounts:
        who = []
        if d.operator:
            who.append(f"applied by {e(d.operator)}")
        if d.approver:
            who.append(f"approved by {e(d.approver)}")
        rows.append(
            f"<tr><td></td><td>{e(d.description or 'Discount')}"
            + (f'<br><span style="font-size:7.5pt; color:{MUTED};">{", ".join(who)}</span>' if who else "")
            + f'</td><td align="right">-{escape(report_money(redactor, d.amount))}</td></tr>'
        )
    totals = [
        ("Subtotal", ticket.subtotal),
        ("Tax", ticket.tax),
    ]
    total_rows = "".join(
        f'<tr><td></td><td style="color:{MUTED};">{label}</td><td align="right">{escape(report_money(redactor, value))}</td></tr>'
        for label, value in totals
        if value is not None
    )
    total_rows += f'<tr><td></td><td><b>TOTAL</b></td><td align="right"><b>{escape(report_money(redactor, ticket.total))}</b></td></tr>'
    tender_rows = "".join(
        f'<tr><td></td><td style="color:{MUTED};">{e((t.kind or "tender").upper())}</td>'
        f'<td align="right">{escape(report_money(redactor, t.amount))}</td></tr>'
        for t in ticket.tenders
    )
    head = (
        f'<p align="center" style="margin-bottom:0px;"><b>{e(ticket.location or "")}</b></p>'
        f'<p align="center" style="font-size:7.5pt; color:{MUTED}; margin-top:0px;">Register {e(ticket.terminal or "—")}'
        f" · Operator {e(ticket.operator or '—')}<br>"
        + store_then_utc(ticket.start, human_local(ticket.start, item.utc_offset_min))
        + "</p>"
    )
    separator = f'<tr><td colspan="3" style="color:{RULE};">{"-" * 46}</td></tr>'
    return (
        f'<table width="100%" cellspacing="0" cellpadding="8" style="background-color:{PANEL};"><tr><td>'
        f"{head}"
        '<table width="100%" cellspacing="0" cellpadding="2" style="font-family:\'DejaVu Sans Mono\', monospace; '
        'font-size:8pt;">'
        + "".join(rows)
        + separator
        + total_rows
        + (separator + tender_rows if tender_rows else "")
        + "</table></td></tr></table>"
    )


def store_then_utc(moment: datetime | None, local: str) -> str:
    """The store's time with its zone label (the rule: basics.store_time), then UTC; UTC alone when the
    store's offset is unknown."""
    if moment is None:
        return "—"
    return (f"{escape(local)}<br>" if local else "") + escape(human_utc(moment))


def _receipt_line(line: LineItem, redactor: Redactor | PdfText) -> str:
    e = lambda value: _e(redactor, value)  # noqa: E731
    description = e(line.description or line.sku or "Item")
    notes = []
    if line.sku and line.description:
        notes.append(e(line.sku))
    if line.original_price is not None and line.price is not None and line.original_price != line.price:
        notes.append(
            f'<span style="color:{ACCENT};">price override, was {escape(report_money(redactor, line.original_price))}</span>'
        )
    if line.kind and line.kind not in ("sale",):
        notes.append(e(line.kind.replace("_", " ")))
    amount = report_money(redactor, line.amount if line.amount is not None else _product(line))
    qty = quantity(line.quantity)
    if line.voided:
        return (
            f'<tr><td style="text-decoration:line-through; color:{MUTED};">{escape(qty)}</td>'
            f'<td><span style="text-decoration:line-through; color:{MUTED};">{description}</span> '
            f'<span style="color:{VOID_RED}; font-weight:700;">VOID</span>'
            + (f'<br><span style="font-size:7pt; color:{MUTED};">{" · ".join(notes)}</span>' if notes else "")
            + f'</td><td align="right" style="text-decoration:line-through; color:{MUTED};">{escape(amount)}</td></tr>'
        )
    return (
        f"<tr><td>{escape(qty)}</td><td>{description}"
        + (f'<br><span style="font-size:7pt; color:{MUTED};">{" · ".join(notes)}</span>' if notes else "")
        + f'</td><td align="right">{escape(amount)}</td></tr>'
    )


def _product(line: LineItem) -> float | None:
    if line.quantity is None or line.price is None:
        return None
    return line.quantity * line.price
