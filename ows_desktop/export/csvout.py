"""CSV evidence: ``tickets.csv`` (one row per ticket) and ``lines.csv`` (one row per line item).

UTF-8 with a byte-order mark so Excel opens the accents and CJK correctly; CRLF line ends; RFC 4180 quoting.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab/CR can
smuggle one in), so every *text* cell starting with one of those (or their full-width forms, which some
Excel locales also accept) is neutralised with a leading single quote. *Numbers* are written as plain
numeric literals even when negative: a cell holding nothing but ``-12.50`` is read as a number, there is
nothing in it to execute, and quoting it would turn refund amounts into text that no longer sums or sorts in
the investigator's spreadsheet. Only values that are numbers in our model (float/int) take that path, and
they are formatted by us (checked against a strict pattern), so text that merely *looks* numeric — a
description "-12.50" sent by the POS — is still neutralised.

Times sort as text (:func:`.iso_utc`, to the millisecond); the store's time says its zone with an ASCII
``-`` (``UTC-06:00``; the window and the PDF write a true minus sign, which spreadsheets and scripts do not
read) next to ``utc_offset_minutes``.

Text reads as stored: a bidi control (a right-to-left override would make a spreadsheet show "refund 10.99"
for "refund <RLO>99.01"), a hidden character or a broken UTF-16 half is named as the PDF names it, ``[RLO]``
(:func:`~.pdftext.visible`); tickets.json keeps the text exactly."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO, Any

from ows_desktop.basics.store_time import store_time_text
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.custody import IN_AUDIT_TRAIL
from ows_desktop.export.formatting import iso_utc, money, quantity, tenders_text
from ows_desktop.export.pdftext import visible
from ows_desktop.export.redact import Redactor
from ows_desktop.store.review import STATE_LABELS

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMERIC = re.compile(r"-?\d+(\.\d+)?")

TICKET_HEADER = (
    "ticket_id",
    "ticket_key",
    "ticket_number",  # the number the POS printed on the paper receipt (the window's "Ticket #2047")
    "start_utc",
    "end_utc",
    "start_store_time",  # the store's local time with its zone label (basics.store_time), ASCII minus
    "utc_offset_minutes",  # the store's offset from UTC (-360 for UTC-06:00); empty when unknown
    "location",
    "terminal",
    "operator",
    "operator_id",  # the employee ID: who the operator is (names repeat across stores); empty without one
    "status",
    "items",
    "subtotal",
    "discount_total",
    "tax",
    "total",
    "tenders",
    "exceptions",
    "exception_details",
    "exception_score",
    "flagged",
    "flag_reason",
    "review_state",
    "notes",
    # "passed", or "failed: entries 4, 5" (the ticket's audit entries that fail their hash-chain check)
    "audit_check",
    "snapshot_files",  # every snapshot of the ticket, "; " between them (an automatic one ends "-auto.png")
    # "<file>: <why>" for a snapshot not shown unchanged (no hash recorded) or left out (custody.py says why)
    "snapshot_checks",
)
LINE_HEADER = (
    "ticket_id",
    "ticket_key",
    "line_no",
    "time_utc",
    "time_store_time",  # the line's time in its store's time, as tickets.csv's start_store_time (ASCII minus)
    "utc_offset_minutes",  # the ticket's store offset, as in tickets.csv; empty when unknown
    "sku",
    "description",
    "quantity",
    "unit_price",
    "amount",
    "original_price",
    "voided",
    "kind",
)


class Number:
    """A numeric cell: written as the literal we formatted, never neutralised."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        if text and not _NUMERIC.fullmatch(text):
            raise ValueError(f"not a numeric literal: {text!r}")
        self.text = text

    @classmethod
    def of(cls, text: str) -> Number:
        """A literal formatted by :mod:`.formatting` from a float (always numeric; not checked again)."""
        number = cls.__new__(cls)
        number.text = text
        return number


def _drawable(_cp: int) -> bool:
    return True  # a spreadsheet has fonts: only controls and hidden characters are named


def shown(text: str) -> str:
    """``text`` as it must be shown to be read as stored (bidi, hidden and control characters named)."""
    return visible(text, _drawable)


def store_time(moment: datetime | None, offset_min: int | None) -> str:
    """``2026-11-20 08:37:34 UTC-06:00``: the store's time with an ASCII minus in its zone."""
    return store_time_text(moment, offset_min).replace("\u2212", "-")


