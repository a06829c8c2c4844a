"""Typed records the rest of the app works with. The normaliser (``tickets.py``) builds them from any
OWS ticket shape; ``raw`` always keeps the JSON object exactly as received."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypeVar

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class LineItem:
    description: str | None = None
    quantity: float | None = None
    price: float | None = None  # unit price
    amount: float | None = None  # extended amount (quantity × price, after overrides), if given
    voided: bool = False
    time: datetime | None = None  # UTC-aware
    sku: str | None = None
    kind: str | None = None  # sale / refund / return / price_override / ... when the POS says so
    original_price: float | None = None  # set when the price was overridden
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Tender:
    kind: str | None = None  # cash / card / gift / ...
    amount: float | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Discount:
    description: str | None = None
    amount: float | None = None  # positive number = money taken off
    operator: str | None = None  # who applied it
    approver: str | None = None  # who approved it
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Ticket:
    key: str  # stable identity: the id when present, else derived (see tickets.ticket_key)
    id: str | None = None
    number: str | None = None  # transaction number (repeats, rolls over)
    location: str | None = None
    terminal: str | None = None
    operator: str | None = None  # the name shown (the employee ID when the ticket names no one)
    operator_id: str | None = None  # the employee ID: who the operator is (names repeat across stores)
    start: datetime | None = None  # UTC-aware
    end: datetime | None = None
    persisted: datetime | None = None
    total: float | None = None
    subtotal: float | None = None
    tax: float | None = None
    status: str | None = None
    lines: tuple[LineItem, ...] = ()
    tenders: tuple[Tender, ...] = ()
    discounts: tuple[Discount, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


# The POS statuses OWS documents, as the window (in its language: itemmodels.ticket_columns.status_label) and
# the evidence PDF (in English) name them.
STATUS_WORDS = {
    "sale": QT_TRANSLATE_NOOP("ticket_status", "Sale"),
    "void": QT_TRANSLATE_NOOP("ticket_status", "Void"),
    "post_void": QT_TRANSLATE_NOOP("ticket_status", "Post void"),
    "refund": QT_TRANSLATE_NOOP("ticket_status", "Refund"),
    "return": QT_TRANSLATE_NOOP("ticket_status", "Return"),
    "no_sale": QT_TRANSLATE_NOOP("ticket_status", "No sale"),
    "paid_out": QT_TRANSLATE_NOOP("ticket_status", "Paid out"),
}


def status_text(status: str | None) -> str:
    """``post_void`` → ``Post void`` in English; any other status as the server wrote it, capitalised."""
    if not status:
        return "—"
    known = STATUS_WORDS.get(status.strip().lower().replace("-", "_").replace(" ", "_"))
    if known is not None:
        return str(known)
    text = status.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def raw_text(ticket: Ticket, *names: str) -> str | None:
    """The first of the raw JSON's fields ``names`` that holds a text or a number, stripped (None: none does):
    fields the model does not map, read as some POS spell them."""
    raw = ticket.raw if isinstance(ticket.raw, dict) else {}
    for name in names:
        value = raw.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def store_name(ticket: Ticket) -> str | None:
    """The store's name as the ticket carries it ("Store 063 – Tacoma": OWS's ``locationName``, ``storeName``
    from some POS), for the receipt's head in the window and the PDF; None when it carries none."""
    return raw_text(ticket, "locationName", "LocationName", "storeName")


def receipt_number(ticket: Ticket) -> str:
    """``Ticket #7742``: the number the paper receipt and the receipt view print (the transaction
    number); '' when the ticket has none."""
    return f"Ticket #{ticket.number}" if ticket.number else ""


def ticket_name(ticket: Ticket) -> str:
    """How the window names a ticket in messages, the way the receipt does: ``Ticket #7742 (S027-R01)``
    (transaction numbers repeat across stores and registers, so the store and register follow). A ticket
    without a number is named by its id. The internal key is for the command line, not for this text."""
    location, terminal = ticket.location, ticket.terminal
    if location and terminal and terminal.startswith(location):
        location = None  # the register's id already names its store (S027-R01)
    where = "-".join(part for part in (location, terminal) if part)
    name = receipt_number(ticket) or f"Ticket {ticket.id or ticket.key}"
    return f"{name} ({where})" if where else name


@dataclass(frozen=True, slots=True)
class User:
    first_name: str | None
    last_name: str | None
    email: str | None
    groups: tuple[str, ...]
    created: datetime | None
    last_sign_in: datetime | None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or (self.email or "")


@dataclass(frozen=True, slots=True)
class TicketPage:
    """One page of ``/apip/tickets``: the normalised tickets, the raw results and the cursor that follows.

    ``cursor`` is None when the data is exhausted (the server sent null or "")."""

    tickets: tuple[Ticket, ...]
    cursor: str | None
    result_count: int
    raw_results: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    body: bytes = field(default=b"", repr=False, compare=False)  # the answer as received (stored per page)
    # Each ticket's JSON text as received, cut while decoding (None: its raw is not the received object;
    # empty: not cut). The store keeps these bytes instead of re-encoding or re-cutting the tickets.
    received: tuple[bytes | None, ...] = field(default=(), repr=False, compare=False)

    @property
    def is_last(self) -> bool:
        return self.cursor is None


def positional_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of ``cls`` (a frozen, slotted dataclass) taking EVERY field positionally, in field
    order, ~3x faster than ``cls(...)``: a frozen dataclass's ``__init__`` stores each field through
    ``object.__setattr__``, which cost normalise ~a third of its time (a ticket and its lines are built for
    every ticket of a sync). Here a mutable twin with the same slots stores them as plain attributes and
    the instance then re-labels itself ``cls`` (same memory layout, so CPython allows it): the result IS
    an instance of ``cls``, equal, hashed, printed and frozen like one that ``cls(...)`` built."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    slots = getattr(cls, "__slots__", None)
    if tuple(names) != slots:
        raise TypeError(f"{cls.__name__}: slots and fields differ; build it with {cls.__name__}(...)")
    arguments = ", ".join(names)
    stores = "".join(f"    self.{name} = {name}\n" for name in names)
    namespace: dict[str, Any] = {"cls": cls}
    source = f"def __init__(self, {arguments}):\n{stores}    self.__class__ = cls\n"
    exec(source, namespace)  # noqa: S102 - built from the dataclass's own field names
    return type(f"_{cls.__name__}Twin", (), {"__slots__": slots, "__init__": namespace["__init__"]})
