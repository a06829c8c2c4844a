"""Whether the audit entries an export holds pass their integrity check (each hashes from the one before it
in the store's hash chain, and the next one from it), checked before anything is written.

An entry that fails was changed or removed behind the app's back (the database's triggers refuse both): its
note or change may not be what was written. Such an export is refused (:class:`AuditTrailBrokenError`, exit 5
on the command line: evidence that does not verify) unless the investigator asks for it anyway; then it is
marked wherever it shows those entries — the PDF's cover and each affected exhibit, a CSV's ``audit_check``
column, a JSON ticket's ``audit_entries_failing_chain``, export.json's ``audit_entries_failing_chain`` and
``audit_failing_tickets`` — and the command line and the window say so.

The check reads each ticket's row and review (flag, notes, audit entries) once: :func:`check_trails` keeps what
it read (:class:`CheckedTrails`) for the export to write, rather than read it again. An entry is checked against the
chain from the entries in hand (it hashes from the one before it, the one after it from it); only an entry
whose neighbour is not among them is asked of the store (``verify_audit_entries``: on a team store the
neighbour may be an entry this role may not read), so the verdict is the store's own either way."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ows_desktop.export.errors import ExportCancelled, ExportError
from ows_desktop.store.interface import Reader
from ows_desktop.store.query import TicketRow
from ows_desktop.store.review import ACTION_SNAPSHOT, GENESIS, AuditEntry, TicketReview, expected_hash

BATCH = 5000
NAMED = 5  # tickets named in one line; the rest are counted
# audit entries kept for the export to write (~1.2 KB each with their reviews, measured); past it, read again
KEPT_ENTRIES = 100_000
KEPT_ROWS = 50_000  # the tickets' table rows kept likewise when the export has no more (~1 KB each, measured)


@dataclass(frozen=True)
class BrokenTrail:
    """One ticket whose audit entries fail the check: the ids of those entries."""

    ticket_id: str
    ticket_key: str
    entries: tuple[int, ...]

    def describe(self) -> str:
        ids = ", ".join(str(i) for i in self.entries)
        return f"ticket {self.ticket_id} (audit {'entries' if len(self.entries) != 1 else 'entry'} {ids})"

    def to_json(self) -> dict[str, object]:
        return {"ticket_id": self.ticket_id, "ticket_key": self.ticket_key, "entries": list(self.entries)}


@dataclass(frozen=True)
class AuditBreaks:
    """The exported tickets whose audit entries fail their check, in export order (empty: every one passes)."""

    trails: tuple[BrokenTrail, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.trails)

    def entries(self) -> list[int]:
        return sorted({ident for trail in self.trails for ident in trail.entries})

    def of(self, key: str) -> tuple[int, ...]:
        """The failing entries of this ticket (by key); () when its trail passes."""
        return self._by_key.get(key, ())

    @cached_property
    def _by_key(self) -> dict[str, tuple[int, ...]]:
        return {trail.ticket_key: trail.entries for trail in self.trails}

    def describe(self, named: int = NAMED) -> str:
        """``ticket T-1 (audit entries 4, 5) and ticket T-2 (audit entry 9)``; past ``named`` tickets, the
        rest counted."""
        shown = [trail.describe() for trail in self.trails[:named]]
        more = len(self.trails) - len(shown)
        if more:
            shown.append(f"{more} more ticket{'s' if more != 1 else ''}")
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


class AuditTrailBrokenError(ExportError):
    """The export would hold audit entries that fail their integrity check: refused, nothing written (exit 5,
    as ``verify`` of evidence that does not verify)."""

    exit_code = 5

    def __init__(self, breaks: AuditBreaks) -> None:
        self.breaks = breaks
        super().__init__(
            f"Not exported: the audit trail of {breaks.describe()} fails its integrity check (changed or "
            "removed outside OWS Desktop), so its notes and history may not be as written. Nothing was "
            "written. Compare the store with a backup; to hand it over anyway with the failure marked on "
            "every page that shows it, add --despite-broken-audit."
        )


@dataclass
class CheckedTrails:
    """What the check found and read: the failing entries, and for the export to write its tickets' rows by
    rowid (``rows``) and the reviews of those that have a flag or an audit entry (``reviews``; either None when
    too many to keep) and every ``snapshot`` entry among them (kept whatever their number: the export's
    custody rules, snapshot_ledger.py)."""

    breaks: AuditBreaks = field(default_factory=AuditBreaks)
    rows: dict[int, TicketRow] | None = field(default_factory=dict)
    reviews: dict[str, TicketReview] | None = field(default_factory=dict)
    snapshot_entries: list[tuple[str, AuditEntry]] = field(default_factory=list)  # (ticket id, entry)


def check_trails(reader: Reader, rids: Sequence[int], cancel: threading.Event | None = None) -> CheckedTrails:
    """Check the audit entries of these tickets against the hash chain around them (in the caller's read
    snapshot: what the export then writes), ``BATCH`` tickets per round trip, keeping what was read. The
    entries are checked together once read (an entry's neighbour may be another batch's), or every
    ``KEPT_ENTRIES`` when there are more."""
    found = CheckedTrails(rows={} if len(rids) <= KEPT_ROWS else None)
    pending: dict[int, AuditEntry] = {}  # read, not checked yet
    failing: set[int] = set()
    owners: list[tuple[str, str, tuple[int, ...]]] = []  # (ticket id, key, its entries) in export order
    for start in range(0, len(rids), BATCH):
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("Export cancelled; nothing was written.")
        rows = reader.rows(rids[start : start + BATCH])
        if found.rows is not None:
            found.rows.update((row.rowid, row) for row in rows)
        reviews = reader.review.reviews_of([row.key for row in rows])
        for row in rows:
            audit = reviews[row.key].audit
            if audit:
                owners.append((row.id or row.key, row.key, tuple(e.id for e in audit)))
                pending.update((e.id, e) for e in audit)
                found.snapshot_entries += [
                    (row.id or row.key, e) for e in audit if e.action == ACTION_SNAPSHOT
                ]
        if found.reviews is not None:
            found.reviews.update((key, r) for key, r in reviews.items() if r.flag is not None or r.audit)
        if len(pending) > KEPT_ENTRIES:  # too many to hold: the export reads them again as it writes
            failing |= _failing(reader, pending)
            pending, found.reviews = {}, None
    failing |= _failing(reader, pending)
    found.breaks = AuditBreaks(
        tuple(
            BrokenTrail(ticket_id, key, ids)
            for ticket_id, key, entries in owners
            if (ids := tuple(i for i in entries if i in failing))
        )
    )
    return found


def audit_breaks(reader: Reader, rids: Sequence[int], cancel: threading.Event | None = None) -> AuditBreaks:
    """The tickets whose audit entries fail their check (:func:`check_trails`, what it read not kept)."""
    return check_trails(reader, rids, cancel).breaks


def _failing(reader: Reader, entries: Mapping[int, AuditEntry]) -> set[int]:
    """The ids of ``entries`` (by id, read in the export's snapshot) that fail the store's check: each must
    hash from its predecessor's stored hash, and its successor (when there is one) from it. Decided from the
    entries in hand when both neighbours are among them (entry 1 has no predecessor: the genesis); the others
    are asked of the store, which alone knows whether a successor exists and may read every neighbour."""
    if not entries:
        return set()
    links: dict[int, bool] = {}

    def linked(ident: int) -> bool:  # ``ident`` and, unless it is the first, ``ident - 1`` are in hand
        if ident not in links:
            previous = GENESIS if ident == 1 else entries[ident - 1].hash
            links[ident] = expected_hash(previous, entries[ident]) == entries[ident].hash
        return links[ident]

    failing: set[int] = set()
    ask: list[AuditEntry] = []
    for ident, entry in entries.items():
        if (ident != 1 and ident - 1 not in entries) or ident + 1 not in entries:
            ask.append(entry)
        elif not (linked(ident) and linked(ident + 1)):
            failing.add(ident)
    if ask:
        failing.update(reader.review.verify_audit_entries(ask))
    return failing


__all__ = [
    "AuditBreaks",
    "AuditTrailBrokenError",
    "BrokenTrail",
    "CheckedTrails",
    "audit_breaks",
    "check_trails",
]