def neutralise(text: str) -> str:
    """A text cell made safe for spreadsheets (see the module docstring)."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def cell(value: Any, redactor: Redactor) -> str:
    kind = type(value)
    if kind is str:  # the common case first: this runs for every cell
        text = visible(redactor.text(value) if redactor.secrets or "://" in value else value, _drawable)
        return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text
    if value is None:
        return ""
    if kind is Number:
        return value.text
    if kind is bool:
        return "yes" if value else "no"
    if kind is int or kind is float:
        return _number(value).text
    return neutralise(shown(redactor.text(str(value))))


def _number(value: float) -> Number:
    if value - value != 0:  # NaN or infinite: not a number, an empty cell
        return Number.of("")
    return Number.of(quantity(value))


def _money(value: float | None) -> Number | None:
    return None if value is None else Number.of(money(value))


def ticket_row(item: ExportItem) -> list[Any]:
    ticket, review = item.ticket, item.review
    flag = review.flag
    return [
        item.ticket_id,
        item.row.key,
        ticket.number,
        iso_utc(ticket.start),
        iso_utc(ticket.end),
        store_time(ticket.start, item.utc_offset_min),
        item.utc_offset_min,
        ticket.location,
        ticket.terminal,
        ticket.operator,
        ticket.operator_id,
        ticket.status,
        len(ticket.lines),
        _money(ticket.subtotal),
        _money(sum(d.amount for d in ticket.discounts if d.amount is not None)),
        _money(ticket.tax),
        _money(ticket.total),
        tenders_text(ticket),
        "; ".join(hit.rule for hit in item.exceptions),
        "; ".join(f"{hit.title}: {hit.detail}" for hit in item.exceptions),
        _number(item.score),
        flag is not None,
        flag.reason if flag else None,
        STATE_LABELS.get(flag.state, flag.state) if flag else None,
        "\n".join(f"[{iso_utc(_at(note.at_us))} {note.signed}] {note.note}" for note in review.notes),
        audit_check_text(item.extra.get("audit_failing") or ()),
        "; ".join(shot.file for shot in item.snapshots) or None,
        "; ".join(_snapshot_checks(item)) or None,
    ]


def _snapshot_checks(item: ExportItem) -> list[str]:
    """Each exported snapshot not shown unchanged by the audit trail, and each one left out (custody.py)."""
    marked = [
        f"{shot.file}: {shot.hash_check}"
        for shot in item.snapshots
        if shot.hash_check not in (None, IN_AUDIT_TRAIL)
    ]
    return marked + list(item.extra.get("snapshots_refused", ()))


def audit_check_text(failing: Sequence[int]) -> str:
    """``passed``, or ``failed: entries 4, 5 do not match the audit hash chain``."""
    if not failing:
        return "passed"
    ids = ", ".join(str(i) for i in failing)
    return f"failed: {'entries' if len(failing) > 1 else 'entry'} {ids} do{'' if len(failing) > 1 else 'es'} not match the audit hash chain"


def line_rows(item: ExportItem) -> Iterable[list[Any]]:
    for number, line in enumerate(item.ticket.lines, start=1):
        yield [
            item.ticket_id,
            item.row.key,
            number,
            iso_utc(line.time),
            store_time(line.time, item.utc_offset_min),
            item.utc_offset_min,
            line.sku,
            line.description,
            None if line.quantity is None else _number(line.quantity),
            _money(line.price),
            _money(line.amount),
            _money(line.original_price),
            line.voided,
            line.kind,
        ]


class CsvWriter:
    """Both files at once, fed one ticket at a time."""

    def __init__(self, tickets: IO[str], lines: IO[str], redactor: Redactor) -> None:
        self._tickets = csv.writer(tickets, lineterminator="\r\n")
        self._lines = csv.writer(lines, lineterminator="\r\n")
        self._redactor = redactor
        self._tickets.writerow(TICKET_HEADER)
        self._lines.writerow(LINE_HEADER)

    def add(self, item: ExportItem) -> None:
        redactor = self._redactor
        self._tickets.writerow([cell(v, redactor) for v in ticket_row(item)])
        # The line rows (most of the file) straight to strings: same rules as cell(), without dispatch.
        secrets = bool(redactor.secrets)
        prefixes = DANGEROUS_PREFIXES

        def text(value: str | None) -> str:
            if value is None:
                return ""
            if secrets or "://" in value:
                value = redactor.text(value)
            value = visible(value, _drawable)  # bidi, hidden and control characters named
            return "'" + value if value.startswith(prefixes) else value

        ticket_id, key = text(item.ticket_id), text(item.row.key)
        offset, minutes = item.utc_offset_min, "" if item.utc_offset_min is None else str(item.utc_offset_min)
        self._lines.writerows(
            (
                ticket_id,
                key,
                str(number),
                iso_utc(line.time),
                store_time(line.time, offset),
                minutes,
                text(line.sku),
                text(line.description),
                "" if line.quantity is None else _number(line.quantity).text,
                "" if line.price is None else money(line.price),
                "" if line.amount is None else money(line.amount),
                "" if line.original_price is None else money(line.original_price),
                "yes" if line.voided else "no",
                text(line.kind),
            )
            for number, line in enumerate(item.ticket.lines, start=1)
        )


def _at(us: int):
    from ows_desktop.ows.timestamps import from_epoch_us

    return from_epoch_us(us)
