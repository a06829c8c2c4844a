"""The rendered receipt: a ticket as the HTML subset ``QTextDocument`` understands.

Times are shown in the workstation's zone with the UTC time in the ``title`` attribute (Qt shows it as a
tooltip). Voided lines are struck through and tagged VOID; price overrides, discounts (with who applied and
approved them), subtotal, tax, total and tenders follow. No Qt here: colours come in as plain strings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from ows_desktop.export.formatting import quantity
from ows_desktop.itemmodels.locale_format import money_text, store_datetime_text, ticket_currency
from ows_desktop.itemmodels.ticket_cells import other_rule_titles
from ows_desktop.itemmodels.ticket_columns import (
    format_local,
    format_money,
    status_kind,
    status_label,
    utc_text,
)
from ows_desktop.ows.model import LineItem, Ticket, raw_text, receipt_number, store_name
from ows_desktop.ui.receipt_review import findings_panel, flag_panel, flag_summary, shown
from ows_desktop.ui.theme import CHIPS

# a refund's "Refund of" id links here (ReceiptPanel.originalRequested)
ORIGINAL_SALE_LINK = "refund:original"
# An amount's cell: "1,234.50" kept on one line (a narrow receipt pane broke it after the comma or the point)
_MONEY = '<td align="right" style="white-space:nowrap;">'


@dataclass(frozen=True)
class ReceiptColors:
    text: str = "#1d1f23"
    muted: str = "#6b7079"
    rule: str = "#d5d8de"
    panel: str = "#f5f6f8"
    warn: str = "#b45309"


def original_sale_id(ticket: Ticket) -> str | None:
    """The id of the sale a refund returns, as the ticket names it (None: it names none)."""
    return raw_text(ticket, "originalTicketId", "OriginalTicketId")


def _time(moment: datetime | None, tz: tzinfo | None, fmt: str, offset: int | None = None) -> str:
    """The time rule (basics.store_time): the store's time with its zone label; UTC and this
    workstation's time on hover."""
    if moment is None:
        return "—"
    tip = QCoreApplication.translate("receipt_html", "{utc} — {local} on this workstation").format(
        utc=utc_text(moment), local=format_local(moment, tz, "%Y-%m-%d %H:%M:%S %Z")
    )
    return f'<span title="{shown(tip)}">{shown(store_datetime_text(moment, offset, fmt))}</span>'


def _chip(kind: str, label: str | None = None, tip: str = "") -> str:
    chip = CHIPS[kind]
    text = shown(label or chip.label)
    title = f' title="{shown(tip)}"' if tip else ""
    return (
        f'<span{title} style="background-color:{chip.fill}; color:#ffffff; font-weight:600;">'
        f"&nbsp;<b>{chip.letter}</b>&nbsp;{text}&nbsp;</span>"
    )


def _duration(start: datetime | None, end: datetime | None) -> str | None:
    if start is None or end is None or end < start:
        return None
    seconds = int((end - start).total_seconds())
    if seconds < 60:
        return QCoreApplication.translate("receipt_html", "{seconds} s").format(seconds=seconds)
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return QCoreApplication.translate("receipt_html", "{minutes} min {seconds:02d} s").format(
            minutes=minutes, seconds=seconds
        )
    hours, minutes = divmod(minutes, 60)
    return QCoreApplication.translate("receipt_html", "{hours} h {minutes:02d} min").format(
        hours=hours, minutes=minutes
    )


def exception_chips(
    ticket: Ticket, flagged: bool = False, flag_tip: str = "", rules: Iterable[str] = ()
) -> list[str]:
    """The receipt's chips, the same ones with the same letters as its row in the receipts list: the
    ticket's own void, refund, no sale, paid out and discount, the flag, then the "E" chip naming the
    ``rules`` (ids the store found on it) that no other chip shows. A line sold below its original price is
    the Price override rule's: an "E" chip as in the list, and only where that rule found it (it was a "D"
    chip here, from the line alone, while the list counted it under "E")."""
    kinds = []
    kind = status_kind(ticket.status)
    if kind == "void" or any(line.voided for line in ticket.lines):
        kinds.append(
            (
                "void",
                QCoreApplication.translate("receipt_html", "Void")
                if kind == "void"
                else QCoreApplication.translate("receipt_html", "Voided line"),
            )
        )
    if kind == "refund" or any((line.kind or "").lower() in ("refund", "return") for line in ticket.lines):
        kinds.append(
            (
                "refund",
                status_label(ticket.status)
                if kind == "refund"
                else QCoreApplication.translate("receipt_html", "Refund"),
            )
        )
    if kind == "no_sale":
        kinds.append(("no_sale", QCoreApplication.translate("receipt_html", "No sale")))
    if kind == "paid_out":
        kinds.append(("paid_out", QCoreApplication.translate("receipt_html", "Paid out")))
    if any(d.amount for d in ticket.discounts):
        kinds.append(("discount", QCoreApplication.translate("receipt_html", "Discount")))
    if flagged:
        kinds.append(("flagged", QCoreApplication.translate("receipt_html", "Flagged")))
    if others := other_rule_titles(rules):
        kinds.append(("other", ", ".join(others)))
    return [_chip(k, label, flag_tip if k == "flagged" else "") for k, label in kinds]


