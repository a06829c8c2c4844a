"""The chain of custody: the camera snapshots taken for an export (or why each one is missing) and
``export.json``, which says who exported what, when, from where, with every file's digest.

A ticket's snapshots are every one the investigator took of it (the video pane's Snapshot), in the order of
the moments they show; a ticket without any gets at most one frame the export took by itself from the
recording (``chosen_by`` "automatic", in the file's name too: ``…-auto.png``), never passed off as chosen.

An investigator's snapshot is checked as it is copied: what is exported as the investigator's is what the
audit trail says they took. The copy's SHA-256 must be the one the trail recorded when it was taken (the
ticket's ``snapshot`` entry for that file name, camera/snapshots.py). A snapshot is left out, and
``snapshot_failures`` says which file, why and what to do, when its file does not match (another picture
copied over it); when its ``.json`` holds a digest but the trail has no entry for it (this version always
writes one, and said so when it could not: a picture dropped in the folder with a hand-made ``.json``); when
it has no digest at all yet cannot be an earlier version's (its ``.json`` says it was taken since this
workstation records each snapshot in the trail, or no version wrote that ``.json``); or when it is the same
picture (SHA-256) as another (one picture cannot show two moments: the one the trail recorded first is kept).
:mod:`.snapshot_ledger` says how. The export goes on, as it does for any picture it cannot give (the evidence
is whatever else was asked for, signed, and says what is missing). Those kept are numbered without gaps in
the order exported (a failure names the snapshot by its own file name, never by an export number). A
snapshot with no digest that may have been taken before the digest was recorded is exported as it is,
marked as one that cannot be verified (``hash_check`` in export.json and tickets.json, the CSV's
``snapshot_checks``, the PDF's caption in the warning style, the CLI's warning line and the window's
message: :func:`unhashed_snapshots`): earlier versions recorded nothing of a snapshot, so nothing shows it
is one of theirs."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ows_desktop import __version__
from ows_desktop.basics.errors import AppError
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, message_of
from ows_desktop.export.collect import ExportItem, Selection
from ows_desktop.export.formatting import iso_utc, seconds
from ows_desktop.export.pdftext import CUSTODY_FILE
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import CaseInfo, CaseRecord
from ows_desktop.export.snapshot_ledger import SnapshotLedger
from ows_desktop.export.staging import Staging
from ows_desktop.ows.model import Ticket
from ows_desktop.store import review as review_store

log = logging.getLogger(__name__)

MANIFEST = "MANIFEST.sha256"
CUSTODY = CUSTODY_FILE  # the chain of custody: who exported what, when, with every file's digest
SNAPSHOT_DIR = "snapshots"
# Why a ticket has no picture, or one is left out: the window shows these in its language (basics/messages.py)
NO_PICTURE = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "No camera picture for this ticket (no saved snapshot, and no recording camera gave one).",
)
_SOME_KEPT = QT_TRANSLATE_NOOP(
    "export_snapshots", "{problem} ({kept} of the ticket's {found} snapshots are in the export)"
)
_NOT_RECORDED = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "Snapshot {name} left out: not in the audit trail: OWS Desktop did not record taking it (its .json file has a "
    "SHA-256, but the ticket's audit trail has no entry for it). Take the snapshot again, then export again.",
)
_NOT_THE_PICTURE = QT_TRANSLATE_NOOP(
    "export_snapshots",
    "Snapshot {name} left out: the file is not the picture taken (its SHA-256 is not the one the audit trail "
    "recorded when it was taken). Put the original file back in the snapshots folder, or take the snapshot "
    "again, then export again.",
)
_NOT_COPIED = QT_TRANSLATE_NOOP("export_snapshots", "The camera picture could not be copied: {reason}.")
_NOT_COPIED_NAMED = QT_TRANSLATE_NOOP(
    "export_snapshots", "The camera picture could not be copied: {reason} ({name})."
)
_NOT_COPIED_KIND = QT_TRANSLATE_NOOP("export_snapshots", "The camera picture could not be copied ({kind}).")

# Snapshot.hash_check: the file against the SHA-256 recorded when the investigator took it
IN_AUDIT_TRAIL = "matches the SHA-256 the audit trail recorded when it was taken"
NO_HASH = (
    "no hash recorded, cannot be verified: no SHA-256 and no audit-trail entry, as for a snapshot taken before "
    "OWS Desktop recorded them, but nothing recorded then shows that it is one, nor that the picture is the "
    "one taken"
)

INVESTIGATOR = "investigator"  # chosen_by: a snapshot the investigator took (the video pane's Snapshot)
AUTOMATIC = "automatic"  # chosen_by: a frame the export took at the ticket's start, chosen by nobody


@dataclass(frozen=True)
class SnapshotSource:
    """A picture a provider gives for a ticket: its file, camera, the moment it shows and who chose it."""

    path: str | os.PathLike[str]
    camera: str
    time: datetime | None
    clock_offset_seconds: Any
    chosen_by: str  # INVESTIGATOR or AUTOMATIC
    taken: datetime | None = None  # when the investigator took it
    time_basis: str | None = (
        None  # how ``time`` is known: "frame", "reported", "stepped" (camera/snapshots.py)
    )
    time_note: str | None = None  # the same in words
    sha256: str | None = None  # of the file when it was taken, as its sidecar says (None: not recorded)
    foreign_sidecar: bool = False  # no SHA-256 and a sidecar no version of OWS Desktop wrote (left out)


# snapshot_provider(ticket) -> the ticket's pictures (none: None or empty), or an exception whose message
# says why there is no picture (recorded, the export goes on).
SnapshotProvider = Callable[[Ticket], "Sequence[SnapshotSource] | None"]


@dataclass(frozen=True)
class Snapshot:
    ticket_id: str
    file: str
    camera: str
    time: datetime | None
    clock_offset_seconds: float | None
    sha256: str
    bytes: int
    chosen_by: str = INVESTIGATOR
    taken: datetime | None = None
    time_basis: str | None = None
    time_note: str | None = None
    recorded_sha256: str | None = None  # when it was taken (None: an automatic frame, or not recorded)
    hash_check: str | None = None  # IN_AUDIT_TRAIL or NO_HASH; None for an automatic frame

    @property
    def automatic(self) -> bool:
        return self.chosen_by == AUTOMATIC

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id,
            "file": self.file,
            "camera": self.camera,
            "time_utc": iso_utc(self.time) or None,
            "clock_offset_seconds": self.clock_offset_seconds,
            "chosen_by": self.chosen_by,
            "taken_utc": iso_utc(self.taken) or None,
            "time_basis": self.time_basis,
            "time_note": self.time_note,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "recorded_sha256": self.recorded_sha256,
            "hash_check": self.hash_check,
        }


class SnapshotRefused(Exception):
    """A snapshot is not exported as the investigator's: it is not what the audit trail says they took."""


