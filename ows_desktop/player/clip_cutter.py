"""Video clips for evidence exports, saved by libVLC's stream output (``ows_desktop.export.clips.ClipCutter``).

The recorder's playback URL already covers the clip's window (pre-roll to post-roll), so a clip is that
stream *remuxed* into MP4 — the H.264 pictures are copied, never re-encoded — with libVLC's standard stream
output::

    :sout=#std{access=file,mux=mp4,dst='<file>'}   :no-sout-all   :sout-keep   :stop-time=<seconds>

Reading over HTTP is not paced by the media clock: a 30 s clip is saved in well under a second. The file
is written into the export's private temporary folder (a plain name, nothing to quote), and its duration
is read back from the saved file (libVLC's local parse). No widgets here: the CLI export uses it too, and
loads libVLC only when a ticket has a camera with recordings."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ows_desktop.camera.media import MediaRequest
from ows_desktop.export.clips import ClipUnavailable

log = logging.getLogger(__name__)

MIN_TIMEOUT_S = 15.0  # a recorder must deliver a clip within this + 1.5 × the clip's length


class VlcClipCutter:
    """Saves clips with a headless libVLC instance of its own (created on the first clip)."""

    suffix = ".mp4"
    method = "libVLC stream output (#std, mux=mp4): the recorder's H.264 remuxed into MP4, not re-encoded"

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._vlc: Any = None
        self._instance: Any = None
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()  # a ticket's cameras are cut from several threads

    def _ensure(self) -> tuple[Any, Any]:
        with self._lock:
            return self._ensure_locked()

    def _ensure_locked(self) -> tuple[Any, Any]:
        if self._instance is None:
            # Loaded with the first clip (player.libvlc brings Qt's core too): an export without cameras
            # loads neither.
            from ows_desktop.player.backend import BackendUnavailable
            from ows_desktop.player.libvlc import BASE_ARGS, LINUX_ARGS, load_vlc

            try:
                vlc = load_vlc()
                args = list(BASE_ARGS) + (list(LINUX_ARGS) if sys.platform.startswith("linux") else [])
                instance = vlc.Instance([*args, "--vout=dummy", "--aout=dummy", "--no-audio"])
            except BackendUnavailable as exc:
                raise ClipUnavailable(f"libVLC is not available ({exc})") from exc
            except Exception as exc:  # NameError when python-vlc found no library
                raise ClipUnavailable(f"libVLC is not available ({type(exc).__name__})") from exc
            if instance is None:
                raise ClipUnavailable("libVLC is not available (installed without its plugins)")
            self._vlc, self._instance = vlc, instance
        return self._vlc, self._instance

    def cut(
        self, request: MediaRequest, seconds: float, dest: Path, cancel: threading.Event | None = None
    ) -> float | None:
        vlc, instance = self._ensure()
        dest = Path(dest)
        if "'" in str(dest) or "}" in str(dest):
            raise ClipUnavailable("The temporary folder's name cannot be given to libVLC.")
        options = [
            *request.options,
            f":sout=#std{{access=file,mux=mp4,dst='{dest}'}}",
            ":no-sout-all",
            ":sout-keep",
            f":stop-time={max(1.0, seconds):.3f}",
        ]
        media = instance.media_new(request.url, *options)
        player = instance.media_player_new()
        player.set_media(media)
        ended = (vlc.State.Ended, vlc.State.Error, vlc.State.Stopped)
        try:
            player.play()
            wait_s = MIN_TIMEOUT_S + 1.5 * seconds  # some recorders play back at 1×
            deadline = self._clock() + wait_s
            while player.get_state() not in ended:
                if cancel is not None and cancel.is_set():
                    raise ClipUnavailable("The export was cancelled.")
                if self._clock() > deadline:
                    raise ClipUnavailable(f"the recorder did not deliver the recording within {wait_s:.0f} s")
                self._sleep(0.02)
            failed = player.get_state() == vlc.State.Error
        finally:
            player.stop()  # closes the muxer: the MP4's index is written now
            player.release()
            media.release()
        if failed or not dest.exists() or dest.stat().st_size == 0:
            raise ClipUnavailable("the recorder gave no recording for this time")
        return self._duration(dest)

    def _duration(self, path: Path) -> float | None:
        """The saved clip's length, read back from the file (None when libVLC cannot tell)."""
        vlc, instance = self._ensure()
        media = instance.media_new_path(str(path))
        try:
            media.parse_with_options(vlc.MediaParseFlag.local, 5000)
            deadline = self._clock() + 6
            while media.get_parsed_status() == 0 and self._clock() < deadline:
                self._sleep(0.01)
            ms = media.get_duration()
        finally:
            media.release()
        return ms / 1000 if ms and ms > 0 else None

    def close(self) -> None:
        if self._instance is not None:
            self._instance.release()
            self._instance = None


def export_clip_source(store: Any, secrets: Any, **options: Any) -> Any:
    """The exports' clip source (``ows_desktop.export.clips.ClipSource``) with the libVLC cutter; call its
    ``close()`` and the cutter's afterwards: returns ``(source, cutter)``."""
    from ows_desktop.export.clips import ClipSource
    from ows_desktop.store.cameras import CameraRepository

    cutter = VlcClipCutter()
    return ClipSource(CameraRepository(store, secrets), cutter, **options), cutter