def _undrawable_note(scripts: Sequence[str], c: ReceiptColors) -> str:
    other = QCoreApplication.translate("receipt_html", "other characters")
    names = ", ".join(name or other for name in scripts)
    text = QCoreApplication.translate(
        "receipt_html",
        "Some text on this receipt is in {names}, which no font on this computer can draw: it shows as boxes. The text is kept whole (it can be copied, and the CSV and JSON exports hold it); installing a font for it shows it here.",
    ).format(names=names)
    return f'<p style="color:{c.warn}; margin-bottom:6px;">{shown(text)}</p>'


def render_receipt(
    ticket: Ticket,
    *,
    tz: tzinfo | None = None,
    colors: ReceiptColors | None = None,
    flagged: bool = False,
    highlight: int = -1,
    utc_offset_min: int | None = None,
    review: Any = None,
    exceptions: Sequence[tuple[str, str]] = (),
    undrawable: Sequence[str] = (),
) -> str:
    """The receipt as HTML. Each line item links to ``line:<index>`` (clicking it seeks the video to the
    line's time); ``highlight`` marks the line at the video's current time; ``exceptions``: the rules that
    fired on the ticket, ``(rule id, detail)`` as the store holds them; ``undrawable``: the scripts of its
    text no font here draws (ui/undrawable.py; "" for other characters), said above the receipt."""
    c = colors or ReceiptColors()
    raw = ticket.raw if isinstance(ticket.raw, dict) else {}
    name = (
        store_name(ticket) or ticket.location or QCoreApplication.translate("receipt_html", "Unknown store")
    )
    number = ticket.number
    operator_id = ticket.operator_id
    original = original_sale_id(ticket)
    out: list[str] = []
    add = out.append
    if undrawable:
        add(_undrawable_note(undrawable, c))

    # -- header ---------------------------------------------------------------------------------------
    add(
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td><span style="font-size:large; font-weight:700;">{shown(name)}</span></td>'
        f'<td align="right" style="color:{c.muted};">{shown(status_label(ticket.status))}</td></tr></table>'
    )
    facts = []
    if ticket.location and ticket.location != name:
        facts.append(
            QCoreApplication.translate("receipt_html", "Store {location}").format(
                location=shown(ticket.location)
            )
        )
    facts.append(
        QCoreApplication.translate("receipt_html", "Register {terminal}").format(
            terminal=shown(ticket.terminal or "—")
        )
    )
    if number:
        facts.append(shown(receipt_number(ticket)))
    add(f'<p style="margin-top:2px; color:{c.muted};">{" · ".join(facts)}</p>')

    rows = [
        (
            QCoreApplication.translate("receipt_html", "Operator"),
            shown(ticket.operator or "—")
            + (
                f' <span style="color:{c.muted};">({shown(operator_id)})</span>'
                if operator_id and operator_id != ticket.operator
                else ""
            ),
        )
    ]
    rows.append(
        (
            QCoreApplication.translate("receipt_html", "Started"),
            _time(ticket.start, tz, "%a %d %b %Y, %H:%M:%S", utc_offset_min),
        )
    )
    ended = _time(ticket.end, tz, "%H:%M:%S", utc_offset_min)
    duration = _duration(ticket.start, ticket.end)
    if duration:
        ended += f' <span style="color:{c.muted};">({duration})</span>'
    rows.append((QCoreApplication.translate("receipt_html", "Ended"), ended))
    if original:
        tip = QCoreApplication.translate("receipt_html", "Show the sale this refund returns")
        link = f'<a href="{ORIGINAL_SALE_LINK}" title="{shown(tip)}">{shown(original)}</a>'
        rows.append((QCoreApplication.translate("receipt_html", "Refund of"), link))
    add('<table cellspacing="0" cellpadding="1" style="margin-top:4px;">')
    for label, value in rows:
        add(f'<tr><td style="color:{c.muted}; padding-right:14px;">{label}</td><td>{value}</td></tr>')
    add("</table>")
    chips = exception_chips(ticket, flagged, flag_summary(review), (rule for rule, _detail in exceptions))
    if chips:
        add(f'<p style="margin-top:8px;">{"&nbsp;&nbsp;".join(chips)}</p>')
    voided = status_kind(ticket.status) == "void"
    if voided:  # a (post-)voided ticket: nothing was sold, whatever its lines and total say
        add(
            f'<p style="margin-top:8px; color:{CHIPS["void"].fill}; font-weight:700;">'
            + (
                QCoreApplication.translate(
                    "receipt_html",
                    "VOIDED — voided after it was tendered (post void): nothing on this receipt was sold.",
                )
                if "post" in (ticket.status or "").lower()
                else QCoreApplication.translate("receipt_html", "VOIDED — nothing on this receipt was sold.")
            )
            + "</p>"
        )
    if exceptions:
        add(findings_panel(exceptions, c))
    if review is not None and (review.flag is not None or review.audit):
        add(flag_panel(review, c, tz))

    # -- line items -----------------------------------------------------------------------------------
    add(_rule(c))
    if ticket.lines:
        add('<table width="100%" cellspacing="0" cellpadding="3">')
        qty, item, price, amount = (
            QCoreApplication.translate("receipt_html", "Qty"),
            QCoreApplication.translate("receipt_html", "Item"),
            QCoreApplication.translate("receipt_html", "Price"),
            QCoreApplication.translate("receipt_html", "Amount"),
        )
        add(
            # nowrap: in a narrow receipt pane (a 1024 px window) the 8 % column broke "Qty" into "Qt" and "y",
            # and "Amount" into "Amou" and "nt" once the pane lent the receipts table room
            f'<tr style="color:{c.muted};"><td width="8%" style="white-space:nowrap;">{qty}</td><td>{item}</td>'
            f'<td align="right" width="16%" style="white-space:nowrap;">{price}</td>'
            f'<td align="right" width="18%" style="white-space:nowrap;">{amount}</td></tr>'
        )
        for index, line in enumerate(ticket.lines):
            add(_line_row(line, c, index, highlight == index))
        add("</table>")
    else:
        kind = status_kind(ticket.status)
        text = (
            QCoreApplication.translate("receipt_html", "No items: the cash drawer was opened without a sale.")
            if kind == "no_sale"
            else QCoreApplication.translate("receipt_html", "No line items.")
        )
        add(f'<p style="color:{c.muted};">{text}</p>')

    # -- discounts ------------------------------------------------------------------------------------
    if ticket.discounts:
        add('<table width="100%" cellspacing="0" cellpadding="3" style="margin-top:4px;">')
        for d in ticket.discounts:
            who = []
            if d.operator:
                who.append(
                    QCoreApplication.translate("receipt_html", "applied by {operator}").format(
                        operator=shown(d.operator)
                    )
                )
            if d.approver:
                approved = QCoreApplication.translate("receipt_html", "approved by {approver}").format(
                    approver=shown(d.approver)
                )
                if d.operator and d.approver == d.operator:
                    self_approved = QCoreApplication.translate("receipt_html", "self-approved")
                    approved = f'<span style="color:{c.warn}; font-weight:600;">{self_approved}</span>'
                who.append(approved)
            detail = f'<br/><span style="color:{c.muted};">{", ".join(who)}</span>' if who else ""
            amount = format_money(-abs(d.amount)) if d.amount is not None else "—"
            discount = QCoreApplication.translate("receipt_html", "Discount")
            add(
                f'<tr><td width="8%"></td><td>{_chip("discount", discount)}&nbsp; '
                f"{shown(d.description or discount)}{detail}</td>"
                f'<td align="right" width="18%" style="white-space:nowrap;">{amount}</td></tr>'
            )
        add("</table>")

    # -- totals ---------------------------------------------------------------------------------------
    add(_rule(c))
    add('<table width="100%" cellspacing="0" cellpadding="2">')
    if ticket.subtotal is not None:
        add(
            _total_row(
                QCoreApplication.translate("receipt_html", "Subtotal"), format_money(ticket.subtotal), c
            )
        )
    if ticket.tax is not None:
        add(_total_row(QCoreApplication.translate("receipt_html", "Tax"), format_money(ticket.tax), c))
    strike = " text-decoration:line-through;" if voided else ""
    total, void = (
        QCoreApplication.translate("receipt_html", "Total"),
        (" " + QCoreApplication.translate("receipt_html", "VOID")) if voided else "",
    )
    add(
        f'<tr><td><span style="font-size:large; font-weight:700;">{total}</span></td>'
        f'{_MONEY}<span style="font-size:large; font-weight:700;{strike}">{money_text(ticket.total, ticket_currency(raw))}'
        f"</span>{void}</td></tr>"
    )
    add("</table>")

    # -- tenders --------------------------------------------------------------------------------------
    if ticket.tenders:
        add('<table width="100%" cellspacing="0" cellpadding="2" style="margin-top:6px;">')
        for t in ticket.tenders:
            add(
                _total_row(
                    shown(
                        (t.kind or QCoreApplication.translate("receipt_html", "Tender"))
                        .replace("_", " ")
                        .capitalize()
                    ),
                    format_money(t.amount),
                    c,
                    muted=True,
                )
            )
        add("</table>")

    # -- footer ---------------------------------------------------------------------------------------
    add(_rule(c))
    foot = []
    if ticket.persisted is not None:
        received = _time(ticket.persisted, tz, "%Y-%m-%d %H:%M:%S", utc_offset_min)
        foot.append(
            QCoreApplication.translate("receipt_html", "Received by OWS {time}").format(time=received)
        )
    foot.append(
        QCoreApplication.translate("receipt_html", "ID {id}").format(id=shown(ticket.id or ticket.key))
    )
    add(f'<p style="color:{c.muted}; font-size:small;">{" · ".join(foot)}</p>')
    return "".join(out)


