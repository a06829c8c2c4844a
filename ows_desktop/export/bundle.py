"""An evidence export: a folder holding the chosen format's files, the camera snapshots, ``export.json``
(chain of custody) and ``MANIFEST.sha256`` (``sha256sum -c`` verifies it).

All or nothing: everything is written into a hidden staging folder next to the target (each file under a
``.part`` name, flushed, fsynced and renamed into place), hashed, scanned for secrets, and only then is the
staging folder renamed to the target in one step. Any failure (disk full, no permission, a cancelled export)
removes the staging folder and raises :class:`ExportError` saying why; the target is never left half
written. The target must not exist yet or be an empty folder (evidence folders are not mixed).

The whole export reads one consistent state of the cache (a read transaction), so a sync running meanwhile
cannot make the index, the exhibits and export.json disagree."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import secrets as random_tokens
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ows_desktop import __version__
from ows_desktop.export.collect import ExportItem, Selection, iter_items
from ows_desktop.export.csvout import CsvWriter
from ows_desktop.export.formatting import iso_utc, seconds
from ows_desktop.export.jsonout import JsonWriter
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import CaseInfo, SummaryEntry
from ows_desktop.ows.errors import OwsError
from ows_desktop.ows.model import Ticket
from ows_desktop.rules.definitions import RuleConfig
from ows_desktop.store import review as review_store
from ows_desktop.store.interface import Reader

log = logging.getLogger(__name__)

FORMATS = ("csv", "json", "pdf")
MANIFEST = "MANIFEST.sha256"
CUSTODY = "export.json"
SNAPSHOT_DIR = "snapshots"
_PART = ".part"

# snapshot_provider(ticket) -> (image path, camera name, time shown, terminal clock offset) or None
SnapshotProvider = Callable[[Ticket], "tuple[str | os.PathLike[str], str, datetime | None, Any] | None"]


class ExportError(OwsError):
    """The export failed and left nothing behind; the message says why and what to do."""

    exit_code = 1


class ExportTargetError(ExportError):
    """The target folder cannot be used (not empty, a file, nothing selected): exit 2."""

    exit_code = 2


class ExportCancelled(ExportError):
    exit_code = 130


@dataclass(frozen=True)
class FileRecord:
    path: str  # relative, with forward slashes
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Snapshot:
    ticket_id: str
    file: str
    camera: str
    time: datetime | None
    clock_offset_seconds: float | None
    sha256: str
    bytes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id,
            "file": self.file,
            "camera": self.camera,
            "time_utc": iso_utc(self.time) or None,
            "clock_offset_seconds": self.clock_offset_seconds,
            "sha256": self.sha256,
            "bytes": self.bytes,
        }


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
    now: datetime | None = None,
) -> ExportResult:
    """Export ``selection`` as ``fmt`` (csv / json / pdf) into the folder ``out_dir`` (see the module
    docstring). ``secrets``: values that must never appear (API key and secret, camera passwords).
    ``progress(done, total)`` is called per ticket; ``cancel`` stops the export (nothing is kept)."""
    if fmt not in FORMATS:
        raise ExportTargetError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    started = time.perf_counter()
    target = Path(out_dir).expanduser().absolute()
    _check_target(target)
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    investigator = investigator or review_store.current_user()
    host = review_store.current_host()
    config = config or RuleConfig()
    redactor = Redactor(secrets)
    made_parents = _make_parents(target.parent)
    staging = target.parent / f".{target.name}.partial-{random_tokens.token_hex(4)}"
    try:
        try:
            staging.mkdir(mode=0o700)
            with reader.snapshot():
                rids = reader.ids(selection.query)
                if not rids:
                    raise ExportTargetError(f"Nothing to export: there are no {selection.description}.")
                case_id = _case_id(created, rids)
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
                )
                writer = _Staging(staging, redactor)
                audit: list[review_store.AuditEntry] = []
                keys: list[tuple[str, str]] = []  # (ticket id, key) in export order, for export.json
                snapshots, failures = _write_format(
                    writer,
                    fmt,
                    reader,
                    selection,
                    rids,
                    info,
                    config,
                    snapshot_provider,
                    progress,
                    cancel,
                    page_size,
                    audit,
                    keys,
                )
                custody = _custody(info, fmt, selection, keys, writer, snapshots, failures, redactor)
                # The exported audit entries must be consistent with the hash chain around them.
                custody["audit_entries_verified"] = len(audit)
                custody["audit_entries_failing_chain"] = reader.review.verify_audit_entries(audit)
            with writer.text(CUSTODY) as out:
                json.dump(redactor.value(custody), out, ensure_ascii=False, indent=2)
                out.write("\n")
            writer.check_leaks()
            with writer.text(MANIFEST, record=False) as out:
                for record in sorted(writer.files, key=lambda r: r.path):
                    out.write(f"{record.sha256}  {record.path}\n")
            _fsync_dir(staging)
            _publish(staging, target)
        except OSError as exc:
            raise ExportError(_explain(exc, target)) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(made_parents):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return ExportResult(
        folder=target,
        format=fmt,
        case_id=case_id,
        tickets=len(keys),
        files=tuple(writer.files),
        snapshots=len(snapshots),
        redactions=redactor.count,
        seconds=time.perf_counter() - started,
    )


# -- the formats ----------------------------------------------------------------------------------------------


def _write_format(
    writer: _Staging,
    fmt: str,
    reader: Reader,
    selection: Selection,
    rids: Sequence[int],
    info: CaseInfo,
    config: RuleConfig,
    provider: SnapshotProvider | None,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
    page_size: str,
    audit: list[review_store.AuditEntry],
    keys: list[tuple[str, str]],
) -> tuple[list[Snapshot], list[dict[str, str]]]:
    total = len(rids)
    snapshots: list[Snapshot] = []
    failures: list[dict[str, str]] = []

    def items() -> Iterator[ExportItem]:
        for item in iter_items(reader, rids, config=config):
            if cancel is not None and cancel.is_set():
                raise ExportCancelled("Export cancelled; nothing was written.")
            audit.extend(item.review.audit)
            keys.append((item.ticket_id, item.row.key))
            if provider is not None:
                item.snapshot = _snapshot(writer, item, provider, failures)
                if item.snapshot is not None:
                    snapshots.append(item.snapshot)
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
                report.cover()
                report.index()
                for item in items():
                    shot = writer.folder / item.snapshot.file if item.snapshot is not None else None
                    report.exhibit(item, shot)
            finally:
                report.close()
    return snapshots, failures


def _snapshot(
    writer: _Staging, item: ExportItem, provider: SnapshotProvider, failures: list[dict[str, str]]
) -> Snapshot | None:
    try:
        found = provider(item.ticket)
        if found is None:
            return None
        source, camera, moment, offset = found
        source = Path(source)
        suffix = source.suffix.lower() if source.suffix.lower() in (".png", ".jpg", ".jpeg") else ".png"
        name = f"{SNAPSHOT_DIR}/{item.number:05d}-{_safe_name(item.ticket_id)}{suffix}"
        record = writer.copy(source, name)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # the export cannot succeed: say so
        failures.append({"ticket_id": item.ticket_id, "error": writer.redactor.text(str(exc))})
        return None
    except Exception as exc:  # a video problem must not stop the evidence export; it is recorded
        log.warning("Snapshot for %s failed: %s", item.ticket_id, exc)
        failures.append(
            {"ticket_id": item.ticket_id, "error": writer.redactor.text(f"{type(exc).__name__}: {exc}")}
        )
        return None
    return Snapshot(
        ticket_id=item.ticket_id,
        file=record.path,
        camera=writer.redactor.text(str(camera)),
        time=moment,
        clock_offset_seconds=seconds(offset),
        sha256=record.sha256,
        bytes=record.bytes,
    )


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
                )
            )
    return entries


def _custody(
    info: CaseInfo,
    fmt: str,
    selection: Selection,
    keys: list[tuple[str, str]],
    writer: _Staging,
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
    }


# -- the staging folder -----------------------------------------------------------------------------------------


class _Staging:
    def __init__(self, folder: Path, redactor: Redactor) -> None:
        self.folder = folder
        self.redactor = redactor
        self.files: list[FileRecord] = []
        self._text_files: list[Path] = []

    @contextlib.contextmanager
    def text(self, name: str, *, encoding: str = "utf-8", record: bool = True) -> Iterator[IO[str]]:
        final = self.folder / name
        part = final.with_name(final.name + _PART)
        with part.open("w", encoding=encoding, newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, final)
        self._text_files.append(final)
        if record:
            self.files.append(self._record(final))

    @contextlib.contextmanager
    def binary_path(self, name: str) -> Iterator[Path]:
        """A path for a writer that opens the file itself (the PDF writer)."""
        final = self.folder / name
        part = final.with_name(final.name + _PART)
        yield part
        if not part.exists():
            raise OSError(errno.EIO, "the writer produced no file", str(part))
        _fsync_file(part)
        os.replace(part, final)
        self._text_files.append(final)  # scanned too: PDF metadata and any uncompressed text
        self.files.append(self._record(final))

    def copy(self, source: Path, name: str) -> FileRecord:
        final = self.folder / name
        final.parent.mkdir(mode=0o700, exist_ok=True)
        part = final.with_name(final.name + _PART)
        with source.open("rb") as src, part.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(part, final)
        record = self._record(final)
        self.files.append(record)
        return record

    def _record(self, path: Path) -> FileRecord:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return FileRecord(path.relative_to(self.folder).as_posix(), digest.hexdigest(), size)

    def check_leaks(self) -> None:
        """Belt and braces: no known secret in any file we wrote (snapshots are images from the camera)."""
        for path in self._text_files:
            leaks = self.redactor.leaks(path.read_bytes())
            if leaks:
                raise ExportError(
                    f"The export would have contained a stored secret ({', '.join(leaks)}) in {path.name}; "
                    "nothing was written. Please report this."
                )


def _check_target(target: Path) -> None:
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise ExportTargetError(f"Cannot export to {target}: it is a file. Choose a new folder.")
        if any(target.iterdir()):
            raise ExportTargetError(
                f"Cannot export to {target}: the folder is not empty. Choose a new or an empty folder "
                "(an evidence folder holds one export only)."
            )


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns the ones created (to remove them on failure)."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    made = []
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        except OSError as exc:
            for done in reversed(made):
                with contextlib.suppress(OSError):
                    done.rmdir()
            raise ExportError(_explain(exc, folder)) from exc
        made.append(path)
    return made


def _publish(staging: Path, target: Path) -> None:
    try:
        os.rename(staging, target)  # replaces an empty target folder on POSIX
    except OSError:
        if not (target.is_dir() and not any(target.iterdir())):
            raise
        target.rmdir()  # Windows: rename does not replace folders
        os.rename(staging, target)
    _fsync_dir(target.parent)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _explain(exc: OSError, target: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
        hint = "Free some space or choose another disk."
    elif code == errno.EROFS:
        why = "the disk is read-only"
        hint = "Choose a folder on a writable disk."
    elif code in (errno.EACCES, errno.EPERM):
        why = "no permission to write there"
        hint = "Choose a folder you can write to."
    elif code == errno.ENOTDIR:
        why = "part of the path is a file, not a folder"
        hint = "Check the path."
    elif code == errno.ENAMETOOLONG:
        why = "the path is too long"
        hint = "Choose a shorter path."
    else:
        why = exc.strerror or type(exc).__name__
        hint = "Check the folder and try again."
    return f"Export to {target} failed: {why}. Nothing was written. {hint}"


def _case_id(created: datetime, rids: Sequence[int]) -> str:
    digest = hashlib.sha256(",".join(map(str, rids)).encode()).hexdigest()
    return f"OWS-{created:%Y%m%d-%H%M%S}-{digest[:6].upper()}"


def _safe_name(text: str) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in text)
    return safe.strip(".")[:80] or "ticket"


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
