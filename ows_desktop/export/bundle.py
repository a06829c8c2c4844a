"""An evidence export: a folder holding the chosen format's files, the camera snapshots, ``export.json``
(chain of custody) and ``MANIFEST.sha256`` (``sha256sum -c`` verifies it).

All or nothing: everything is written into a hidden staging folder next to the target (each file under a
``.part`` name, flushed, fsynced and renamed into place), hashed, scanned for secrets, and only then is the
staging folder renamed to the target in one step. Any failure (disk full, no permission, a cancelled export)
removes the staging folder and raises :class:`ExportError` saying why; the target is never left half
written. The target must not exist yet or be an empty folder (evidence folders are not mixed).

The whole export reads one consistent state of the cache (a read transaction), so a sync running meanwhile
cannot make the index, the exhibits and export.json disagree. A PDF export also holds ``tickets.json`` (the
data the report shows, whole), and the report states the SHA-256 of it and of every snapshot.

The staging folder and publishing: :mod:`.staging`; snapshots and export.json: :mod:`.custody`."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from secrets import token_hex

from ows_desktop import __version__
from ows_desktop.export.audit import record_export
from ows_desktop.export.audit_check import AuditBreaks, AuditTrailBrokenError, CheckedTrails, check_trails
from ows_desktop.export.clips import Clip, ClipSource, take_clips
from ows_desktop.export.collect import ExportItem, Selection, iter_items
from ows_desktop.export.csvout import CsvWriter
from ows_desktop.export.custody import (
    CUSTODY,
    Snapshot,
    SnapshotProvider,
    custody_record,
    refused_snapshots,
    take_snapshots,
    tickets_without_snapshots,
    unhashed_snapshots,
)
from ows_desktop.export.errors import ExportCancelled, ExportError, ExportTargetError
from ows_desktop.export.folders import ExportFolders
from ows_desktop.export.formatting import iso_utc
from ows_desktop.export.jsonout import JsonWriter
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import CaseInfo, CaseRecord, SummaryEntry
from ows_desktop.export.signing import ManifestSigner, write_signed_manifest
from ows_desktop.export.snapshot_ledger import SnapshotLedger
from ows_desktop.export.staging import (
    FileRecord,
    Staging,
    check_target,
    explain,
    fsync_dir,
    make_parents,
    normalise_target,
    publish,
    remove_stale_staging,
    staging_folder,
)
from ows_desktop.ows.timestamps import from_epoch_us
from ows_desktop.rules.definitions import RuleConfig
from ows_desktop.store import review as review_store
from ows_desktop.store.cases import (
    case_subject,
    describe_entry,
    hidden_ticket_count,
    not_to_name,
    readable_by,
    unseen_tickets,
)
from ows_desktop.store.interface import AuditLog, Reader
from ows_desktop.store.scope import RoleRefusedError

log = logging.getLogger(__name__)

FORMATS = ("csv", "json", "pdf")


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    format: str
    case_id: str
    tickets: int
    files: tuple[FileRecord, ...]
    snapshots: int
    redactions: int
    seconds: float
    missing_snapshots: tuple[dict[str, str], ...] = ()  # {"ticket_id", "error"}: why a ticket has no picture
    ticket_keys: tuple[str, ...] = ()
    manifest_sha256: str = ""
    key_fingerprint: str | None = None  # of the key that signed the manifest (None: not signed)
    created: datetime | None = None
    audit_problem: str | None = None  # why the export is not in the audit trail (None: recorded, or no log)
    clips: int = 0  # video clips saved
    missing_clips: tuple[
        dict[str, str], ...
    ] = ()  # {"ticket_id", "camera", "error"}: why each clip is missing
    # exported anyway (despite_broken_audit): the tickets whose audit entries fail their check, marked
    audit_breaks: AuditBreaks = dataclasses.field(default_factory=AuditBreaks)
    # {"ticket_id", "file", "error"}: snapshots left out, their file not the picture taken (custody.py)
    refused_snapshots: tuple[dict[str, str], ...] = ()
    # {"ticket_id", "file"}: investigator's snapshots exported with no hash recorded (taken before), marked
    unhashed_snapshots: tuple[dict[str, str], ...] = ()


def export_tickets(
    reader: Reader,
    selection: Selection,
    fmt: str,
    out_dir: str | os.PathLike[str],
    *,
    investigator: str | None = None,
    case_title: str | None = None,
    secrets: Iterable[str | None] = (),
    snapshot_provider: SnapshotProvider | None = None,
    config: RuleConfig | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    page_size: str = "letter",
    page_progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
    signer: ManifestSigner | None = None,
    audit_log: AuditLog | None = None,
    clip_source: ClipSource | None = None,
    local_folders: ExportFolders | None = None,
    despite_broken_audit: bool = False,
) -> ExportResult:
    """Export ``selection`` as ``fmt`` (csv / json / pdf) into the folder ``out_dir`` (see the module
    docstring). ``secrets``: values that must never appear (API key and secret, camera passwords).
    ``progress(done, total)`` is called per ticket; then, for a PDF, ``page_progress(page, pages)`` as its
    pages are drawn; ``cancel`` stops the export at any point (nothing is kept).
    ``signer`` signs the manifest (:mod:`.signing`); ``audit_log`` gets an entry for the published export
    (the folder by its name) and ``local_folders``, this workstation's list, its whole path (:mod:`.folders`).
    ``clip_source`` adds each ticket's video clips (:mod:`.clips`; listed in the manifest and export.json).
    Audit entries that fail their integrity check refuse the export before anything is written
    (:class:`AuditTrailBrokenError`), unless ``despite_broken_audit``: then it is marked (:mod:`.audit_check`)."""
    if fmt not in FORMATS:
        raise ExportTargetError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    started = time.perf_counter()
    target = normalise_target(out_dir)
    check_target(target)
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    investigator = investigator or review_store.current_user()
    host = review_store.current_host()
    config = config or RuleConfig()
    redactor = Redactor(secrets)
    made_parents = make_parents(target.parent)
    remove_stale_staging(target.parent)  # what a killed export left here
    staging = staging_folder(target)
    try:
        try:
            staging.mkdir(mode=0o700)
            with reader.snapshot():
                # a case whose tickets the investigator may not all see is refused, saying so, before "nothing
                # to export" could say a case of hidden tickets has none
                case = _case_record(reader, selection)
                rids = list(selection.rowids) if selection.rowids is not None else reader.ids(selection.query)
                if not rids:  # "there are no all tickets" said an empty cache
                    what = selection.description
                    none = "the cache holds no ticket" if what == "all tickets" else f"there are no {what}"
                    raise ExportTargetError(f"Nothing to export: {none}.")
                # before anything is written: a trail changed behind the app's back is no clean evidence
                checked = check_trails(reader, rids, cancel)  # what it read, the export writes
                breaks = checked.breaks
                if breaks and not despite_broken_audit:
                    raise AuditTrailBrokenError(breaks)
                case_id = export_id(created)
                # The PDF's cover and index need every ticket up front; CSV and JSON just stream.
                entries = _summary(reader, rids, cancel) if fmt == "pdf" else []
                info = CaseInfo(
                    case_id=case_id,
                    title=case_title or selection.description[:1].upper() + selection.description[1:],
                    investigator=investigator,
                    host=host,
                    created=created,
                    selection=selection.description,
                    app_version=__version__,
                    entries=entries,
                    files_note=signer.cover_note() if signer is not None else "",
                    case=case,
                    audit_breaks=breaks,
                )
                writer = Staging(staging, redactor)
                audit: list[review_store.AuditEntry] = []
                keys: list[tuple[str, str]] = []  # (ticket id, key) in export order, for export.json
                clips: list[Clip] = []
                snapshots, failures = _write_format(
                    writer,
                    fmt,
                    reader,
                    selection,
                    rids,
                    info,
                    config,
                    snapshot_provider,
                    (progress, page_progress),
                    cancel,
                    page_size,
                    audit,
                    keys,
                    (clip_source, clips),
                    checked,
                )
                custody = custody_record(info, fmt, selection, keys, writer, snapshots, failures, redactor)
                if signer is not None:  # whoever holds the folder can compare it with the workstation's
                    custody["signing_key_fingerprint"] = signer.fingerprint
                if clip_source is not None:
                    custody["clip_method"] = clip_source.method
                    custody["clips"] = [c.to_json() for c in clips]
                # The exported audit entries against the hash chain around them (checked before writing).
                custody["audit_entries_verified"] = len(audit)
                custody["audit_entries_failing_chain"] = breaks.entries()
                custody["audit_failing_tickets"] = [trail.to_json() for trail in breaks.trails]
            with writer.text(CUSTODY) as out:
                json.dump(redactor.value(custody), out, ensure_ascii=False, indent=2)
                out.write("\n")
            writer.check_leaks()
            manifest_sha256 = write_signed_manifest(writer, signer)
            fsync_dir(staging)
            publish(staging, target)
        except OSError as exc:
            raise ExportTargetError(explain(exc, target)) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(made_parents):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    result = ExportResult(
        folder=target,
        format=fmt,
        case_id=case_id,
        tickets=len(keys),
        files=tuple(writer.files),
        snapshots=len(snapshots),
        redactions=redactor.count,
        seconds=time.perf_counter() - started,
        missing_snapshots=tuple(tickets_without_snapshots(failures, snapshots)),
        refused_snapshots=tuple(refused_snapshots(failures)),
        unhashed_snapshots=tuple(unhashed_snapshots(snapshots)),
        clips=len([c for c in clips if c.file]),
        missing_clips=tuple(
            {"ticket_id": c.ticket_id, "camera": c.camera, "error": c.missing or ""}
            for c in clips
            if not c.file
        ),
        ticket_keys=tuple(key for _id, key in keys),
        manifest_sha256=manifest_sha256,
        key_fingerprint=signer.fingerprint if signer is not None else None,
        created=created,
        audit_breaks=breaks,
    )
    if audit_log is not None:
        problem = record_export(audit_log, result, investigator, local_folders)
        result = dataclasses.replace(result, audit_problem=problem)
    return result


def _case_record(reader: Reader, selection: Selection) -> CaseRecord | None:
    """The case whose tickets are exported (its state and history in the export's snapshot); None for any
    other export."""
    number = selection.query.case if selection.rowids is None else None
    if not number:
        return None
    history = reader.review.audit_trail(case_subject(number))
    keys = reader.cases.case_tickets(number)
    retained = reader.cases.retained_tickets(number)  # the team store's retention removed: in no store now
    hidden = unseen_tickets(history, [*keys, *retained])
    if hidden:  # on a team store: evidence of the case is all of it, or none
        raise RoleRefusedError(
            f"Case {number} holds {hidden_ticket_count(len(hidden))}: its evidence would leave them out. "
            "A director, or an investigator of those stores, can export it whole."
        )
    # a ticket added and removed since, of a store the investigator may not see: not named in the evidence
    unnamed = not_to_name(history, keys, readable_by(reader))
    return CaseRecord(
        reader.cases.case(number),
        [
            (
                from_epoch_us(e.at_us),
                e.signed,
                describe_entry(e.action, e.changes, hidden=unnamed, retained=retained),
            )
            for e in history
        ],
    )


# -- the formats ----------------------------------------------------------------------------------------------


def _write_format(
    writer: Staging,
    fmt: str,
    reader: Reader,
    selection: Selection,
    rids: Sequence[int],
    info: CaseInfo,
    config: RuleConfig,
    provider: SnapshotProvider | None,
    progresses: tuple[Callable[[int, int], None] | None, Callable[[int, int], None] | None],
    cancel: threading.Event | None,
    page_size: str,
    audit: list[review_store.AuditEntry],
    keys: list[tuple[str, str]],
    video: tuple[ClipSource | None, list[Clip]] = (None, []),
    checked: CheckedTrails | None = None,
) -> tuple[list[Snapshot], list[dict[str, str]]]:
    """Write the format's files; each item carries its audit entries that fail their check
    (``item.extra["audit_failing"]``, from ``info.audit_breaks``) for the writers to mark."""
    total = len(rids)
    progress, page_progress = progresses
    snapshots: list[Snapshot] = []
    failures: list[dict[str, str]] = []
    checked = checked or CheckedTrails()
    # the snapshots as the trail knows them: the original of a picture, since when this host records them
    ledger = SnapshotLedger(checked.snapshot_entries, info.host, reader)

    def items() -> Iterator[ExportItem]:
        for item in iter_items(reader, rids, config=config, reviews=checked.reviews, rows=checked.rows):
            if cancel is not None and cancel.is_set():
                raise ExportCancelled("Export cancelled; nothing was written.")
            audit.extend(item.review.audit)
            item.extra["audit_failing"] = info.audit_breaks.of(item.row.key)
            keys.append((item.ticket_id, item.row.key))
            if provider is not None:
                item.snapshots = take_snapshots(writer, item, provider, failures, ledger)
                snapshots.extend(item.snapshots)
            clip_source, clips = video
            if clip_source is not None:
                clips.extend(take_clips(writer, item, clip_source, cancel))
                if cancel is not None and cancel.is_set():  # a clip cut short is not evidence
                    raise ExportCancelled("Export cancelled; nothing was written.")
            yield item
            if progress is not None:
                progress(item.number, total)

    header = {
        "case_id": info.case_id,
        "created_utc": iso_utc(info.created),
        "investigator": info.investigator,
        "selection": selection.to_json(),
    }
    if fmt == "csv":
        with (
            writer.text("tickets.csv", encoding="utf-8-sig") as tickets,
            writer.text("lines.csv", encoding="utf-8-sig") as lines,
        ):
            csv_writer = CsvWriter(tickets, lines, writer.redactor)
            for item in items():
                csv_writer.add(item)
    elif fmt == "json":
        with writer.text("tickets.json") as out:
            json_writer = JsonWriter(out, writer.redactor, config, header)
            for item in items():
                json_writer.add(item)
            json_writer.close()
    else:
        from ows_desktop.export.pdf import PdfReport

        with writer.binary_path("case-report.pdf") as path:
            report = PdfReport(path, info, writer.redactor, page_size=page_size)
            try:
                with writer.text("tickets.json") as out:  # the report's data, whole (long texts too)
                    json_writer = JsonWriter(out, writer.redactor, config, header)
                    for item in items():
                        json_writer.add(item)
                        report.exhibit(item, [writer.folder / shot.file for shot in item.snapshots])
                    json_writer.close()
                info.files = [(r.path, r.sha256, r.bytes) for r in writer.files]
                info.missing_snapshots = len(tickets_without_snapshots(failures, snapshots))
                info.missing_clips = len([clip for clip in video[1] if not clip.file])
                report.finish(page_progress, lambda: cancel is not None and cancel.is_set())
            except BaseException:
                report.abort()
                raise
    return snapshots, failures


def _summary(reader: Reader, rids: Sequence[int], cancel: threading.Event | None) -> list[SummaryEntry]:
    entries: list[SummaryEntry] = []
    for start in range(0, len(rids), 5000):
        if cancel is not None and cancel.is_set():
            raise ExportCancelled("Export cancelled; nothing was written.")
        rows = reader.rows(rids[start : start + 5000])
        flags = reader.review.flags_of([r.key for r in rows])
        for row in rows:
            flag = flags.get(row.key)
            entries.append(
                SummaryEntry(
                    number=len(entries) + 1,
                    ticket_id=row.id or row.key,
                    start=row.start or row.time,
                    location=row.location,
                    terminal=row.terminal,
                    operator=row.operator,
                    total=row.total,
                    exceptions=row.exceptions,
                    flag_state=flag.state if flag else None,
                    flag_reason=flag.reason if flag else None,
                    utc_offset_min=row.utc_offset_min,
                    operator_id=row.operator_id,
                )
            )
    return entries


def export_id(created: datetime) -> str:
    """``OWS-20261206-172510-7A96DF3C``: the export's id (``case_id`` in export.json and tickets.json, the
    audit subject ``export:<id>``, the PDF's cover and footer), one per evidence folder. The time is there to
    be read; the rest is random, so exports made in the same second, even of the same tickets in several
    formats, never share an id (it was once a hash of the ticket ids, and they did)."""
    return f"OWS-{created:%Y%m%d-%H%M%S}-{token_hex(4).upper()}"


__all__ = [
    "FORMATS",
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "ExportTargetError",
    "FileRecord",
    "Snapshot",
    "SnapshotProvider",
    "export_tickets",
]