def take_snapshots(
    writer: Staging,
    item: ExportItem,
    provider: SnapshotProvider,
    failures: list[dict[str, str]],
    ledger: SnapshotLedger | None = None,
) -> list[Snapshot]:
    """The ticket's pictures copied into the export, in the order of the moments they show; none with the
    reason appended to ``failures`` (``item.extra["snapshot_missing"]`` holds it too, for the PDF exhibit).
    A picture of several that cannot be copied is in ``failures`` too, saying the others are kept; a snapshot
    that is not what the audit trail says was taken is left out, in ``failures`` with its ``file`` (the
    export's ``refused_snapshots``; ``item.extra["snapshots_refused"]`` for the PDF exhibit). ``ledger``: what
    the audit trail says of the export's snapshots, shared by its tickets (none: only this ticket's entries)."""

    def missing(reason: str) -> None:
        reason = writer.redactor.text(reason)
        failures.append({"ticket_id": item.ticket_id, "error": reason})
        item.extra["snapshot_missing"] = reason

    try:
        found = sorted(provider(item.ticket) or (), key=_in_time_order)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # the export cannot succeed: say so
        missing(_os_reason(exc))
        return []
    except AppError as exc:  # the provider says why, in plain words
        missing(message_of(exc))
        return []
    except Exception as exc:  # a video problem must not stop the evidence export; it is recorded
        log.warning("Snapshot for %s failed: %s", item.ticket_id, exc)
        missing(f"{type(exc).__name__}: {exc}")
        return []
    if not found:
        missing(NO_PICTURE)
        return []
    shots: list[Snapshot] = []
    problems: list[str] = []
    refused: list[str] = []
    recorded = recorded_snapshots(item.review.audit)
    ledger = ledger or SnapshotLedger([], "")
    for source in found:  # numbered in the order exported, without gaps (a failure names its own file)
        try:
            shots.append(_copy(writer, item, source, len(shots) + 1, recorded, ledger))
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise  # the export cannot succeed: say so
            problems.append(_os_reason(exc))
        except SnapshotRefused as exc:
            why = writer.redactor.text(message_of(exc))
            failures.append({"ticket_id": item.ticket_id, "file": Path(source.path).name, "error": why})
            refused.append(why)
    if refused:
        item.extra["snapshots_refused"] = refused
    if not shots and problems:
        said = list(dict.fromkeys(problems))
        missing(said[0] if len(said) == 1 else " ".join(said))
    elif not shots:  # every one left out: the exhibit says why (the export lists them as refused)
        item.extra["snapshot_missing"] = " ".join(refused)
    for problem in problems if shots else ():
        kept = _SOME_KEPT.format(problem=problem, kept=len(shots), found=len(found))
        failures.append({"ticket_id": item.ticket_id, "error": writer.redactor.text(kept)})
    return shots


