"""Camera snapshots on disk, for the evidence export (no Qt: the export may run in a worker thread).

The video pane saves ``<dir>/<ticket>-<camera>-<UTC time of the frame, to the ms>.png`` (``-2``, ``-3``…
after it when that name is taken: a snapshot never replaces another, its name is claimed with ``O_EXCL``)
and next to it ``<png>.json`` saying which ticket, camera, moment and terminal clock offset the picture
shows, when it was taken and how its moment is known (:class:`FrameTime`), and the SHA-256 of the PNG as it
was written (the same digest goes to the store's audit trail, :func:`audit_details`: a sidecar can be edited
as easily as its picture, the append-only trail cannot, so the export checks the picture against the trail).
:func:`ticket_snapshots` gives every snapshot taken of a ticket, in the order of the moments they show, for
the export.

Versions before the SHA-256 recorded nothing of a snapshot in the store, and wrote one of two forms of
sidecar (:data:`EARLIER_SIDECARS`: until 828b83e the picture's ticket, camera, moment and clock offset; then
also who chose it, when it was taken and how its moment is known). A sidecar with no SHA-256 in neither form
was written by no version of OWS Desktop (:attr:`SnapshotInfo.foreign_sidecar`): the export leaves its
picture out (export/snapshot_ledger.py)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ows_desktop.basics.paths import DataDirError, ensure_private_dir

log = logging.getLogger(__name__)

REPORTED = "reported"  # the player's own time of the picture
STEPPED = "stepped"  # the player's last reported time plus the frames stepped since (counted)
FRAME = (
    "frame"  # paused on a recording, the frame the player was sought to: its own time (player/still_frame.py)
)
# libVLC 3 updates the time it reports about every 0.3 s while playing and not at all while paused (measured
# with 3.0.24: paused at a reported 1 150 ms, the picture was the frame at 1 240 ms), nor after a frame step.
REPORTED_NOTE = (
    "The video player's reported time. libVLC updates it about every 0.3 s while playing, so the picture may "
    "be up to 0.3 s later than this."
)

FRAME_NOTE = (
    "The frame's own time: paused on a recording, the video player was sought to this very frame by its time "
    "and showed it, decoded from the key picture before it."
)

EARLIER_NOTE = (
    "Saved by an earlier version, which recorded the video player's reported time without saying how it was "
    "known: the picture may be up to 0.3 s later, and after frame steps later still."
)


_FIRST_FORM = frozenset({"ticket_key", "camera_id", "camera", "time_utc", "clock_offset_seconds"})
# The keys of the sidecars of versions before the SHA-256 was recorded (3e31c87): the first (6f8e107), and from
# 828b83e, whose ``taken_utc`` is always a time and ``chosen_by`` "investigator".
EARLIER_SIDECARS = (
    _FIRST_FORM,
    _FIRST_FORM | {"chosen_by", "taken_utc", "time_basis", "frames_stepped", "time_note"},
)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "video"


@dataclass(frozen=True)
class FrameTime:
    """The media time of the picture a player shows, and how it is known."""

    ms: int  # -1: no picture yet
    reported_ms: int  # the time the player last reported, counted from
    frames_stepped: int = 0  # frame steps since that report (libVLC reports no time for a stepped frame)
    frame_ms: float = 0.0
    exact: bool = False  # the frame the player was sought to, paused: ``ms`` is its own time

    @property
    def basis(self) -> str:
        return FRAME if self.exact else STEPPED if self.frames_stepped else REPORTED

    def note(self, moment: datetime | None = None, reported: datetime | None = None) -> str:
        """In words, for the sidecar and the report (``moment``/``reported``: the two times as POS times)."""
        if self.exact:
            return FRAME_NOTE
        if not self.frames_stepped:
            return REPORTED_NOTE
        steps = "1 frame step" if self.frames_stepped == 1 else f"{self.frames_stepped} frame steps"
        since = f" ({_ms_text(reported)})" if reported is not None else ""
        return (
            f"Counted, not reported: the video player's last reported time{since} plus {steps} of "
            f"{self.frame_ms:g} ms (libVLC reports no time for a stepped frame). Measured with libVLC 3.0.24, "
            "the reported time of a pause was 0.1-0.2 s behind its picture and a first step right after a "
            "paused seek left the picture as it was: the picture may be up to 0.3 s later, or a frame earlier."
        )


def _ms_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M:%S.%f")[:-3] + " UTC"


def _stamp(moment: datetime) -> str:
    """``20261206T175238.650Z``: a UTC time to the millisecond, for a file name."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y%m%dT%H%M%S.") + f"{utc.microsecond // 1000:03d}Z"


