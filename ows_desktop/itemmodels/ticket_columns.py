"""What the receipt table shows per column: the columns and their headers, the custom roles, the
exception chips, the status families and the cell formatting (local time, UTC tooltip, money)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import Qt

from ows_desktop.ows.timestamps import format_iso_utc, in_zone
from ows_desktop.store.interface import TicketRow

COL_TIME, COL_LOCATION, COL_TERMINAL, COL_OPERATOR, COL_STATUS, COL_ITEMS, COL_TOTAL, COL_EXCEPTIONS = range(
    8
)
COLUMN_COUNT = 8
HEADERS = ("Time", "Store", "Register", "Operator", "Status", "Items", "Total", "Exceptions")
HEADER_TIPS = (
    "When the ticket started, in the store's local time with its offset from UTC "
    "(hover a time for UTC and this workstation's time)",
    "Store (OWS location)",
    "Register (terminal)",
    "Operator (cashier)",
    "Ticket status as sent by the POS",
    "Number of line items",
    "Ticket total",
    "Exceptions: V void, R refund/return, N no sale, D discount, F flagged",
)
# Store sort per column; None: not sortable.
COLUMN_SORTS: tuple[str | None, ...] = (
    "start",
    "location",
    "terminal",
    "operator",
    "status",
    "items",
    "total",
    None,
)

_USER = int(Qt.ItemDataRole.UserRole.value)
RowIdRole = _USER
TicketKeyRole = _USER + 1
TicketRowRole = _USER + 2
ExceptionsRole = _USER + 3  # tuple of exception codes (see EXCEPTIONS)
StatusKindRole = _USER + 4  # "void" / "refund" / "no_sale" / "paid_out" / "sale" / None

# Exception codes in display order, with a label and the letter shown on the chip.
EXCEPTIONS: tuple[tuple[str, str, str], ...] = (
    ("void", "V", "Void"),
    ("refund", "R", "Refund"),
    ("no_sale", "N", "No sale"),
    ("discount", "D", "Discount"),
    ("flagged", "F", "Flagged"),
)
EXCEPTION_LABELS = {code: label for code, _letter, label in EXCEPTIONS}

_STATUS_KINDS = {
    "sale": "sale",
    "void": "void",
    "voided": "void",
    "post_void": "void",
    "postvoid": "void",
    "cancelled": "void",
    "canceled": "void",
    "refund": "refund",
    "refunded": "refund",
    "return": "refund",
    "returned": "refund",
    "no_sale": "no_sale",
    "nosale": "no_sale",
    "paid_out": "paid_out",
    "paidout": "paid_out",
}


def status_kind(status: str | None) -> str | None:
    """The family a POS status belongs to (chip colour), None when unknown."""
    if not status:
        return None
    return _STATUS_KINDS.get(status.strip().lower().replace("-", "_").replace(" ", "_"), "other")


def status_label(status: str | None) -> str:
    """``post_void`` → ``Post void``."""
    if not status:
        return "—"
    text = status.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def ticket_exceptions(row: TicketRow) -> tuple[str, ...]:
    codes = []
    if row.has_void:
        codes.append("void")
    if row.has_refund:
        codes.append("refund")
    if row.is_no_sale:
        codes.append("no_sale")
    if row.discount_total:
        codes.append("discount")
    if row.flagged:
        codes.append("flagged")
    return tuple(codes)


def format_local(moment: datetime | None, tz: tzinfo | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A UTC datetime in the workstation's zone (``tz`` None: the system's local zone)."""
    if moment is None:
        return "—"
    local = in_zone(moment, tz)
    if local is None:  # year 1 or 9999 shifted out of the calendar: the raw time, marked invalid
        return f"invalid time ({format_iso_utc(moment)})"
    return local.strftime(fmt)


def utc_text(moment: datetime | None) -> str:
    """The tooltip form: ``2026-11-20 14:03:12 UTC``."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def format_money(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{abs(value):,.2f}"
    return f"−{text}" if value < 0 else text