def _in_time_order(source: SnapshotSource) -> tuple[Any, ...]:
    never = datetime.max.replace(tzinfo=UTC)
    return (source.time is None, source.time or never, source.taken is None, source.taken or never)


def recorded_snapshots(audit: Sequence[review_store.AuditEntry]) -> dict[str, str]:
    """File name -> the SHA-256 the ticket's audit trail recorded when that snapshot was taken."""
    return {
        str(e.changes["file"]): str(e.changes["sha256"])
        for e in audit
        if e.action == review_store.ACTION_SNAPSHOT and e.changes.get("file") and e.changes.get("sha256")
    }


def _copy(
    writer: Staging,
    item: ExportItem,
    source: SnapshotSource,
    number: int,
    recorded: dict[str, str],
    ledger: SnapshotLedger,
) -> Snapshot:
    path = Path(source.path)
    chosen = source.chosen_by != AUTOMATIC  # the export's own frame was taken just now: nothing to check
    if chosen and source.sha256 and path.name not in recorded:  # a .json's digest, no entry: not taken here
        raise SnapshotRefused(_NOT_RECORDED.format(name=path.name))
    if chosen and not source.sha256 and path.name not in recorded:  # no hash: an earlier version's, or not?
        why = ledger.unrecorded(path.name, source.foreign_sidecar, source.taken)
        if why is not None:
            raise SnapshotRefused(why)
    suffix = path.suffix.lower() if path.suffix.lower() in (".png", ".jpg", ".jpeg") else ".png"
    auto = "-auto" if source.chosen_by == AUTOMATIC else ""
    record = writer.copy(
        path, f"{SNAPSHOT_DIR}/{item.number:05d}-{_safe_name(item.ticket_id)}-{number}{auto}{suffix}"
    )
    expected = recorded.get(path.name) if chosen else None
    if expected is not None and record.sha256 != expected:
        writer.discard(record)
        raise SnapshotRefused(_NOT_THE_PICTURE.format(name=path.name))
    if chosen and (why := ledger.duplicate(item.row.key, path.name, record.sha256)) is not None:
        writer.discard(record)
        raise SnapshotRefused(why)
    if chosen:
        ledger.kept[record.sha256] = (item.ticket_id, path.name)
    return Snapshot(
        ticket_id=item.ticket_id,
        file=record.path,
        camera=writer.redactor.text(str(source.camera)),
        time=source.time,
        clock_offset_seconds=seconds(source.clock_offset_seconds),
        sha256=record.sha256,
        bytes=record.bytes,
        chosen_by=source.chosen_by,
        taken=source.taken,
        time_basis=source.time_basis,
        time_note=writer.redactor.text(source.time_note) if source.time_note else None,
        recorded_sha256=expected,
        hash_check=None if not chosen else IN_AUDIT_TRAIL if expected else NO_HASH,
    )