def snapshot_path(
    folder: Path, ticket_key: str, camera_id: str, moment: datetime | None, number: int = 1, taken: Any = None
) -> Path:
    """The ``number``-th name for a snapshot of ``moment`` (None: a live picture, named by ``taken``)."""
    stamp = _stamp(moment) if moment else "live" + (f"-{_stamp(taken)}" if taken else "")
    counter = f"-{number}" if number > 1 else ""
    return folder / f"{slug(ticket_key)}-{slug(camera_id)}-{stamp}{counter}.png"


def claim_snapshot_path(
    folder: Path, ticket_key: str, camera_id: str, moment: datetime | None, taken: datetime | None = None
) -> Path:
    """A new, empty file for a snapshot: the first of :func:`snapshot_path`'s names that neither a picture
    nor a sidecar holds, created with ``O_EXCL`` (two snapshots of one frame, or of one second, each get a
    file of their own, even from two windows at once)."""
    ensure_private_dir(folder, ours=True)  # 0700, as the data folder: an investigator's evidence
    number = 1
    while True:
        path = snapshot_path(folder, ticket_key, camera_id, moment, number, taken)
        number += 1
        if path.with_name(path.name + ".json").exists():
            continue
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return path


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    ticket_key: str
    camera_id: str
    camera: str
    time: datetime | None
    clock_offset_seconds: float | None
    taken: datetime | None = None  # when the investigator took it (this workstation's clock)
    time_basis: str | None = None  # FRAME, REPORTED or STEPPED (None: a snapshot of an earlier version)
    time_note: str | None = None  # how ``time`` is known, in words
    frames_stepped: int = 0
    sha256: str | None = None  # of the PNG when it was taken (None: a snapshot of an earlier version)
    bytes: int | None = None
    foreign_sidecar: bool = False  # no SHA-256, and in no form an earlier version wrote (EARLIER_SIDECARS)


