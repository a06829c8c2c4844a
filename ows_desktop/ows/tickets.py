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
import math
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from ows_desktop.ows.errors import ProtocolError
from ows_desktop.ows.model import Discount, LineItem, Tender, Ticket, TicketPage, positional_constructor
from ows_desktop.ows.text import stored_id
from ows_desktop.ows.timestamps import parse_timestamp, to_epoch_us

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

_TRUE_STRINGS = frozenset({"true", "1", "yes", "y", "t"})
_FALSE_STRINGS = frozenset({"false", "0", "no", "n", "f", ""})
_KEY_SEPARATOR = "\x1f"
_EXACT_INT = 2**53  # integers a float holds exactly

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
    get = raw.get
    ticket_id = _read_id(get, _ID)
    number = _read_id(get, _NUMBER)
    location = _read_id(get, _LOCATION)
    terminal = _read_id(get, _TERMINAL)
    start = _read_time(get, _START)
    return _new_ticket(
        ticket_id if ticket_id is not None else ticket_key(location, terminal, number, start, raw),
        ticket_id,
        number,
        location,
        terminal,
        _read_id(get, _OPERATOR),
        start,
        _read_time(get, _END),
        _read_time(get, _PERSISTED),
        _read_number(get, _TOTAL),
        _read_number(get, _SUBTOTAL),
        _read_number(get, _TAX),
        _read_label(get, _STATUS),
        tuple(map(_line, _objects(_first(get, _LINES)))),
        tuple(map(_tender, _objects(_first(get, _TENDERS)))),
        tuple(map(_discount, _objects(_first(get, _DISCOUNTS)))),
        raw,
    )


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
    the documented API (content or results of the wrong type). ``received``: each result's JSON text as
    sent (ows/answer_json.py), kept for the tickets whose ``raw`` is that result (an object)."""
    if not isinstance(content, dict):
        raise ProtocolError(f"The tickets answer has no 'content' object (got {type(content).__name__}).")
    results = content.get("results")
    if results is None:
        results = []
    elif not isinstance(results, list):
        raise ProtocolError(f"The tickets answer's 'results' is a {type(results).__name__}, not a list.")
    tickets = tuple(map(normalise_ticket, results))
    count = _number(content.get("resultCount"))
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


def _first(get: Callable[[str], Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = get(key)
        if value is not None:
            return value
    return None


# Readers: alias lookup and coercion in one call, with the common JSON type inlined.


def _read_id(get: Callable[[str], Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = get(key)
        if value is not None:
            if type(value) is str:
                value = value.strip()
                return (value if value.isascii() else stored_id(value)) or None
            return _id_text(value)
    return None


def _read_text(get: Callable[[str], Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = get(key)
        if value is not None:
            return _text(value)
    return None


def _read_number(get: Callable[[str], Any], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        value = get(key)
        if value is not None:
            kind = type(value)
            if kind is float and value - value == 0.0:  # finite
                return value
            if kind is int and -_EXACT_INT < value < _EXACT_INT:
                return float(value)
            return _number(value)
    return None


def _read_flag(get: Callable[[str], Any], keys: tuple[str, ...]) -> bool:
    for key in keys:
        value = get(key)
        if value is not None:
            if value is True or value is False:
                return value
            return _bool(value) or False
    return False


def _read_time(get: Callable[[str], Any], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        value = get(key)
        if value is not None:
            return parse_timestamp(value)
    return None


def _read_label(get: Callable[[str], Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = get(key)
        if value is not None:
            if type(value) is str:
                return _label(value)
            text = _id_text(value)
            return _label(text) if text is not None else None
    return None


def _objects(value: Any) -> list[dict[Any, Any]]:
    """The dicts of a list field; a lone object counts as a one-item list; anything else is empty."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    if isinstance(value, dict):
        return [value]
    return []


def _line(raw: dict[Any, Any]) -> LineItem:
    get = raw.get
    return _new_line(
        _read_text(get, _LINE_DESCRIPTION),
        _read_number(get, _LINE_QUANTITY),
        _read_number(get, _LINE_PRICE),
        _read_number(get, _LINE_AMOUNT),
        _read_flag(get, _LINE_VOIDED),
        _read_time(get, _LINE_TIME),
        _read_id(get, _LINE_SKU),
        _read_label(get, _LINE_KIND),
        _read_number(get, _LINE_ORIGINAL_PRICE),
        raw,
    )


def _tender(raw: dict[Any, Any]) -> Tender:
    get = raw.get
    return _new_tender(_read_label(get, _TENDER_KIND), _read_number(get, _AMOUNT), raw)


def _discount(raw: dict[Any, Any]) -> Discount:
    get = raw.get
    return _new_discount(
        _read_text(get, _DISCOUNT_DESCRIPTION),
        _read_number(get, _AMOUNT),
        _read_id(get, _DISCOUNT_OPERATOR),
        _read_id(get, _DISCOUNT_APPROVER),
        raw,
    )


def _id_text(value: Any) -> str | None:
    """Ids and names as text: strings stripped (empty → None; unpaired surrogates escaped one-to-one, see
    ows.text.stored_id), integers (and integral floats) as digits."""
    if isinstance(value, str):
        value = value.strip()
        return (value if value.isascii() else stored_id(value)) or None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float) and math.isfinite(value):
        return _int_text(int(value)) if value.is_integer() else repr(value)
    return None


def _int_text(value: int) -> str | None:
    try:
        return str(value)
    except ValueError:  # beyond Python's int-to-str digit limit: not an id
        return None


def _text(value: Any) -> str | None:
    """Free text (descriptions): strings as sent (empty → None); numbers as text; containers → None."""
    if isinstance(value, str):
        return value if value.strip() else None  # as sent: the exports keep even unpaired surrogates
    return _id_text(value)


def _number(value: Any) -> float | None:
    """Numbers and numeric strings ("12.50", "1,299.00", "$3") as float; booleans and garbage → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str):
        number = _parse_number_text(value)
        if number is None:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _parse_number_text(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        pass
    cleaned = text.replace(",", "").replace("$", "").strip()
    if not cleaned or cleaned == text:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def _bool(value: Any) -> bool | None:
    """Booleans as sent, 0/1, or "true"/"false"/"yes"/"no"/"0"/"1" strings; anything else → None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
        return None
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE_STRINGS:
            return True
        if lowered in _FALSE_STRINGS:
            return False
    return None


@lru_cache(maxsize=1024)
def _label(text: str) -> str | None:
    """Lower-case, runs of spaces/hyphens as one underscore: "Post Void" → "post_void". Cached: statuses,
    line kinds and tender kinds take a handful of distinct values."""
    return "_".join(text.replace("-", " ").split()).lower() or None


def _cursor(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value or None
    return _id_text(value)
