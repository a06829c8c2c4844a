"""The tolerant ticket normaliser: any POS ticket shape OWS sends → :class:`~ows_desktop.ows.model.Ticket`.

The API document leaves ``{PosTicket...}`` unspecified and POS integrations differ, so every field is read
through a list of aliases (first non-null wins), values are coerced leniently, and anything unreadable
becomes None rather than an error: :func:`normalise_ticket` never raises. ``Ticket.raw`` is the received
object itself (not a copy), so unknown fields are kept.

This runs for every ticket of every sync, so it avoids regexes, deep copies and per-field exceptions on
the common path.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from ows_desktop.ows import field_readers as fields
from ows_desktop.ows.errors import ProtocolError
from ows_desktop.ows.key_plans import KeyPlans
from ows_desktop.ows.model import Discount, LineItem, Tender, Ticket, TicketPage, positional_constructor
from ows_desktop.ows.text import stored_id
from ows_desktop.ows.timestamps import FAST_EPOCH_MS, FAST_EPOCH_US, parse_timestamp, to_epoch_us

# Ticket fields, in priority order. `location` prefers the stable id over the display name.
_ID = ("id", "ticketId", "transactionId", "Id")
_NUMBER = ("transactionNumber", "number", "TransactionNumber")
_LOCATION = ("locationId", "locationName", "storeId", "location", "LocationId")
_TERMINAL = ("terminalId", "terminal", "registerId", "dataSourceId", "TerminalId")
# "EmployeeName" is not in the list; it sits with the other names so that PascalCase tickets give
# the operator's name like camelCase ones do (the issue lists "operatorName" first).
_OPERATOR = (
    "operatorName",
    "operatorId",
    "employeeName",
    "EmployeeName",
    "employeeId",
    "cashier",
    "EmployeeId",
)
# The employee ID apart: it tells two cashiers of one name apart (rules/ranking.py ranks by it).
_OPERATOR_ID = ("operatorId", "employeeId", "EmployeeId", "OperatorId")
_START = ("startDate", "startTime", "openedTime", "OpenedTime")
_END = ("endDate", "endTime", "closedTime", "ClosedTime")
_PERSISTED = ("persistDate", "persist_date")
_TOTAL = ("total", "Total", "amount")
_SUBTOTAL = ("subtotal", "Subtotal", "SubTotal")
_TAX = ("tax", "Tax")
_STATUS = ("status", "type", "transactionType")
_LINES = ("lineItems", "items", "entries", "Entries")
_TENDERS = ("tenders", "payments", "Tenders")
_DISCOUNTS = ("discounts", "Discounts")

# Line item fields.
_LINE_DESCRIPTION = ("description", "Description")
_LINE_QUANTITY = ("quantity", "Quantity")
_LINE_PRICE = ("price", "unitPrice", "Price", "amount")
_LINE_AMOUNT = ("extendedAmount", "extendedPrice", "lineTotal", "amount", "Amount")
_LINE_VOIDED = ("voided", "IsVoided", "isVoided")
_LINE_TIME = ("time", "Time")
_LINE_SKU = ("sku", "SKU", "itemId", "Sku", "ItemId")
_LINE_KIND = ("type", "kind", "Type", "Kind")
_LINE_ORIGINAL_PRICE = ("originalPrice", "OriginalPrice")

# Tender and discount fields.
_TENDER_KIND = ("type", "kind", "tenderType", "Type", "TenderType")
_AMOUNT = ("amount", "Amount")
_DISCOUNT_DESCRIPTION = ("description", "Description")
_DISCOUNT_OPERATOR = ("appliedBy", "operatorId", "AppliedBy", "OperatorId")
_DISCOUNT_APPROVER = ("approvedBy", "approverId", "ApprovedBy", "ApproverId")

_KEY_SEPARATOR = "\x1f"

# Every field positionally, in model.py's field order (pinned by a test): keyword calls of these frozen
# dataclasses cost about 2.5x as much, and ``cls(...)`` itself ~4x what these constructors do (model.py).
_new_ticket = positional_constructor(Ticket)
_new_line = positional_constructor(LineItem)
_new_tender = positional_constructor(Tender)
_new_discount = positional_constructor(Discount)


def normalise_ticket(raw: Any) -> Ticket:
    """Build a Ticket from whatever the server sent for one ticket. Never raises.

    A non-dict value becomes a ticket with ``raw == {"value": raw}`` and no fields."""
    if not isinstance(raw, dict):
        raw = {"value": raw}
    ticket: Ticket = _TICKET_PLANS.read(raw)
    return ticket


def _ticket_by_aliases(raw: dict[Any, Any]) -> Ticket:
    """:func:`normalise_ticket` through the alias readers: what the readers planned for an object's keys
    (key_plans.py) do, and do for the objects they do not plan."""
    get = raw.get
    ticket_id = fields.read_id(get, _ID)
    number = fields.read_id(get, _NUMBER)
    location = fields.read_id(get, _LOCATION)
    terminal = fields.read_id(get, _TERMINAL)
    start = fields.read_time(get, _START)
    return _new_ticket(
        ticket_id if ticket_id is not None else ticket_key(location, terminal, number, start, raw),
        ticket_id,
        number,
        location,
        terminal,
        fields.read_id(get, _OPERATOR),
        fields.read_id(get, _OPERATOR_ID),
        start,
        fields.read_time(get, _END),
        fields.read_time(get, _PERSISTED),
        fields.read_number(get, _TOTAL),
        fields.read_number(get, _SUBTOTAL),
        fields.read_number(get, _TAX),
        fields.read_label(get, _STATUS),
        tuple(map(_LINE_PLANS.read, fields.objects(fields.first(get, _LINES)))),
        tuple(map(_TENDER_PLANS.read, fields.objects(fields.first(get, _TENDERS)))),
        tuple(map(_DISCOUNT_PLANS.read, fields.objects(fields.first(get, _DISCOUNTS)))),
        raw,
    )


def operator_id_of(raw: Any) -> str | None:
    """The employee ID of a ticket's raw JSON object, as :func:`normalise_ticket` reads it (a store's
    migration fills it in for the tickets it stored before it kept the ID)."""
    return fields.read_id(raw.get, _OPERATOR_ID) if isinstance(raw, dict) else None


def ticket_key(
    location: str | None, terminal: str | None, number: str | None, start: datetime | None, raw: Any
) -> str:
    """A stable key for a ticket without an id: ``"k:" + sha1(location, terminal, number, start)``.

    Transaction numbers repeat and roll over, so the start time is part of the key. A ticket with none of
    the four has nothing stable to go on; its key hashes the whole raw object instead (identical re-sends
    still collapse, different tickets do not)."""
    if location is None and terminal is None and number is None and start is None:
        canonical = "raw" + _KEY_SEPARATOR + _canonical_json(raw)
    else:
        start_text = str(to_epoch_us(start)) if start is not None else ""
        canonical = _KEY_SEPARATOR.join((location or "", terminal or "", number or "", start_text))
    digest = hashlib.sha1(canonical.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    return "k:" + digest


def _canonical_json(raw: Any) -> str:
    try:
        return json.dumps(raw, sort_keys=True, ensure_ascii=True, default=repr)
    except (TypeError, ValueError, RecursionError):  # mixed-type keys, huge ints, absurd nesting
        return type(raw).__name__


def normalise_page(content: Any, body: bytes = b"", received: tuple[bytes, ...] | None = None) -> TicketPage:
    """Turn the ``content`` object of an ``/apip/tickets`` answer into a TicketPage.

    ``results`` null counts as empty; ``cursor`` null or "" means the data is exhausted (cursor None);
    ``resultCount`` falls back to the number of results. Raises ProtocolError for a shape that is not
    the documented API (content or results of the wrong type, a result that is not an object). ``received``: each result's JSON text as
    sent (ows/answer_json.py), kept for the tickets whose ``raw`` is that result (an object)."""
    if not isinstance(content, dict):
        raise ProtocolError(f"The tickets answer has no 'content' object (got {type(content).__name__}).")
    results = content.get("results")
    if results is None:
        results = []
    elif not isinstance(results, list):
        raise ProtocolError(f"The tickets answer's 'results' is a {type(results).__name__}, not a list.")
    for at, item in enumerate(results):  # a null or a string stored as a ticket with no field at all (a
        if not isinstance(item, dict):  # phantom in the search and the signed exports): nothing is stored
            raise ProtocolError(
                f"The tickets answer's result {at + 1} is {_json_kind(item)}, not a ticket object; nothing "
                "of this page was stored."
            )
    tickets = tuple(map(normalise_ticket, results))
    count = fields.number(content.get("resultCount"))
    texts: tuple[bytes | None, ...] = ()
    if received is not None and len(received) == len(results):
        texts = tuple(
            text if ticket.raw is item else None
            for ticket, item, text in zip(tickets, results, received, strict=True)
        )
    return TicketPage(
        tickets=tickets,
        cursor=_cursor(content.get("cursor")),
        result_count=int(count) if count is not None and count >= 0 else len(results),
        raw_results=tuple(ticket.raw for ticket in tickets),
        body=body,
        received=texts,
    )


def _json_kind(value: Any) -> str:
    """What a JSON value is, in words ("null", "a text", "a number", "a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {str: "a text", int: "a number", float: "a number", list: "a list"}.get(
        type(value), "not an object"
    )


