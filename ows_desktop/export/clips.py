"""Video clips for evidence exports: for each ticket, each mapped camera's recording from pre-roll to
post-roll, saved as a file a media player opens, or the plain reason why there is none.

The window is the one the video pane plays (:func:`ows_desktop.camera.timeline.plan_playback`): the
ticket's start minus the pre-roll to its end plus the post-roll, moved by the terminal's clock offset to
the recorder's time (the recorder is asked for ``POS time + offset``, so its burned-in clock shows the
POS time plus the offset). The primary camera comes first, then the terminal's other cameras, at most
:data:`MAX_CAMERAS`.

Fetching and saving is a :class:`ClipCutter`'s job, injected by the caller (the libVLC one lives in
``ows_desktop.player.clip_cutter``: the core never loads libVLC). Each camera is probed once per export
(:func:`ows_desktop.camera.probe.probe_camera`): a recorder that refused or did not answer fails every
later clip of that camera at once, with the same reason. A clip that could not be cut is listed with its
reason, never silently absent. No Qt."""

from __future__ import annotations

import errno
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ows_desktop.basics.errors import AppError
from ows_desktop.basics.messages import QT_TRANSLATE_NOOP, message_of
from ows_desktop.basics.store_time import store_time_text
from ows_desktop.camera.media import MediaRequest, build_media_request
from ows_desktop.camera.probe import probe_camera
from ows_desktop.camera.timeline import plan_playback
from ows_desktop.export.collect import ExportItem
from ows_desktop.export.formatting import iso_utc
from ows_desktop.export.staging import Staging

log = logging.getLogger(__name__)

CLIP_DIR = "clips"
MAX_CAMERAS = 4
PREROLL_S = 10.0
POSTROLL_S = 10.0
# Why a clip is missing: sentences the window shows in its language (basics/messages.py; the CLI: English)
NO_CAMERA = QT_TRANSLATE_NOOP(
    "export_clips", "No camera is mapped to register {terminal} of store {location}."
)
NO_START = QT_TRANSLATE_NOOP("export_clips", "The ticket has no start time, so no stretch of video to save.")
NO_TIME = QT_TRANSLATE_NOOP("export_clips", "The ticket's time cannot be looked up in a recording.")
LIVE_ONLY = QT_TRANSLATE_NOOP("export_clips", "Camera {name} is live only (no recording to look back at).")
NO_PASSWORD = QT_TRANSLATE_NOOP("export_clips", "The password of camera {name} could not be read: {reason}")
CAMERA_SAID = QT_TRANSLATE_NOOP("export_clips", "Camera {name}: {reason}")  # the cutter's reason (player/)
NOT_SAVED = QT_TRANSLATE_NOOP("export_clips", "The clip could not be saved: {reason}")


class ClipUnavailable(AppError):
    """No clip from one camera for one ticket; the message says why in plain words."""


class ClipCutter(Protocol):
    """Saves ``seconds`` of the stream ``request`` opens (from its start) to ``dest`` without re-encoding
    where the source allows; returns the saved clip's duration in seconds when it can tell. Raises
    :class:`ClipUnavailable` saying why there is no clip, and stops soon after ``cancel`` is set."""

    suffix: str  # the container's file suffix, e.g. ".mp4"
    method: str  # how clips are made, for export.json (e.g. "libVLC stream output, remuxed to MP4")

    def cut(
        self, request: MediaRequest, seconds: float, dest: Path, cancel: threading.Event | None
    ) -> float | None: ...


@dataclass(frozen=True)
class Clip:
    """One camera's clip of one ticket, or why there is none (``file`` None, ``missing`` the reason)."""

    ticket_id: str
    camera: str
    camera_id: str
    primary: bool
    start: datetime | None  # POS time (the ticket's clock) the clip starts at
    end: datetime | None
    clock_offset_seconds: float | None  # recorder time = POS time + offset (applied to the request)
    utc_offset_min: int | None  # the store's offset, for the store-time fields
    file: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    seconds: float | None = None  # the saved clip's duration, as the cutter measured it
    missing: str | None = None

    def to_json(self) -> dict[str, Any]:
        shift = timedelta(seconds=self.clock_offset_seconds or 0.0)
        return {
            "ticket_id": self.ticket_id,
            "camera": self.camera,
            "camera_id": self.camera_id,
            "primary": self.primary,
            "file": self.file,
            "start_utc": iso_utc(self.start) or None,
            "end_utc": iso_utc(self.end) or None,
            "start_store_time": store_time_text(self.start, self.utc_offset_min) or None,
            "end_store_time": store_time_text(self.end, self.utc_offset_min) or None,
            "requested_seconds": (self.end - self.start).total_seconds() if self.start and self.end else None,
            "clock_offset_seconds": self.clock_offset_seconds,
            "recorder_start_utc": iso_utc(self.start + shift) if self.start else None,
            "recorder_end_utc": iso_utc(self.end + shift) if self.end else None,
            "seconds": None if self.seconds is None else round(self.seconds, 3),
            "sha256": self.sha256,
            "bytes": self.bytes,
            "missing": self.missing,
        }


