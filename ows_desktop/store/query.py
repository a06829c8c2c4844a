"""What the ticket table shows: the query value object, the row it returns, and the keyset a page ends at.

Plain values, the same for every backend; the SQLite store compiles a query in :mod:`.query_sql`. Sorting
always ends with the rowid as tie-breaker, and pages continue from a :class:`Keyset` (the last row's sort
value and rowid) instead of an OFFSET, so page N costs the same as page 1."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ows_desktop.store.operators import parse_operator_key
from ows_desktop.store.timekeys import rowid_time

SORTS: tuple[str, ...] = ("start", "location", "terminal", "operator", "status", "items", "total")
FILTER_COLUMNS: tuple[str, ...] = ("location", "terminal", "operator", "status")


@dataclass(frozen=True)
class StoreDays:
    """Whole calendar days ``first`` to ``last`` (inclusive) as each ticket's store reads them: a ticket is
    in when its time, in the offset its store time is shown in (its own offset, else the one learned for its
    store: :mod:`ows_desktop.basics.store_time`), falls on one of these days. A ticket whose offset is
    unknown is shown in UTC, so its UTC day counts; an own offset more than daylight time above its store's
    counts as that far above (:mod:`.day_plan`). Stores in different zones are different spans of UTC time;
    the store plans them."""

    first: date
    last: date

    def __post_init__(self) -> None:
        for value in (self.first, self.last):
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"StoreDays takes dates, not {type(value).__name__}")
        if self.last < self.first:
            raise ValueError(f"StoreDays ends ({self.last}) before it starts ({self.first})")


@dataclass(frozen=True)
class StoreDaysAgo:
    """Whole calendar days counted back from *each store's today*: from ``first`` to ``last`` days before it
    (0: today; Last 7 days is 6 to 0). A store's today is the date its clock reads at the moment ``now``,
    in the offset its tickets are shown in (:class:`StoreDays`): a ticket is in when its day and the day of
    ``now``, both read in that offset, are ``last`` to ``first`` days apart. Stores whose dates differ at
    ``now`` (a −05:00 store still on the 6th while a +10:00 one is on the 7th) each have their own today.
    ``now`` is aware; offsets are whole minutes, so the window floors it to the minute and the query stays
    one value all that minute."""

    now: datetime
    first: int
    last: int

    def __post_init__(self) -> None:
        if not isinstance(self.now, datetime) or self.now.utcoffset() is None:
            raise TypeError("StoreDaysAgo.now must be an aware datetime")
        if not (isinstance(self.first, int) and isinstance(self.last, int) and self.first >= self.last >= 0):
            raise ValueError(f"StoreDaysAgo counts back {self.first} to {self.last} days: first >= last >= 0")


DaySpan = StoreDays | StoreDaysAgo  # TicketQuery.store_days


@dataclass(frozen=True)
class TicketQuery:
    """A search over the cache. Dates filter on the ticket time (its start; see :mod:`.timekeys`) at
    millisecond precision, ``start`` inclusive and ``end`` exclusive; naive datetimes are UTC; ``store_days``
    keeps the tickets of those days at their own store (:class:`StoreDays`, :class:`StoreDaysAgo`), AND-ed
    with them. Empty tuples mean "any"; ``min_total``/``max_total`` are inclusive; ``flagged`` None means
    "either".

    Review filters: ``exceptions`` keeps tickets with at least one of these exception rule ids (see
    ``rules.RULES``); ``flag_reasons`` / ``review_states`` keep flagged tickets with one of these reasons /
    states (``to_review``, ``confirmed``, ``cleared``).

    ``operator_keys`` keeps the tickets of these operators (:mod:`.operators`: an employee ID, or a name at a
    store for tickets without one); ``operators`` matches the name alone, whoever carries it."""

    text: str = ""
    start: datetime | None = None
    end: datetime | None = None
    locations: tuple[str, ...] = ()
    terminals: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    operator_keys: tuple[str, ...] = ()
    min_total: float | None = None
    max_total: float | None = None
    flagged: bool | None = None
    sort: str = "start"
    descending: bool = True
    exceptions: tuple[str, ...] = ()
    flag_reasons: tuple[str, ...] = ()
    review_states: tuple[str, ...] = ()
    case: str | None = None  # only the tickets of this investigation case (its number)
    store_days: DaySpan | None = None

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"Unknown sort {self.sort!r}; use one of {', '.join(SORTS)}.")
        for name in ("locations", "terminals", "operators", "statuses", "exceptions", "flag_reasons",
                     "review_states", "operator_keys"):  # fmt: skip
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, tuple):
                raise TypeError(f"TicketQuery.{name} must be a tuple of strings, not {type(value).__name__}")
        for key in self.operator_keys:
            if not isinstance(key, str) or parse_operator_key(key) is None:
                raise ValueError(f"Not an operator key: {key!r} (store/operators.py)")
        if self.store_days is not None and not isinstance(self.store_days, StoreDays | StoreDaysAgo):
            raise TypeError(f"TicketQuery.store_days must be StoreDays, not {type(self.store_days).__name__}")


@dataclass(frozen=True, slots=True)
class Keyset:
    """Where a page ended: the sort it belongs to, the last row's sort value and rowid."""

    sort: str
    descending: bool
    value: str | int | float | None
    rowid: int


@dataclass(frozen=True, slots=True)
class TicketRow:
    """One line of the ticket table. ``start`` is the ticket's own start (None when it has none); the
    row is placed by :attr:`time`, the time its rowid encodes."""

    rowid: int
    key: str
    id: str | None
    start: datetime | None
    location: str | None
    terminal: str | None
    operator: str | None  # the name shown
    status: str | None
    line_count: int
    total: float | None
    has_void: bool
    has_refund: bool
    is_no_sale: bool
    discount_total: float
    flagged: bool = field(default=False)
    exceptions: tuple[str, ...] = field(default=())  # exception rule ids that fired (rules.RULES)
    utc_offset_min: int | None = None  # the store's local offset (basics.store_time shows times with it)
    operator_id: str | None = None  # the employee ID: who the operator is (store/operators.py)

    @property
    def time(self) -> datetime:
        return rowid_time(self.rowid)

    def sort_value(self, sort: str) -> str | int | float | None:
        """The value this row has for ``sort``, as stored (text columns: '' for none)."""
        if sort == "start":
            return None
        if sort == "items":
            return self.line_count
        if sort == "total":
            return self.total
        return getattr(self, sort) or ""