def _rule(c: ReceiptColors) -> str:
    return f'<hr style="color:{c.rule}; background-color:{c.rule}; margin-top:6px; margin-bottom:6px;"/>'


def _total_row(label: str, value: str, c: ReceiptColors, muted: bool = False) -> str:
    style = f' style="color:{c.muted};"' if muted else ""
    return f"<tr{style}><td>{label}</td>{_MONEY}{value}</td></tr>"


def _line_row(line: LineItem, c: ReceiptColors, index: int = -1, current: bool = False) -> str:
    desc = shown(line.description or line.sku or QCoreApplication.translate("receipt_html", "Item"))
    if index >= 0 and line.time is not None:  # a line with a time can seek the video
        desc = f'<a href="line:{index}" style="color:{c.text}; text-decoration:none;">{desc}</a>'
    row_style = f' style="background-color:{c.panel}; font-weight:600;"' if current else ""
    sku = f'<br/><span style="color:{c.muted}; font-size:small;">{shown(line.sku)}</span>' if line.sku else ""
    price = format_money(line.price) if line.price is not None else ""
    amount_value = line.amount
    if amount_value is None and line.price is not None and line.quantity is not None:
        amount_value = line.price * line.quantity
    amount = format_money(amount_value) if amount_value is not None else ""
    notes: list[str] = []
    if line.original_price is not None:
        was = QCoreApplication.translate("receipt_html", "price override, was {price}")
        notes.append(
            f'<span style="color:{c.warn};">{was.format(price=format_money(line.original_price))}</span>'
        )
    kind = (line.kind or "").lower()
    if kind in ("refund", "return", "paid_out"):
        notes.append(f'<span style="color:{c.muted};">{shown(status_label(kind))}</span>')
    if notes:
        sku += "<br/>" + " · ".join(notes)
    if line.voided:
        tag = "&nbsp;" + _chip("void", QCoreApplication.translate("receipt_html", "VOID"))
        return (
            f'<tr style="color:{c.muted};{" background-color:" + c.panel + ";" if current else ""}">'
            f"<td><s>{quantity(line.quantity)}</s></td>"
            f"<td><s>{desc}</s>{tag}{sku}</td>"
            f"{_MONEY}<s>{price}</s></td>{_MONEY}<s>{amount}</s></td></tr>"
        )
    return (
        f"<tr{row_style}><td>{quantity(line.quantity)}</td><td>{desc}{sku}</td>"
        f"{_MONEY}{price}</td>{_MONEY}{amount}</td></tr>"
    )
