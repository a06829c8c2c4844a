"""The text of each cell of the receipt table and its tooltip, from one ticket row (the time rule: the
store's own time with its zone label first, UTC and this workstation's time only on hover).

The Exceptions column's "E" chip stands for the rules no other chip shows; its text, tooltip and accessible
text name them, by the titles the receipt's findings panel gives them (:func:`rule_title`), in its order
(by rule id). They come with the row (the table's page query reads each ticket's rules): nothing is read
per row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo

from PySide6.QtCore import QCoreApplication, Qt

from ows_desktop.basics.store_time import compact_time_text, shown_offset
from ows_desktop.itemmodels.core_labels import core_label
from ows_desktop.itemmodels.locale_format import store_datetime_text
from ows_desktop.itemmodels.ticket_columns import (
    COL_EXCEPTIONS,
    COL_ITEMS,
    COL_LOCATION,
    COL_OPERATOR,
    COL_STATUS,
    COL_TERMINAL,
    COL_TIME,
    COL_TOTAL,
    COLUMN_COUNT,
    EXCEPTION_LABELS,
    SHOWN_BY_A_CHIP,
    ExceptionsRole,
    RowIdRole,
    StatusKindRole,
    TicketKeyRole,
    TicketRowRole,
    format_local,
    format_money,
    status_label,
    ticket_exceptions,
    utc_text,
)
from ows_desktop.rules.definitions import RULES_BY_ID
from ows_desktop.store.interface import TicketRow
from ows_desktop.store.operators import operator_text

# The roles the receipt table model answers (any other role: None) and each column's text alignment.
ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole.value,
        Qt.ItemDataRole.ToolTipRole.value,
        Qt.ItemDataRole.TextAlignmentRole.value,
        Qt.ItemDataRole.AccessibleTextRole.value,
        RowIdRole,
        TicketKeyRole,
        TicketRowRole,
        ExceptionsRole,
        StatusKindRole,
    )
)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
ALIGNMENTS = tuple(_RIGHT if c in (COL_ITEMS, COL_TOTAL) else _LEFT for c in range(COLUMN_COUNT))


def cell_text(row: TicketRow, column: int, tz: tzinfo | None = None, workstation: bool = False) -> str:
    """What the table shows in ``column`` for ``row`` (``workstation``: times in this workstation's zone)."""
    if column == COL_TIME:  # the time rule (basics.store_time): the store's time with its zone, compact
        moment = row.start or row.time
        offset = shown_offset(moment, row.utc_offset_min, workstation, tz)
        return compact_time_text(moment, offset)
    if column == COL_LOCATION:
        return row.location or "—"
    if column == COL_TERMINAL:
        return row.terminal or "—"
    if column == COL_OPERATOR:  # who: the name with the employee ID (names repeat across stores)
        return operator_text(row.operator, row.operator_id) if row.operator_id else row.operator or "—"
    if column == COL_STATUS:
        return status_label(row.status)
    if column == COL_ITEMS:
        return str(row.line_count)
    if column == COL_TOTAL:
        return format_money(row.total)
    # the E chip's rules named: the view's kept picture of a cell is told by this text (ui.cell_cache)
    return ", ".join(_exception_text(row, code) for code in ticket_exceptions(row))


def rule_title(rule: str) -> str:
    """A rule's title in the window's language, as the receipt names what the rules found (an unknown rule:
    its id as the store holds it)."""
    known = RULES_BY_ID.get(rule)
    return core_label(known.title) if known is not None else rule


def other_rules(row: TicketRow) -> list[str]:
    """The titles of the rules that fired on ``row`` no chip but the "E" one shows, in the receipt's order."""
    return other_rule_titles(row.exceptions)


def other_rule_titles(rules: Iterable[str]) -> list[str]:
    """The titles of ``rules`` (ids, as the store holds them) that no chip but the "E" one shows, in the
    receipt's order: the list's chip and the receipt's name the same rules."""
    return [rule_title(rule) for rule in sorted(set(rules) - SHOWN_BY_A_CHIP)]


def other_chip_label(row: TicketRow) -> str | None:
    """The "E" chip's words where its column has room: its first rule, and how many others ("Price override
    +1"); None when the row has no such rule."""
    titles = other_rules(row)
    if not titles:
        return None
    return titles[0] if len(titles) == 1 else f"{titles[0]} +{len(titles) - 1}"


def _exception_text(row: TicketRow, code: str) -> str:
    text = QCoreApplication.translate("ticket_columns", EXCEPTION_LABELS[code])
    if code == "other":  # which: the rules' titles
        text += f" ({', '.join(other_rules(row))})"
    return text


def cell_tooltip(row: TicketRow, column: int, tz: tzinfo | None) -> str | None:
    """The hover text of a cell (time: store, UTC and this workstation's time; exceptions: with amounts)."""
    if column == COL_TIME:
        moment = row.start or row.time  # asked for (hover): UTC and this workstation's time too
        return QCoreApplication.translate(
            "ticket_cells", "{store_time_text} (store time)\n{utc_text}\n{format_local} (this workstation)"
        ).format(
            store_time_text=store_datetime_text(moment, row.utc_offset_min, "%a %d %b %Y %H:%M:%S"),
            utc_text=utc_text(moment),
            format_local=format_local(moment, tz, "%a %d %b %Y %H:%M:%S %Z"),
        )
    if column == COL_EXCEPTIONS:
        codes = ticket_exceptions(row)
        if not codes:
            return QCoreApplication.translate("ticket_cells", "No exceptions")
        parts = []
        for code in codes:
            text = _exception_text(row, code)
            if code == "discount":
                text += f" ({format_money(row.discount_total)})"
            parts.append(text)
        return ", ".join(parts)
    if column == COL_STATUS:
        return row.status or QCoreApplication.translate("ticket_cells", "No status")
    return None