def tickets_without_snapshots(
    failures: list[dict[str, str]], snapshots: list[Snapshot]
) -> list[dict[str, str]]:
    """The failures of tickets that have no snapshot at all (not one picture of several; not a snapshot left
    out because its file changed: :func:`refused_snapshots`)."""
    kept = {s.ticket_id for s in snapshots}
    return [f for f in failures if f["ticket_id"] not in kept and "file" not in f]


def refused_snapshots(failures: list[dict[str, str]]) -> list[dict[str, str]]:
    """The snapshots left out because they are not what the audit trail says was taken (changed, not in the
    trail, the same picture as another): {"ticket_id", "file", "error"}."""
    return [f for f in failures if "file" in f]


def unhashed_snapshots(snapshots: Sequence[Snapshot]) -> list[dict[str, str]]:
    """The investigator's snapshots exported with no hash recorded (taken before this version): {"ticket_id",
    "file"} (the file in the export), for the CLI's warning and the window's message."""
    return [{"ticket_id": s.ticket_id, "file": s.file} for s in snapshots if s.hash_check == NO_HASH]


def custody_record(
    info: CaseInfo,
    fmt: str,
    selection: Selection,
    keys: list[tuple[str, str]],
    writer: Staging,
    snapshots: list[Snapshot],
    failures: list[dict[str, str]],
    redactor: Redactor,
) -> dict[str, Any]:
    return {
        "format": "ows-desktop-export",
        "version": 1,
        "case_id": info.case_id,
        "title": info.title,
        "app": {"name": "OWS Desktop", "version": __version__},
        "exporter": {
            "investigator": info.investigator,
            "os_user": review_store.current_user(),
            "host": info.host,
        },
        "created_utc": iso_utc(info.created),
        "export_format": fmt,
        "selection": selection.to_json(),
        "ticket_count": len(keys),
        "tickets": [
            {"exhibit": n, "id": ticket_id, "key": key} for n, (ticket_id, key) in enumerate(keys, start=1)
        ],
        "files": [{"path": r.path, "sha256": r.sha256, "bytes": r.bytes} for r in writer.files],
        "snapshots": [s.to_json() for s in snapshots],
        "snapshot_failures": failures,
        "redactions": redactor.count,
        "manifest": MANIFEST,
        **({"case": _case_json(info.case)} if info.case is not None else {}),
    }


def _case_json(record: CaseRecord) -> dict[str, Any]:
    """The exported case as it stood: its fields (``case show --json``) and its history in words."""
    return {
        **record.case.to_json(),
        "history": [{"at_utc": iso_utc(at), "who": who, "what": what} for at, who, what in record.history],
    }


def _os_reason(exc: OSError) -> str:
    """Why a picture could not be copied, naming the file by its name only: ``str(exc)`` says its whole path,
    and an export must not carry the workstation's folders (the data folder, the investigator's home)."""
    if exc.strerror is None:
        return _NOT_COPIED_KIND.format(kind=type(exc).__name__)
    named = isinstance(exc.filename, str | bytes | os.PathLike) and exc.filename
    name = Path(os.fsdecode(exc.filename)).name if named else ""
    if name:
        return _NOT_COPIED_NAMED.format(reason=exc.strerror, name=name)
    return _NOT_COPIED.format(reason=exc.strerror)


def _safe_name(text: str) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in text)
    return safe.strip(".")[:80] or "ticket"


__all__ = [
    "AUTOMATIC",
    "CUSTODY",
    "INVESTIGATOR",
    "IN_AUDIT_TRAIL",
    "MANIFEST",
    "NO_HASH",
    "NO_PICTURE",
    "SNAPSHOT_DIR",
    "Snapshot",
    "SnapshotProvider",
    "SnapshotRefused",
    "SnapshotSource",
    "custody_record",
    "recorded_snapshots",
    "refused_snapshots",
    "take_snapshots",
    "tickets_without_snapshots",
    "unhashed_snapshots",
]
