"""The chain of custody: the camera snapshots taken for an export (or why each one is missing) and
``export.json``, which says who exported what, when, from where, with every file's digest."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ows_desktop import __version__
from ows_desktop.basics.errors import AppError
from ows_desktop.export.collect import ExportItem, Selection
from ows_desktop.export.formatting import iso_utc, seconds
from ows_desktop.export.redact import Redactor
from ows_desktop.export.report_html import CaseInfo, CaseRecord
from ows_desktop.export.staging import Staging
from ows_desktop.ows.model import Ticket
from ows_desktop.store import review as review_store

log = logging.getLogger(__name__)

MANIFEST = "MANIFEST.sha256"
CUSTODY = "export.json"  # the chain of custody: who exported what, when, with every file's digest
SNAPSHOT_DIR = "snapshots"
NO_PICTURE = "No camera picture for this ticket (no saved snapshot, and no recording camera gave one)."

# snapshot_provider(ticket) -> (image path, camera name, time shown, terminal clock offset), or None, or an
# exception whose message says why there is no picture (recorded, the export goes on).
SnapshotProvider = Callable[[Ticket], "tuple[str | os.PathLike[str], str, datetime | None, Any] | None"]


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


def take_snapshot(
    writer: Staging, item: ExportItem, provider: SnapshotProvider, failures: list[dict[str, str]]
) -> Snapshot | None:
    """The ticket's picture copied into the export, or None with the reason appended to ``failures``
    (``item.extra["snapshot_missing"]`` holds it too, for the PDF exhibit)."""

    def missing(reason: str) -> None:
        reason = writer.redactor.text(reason)
        failures.append({"ticket_id": item.ticket_id, "error": reason})
        item.extra["snapshot_missing"] = reason

    try:
        found = provider(item.ticket)
        if found is None:
            missing(NO_PICTURE)
            return None
        source, camera, moment, offset = found
        source = Path(source)
        suffix = source.suffix.lower() if source.suffix.lower() in (".png", ".jpg", ".jpeg") else ".png"
        name = f"{SNAPSHOT_DIR}/{item.number:05d}-{_safe_name(item.ticket_id)}{suffix}"
        record = writer.copy(source, name)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # the export cannot succeed: say so
        missing(_os_reason(exc))
        return None
    except AppError as exc:  # the provider says why, in plain words
        missing(str(exc))
        return None
    except Exception as exc:  # a video problem must not stop the evidence export; it is recorded
        log.warning("Snapshot for %s failed: %s", item.ticket_id, exc)
        missing(f"{type(exc).__name__}: {exc}")
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
        return f"The camera picture could not be copied ({type(exc).__name__})."
    named = isinstance(exc.filename, str | bytes | os.PathLike) and exc.filename
    name = Path(os.fsdecode(exc.filename)).name if named else ""
    return f"The camera picture could not be copied: {exc.strerror}" + (f" ({name})." if name else ".")


def _safe_name(text: str) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in text)
    return safe.strip(".")[:80] or "ticket"


__all__ = [
    "CUSTODY",
    "MANIFEST",
    "NO_PICTURE",
    "SNAPSHOT_DIR",
    "Snapshot",
    "SnapshotProvider",
    "custody_record",
    "take_snapshot",
]