class ClipSource:
    """Plans and cuts the clips of each ticket of one export (see the module docstring).

    ``cameras``: a store.cameras.CameraRepository (``mapping(location, terminal)``, ``password(id)``)."""

    def __init__(
        self,
        cameras: Any,
        cutter: ClipCutter,
        *,
        preroll_s: float = PREROLL_S,
        postroll_s: float = POSTROLL_S,
        max_cameras: int = MAX_CAMERAS,
        probe: Callable[[str, str], str | None] = probe_camera,
    ) -> None:
        self.cameras = cameras
        self.cutter = cutter
        self.preroll_s, self.postroll_s = max(0.0, preroll_s), max(0.0, postroll_s)
        self.max_cameras = max(1, min(MAX_CAMERAS, max_cameras))
        self._probe = probe
        self._failed: dict[str, str] = {}  # camera id -> why it gives no clip (probed once per export)
        self._probed: set[str] = set()
        self._workdir: Path | None = None
        self._count = 0
        self._misses: dict[str, int] = {}  # camera id -> clips that failed in a row
        self._lock = threading.Lock()

    @property
    def method(self) -> str:
        return self.cutter.method

    def clips(
        self, item: ExportItem, cancel: threading.Event | None = None
    ) -> list[tuple[Clip, Path | None]]:
        """The ticket's clips: each with the temporary file it was cut to, or None and the reason."""
        ticket = item.ticket
        mapping = self.cameras.mapping(ticket.location, ticket.terminal)
        cameras = list(mapping.cameras)
        primary = mapping.primary
        if primary is not None:
            cameras = [primary] + [c for c in cameras if c.id != primary.id]
        offset = float(mapping.clock_offset_seconds or 0.0)
        base: dict[str, Any] = {
            "ticket_id": item.ticket_id,
            "clock_offset_seconds": offset,
            "utc_offset_min": item.utc_offset_min,
        }
        if not cameras:
            reason = NO_CAMERA.format(terminal=ticket.terminal or "?", location=ticket.location or "?")
            return [
                (
                    Clip(
                        camera="", camera_id="", primary=False, start=None, end=None, missing=reason, **base
                    ),
                    None,
                )
            ]
        planned = [self._one(item, c, c is primary, offset, base) for c in cameras[: self.max_cameras]]
        # A ticket's cameras are cut at the same time: the recorder and libVLC's remux work in parallel.
        with ThreadPoolExecutor(max_workers=len(planned), thread_name_prefix="clip") as pool:
            return list(pool.map(lambda p: p(cancel) if callable(p) else p, planned))

    def _one(
        self, item: ExportItem, camera: Any, primary: bool, offset: float, base: dict[str, Any]
    ) -> tuple[Clip, Path | None] | Callable[[Any], tuple[Clip, Path | None]]:
        """The clip's reason to be missing, or the function that cuts it (run in a worker thread)."""
        ticket = item.ticket
        plan = plan_playback(
            live_url=camera.url,
            playback_template=camera.playback_url,
            ticket_start=ticket.start,
            ticket_end=ticket.end,
            clock_offset_seconds=offset,
            preroll_seconds=self.preroll_s,
            postroll_seconds=self.postroll_s,
        )
        start = plan.pos_time(0)
        end = plan.pos_time(plan.duration_ms or 0)
        clip = Clip(camera=camera.name, camera_id=camera.id, primary=primary, start=start, end=end, **base)

        def missing(reason: str) -> tuple[Clip, Path | None]:
            return replace(clip, missing=reason), None

        if ticket.start is None:
            return missing(NO_START)
        if plan.time_invalid:
            return missing(NO_TIME)
        if not camera.playback_url or not plan.seekable:
            return missing(LIVE_ONLY.format(name=camera.name))
        if camera.id in self._failed:
            return missing(self._failed[camera.id])
        if camera.id not in self._probed:
            self._probed.add(camera.id)
            why = self._probe(camera.name, plan.url)
            if why is not None:
                self._failed[camera.id] = why
                return missing(why)
        try:
            password = self.cameras.password(camera.id) if camera.has_password else None
        except Exception as exc:  # the keyring refused: say so, go on
            return missing(NO_PASSWORD.format(name=camera.name, reason=message_of(exc)))
        self._count += 1
        dest = self._folder() / f"{self._count:05d}{self.cutter.suffix}"
        request = build_media_request(plan.url, password=password)

        def cut(cancel: threading.Event | None) -> tuple[Clip, Path | None]:
            try:
                seconds = self.cutter.cut(request, (plan.duration_ms or 0) / 1000, dest, cancel)
            except ClipUnavailable as exc:
                dest.unlink(missing_ok=True)
                why = CAMERA_SAID.format(name=camera.name, reason=message_of(exc))
                with self._lock:  # a camera that failed twice in a row is not tried again in this export
                    self._misses[camera.id] = self._misses.get(camera.id, 0) + 1
                    if self._misses[camera.id] >= 2 and not (cancel is not None and cancel.is_set()):
                        self._failed[camera.id] = why
                return missing(why)
            with self._lock:
                self._misses[camera.id] = 0
            return replace(clip, seconds=seconds), dest

        return cut

    def _folder(self) -> Path:
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="ows-clips-"))
        return self._workdir

    def close(self) -> None:
        """Remove the temporary files (the export has copied what it keeps)."""
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None


