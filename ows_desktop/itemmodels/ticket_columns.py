"""What the receipt table shows per column: the columns and their headers, the custom roles, the
exception chips, the status families and the cell formatting (local time, UTC tooltip, money)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ows_desktop.basics.store_time import zone_label, zone_offset
from ows_desktop.itemmodels.locale_format import money_text
from ows_desktop.ows.model import STATUS_WORDS, status_text
from ows_desktop.ows.timestamps import format_iso_utc, in_zone
from ows_desktop.rules.ticket_marks import MARKS, SHOWN_BY_A_MARK, ticket_marks
from ows_desktop.store.interface import TicketRow

COL_TIME, COL_LOCATION, COL_TERMINAL, COL_OPERATOR, COL_STATUS, COL_ITEMS, COL_TOTAL, COL_EXCEPTIONS = range(
    8
)
COLUMN_COUNT = 8
HEADERS = (
    QT_TRANSLATE_NOOP("ticket_columns", "Time"),
    QT_TRANSLATE_NOOP("ticket_columns", "Store"),
    QT_TRANSLATE_NOOP("ticket_columns", "Register"),
    QT_TRANSLATE_NOOP("ticket_columns", "Operator"),
    QT_TRANSLATE_NOOP("ticket_columns", "Status"),
    QT_TRANSLATE_NOOP("ticket_columns", "Items"),
    QT_TRANSLATE_NOOP("ticket_columns", "Total"),
    QT_TRANSLATE_NOOP("ticket_columns", "Exceptions"),
)
HEADER_TIPS = (
    QT_TRANSLATE_NOOP(
        "ticket_columns",
        "When the ticket started, with its offset from UTC: in the store's local time, or in this "
        "workstation's (Preferences ▸ Display); hover a time for the others. Sorted by the moment itself, so "
        "in store time the stores of other time zones interleave",
    ),
    QT_TRANSLATE_NOOP("ticket_columns", "Store (OWS location)"),
    QT_TRANSLATE_NOOP("ticket_columns", "Register (terminal)"),
    QT_TRANSLATE_NOOP(
        "ticket_columns", "Operator (cashier), with the employee ID where the ticket has one; sorted by name"
    ),
    QT_TRANSLATE_NOOP("ticket_columns", "Ticket status as sent by the POS"),
    QT_TRANSLATE_NOOP("ticket_columns", "Number of line items"),
    QT_TRANSLATE_NOOP("ticket_columns", "Ticket total"),
    QT_TRANSLATE_NOOP(
        "ticket_columns",
        "Exceptions: V void, R refund/return, N no sale, D discount, F flagged, E another exception the rules "
        "found (its tooltip names it)",
    ),
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

# Exception codes in display order, with a label and the letter shown on the chip: the codes, letters and which
# ticket carries which are the core's (rules.ticket_marks), which `ows-desktop search` prints too.
_LABELS = {
    "void": QT_TRANSLATE_NOOP("ticket_columns", "Void"),
    "refund": QT_TRANSLATE_NOOP("ticket_columns", "Refund"),
    "no_sale": QT_TRANSLATE_NOOP("ticket_columns", "No sale"),
    "discount": QT_TRANSLATE_NOOP("ticket_columns", "Discount"),
    "flagged": QT_TRANSLATE_NOOP("ticket_columns", "Flagged"),
    "other": QT_TRANSLATE_NOOP("ticket_columns", "Other exception"),  # a rule none of the above shows
}
EXCEPTIONS: tuple[tuple[str, str, str], ...] = tuple((code, letter, _LABELS[code]) for code, letter in MARKS)
# The rules' exceptions the chips above already show: the others get the "E" chip, so the column never looks
# clean on a ticket the rules found something on (outside opening hours, a price override).
SHOWN_BY_A_CHIP = SHOWN_BY_A_MARK
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
    """``post_void`` → ``Post void`` (``Annulation après paiement`` in French): the words of
    ``ows.model.STATUS_WORDS`` in the window's language; any other status as the server wrote it."""
    if not status:
        return "—"
    known = STATUS_WORDS.get(status.strip().lower().replace("-", "_").replace(" ", "_"))
    if known is not None:
        return QCoreApplication.translate("ticket_status", known)
    return status_text(status)


def ticket_exceptions(row: TicketRow) -> tuple[str, ...]:
    """The chips of ``row`` (their codes), as ``ows-desktop search`` marks it (rules.ticket_marks)."""
    return ticket_marks(row)


def format_local(moment: datetime | None, tz: tzinfo | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A UTC datetime in the workstation's zone (``tz`` None: the system's local zone)."""
    if moment is None:
        return "—"
    local = in_zone(moment, tz)
    if local is None:  # year 1 or 9999 shifted out of the calendar: the raw time, marked invalid
        return QCoreApplication.translate("ticket_columns", "invalid time ({format_iso_utc})").format(
            format_iso_utc=format_iso_utc(moment)
        )
    return local.strftime(fmt)


def acted_time_text(moment: datetime, tz: tzinfo | None, *, compact: bool = False) -> str:
    """When a person acted (a flag, a note, a case's change): this workstation's time with its zone, as the
    ticket times carry theirs — ``2026-12-06 14:03 UTC−05:00`` (``compact``: ``−05:00``, for a list cell)."""
    local = in_zone(moment, tz)
    if local is None:
        return format_local(moment, tz)  # marked invalid
    offset = local.utcoffset()
    minutes = None if offset is None else int(offset.total_seconds() // 60)
    zone = zone_offset(minutes) if compact else zone_label(minutes)
    return f"{local.strftime('%Y-%m-%d %H:%M')} {zone}"


def utc_text(moment: datetime | None) -> str:
    """The tooltip form: ``2026-11-20 14:03:12 UTC``."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def format_money(value: float | None) -> str:
    """In the window's locale (itemmodels.locale_format): ``1,234.50`` / ``1 234,50``; ``−`` for a negative."""
    return money_text(value)
