"""Camera snapshots for evidence exports: the investigator's, or the primary camera at the ticket's start.

The export asks a provider for each ticket's pictures. This one gives every snapshot the investigator saved
of the ticket (the video pane's Snapshot button; chosen_by "investigator"), and for a ticket without any
opens the primary camera's *recorded* video at the ticket's start (playback URL template, plus the terminal's clock offset) in a headless libVLC
player and takes the frame there (chosen_by "automatic": nobody chose it, and the export says so). A live-only camera cannot show a past moment: no picture then, rather
than a misleading one. Every missing picture raises :class:`SnapshotUnavailable` saying why (the export
records it and goes on). Each camera is probed once per export (a TCP connection to its recorder, 2 s at
most): a camera that refused or did not answer fails every later ticket at once, with the same reason, so an
unreachable recorder costs seconds, not 8 s per ticket. No Qt here: the CLI export runs it without a window.

An automatic frame is the export's own file, never one of the investigator's snapshots: it is written in a
folder of the export's (``frames``; :func:`export_snapshot_provider` gives a temporary one, removed when the
export closes it), the export copies it into its ``snapshots/``, and the snapshots folder keeps only what
the person took."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ows_desktop.basics.errors import AppError
from ows_desktop.camera.media import build_media_request
from ows_desktop.camera.probe import probe_camera
from ows_desktop.camera.snapshots import REPORTED, ticket_snapshots
from ows_desktop.camera.timeline import plan_playback
from ows_desktop.export.custody import AUTOMATIC, INVESTIGATOR, SnapshotSource

log = logging.getLogger(__name__)

AUTOMATIC_NOTE = (
    "The video player's reported time while the recording played (about every 0.3 s, at twice the speed): "
    "the picture may be up to 0.6 s later than this."
)
PREROLL_S = 0.0  # the recording starts at the ticket's (whole) second: at most 1 s to play through
FAST_RATE = 2.0  # open the recording a little before the moment, so a seek lands inside it
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class SnapshotUnavailable(AppError):
    """No camera picture for a ticket; the message says why in plain words."""


def ticket_snapshot_provider(
    cameras: Any,
    backend: Any,
    folder: Path,
    *,
    frames: Callable[[], Path],
    timeout_s: float = 8.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Callable[[Any], list[SnapshotSource]]:
    """``cameras``: a store.cameras.CameraRepository; ``backend``: a headless player.libvlc.VlcMediaBackend
    (``headless=True``); ``folder``: where the investigator's saved snapshots live (only read here);
    ``frames()``: the export's own folder, where the automatic frames are written."""
    failed: dict[str, str] = {}  # camera id -> why it gives no picture (probed once per export)
    probed: set[str] = set()
    timeouts: dict[str, int] = {}

    def provide(ticket: Any) -> list[SnapshotSource]:
        saved = [
            SnapshotSource(
                info.path,
                info.camera,
                info.time,
                info.clock_offset_seconds,
                INVESTIGATOR,
                info.taken,
                info.time_basis,
                info.time_note,
                info.sha256,
                foreign_sidecar=info.foreign_sidecar,
            )
            for info in ticket_snapshots(folder, ticket.key)
        ]
        return saved or [_capture(ticket)]

    def _capture(ticket: Any) -> SnapshotSource:
        if ticket.start is None:
            raise SnapshotUnavailable("The ticket has no start time, so no moment of video to show.")
        mapping = cameras.mapping(ticket.location, ticket.terminal)
        camera = mapping.primary
        if camera is None:
            raise SnapshotUnavailable(
                f"No camera is mapped to register {ticket.terminal or '?'} of store {ticket.location or '?'}."
            )
        if not camera.playback_url:
            raise SnapshotUnavailable(f"Camera {camera.name} is live only (no recording to look back at).")
        if camera.id in failed:
            raise SnapshotUnavailable(failed[camera.id])
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
            raise SnapshotUnavailable(f"Camera {camera.name} has no recording for this time.")
        if camera.id not in probed:
            probed.add(camera.id)
            why = probe_camera(camera.name, plan.url)
            if why is not None:
                failed[camera.id] = why
                raise SnapshotUnavailable(why)
        password = None
        if camera.has_password and cameras.secrets is not None:
            password = cameras.secrets.get(camera.id)
        path = frames() / f"{_UNSAFE.sub('_', ticket.key)}-{_UNSAFE.sub('_', camera.id)}-auto.png"
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
                why = (
                    f"Camera {camera.name} did not play its recording within {timeout_s:.0f} s "
                    "(no recording at this time, or the recorder is too slow)"
                )
                timeouts[camera.id] = timeouts.get(camera.id, 0) + 1
                if timeouts[camera.id] >= 2:  # a recorder that accepts but never plays: stop waiting on it
                    failed[camera.id] = why
                raise SnapshotUnavailable(why)
            while player.time_ms() < target and clock() < deadline:
                sleep(0.02)
            shown_at = plan.pos_time(player.time_ms()) or ticket.start  # the POS time the frame shows
            if not player.snapshot(path):
                raise SnapshotUnavailable(
                    f"The video player could not take a picture from camera {camera.name}."
                )
        finally:
            player.stop()
            player.release()
        return SnapshotSource(path, camera.name, shown_at, mapping.clock_offset_seconds, AUTOMATIC,
                              time_basis=REPORTED, time_note=AUTOMATIC_NOTE)  # fmt: skip

    return provide


def export_snapshot_provider(store: Any, secrets: Any, folder: Path) -> tuple[Callable[[Any], Any], Any]:
    """The provider the exports use, and the backend to close afterwards. libVLC is loaded only when a
    ticket needs a picture from a recording (an export without mapped cameras never loads it); without
    libVLC only the investigator's saved snapshots are used."""
    from ows_desktop.store.cameras import CameraRepository

    backend = _HeadlessBackendOnDemand()
    provider = ticket_snapshot_provider(
        CameraRepository(store, secrets), backend, folder, frames=backend.frames
    )
    return provider, backend


class _HeadlessBackendOnDemand:
    """A headless player.libvlc.VlcMediaBackend, created by the first ``create_player()``, and the temporary
    folder of the export's automatic frames, made by the first ``frames()``; ``close()`` removes both."""

    def __init__(self) -> None:
        self._backend: Any = None
        self._unavailable: str | None = None
        self._frames: Path | None = None

    def frames(self) -> Path:
        if self._frames is None:
            self._frames = Path(tempfile.mkdtemp(prefix="ows-export-frames-"))
        return self._frames

    def create_player(self) -> Any:
        if self._unavailable is not None:
            raise RuntimeError(self._unavailable)
        if self._backend is None:
            from ows_desktop.player.libvlc import VlcMediaBackend

            backend = VlcMediaBackend(headless=True)
            availability = backend.availability()
            if not availability.ok:
                log.info("libVLC is not available: exports use saved snapshots only")
                self._unavailable = f"libVLC is not available ({availability.message})"
                raise RuntimeError(self._unavailable)
            self._backend = backend
        return self._backend.create_player()

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None
        if self._frames is not None:  # the export has copied its frames by now
            shutil.rmtree(self._frames, ignore_errors=True)
            self._frames = None
