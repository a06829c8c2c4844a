"""What the snapshot export tests share: a player holding one picture, the video pane's Snapshot (the PNG, its
sidecar and its audit entry), two tickets on either backend, and a JSON export by the command line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from review_helpers import T0, tk

from ows_desktop.basics.paths import AppPaths
from ows_desktop.camera.snapshots import FrameTime, save_snapshot
from ows_desktop.cli.main import main
from ows_desktop.player.snapshot_audit import record_snapshot

PICTURE = b"\x89PNG\r\n\x1a\n" + b"the frame the investigator chose" * 8


class StillPlayer:
    """What save_snapshot asks of a player: its plan, the time of its picture, and the picture."""

    plan = None

    def __init__(self, picture: bytes = PICTURE) -> None:
        self.picture = picture

    def shown_time(self) -> FrameTime:
        return FrameTime(3_000, 3_000, exact=True)

    def snapshot(self, path: Path) -> bool:
        Path(path).write_bytes(self.picture)
        return True


def two_tickets(store, store_backend: str, request: pytest.FixtureRequest) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """T-1 and T-2 stored; the environment that points the command line at the same store."""
    store.upsert_tickets([tk("T-1"), tk("T-2", start=T0 + timedelta(minutes=1))])
    return {} if store_backend == "sqlite" else {"OWS_DESKTOP_STORE": request.getfixturevalue("pg_url")}


def take(store, paths: AppPaths, key: str, picture: bytes = PICTURE, now: datetime | None = None) -> Path:  # type: ignore[no-untyped-def]
    """The video pane's Snapshot: the PNG, its sidecar, and its audit entry (player/snapshot_audit.py)."""
    path = save_snapshot(
        StillPlayer(picture), "cam1", "Overhead", ticket_key=key, clock_offset=0.0, folder=paths.snapshots_dir,
        now=now, record=lambda info: record_snapshot(store.audit, info),
    )  # fmt: skip
    assert path is not None
    return path


def export(ctx, out: Path, *which: str, fmt: str = "json") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """``ows-desktop export`` of ``which`` (every ticket by default), no clips; its export.json."""
    for stream in (ctx.stdout, ctx.stderr):
        stream.seek(0)
        stream.truncate()
    argv = ["export", *(which or ("--all",)), "--format", fmt, "--clips", "none", "--out", str(out)]
    assert main(argv, ctx) == 0, ctx.stderr.getvalue()
    return json.loads((out / "export.json").read_text(encoding="utf-8"))