def _line_by_aliases(raw: dict[Any, Any]) -> LineItem:
    get = raw.get
    return _new_line(
        fields.read_text(get, _LINE_DESCRIPTION),
        fields.read_number(get, _LINE_QUANTITY),
        fields.read_number(get, _LINE_PRICE),
        fields.read_number(get, _LINE_AMOUNT),
        fields.read_flag(get, _LINE_VOIDED),
        fields.read_time(get, _LINE_TIME),
        fields.read_id(get, _LINE_SKU),
        fields.read_label(get, _LINE_KIND),
        fields.read_number(get, _LINE_ORIGINAL_PRICE),
        raw,
    )


def _tender_by_aliases(raw: dict[Any, Any]) -> Tender:
    get = raw.get
    return _new_tender(fields.read_label(get, _TENDER_KIND), fields.read_number(get, _AMOUNT), raw)


def _discount_by_aliases(raw: dict[Any, Any]) -> Discount:
    get = raw.get
    return _new_discount(
        fields.read_text(get, _DISCOUNT_DESCRIPTION),
        fields.read_number(get, _AMOUNT),
        fields.read_id(get, _DISCOUNT_OPERATOR),
        fields.read_id(get, _DISCOUNT_APPROVER),
        raw,
    )


def _cursor(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value or None
    return fields.id_text(value)


# The planned readers (key_plans.py): the same fields, aliases and coercions as the alias readers above.
_HELPERS: dict[str, Any] = {
    "stored_id": stored_id,
    "id_text": fields.id_text,
    "text": fields.text,
    "number": fields.number,
    "to_bool": fields.to_bool,
    "parse_timestamp": parse_timestamp,
    "fromtimestamp": datetime.fromtimestamp,
    "UTC": UTC,
    "MS_LO": FAST_EPOCH_MS[0],
    "MS_HI": FAST_EPOCH_MS[1],
    "US_LO": FAST_EPOCH_US[0],
    "US_HI": FAST_EPOCH_US[1],
    "label": fields.label,
    "EXACT_INT": fields.EXACT_INT,
    "ticket_key": ticket_key,
    "objects": fields.objects,
    "new_ticket": _new_ticket,
    "new_line": _new_line,
    "new_tender": _new_tender,
    "new_discount": _new_discount,
}
_LINE_PLANS = KeyPlans(
    (
        ("text", _LINE_DESCRIPTION),
        ("number", _LINE_QUANTITY),
        ("number", _LINE_PRICE),
        ("number", _LINE_AMOUNT),
        ("flag", _LINE_VOIDED),
        ("time", _LINE_TIME),
        ("id", _LINE_SKU),
        ("label", _LINE_KIND),
        ("number", _LINE_ORIGINAL_PRICE),
    ),
    "new_line(f0, f1, f2, f3, f4, f5, f6, f7, f8, raw)",
    _HELPERS,
    _line_by_aliases,
)
_TENDER_PLANS = KeyPlans(
    (("label", _TENDER_KIND), ("number", _AMOUNT)), "new_tender(f0, f1, raw)", _HELPERS, _tender_by_aliases
)
_DISCOUNT_PLANS = KeyPlans(
    (
        ("text", _DISCOUNT_DESCRIPTION),
        ("number", _AMOUNT),
        ("id", _DISCOUNT_OPERATOR),
        ("id", _DISCOUNT_APPROVER),
    ),
    "new_discount(f0, f1, f2, f3, raw)",
    _HELPERS,
    _discount_by_aliases,
)
_TICKET_PLANS = KeyPlans(
    (
        ("id", _ID),
        ("id", _NUMBER),
        ("id", _LOCATION),
        ("id", _TERMINAL),
        ("id", _OPERATOR),
        ("time", _START),
        ("time", _END),
        ("time", _PERSISTED),
        ("number", _TOTAL),
        ("number", _SUBTOTAL),
        ("number", _TAX),
        ("label", _STATUS),
        ("raw", _LINES),
        ("raw", _TENDERS),
        ("raw", _DISCOUNTS),
        ("id", _OPERATOR_ID),
    ),
    "new_ticket(f0 if f0 is not None else ticket_key(f2, f3, f1, f5, raw), f0, f1, f2, f3, f4, f15, f5, f6, "
    "f7, f8, f9, f10, f11, lines(f12), tenders(f13), discounts(f14), raw)",
    {
        **_HELPERS,
        "lines": _LINE_PLANS.read_objects,
        "tenders": _TENDER_PLANS.read_objects,
        "discounts": _DISCOUNT_PLANS.read_objects,
    },
    _ticket_by_aliases,
)
