"""Camera snapshots on disk, for the evidence export (no Qt: the export may run in a worker thread).

The video pane saves ``<dir>/<ticket>-<camera>-<UTC time>.png`` and next to it ``<png>.json`` saying which
ticket, camera, moment and terminal clock offset the picture shows. :func:`snapshot_provider` turns a
snapshot folder into the export's ``snapshot_provider(ticket) -> (path, camera name, time, clock offset)``:
the most recent snapshot taken of that ticket, or None."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "video"


def snapshot_path(folder: Path, ticket_key: str, camera_id: str, moment: datetime | None) -> Path:
    stamp = moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") if moment else "live"
    return folder / f"{slug(ticket_key)}-{slug(camera_id)}-{stamp}.png"


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    ticket_key: str
    camera_id: str
    camera: str
    time: datetime | None
    clock_offset_seconds: float | None


def write_sidecar(info: SnapshotInfo) -> Path:
    sidecar = info.path.with_name(info.path.name + ".json")
    sidecar.write_text(
        json.dumps(
            {
                "ticket_key": info.ticket_key,
                "camera_id": info.camera_id,
                "camera": info.camera,
                "time_utc": info.time.astimezone(UTC).isoformat().replace("+00:00", "Z")
                if info.time
                else None,
                "clock_offset_seconds": info.clock_offset_seconds,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return sidecar


def save_snapshot(
    player: Any,
    camera_id: str,
    camera_name: str,
    *,
    ticket_key: str,
    clock_offset: float | None,
    folder: Path | None,
    path: Path | None = None,
) -> Path | None:
    """Save ``player``'s current picture (a PlayerController: ``plan``, ``time_ms()``, ``snapshot(path)``)
    as PNG with a JSON sidecar naming the ticket, camera, moment and clock offset (what the evidence export
    reads). Default path: ``<folder>/<ticket>-<camera>-<UTC time>.png``; None without a picture or folder."""
    plan = player.plan
    moment = plan.pos_time(player.time_ms()) if plan is not None else None
    if path is None:
        if folder is None:
            return None
        path = snapshot_path(folder, ticket_key, camera_id, moment)
    path = Path(path)
    if not player.snapshot(path):
        return None
    try:
        write_sidecar(SnapshotInfo(path, ticket_key, camera_id, camera_name, moment, clock_offset))
    except OSError as exc:
        log.warning("Could not write the snapshot's details next to %s: %s", path, exc)
    return path


def _read_sidecar(png: Path) -> SnapshotInfo | None:
    try:
        data: dict[str, Any] = json.loads(png.with_name(png.name + ".json").read_text(encoding="utf-8"))
        moment = data.get("time_utc")
        return SnapshotInfo(
            path=png,
            ticket_key=str(data["ticket_key"]),
            camera_id=str(data.get("camera_id") or ""),
            camera=str(data.get("camera") or ""),
            time=datetime.fromisoformat(moment.replace("Z", "+00:00")) if moment else None,
            clock_offset_seconds=data.get("clock_offset_seconds"),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def latest_snapshot(folder: Path, ticket_key: str) -> SnapshotInfo | None:
    """The most recently saved snapshot of ``ticket_key`` in ``folder`` (with a readable sidecar)."""
    best: tuple[float, SnapshotInfo] | None = None
    for png in Path(folder).glob(f"{slug(ticket_key)}-*.png"):
        info = _read_sidecar(png)
        if info is None or info.ticket_key != ticket_key:
            continue
        try:
            mtime = png.stat().st_mtime
        except OSError:
            continue
        if best is None or mtime > best[0]:
            best = (mtime, info)
    return best[1] if best else None


def snapshot_provider(
    folder: Path,
) -> Callable[[Any], tuple[Path, str, datetime | None, float | None] | None]:
    """The export's snapshot provider over ``folder``."""

    def provide(ticket: Any) -> tuple[Path, str, datetime | None, float | None] | None:
        info = latest_snapshot(folder, ticket.key)
        if info is None:
            return None
        return info.path, info.camera, info.time, info.clock_offset_seconds

    return provide
