"""Whether the audit entries an export holds pass their integrity check (each hashes from the one before it
in the store's hash chain, and the next one from it), checked before anything is written.

An entry that fails was changed or removed behind the app's back (the database's triggers refuse both): its
note or change may not be what was written. Such an export is refused (:class:`AuditTrailBrokenError`, exit 5
on the command line: evidence that does not verify) unless the investigator asks for it anyway; then it is
marked wherever it shows those entries — the PDF's cover and each affected exhibit, a CSV's ``audit_check``
column, a JSON ticket's ``audit_entries_failing_chain``, export.json's ``audit_entries_failing_chain`` and
``audit_failing_tickets`` — and the command line and the window say so."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ows_desktop.export.errors import ExportCancelled, ExportError
from ows_desktop.store.interface import Reader

BATCH = 5000
NAMED = 5  # tickets named in one line; the rest are counted


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


def audit_breaks(reader: Reader, rids: Sequence[int], cancel: threading.Event | None = None) -> AuditBreaks:
    """Check the audit entries of these tickets against the hash chain around them (in the caller's read
    snapshot: what the export then writes), ``BATCH`` tickets per round trip."""
    trails: list[BrokenTrail] = []
    for start in range(0, len(rids), BATCH):
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("Export cancelled; nothing was written.")
        rows = reader.rows(rids[start : start + BATCH])
        reviews = reader.review.reviews_of([row.key for row in rows])
        entries = [entry for review in reviews.values() for entry in review.audit]
        failing = set(reader.review.verify_audit_entries(entries)) if entries else set()
        if not failing:
            continue
        for row in rows:
            ids = tuple(e.id for e in reviews[row.key].audit if e.id in failing)
            if ids:
                trails.append(BrokenTrail(row.id or row.key, row.key, ids))
    return AuditBreaks(tuple(trails))


__all__ = ["AuditBreaks", "AuditTrailBrokenError", "BrokenTrail", "audit_breaks"]
