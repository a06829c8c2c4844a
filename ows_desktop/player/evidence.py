"""Camera snapshots for evidence exports: the terminal's primary camera at the ticket's start time.

The export asks a provider for each ticket's picture. This one prefers a snapshot the investigator saved
for the ticket (the video pane's Snapshot button), and otherwise opens the primary camera's *recorded*
video at the ticket's start (playback URL template, plus the terminal's clock offset) in a headless libVLC
player and takes the frame there. A live-only camera cannot show a past moment: no picture then, rather
than a misleading one. Failures (camera unreachable, no recording) give no picture and are logged; the
export goes on. No Qt here: the CLI export runs it without a window."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ows_desktop.camera.media import build_media_request
from ows_desktop.camera.snapshots import snapshot_provider
from ows_desktop.camera.timeline import plan_playback

log = logging.getLogger(__name__)

SnapshotInfo = tuple[Path, str, datetime | None, float | None]
PREROLL_S = 0.0  # the recording starts at the ticket's (whole) second: at most 1 s to play through
FAST_RATE = 2.0  # open the recording a little before the moment, so a seek lands inside it
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ticket_snapshot_provider(
    cameras: Any,
    backend: Any,
    folder: Path,
    *,
    timeout_s: float = 8.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Callable[[Any], SnapshotInfo | None]:
    """``cameras``: a store.cameras.CameraRepository; ``backend``: a headless player.libvlc.VlcMediaBackend
    (``headless=True``); ``folder``: where saved snapshots live and automatic ones are written."""
    saved = snapshot_provider(folder)

    def provide(ticket: Any) -> SnapshotInfo | None:
        found = saved(ticket)
        if found is not None:
            return found
        try:
            return _capture(ticket)
        except Exception as exc:  # evidence export goes on without this picture
            log.warning("No camera snapshot for ticket %s: %s", ticket.key, exc)
            return None

    def _capture(ticket: Any) -> SnapshotInfo | None:
        if ticket.start is None:
            return None
        mapping = cameras.mapping(ticket.location, ticket.terminal)
        camera = mapping.primary
        if camera is None or not camera.playback_url:
            return None
        plan = plan_playback(
            live_url=camera.url,
            playback_template=camera.playback_url,
            ticket_start=ticket.start,
            ticket_end=ticket.end,
            clock_offset_seconds=mapping.clock_offset_seconds,
            preroll_seconds=PREROLL_S,
            postroll_seconds=PREROLL_S,
        )
        target = plan.media_ms(ticket.start)
        if target is None:
            return None
        password = None
        if camera.has_password and cameras.secrets is not None:
            password = cameras.secrets.get(camera.id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_UNSAFE.sub('_', ticket.key)}-{_UNSAFE.sub('_', camera.id)}-auto.png"
        player = backend.create_player()
        try:
            player.bind(0)  # headless: decoded, never shown
            # Play from the start of the recording up to the moment, fast, rather than seek: recorders'
            # streams have sparse keyframes and a picture right after a seek is often half-decoded grey.
            player.play(build_media_request(plan.url, password=password))
            player.set_rate(FAST_RATE)
            deadline = clock() + timeout_s
            while player.time_ms() <= 0 and clock() < deadline:
                sleep(0.02)
            if player.time_ms() <= 0:
                raise TimeoutError(f"camera {camera.name} did not play within {timeout_s:.0f} s")
            while player.time_ms() < target and clock() < deadline:
                sleep(0.02)
            shown_at = plan.pos_time(player.time_ms()) or ticket.start  # the POS time the frame shows
            if not player.snapshot(path):
                raise OSError(f"libVLC wrote no snapshot from camera {camera.name}")
        finally:
            player.stop()
            player.release()
        return path, camera.name, shown_at, mapping.clock_offset_seconds

    return provide


def export_snapshot_provider(store: Any, secrets: Any, folder: Path) -> tuple[Callable[[Any], Any], Any]:
    """The provider the exports use, and the backend to close afterwards (None without libVLC: then only
    the investigator's saved snapshots are used)."""
    from ows_desktop.player.libvlc import VlcMediaBackend
    from ows_desktop.store.cameras import CameraRepository

    backend = VlcMediaBackend(headless=True)
    if not backend.availability().ok:
        log.info("libVLC is not available: exports use saved snapshots only")
        return snapshot_provider(folder), None
    return ticket_snapshot_provider(CameraRepository(store, secrets), backend, folder), backend
