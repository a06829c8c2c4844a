"""A simulated video recorder over HTTP on loopback: serves the sample clips as cameras.

Each camera is one short MP4 (``resources/clips/cam*.mp4``, H.264 with a burned-in clock). Two routes::

    GET /live/<camera>.mp4                          the "live" stream (the clip, from its start)
    GET /playback/<camera>.mp4?start=...&end=...    recorded video from ``start`` to ``end``, as long as the
                                                    request asks for (pre-roll + ticket + post-roll), cut
                                                    where the recording stops (a gap, or now)

With ``burned_clock=True`` recorded video burns in the recorder's clock at the requested time, like a real
recorder (clock_video.py: the camera's colour bars, ``2026-11-20 14:03:05 UTC`` in ``clock_zone``, and the
same second in a machine-readable strip), so a test or an investigator can check a frame's time; evidence
exports (clips, snapshots) read recordings from their start, and the square in them tells each frame of a
second apart (a frame step's test reads the very frame on screen). By default the sample clip plays in a
loop (looped_clip.py; its clock counts from 0). The video pane seeks in both cleanly (libavformat decodes
from the key picture before the target: camera/media.py).

``start``/``end`` accept the forms the playback templates produce: ISO 8601 (``Z`` or an offset), epoch
seconds, epoch milliseconds and the compact ``20261120T140305Z``. A playback request for a time the recorder
has no video for (in the future, before ``retention``, or inside one of ``gaps``) gets 404, like a real
recorder. Range requests are honoured (libVLC seeks in MP4 with them). With ``credentials`` every request
needs HTTP Basic authentication.

libVLC on Debian cannot play RTSP (no live555), so tests and the demo use these HTTP URLs. Typical use::

    with FakeRecorder() as rec:
        rec.live_url("cam1"), rec.playback_template("cam1")

No Qt here."""

from __future__ import annotations

import base64
import contextlib
import hmac
import logging
import os
import re
import socket
import socketserver
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ows_desktop.simulator.clock_video import ClockVideo
from ows_desktop.simulator.looped_clip import LoopedClip

_log = logging.getLogger(__name__)

CLIPS_ENV = "OWS_DESKTOP_CLIPS_DIR"
_CHUNK = 64 * 1024
_POLL_INTERVAL = 0.05
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
DEMO_CAMERA_NAMES = ("Register overhead", "Cash drawer", "Front door", "Aisle")
MAX_PLAYBACK = timedelta(minutes=5)  # the longest recording one request gets (~10 MB)
# How many cameras each terminal of a store gets in the demo mapping (cycled): 1–4, primary first.
DEMO_CAMERAS_PER_TERMINAL = (4, 2, 3, 1)


def default_clips_dir() -> Path:
    """The app's ``resources/clips`` (source tree, installed wheel or bundle), or ``$OWS_DESKTOP_CLIPS_DIR``."""
    from ows_desktop.basics.paths import resources_dir

    override = os.environ.get(CLIPS_ENV)
    if override:
        return Path(override)
    return resources_dir() / "clips"


def sample_clips(directory: Path | None = None) -> dict[str, Path]:
    """``{"cam1": .../cam1.mp4, ...}`` for the clips present, sorted by name."""
    directory = directory or default_clips_dir()
    return {p.stem: p for p in sorted(directory.glob("cam*.mp4"))}


def parse_time(text: str) -> datetime:
    """A playback ``start``/``end`` value in any template form, as an aware UTC datetime (ValueError)."""
    text = text.strip()
    if re.fullmatch(r"\d{13}", text):
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    if re.fullmatch(r"\d{1,11}", text):
        return datetime.fromtimestamp(int(text), UTC)
    if re.fullmatch(r"\d{8}T\d{6}Z", text):
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
    if moment.tzinfo is None:
        raise ValueError("a time without a UTC offset")
    return moment.astimezone(UTC)


class _Listener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: FakeRecorder):
        self.owner = owner
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _log.debug("recorder: error while serving %s", client_address, exc_info=True)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # no reverse DNS lookup
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeRecorder/1.0"
    timeout = 60
    server: _Listener

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, add=False)

    def do_GET(self) -> None:
        self.server.owner._handle(self, body=True)

    def do_HEAD(self) -> None:
        self.server.owner._handle(self, body=False)

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("recorder: " + format, *args)


