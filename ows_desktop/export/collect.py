"""What an export contains: the selection (flagged tickets or a search), and per ticket everything the
writers need — the table row, the full ticket rebuilt from its raw JSON, the raw JSON, the review (flag,
notes, audit trail), the exceptions, the local UTC offset — fetched a batch at a time in ticket-time order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from ows_desktop.ows.model import Ticket
from ows_desktop.ows.tickets import normalise_ticket
from ows_desktop.ows.timestamps import format_iso_utc
from ows_desktop.rules.definitions import RULES_BY_ID, RuleConfig
from ows_desktop.store import review as review_store
from ows_desktop.store.interface import Reader
from ows_desktop.store.operators import key_text
from ows_desktop.store.query import DaySpan, StoreDays, StoreDaysAgo, TicketQuery, TicketRow
from ows_desktop.store.review import TicketReview

BATCH = 500


@dataclass(frozen=True)
class Selection:
    """Which tickets to export: ``kind`` "flagged" (every flagged ticket, optionally narrowed) or "query"
    (the current search), always in ticket-time order."""

    kind: str
    query: TicketQuery
    description: str
    rowids: tuple[int, ...] | None = None  # "selection": exactly these tickets (the rows the person selected)

    @classmethod
    def flagged(cls, reasons: tuple[str, ...] = (), states: tuple[str, ...] = ()) -> Selection:
        query = TicketQuery(flagged=True, flag_reasons=reasons, review_states=states)
        words = "flagged tickets"
        if reasons:
            words += f", reason {' or '.join(reasons)}"
        if states:
            words += f", state {' or '.join(review_store.STATE_LABELS.get(s, s) for s in states)}"
        return cls("flagged", _chronological(query), words)

    @classmethod
    def of_query(cls, query: TicketQuery, description: str = "") -> Selection:
        return cls("query", _chronological(query), description or describe_query(query))

    @classmethod
    def of_rows(cls, rowids: Sequence[int], description: str = "") -> Selection:
        """Exactly these tickets (the selected rows of the table), in ticket-time order."""
        ordered = tuple(sorted(int(r) for r in rowids))
        words = description or f"{len(ordered)} selected ticket{'s' if len(ordered) != 1 else ''}"
        return cls("selection", _chronological(TicketQuery()), words, ordered)

    def to_json(self) -> dict[str, Any]:
        if self.rowids is not None:
            return {"kind": self.kind, "description": self.description, "rowids": list(self.rowids)}
        data = {
            name: (format_iso_utc(value) if isinstance(value, datetime) else value)
            for name, value in asdict(self.query).items()
            if name not in ("sort", "descending", "store_days")
        }
        data["store_days"] = _days_json(self.query.store_days)
        return {"kind": self.kind, "description": self.description, "query": data}


def _days_json(days: DaySpan | None) -> dict[str, Any] | None:
    """Each store's own calendar days: ISO dates (the last included), or days counted back from each store's
    today at an instant (``days_ago``: first and last, 0 for today; ``as_of``: that instant)."""
    if isinstance(days, StoreDays):
        return {"first": days.first.isoformat(), "last": days.last.isoformat()}
    if isinstance(days, StoreDaysAgo):
        return {"days_ago": [days.first, days.last], "as_of": format_iso_utc(days.now)}
    return None


def _ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days before today"


def _chronological(query: TicketQuery) -> TicketQuery:
    return replace(query, sort="start", descending=False)


def describe_query(query: TicketQuery) -> str:
    parts = []
    if query.text.strip():
        parts.append(f"“{query.text.strip()}”")
    for label, values in (
        ("store", query.locations),
        ("register", query.terminals),
        ("operator", query.operators),
        ("operator", tuple(key_text(key) for key in query.operator_keys)),
        ("status", query.statuses),
        ("exception", tuple(str(RULES_BY_ID[r].title) if r in RULES_BY_ID else r for r in query.exceptions)),
        ("reason", query.flag_reasons),
        ("state", query.review_states),
    ):
        if values:
            parts.append(f"{label} {' or '.join(values)}")
    if query.start or query.end:
        parts.append(
            f"from {format_iso_utc(query.start) if query.start else '…'} to {format_iso_utc(query.end) if query.end else '…'}"
        )
    days = query.store_days
    if isinstance(days, StoreDays):
        first, last = days.first.isoformat(), days.last.isoformat()
        parts.append(f"on {first}{'' if last == first else f' to {last}'} in each store's time")
    elif isinstance(days, StoreDaysAgo):
        ago = _ago(days.first) if days.first == days.last else f"from {_ago(days.first)} to {_ago(days.last)}"
        parts.append(f"{ago} at each store (as of {format_iso_utc(days.now)}), in each store's time")
    if query.min_total is not None:
        parts.append(f"total ≥ {query.min_total:g}")
    if query.max_total is not None:
        parts.append(f"total ≤ {query.max_total:g}")
    if query.flagged is True:
        parts.append("flagged only")
    elif query.flagged is False:
        parts.append("not flagged")
    return "tickets matching " + ", ".join(parts) if parts else "all tickets"


@dataclass(frozen=True)
class ExceptionHit:
    rule: str
    title: str
    weight: float
    detail: str


@dataclass
class ExportItem:
    """One ticket of an export. ``number`` counts from 1 in export order (the PDF's exhibit number)."""

    number: int
    row: TicketRow
    ticket: Ticket
    raw: dict[str, Any]
    review: TicketReview
    exceptions: tuple[ExceptionHit, ...]
    utc_offset_min: int | None  # the store's local offset for this ticket, when known
    snapshots: list[Any] = field(default_factory=list)  # custody.Snapshot, in time order (the bundle's)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ticket_id(self) -> str:
        return self.row.id or self.row.key

    @property
    def score(self) -> float:
        return sum(hit.weight for hit in self.exceptions)

    def local_time(self, moment: datetime | None) -> datetime | None:
        if moment is None or self.utc_offset_min is None:
            return None
        return moment + timedelta(minutes=self.utc_offset_min)


def iter_items(
    reader: Reader,
    query: TicketQuery | Sequence[int],
    *,
    config: RuleConfig | None = None,
    cancelled: Callable[[], bool] | None = None,
    reviews: Mapping[str, TicketReview] | None = None,
    rows: Mapping[int, TicketRow] | None = None,
) -> Iterator[ExportItem]:
    """Every ticket of ``query`` (or of these rowids, in this order) as an ExportItem, ``BATCH`` per round
    trip. The rowids are read in one statement: paging a sparse selection (flagged tickets) with keysets
    would sort the whole selection again for every page. ``rows`` (by rowid) and ``reviews`` (by key): those of
    these tickets already read, in the same read snapshot (the audit check's, audit_check.CheckedTrails: every
    row, every review with a flag or an audit entry), not read again."""
    config = config or RuleConfig()
    order = reader.ids(query) if isinstance(query, TicketQuery) else query
    number = 0
    for start in range(0, len(order), BATCH):
        if cancelled is not None and cancelled():
            return
        wanted = order[start : start + BATCH]
        batch = reader.rows(wanted) if rows is None else [rows[r] for r in wanted if r in rows]
        rids = [row.rowid for row in batch]
        keys = [row.key for row in batch]
        read = (
            reader.review.reviews_of(keys)
            if reviews is None
            else {key: reviews.get(key) or TicketReview(key, None, ()) for key in keys}
        )
        hits = reader.rules.exceptions_of(rids)
        offsets = reader.local_offsets(rids)
        raws = reader.raws(rids)
        for row in batch:
            number += 1
            raw = raws[row.rowid]
            yield ExportItem(
                number=number,
                row=row,
                ticket=normalise_ticket(raw),
                raw=raw,
                review=read[row.key],
                exceptions=tuple(
                    ExceptionHit(
                        rule,
                        str(RULES_BY_ID[rule].title) if rule in RULES_BY_ID else rule,  # plain English
                        config.weight(rule) if rule in RULES_BY_ID else 1.0,
                        detail,
                    )
                    for rule, detail in hits.get(row.rowid, [])
                ),
                utc_offset_min=offsets.get(row.rowid),
            )