def file_sha256(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of the file at ``path``."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def audit_details(info: SnapshotInfo) -> dict[str, Any]:
    """What the audit trail's entry for a snapshot says (subject: its ticket's key; action ``snapshot``): the
    file's name in the snapshots folder, its SHA-256 and size, the camera and the moment it shows."""
    return {
        "file": info.path.name,
        "sha256": info.sha256,
        "bytes": info.bytes,
        "camera": info.camera,
        "time_utc": _iso(info.time),
        "taken_utc": _iso(info.taken),
    }


def write_sidecar(info: SnapshotInfo) -> Path:
    sidecar = info.path.with_name(info.path.name + ".json")
    data = {
        "ticket_key": info.ticket_key,
        "camera_id": info.camera_id,
        "camera": info.camera,
        "time_utc": _iso(info.time),
        "clock_offset_seconds": info.clock_offset_seconds,
        "chosen_by": "investigator",
        "taken_utc": _iso(info.taken),
        "time_basis": info.time_basis,
        "frames_stepped": info.frames_stepped,
        "time_note": info.time_note,
        "sha256": info.sha256,
        "bytes": info.bytes,
    }
    fd = os.open(sidecar, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never another snapshot's details
    with open(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)
    return sidecar


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def frame_time(player: Any) -> FrameTime:
    """What ``player`` says of its picture's time (``shown_time()``, else its plain ``time_ms()``)."""
    shown = getattr(player, "shown_time", None)
    if shown is not None:
        return shown()
    ms = player.time_ms()
    return FrameTime(ms, ms)


def save_snapshot(
    player: Any,
    camera_id: str,
    camera_name: str,
    *,
    ticket_key: str,
    clock_offset: float | None,
    folder: Path | None,
    path: Path | None = None,
    now: datetime | None = None,
    record: Callable[[SnapshotInfo], object] | None = None,
) -> Path | None:
    """Save ``player``'s current picture (a PlayerController: ``plan``, ``shown_time()``, ``snapshot(path)``)
    as PNG with a JSON sidecar naming the ticket, camera, moment, clock offset and the PNG's SHA-256 (what
    the evidence export reads), then hand its details to ``record`` (the audit trail's entry). Default path:
    a new file in ``folder`` (:func:`claim_snapshot_path`); None without a picture or folder."""
    taken = (now or datetime.now(UTC)).astimezone(UTC)
    plan = player.plan
    shown = frame_time(player)
    moment = plan.pos_time(shown.ms) if plan is not None else None
    claimed = False
    if path is None:
        if folder is None:
            return None
        try:
            path, claimed = claim_snapshot_path(folder, ticket_key, camera_id, moment, taken), True
        except (OSError, DataDirError) as exc:  # said by the caller: the folder cannot be written
            log.warning("Could not make a snapshot file in %s: %s", folder, exc)
            return None
    path = Path(path)
    if not player.snapshot(path) or not _written(path):
        if claimed:
            path.unlink(missing_ok=True)
        return None
    with contextlib.suppress(OSError):  # the picture's writer may have made the file anew: 0600 as claimed
        path.chmod(0o600)
    reported = plan.pos_time(shown.reported_ms) if plan is not None else None
    info = SnapshotInfo(
        path, ticket_key, camera_id, camera_name, moment, clock_offset, taken,
        shown.basis, shown.note(moment, reported), shown.frames_stepped,
    )  # fmt: skip
    try:
        digest, size = file_sha256(path)
        info = replace(info, sha256=digest, bytes=size)
        write_sidecar(info)
    except OSError as exc:
        log.warning("Could not write the snapshot's details next to %s: %s", path, exc)
    if record is not None and info.sha256 is not None:
        record(info)
    return path


def _written(path: Path) -> bool:
    try:
        return path.stat().st_size > 0  # not the empty file claimed for it
    except OSError:
        return False


def _read_sidecar(png: Path) -> SnapshotInfo | None:
    try:
        data: dict[str, Any] = json.loads(png.with_name(png.name + ".json").read_text(encoding="utf-8"))
        return SnapshotInfo(
            path=png,
            ticket_key=str(data["ticket_key"]),
            camera_id=str(data.get("camera_id") or ""),
            camera=str(data.get("camera") or ""),
            time=_read_time(data.get("time_utc")),
            clock_offset_seconds=data.get("clock_offset_seconds"),
            taken=_read_time(data.get("taken_utc")),
            time_basis=data.get("time_basis"),
            time_note=data.get("time_note") or (None if data.get("time_basis") else EARLIER_NOTE),
            frames_stepped=int(data.get("frames_stepped") or 0),
            sha256=str(data["sha256"]) if data.get("sha256") else None,
            bytes=data.get("bytes"),
            foreign_sidecar=not data.get("sha256") and not _earlier_form(data),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _earlier_form(data: dict[str, Any]) -> bool:
    """Whether a sidecar with no SHA-256 is in the form a version before the SHA-256 wrote."""
    keys = frozenset(data)
    if keys == EARLIER_SIDECARS[0]:
        return True
    return keys == EARLIER_SIDECARS[1] and bool(data["taken_utc"]) and data["chosen_by"] == "investigator"


def _read_time(text: Any) -> datetime | None:
    """A sidecar's time; one without its zone, which no version wrote, read as UTC (as the export's custody
    check reads it, export/snapshot_ledger.py): compared with the ticket's other snapshots' times, a naive one
    stopped their sort (a TypeError) and the export said the ticket's snapshots were missing."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def ticket_snapshots(folder: Path, ticket_key: str) -> list[SnapshotInfo]:
    """Every snapshot of ``ticket_key`` in ``folder`` (with a readable sidecar and a picture), in the order
    of the moments they show (then of when they were taken; a live one, of no moment, last)."""
    found: list[tuple[tuple[Any, ...], SnapshotInfo]] = []
    for png in Path(folder).glob(f"{slug(ticket_key)}-*.png"):
        info = _read_sidecar(png)
        if info is None or info.ticket_key != ticket_key or not _written(png):
            continue
        try:
            mtime = png.stat().st_mtime
        except OSError:
            continue
        key = (info.time is None, info.time or datetime.min.replace(tzinfo=UTC), info.taken is None,
               info.taken or datetime.min.replace(tzinfo=UTC), mtime, png.name)  # fmt: skip
        found.append((key, info))
    return [info for _key, info in sorted(found, key=lambda pair: pair[0])]