class FakeRecorder:
    """The simulated recorder. ``clips`` maps camera names to MP4 files (default: the sample clips).

    ``gaps``, ``retention`` and ``now`` are plain attributes a test may change while it runs."""

    def __init__(
        self,
        clips: Mapping[str, Path] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        retention: timedelta = timedelta(days=30),
        gaps: Sequence[tuple[datetime, datetime]] = (),
        credentials: tuple[str, str] | None = None,
        now: Callable[[], datetime] | None = None,
        burned_clock: bool = False,
        clock_zone: tzinfo = UTC,
    ):
        self.clips = dict(clips if clips is not None else sample_clips())
        if not self.clips:
            raise ValueError(f"no clips to serve (looked in {default_clips_dir()})")
        self.retention = retention
        self.gaps = list(gaps)
        self.now = now or (lambda: datetime.now(UTC))
        self._credentials = credentials
        self._address = (host, port)
        self._listener: _Listener | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._log: deque[tuple[str, str, str | None]] = deque(maxlen=10_000)
        self._loops: dict[Path, LoopedClip | None] = {}
        self._built: dict[tuple[Any, ...], bytes] = {}  # a few recent recordings (libVLC asks in ranges)
        self.burned_clock = burned_clock
        self._clock_videos = {name: ClockVideo(i, clock_zone) for i, name in enumerate(sorted(self.clips))}

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> FakeRecorder:
        if self._listener is None:
            self._listener = _Listener(self._address, self)
            self._thread = threading.Thread(
                target=self._listener.serve_forever, args=(_POLL_INTERVAL,), name="fake-recorder", daemon=True
            )
            self._thread.start()
            _log.info("fake recorder serving %d cameras at %s", len(self.clips), self.base_url)
        return self

    def stop(self) -> None:
        """Stop listening and close every open connection (libVLC keeps them alive)."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.shutdown()
            listener.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeRecorder:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- URLs ------------------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._listener is None:
            raise RuntimeError("the recorder is not running")
        host, port = self._listener.server_address[:2]
        return f"http://{host}:{port}"

    def live_url(self, camera: str) -> str:
        return f"{self.base_url}/live/{camera}.mp4"

    def playback_template(self, camera: str, time_format: str = "") -> str:
        spec = f":{time_format}" if time_format else ""
        return f"{self.base_url}/playback/{camera}.mp4?start={{start{spec}}}&end={{end{spec}}}"

    @property
    def requests(self) -> list[tuple[str, str, str | None]]:
        """``(method, path with query, Range header)`` of every request so far."""
        with self._lock:
            return list(self._log)

    def has_video(self, start: datetime) -> bool:
        now = self.now()
        if start > now + timedelta(seconds=5) or start < now - self.retention:
            return False
        return not any(a <= start < b for a, b in self.gaps)

    def recorded_until(self, start: datetime, end: datetime) -> datetime:
        """Where the recording that runs at ``start`` stops, at most ``end``: the next gap, or now."""
        stop = min(end, self.now() + timedelta(seconds=5), start + MAX_PLAYBACK)
        for a, _b in self.gaps:
            if start < a < stop:
                stop = a
        return stop

    # -- demo mapping ----------------------------------------------------------------------------------------

    def demo_mapping(self, terminals: Sequence[tuple[str, str]]) -> dict[str, Any]:
        """A mapping document (``mapping import`` format) giving every terminal 1–4 of its store's cameras,
        the first one primary. Each store (location) gets one camera per clip."""
        names = sorted(self.clips)
        cameras: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        per_store: dict[str, int] = {}
        for location, terminal in terminals:
            if location not in per_store:
                per_store[location] = 0
                for i, clip in enumerate(names):
                    cameras.append(
                        {
                            "id": f"{location or 'store'}-{clip}",
                            "name": f"{DEMO_CAMERA_NAMES[i % len(DEMO_CAMERA_NAMES)]} ({location or 'store'})",
                            "url": self.live_url(clip),
                            "playback_url": self.playback_template(clip),
                        }
                    )
            k = per_store[location]
            per_store[location] = k + 1
            count = min(len(names), DEMO_CAMERAS_PER_TERMINAL[k % len(DEMO_CAMERAS_PER_TERMINAL)])
            ids = [f"{location or 'store'}-{names[(k + j) % len(names)]}" for j in range(count)]
            entries.append({"location": location, "terminal": terminal, "cameras": ids, "primary": ids[0]})
        return {"cameras": cameras, "terminals": entries}

    # -- serving ---------------------------------------------------------------------------------------------

    def _track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def _authorized(self, handler: _Handler) -> bool:
        if self._credentials is None:
            return True
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            given = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except ValueError:
            return False
        expected = f"{self._credentials[0]}:{self._credentials[1]}"
        return hmac.compare_digest(given.encode(), expected.encode())

    def _handle(self, handler: _Handler, *, body: bool) -> None:
        parts = urlsplit(handler.path)
        with self._lock:
            self._log.append((handler.command, handler.path, handler.headers.get("Range")))
        if not self._authorized(handler):
            self._plain(
                handler, 401, "authentication required", (("WWW-Authenticate", 'Basic realm="recorder"'),)
            )
            return
        match = re.fullmatch(r"/(live|playback)/([A-Za-z0-9_-]+)\.mp4", parts.path)
        clip = self.clips.get(match.group(2)) if match else None
        if match is None or clip is None:
            self._plain(handler, 404, "no such camera")
            return
        if match.group(1) == "playback":
            query = parse_qs(parts.query)
            try:
                start = parse_time(query["start"][0])
            except (KeyError, IndexError, ValueError):
                self._plain(handler, 400, "start is missing or not a time")
                return
            if not self.has_video(start):
                self._plain(handler, 404, "no recording for this time")
                return
            try:
                end = parse_time(query["end"][0])
            except (KeyError, IndexError, ValueError):
                end = start + timedelta(minutes=2)
            seconds = (self.recorded_until(start, end) - start).total_seconds()
            data = (
                self._clock_recording(match.group(2), start, seconds)
                if self.burned_clock
                else self._recording(clip, seconds)
            )
            if data is not None:
                self._send_bytes(handler, data, body=body)
                return
        self._send_file(handler, clip, body=body)

    def _clock_recording(self, camera: str, start: datetime, seconds: float) -> bytes:
        """``seconds`` of ``camera`` from ``start``, its burned-in clock showing the recorder's time."""
        key = (camera, start, round(max(seconds, 0.04) * 25))  # to 1/25 s: one cache entry per request
        with self._lock:
            data = self._built.get(key)
        if data is None:  # built outside the lock: the cameras of a 2×2 grid are asked at once
            data = self._clock_videos[camera].recording(start, max(seconds, 0.04))
            with self._lock:
                if len(self._built) >= 8:
                    self._built.pop(next(iter(self._built)))
                self._built[key] = data
        return data

    def _recording(self, clip: Path, seconds: float) -> bytes | None:
        """The clip looped to last ``seconds`` (None: the clip cannot be looped, serve it as it is)."""
        with self._lock:
            if clip not in self._loops:
                try:
                    self._loops[clip] = LoopedClip(clip.read_bytes())
                except (OSError, ValueError) as exc:
                    _log.info("recorder: %s cannot be looped (%s); serving it as it is", clip.name, exc)
                    self._loops[clip] = None
            loop = self._loops[clip]
            if loop is None:
                return None
            key = (clip, loop.fragments_for(max(seconds, loop.fragment_seconds)))
            data = self._built.get(key)
            if data is None:
                data = loop.build(max(seconds, loop.fragment_seconds))
                if len(self._built) >= 8:
                    self._built.pop(next(iter(self._built)))
                self._built[key] = data
            return data

    @staticmethod
    def _plain(handler: _Handler, status: int, text: str, headers: Sequence[tuple[str, str]] = ()) -> None:
        data = (text + "\n").encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        with contextlib.suppress(OSError):
            handler.wfile.write(data)

    def _send_file(self, handler: _Handler, path: Path, *, body: bool) -> None:
        self._send_bytes(handler, path.read_bytes(), body=body)

    def _send_bytes(self, handler: _Handler, data: bytes, *, body: bool) -> None:
        size = len(data)
        first, last, status = 0, size - 1, 200
        header = handler.headers.get("Range")
        if header:
            match = _RANGE.match(header.strip())
            if match is None or not (match.group(1) or match.group(2)):
                self._plain(handler, 416, "bad range", (("Content-Range", f"bytes */{size}"),))
                return
            if match.group(1):
                first = int(match.group(1))
                last = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
            else:
                first = max(0, size - int(match.group(2)))
            if first >= size or first > last:
                self._plain(handler, 416, "range not satisfiable", (("Content-Range", f"bytes */{size}"),))
                return
            status = 206
        handler.send_response(status)
        handler.send_header("Content-Type", "video/mp4")
        handler.send_header("Accept-Ranges", "bytes")
        handler.send_header("Content-Length", str(last - first + 1))
        if status == 206:
            handler.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        handler.end_headers()
        if not body:
            return
        with contextlib.suppress(OSError):
            view = memoryview(data)
            for at in range(first, last + 1, _CHUNK):
                handler.wfile.write(view[at : min(at + _CHUNK, last + 1)])
