"""What the store's audit trail says of an export's snapshots beyond each file's own digest (custody.py checks
that): which file holding a picture is the original, and whether a snapshot with no hash may be one an earlier
version took.

* One picture, several files (the same SHA-256): the one whose audit-trail ``snapshot`` entry is earliest among
  the exported tickets' is the original and is kept, whatever the export's order; any other file holding it is
  left out and named ("which the audit trail recorded first"), even when the original is not in the export
  (its file changed since): one picture cannot show two moments, and the trail says which moment it was taken
  for first. A file with no entry (no hash) cannot be an original the trail recorded: holding a recorded
  picture, it is left out. A picture no entry records: the first file in the export's order is kept.
* No hash. Versions before the SHA-256 (3e31c87) recorded nothing of a snapshot in the store — no entry, with
  or without a hash — so nothing can show that a snapshot with no hash is one of theirs: the picture and its
  ``.json`` (what it shows, when it was taken) are files anyone with the snapshots folder can write. What the
  store does say is since when this workstation records each snapshot it takes, with its SHA-256: its first
  ``snapshot`` entry made from this host (the exported tickets' entries, else the whole trail, read once). A
  no-hash snapshot whose ``.json`` says it was taken since then was not taken by an earlier version; nor was
  one whose ``.json`` is in no form any version wrote (camera/snapshots.py, ``foreign_sidecar``). Both are left
  out and named. Any other is exported, marked as what it is: a snapshot whose picture and history cannot be
  verified (custody.NO_HASH) — a planted file that copies an earlier version's ``.json`` with an earlier time
  passes this far, and the mark says so."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ows_desktop.basics.messages import QT_TRANSLATE_NOOP
from ows_desktop.export.formatting import iso_utc
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.store.review import ACTION_SNAPSHOT, AuditEntry

# Why a snapshot is left out: sentences the window shows in its language (basics/messages.py; the CLI: English)
_FOREIGN = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "Snapshot {name} left out: not in the audit trail: its .json file has no SHA-256, and no version of OWS "
    "Desktop wrote it (it is in none of their forms), so OWS Desktop did not take it. Take the snapshot again, "
    "then export again.",
)
_TAKEN_SINCE = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "Snapshot {name} left out: not in the audit trail: its .json file has no SHA-256, but says it was taken at "
    "{taken}, and OWS Desktop on this workstation ({host}) has recorded each snapshot it takes in the audit "
    "trail, with its SHA-256, since {since} (entry {entry}), so OWS Desktop did not take it. Take the snapshot "
    "again, then export again.",
)
_SAME_AS_RECORDED = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "Snapshot {name} left out: the same picture as {other} (ticket {ticket}, the same SHA-256), which the audit "
    "trail recorded first (entry {entry}, {at}): one picture cannot show two moments. Take the snapshot again, "
    "then export again.",
)
_SAME_AS_KEPT = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "Snapshot {name} left out: the same picture as {other} (ticket {ticket}, the same SHA-256), which is in the "
    "export: one picture cannot show two moments. Take the snapshot again, then export again.",
)


def _ms(entry: AuditEntry) -> datetime:
    """When ``entry`` was made, to the millisecond below (a sidecar says when it was taken to the ms)."""
    return from_epoch_us(entry.at_us - entry.at_us % 1000)


def _hashed_here(entry: AuditEntry, host: str) -> bool:
    return entry.action == ACTION_SNAPSHOT and bool(entry.changes.get("sha256")) and entry.host == host


class SnapshotLedger:
    """The snapshots of one export as the trail knows them. ``entries``: (ticket id, entry) of every
    ``snapshot`` entry of the exported tickets (audit_check.CheckedTrails); ``reader``: for the whole trail,
    read only when a no-hash snapshot's claimed time is earlier than what the exported tickets show; ``host``:
    this workstation's name, as its entries record it."""

    def __init__(self, entries: Sequence[tuple[str, AuditEntry]], host: str, reader: Any = None) -> None:
        self._reader = reader
        self._host = host
        self.originals: dict[str, tuple[str, AuditEntry]] = {}  # SHA-256 -> the earliest entry recording it
        for ticket_id, entry in sorted(entries, key=lambda pair: pair[1].id):
            digest = entry.changes.get("sha256")
            if digest and str(digest) not in self.originals:
                self.originals[str(digest)] = (ticket_id, entry)
        ours = [entry for _ticket, entry in entries if _hashed_here(entry, host)]
        self._first: AuditEntry | None = min(ours, key=lambda e: e.id, default=None)
        self._whole_trail_read = reader is None
        self.kept: dict[str, tuple[str, str]] = {}  # SHA-256 -> (ticket id, file) of a snapshot exported

    def _recording_since(self, taken: datetime) -> AuditEntry | None:
        """This workstation's first snapshot entry with a SHA-256 if it is not later than ``taken`` (a time
        with no zone, which no version wrote, read as UTC)."""
        taken = taken if taken.tzinfo is not None else taken.replace(tzinfo=UTC)
        if self._first is not None and _ms(self._first) <= taken:
            return self._first
        if not self._whole_trail_read:  # once per export: the exported tickets' entries did not say
            self._whole_trail_read = True
            ours = (e for e in self._reader.review.audit_trail() if _hashed_here(e, self._host))
            self._first = min(ours, key=lambda e: e.id, default=self._first)
        if self._first is not None and _ms(self._first) <= taken:
            return self._first
        return None

    def unrecorded(self, name: str, foreign_sidecar: bool, taken: datetime | None) -> str | None:
        """Why a snapshot with no hash and no audit entry is left out; None when it may be an earlier
        version's (exported, marked as one that cannot be verified)."""
        if foreign_sidecar:
            return _FOREIGN.format(name=name)
        first = self._recording_since(taken) if taken is not None else None
        if first is None or taken is None:
            return None
        return _TAKEN_SINCE.format(
            name=name, taken=iso_utc(taken), host=self._host, since=iso_utc(_ms(first)), entry=first.id
        )

    def duplicate(self, ticket_key: str, name: str, digest: str) -> str | None:
        """Why this investigator's snapshot (its file's SHA-256) is left out as another's picture; None when
        it is the original, or the first file in the export holding a picture no entry records."""
        if digest in self.originals:
            ticket_id, entry = self.originals[digest]
            if (entry.ticket_key, entry.changes.get("file")) == (ticket_key, name):
                return None
            return _SAME_AS_RECORDED.format(name=name, other=entry.changes.get("file"), ticket=ticket_id,
                                            entry=entry.id, at=iso_utc(from_epoch_us(entry.at_us)))  # fmt: skip
        if digest in self.kept:
            ticket_id, first = self.kept[digest]
            return _SAME_AS_KEPT.format(name=name, other=first, ticket=ticket_id)
        return None


__all__ = ["SnapshotLedger"]