def take_clips(
    writer: Staging, item: ExportItem, source: ClipSource, cancel: threading.Event | None = None
) -> list[Clip]:
    """The ticket's clips copied into the export (``clips/<exhibit>-<ticket>-<n>.<ext>``), and the ones
    missing with their reason; ``item.extra["clips"]`` holds them too, for the PDF exhibit."""
    found: list[Clip] = []
    try:
        results = source.clips(item, cancel)
    except AppError as exc:
        results = [(_whole_ticket_missing(item, message_of(exc)), None)]
    for n, (clip, path) in enumerate(results, start=1):
        clip = replace(clip, missing=writer.redactor.text(clip.missing) if clip.missing else None)
        if path is not None:
            name = f"{CLIP_DIR}/{item.number:05d}-{_safe_name(item.ticket_id)}-{n}{path.suffix}"
            try:
                record = writer.copy(path, name)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise
                clip = replace(clip, missing=NOT_SAVED.format(reason=exc.strerror or str(exc)))
            else:
                clip = replace(clip, file=record.path, sha256=record.sha256, bytes=record.bytes)
            finally:
                path.unlink(missing_ok=True)
        found.append(clip)
    item.extra["clips"] = found
    return found


def _safe_name(text: str) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in text)
    return safe.strip(".")[:80] or "ticket"


def _whole_ticket_missing(item: ExportItem, reason: str) -> Clip:
    return Clip(
        ticket_id=item.ticket_id,
        camera="",
        camera_id="",
        primary=False,
        start=None,
        end=None,
        clock_offset_seconds=None,
        utc_offset_min=item.utc_offset_min,
        missing=reason,
    )


def exhibit_clip_lines(clips: list[Clip], e: Callable[[str], str]) -> list[str]:
    """The PDF exhibit's "Video clips" lines (plain text; ``e`` makes ticket text safe to show): each clip's
    file, camera, span and hash, or why it is missing."""
    lines = []
    for clip in clips:
        who = e(clip.camera or "No camera") + (" (primary)" if clip.primary else "")
        if clip.file:
            until = store_time_text(clip.end, clip.utc_offset_min, "%H:%M:%S", label=False)
            span = f"{store_time_text(clip.start, clip.utc_offset_min)} – {until}"
            lines.append(
                f"{who}: {e(clip.file)}\n{e(span)}"
                + (f" · offset {clip.clock_offset_seconds:+.1f} s" if clip.clock_offset_seconds else "")
                + f"\nSHA-256 {e(clip.sha256 or '')}"
            )
        else:
            lines.append(f"{who}: no clip — {e(clip.missing or 'unknown reason')}")
    return lines


__all__ = [
    "CLIP_DIR",
    "Clip",
    "ClipCutter",
    "ClipSource",
    "ClipUnavailable",
    "exhibit_clip_lines",
    "take_clips",
]
