"""What the player is asked to open: the URL, libVLC's per-media options, and a form that is safe to log.

RTSP gets ``:rtsp-tcp`` (interleaved over the control connection: works through NAT and firewalls) and the
credentials as ``:rtsp-user``/``:rtsp-pwd`` options, not in the URL; HTTP(S) gets them in the URL's user info
(libVLC's http access reads them only from there). Every network stream gets ``:network-caching``.

A recording the person steps through frame by frame (``frame_accurate``: a playback URL over HTTP(S) or a
file) is demuxed by libavformat (``:demux=avformat,any``), not by libVLC 3's own MP4 demuxer: that one seeks
in a fragmented MP4 without the key picture before the target, so every paused seek (a frame back, a line
click, a repaint) showed H.264 decoded without its reference, flat grey with smears; libavformat seeks to
the key picture and decodes forward to the target (measured with libVLC 3.0.24, 2026-12-07: clean pictures,
the clock running to the end over HTTP). RTSP keeps its own access (live555 seeks on the server). The
password is in :attr:`MediaRequest.url`/:attr:`MediaRequest.options` only: ``repr`` and :attr:`display_url`
never show it, and nothing here logs. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from ows_desktop.camera.urls import (
    NETWORK_SCHEMES,
    RTSP_SCHEMES,
    has_query_password,
    scheme_of,
    split_password,
    username_of,
    with_password,
    without_userinfo,
)

DEFAULT_NETWORK_CACHING_MS = 1000
LOCAL_FILE_CACHING_MS = 300
ACCURATE_SCHEMES = frozenset({"http", "https", "file"})
ACCURATE_DEMUX = ":demux=avformat,any"  # libavformat first, any other demuxer if it cannot open the stream


@dataclass(frozen=True)
class MediaRequest:
    url: str = field(repr=False)
    options: tuple[str, ...] = field(default=(), repr=False)
    display_url: str = ""
    frame_accurate: bool = False  # demuxed so that a paused seek shows exactly the frame at its time

    def __repr__(self) -> str:
        return f"MediaRequest({self.display_url!r}, {len(self.options)} options)"


def build_media_request(
    url: str,
    *,
    password: str | None = None,
    network_caching_ms: int = DEFAULT_NETWORK_CACHING_MS,
    rtsp_tcp: bool = True,
    frame_accurate: bool = False,
) -> MediaRequest:
    """The request for ``url`` (a URL as stored: no password) with the camera's ``password``;
    ``frame_accurate``: a recording to seek in frame by frame (honoured for HTTP(S) and files)."""
    url, inline_password = split_password(url)
    password = password or inline_password
    scheme = scheme_of(url)
    display = without_userinfo(url)
    options: list[str] = []
    if scheme in NETWORK_SCHEMES:
        options.append(f":network-caching={max(0, int(network_caching_ms))}")
    elif scheme == "file":
        options.append(f":file-caching={LOCAL_FILE_CACHING_MS}")
    accurate = frame_accurate and scheme in ACCURATE_SCHEMES
    if accurate:
        options.append(ACCURATE_DEMUX)
    if scheme in RTSP_SCHEMES:
        if rtsp_tcp:
            options.append(":rtsp-tcp")
        user = username_of(url)
        if user:
            options.append(f":rtsp-user={user}")
        if password:
            options.append(f":rtsp-pwd={password}")
        player_url = with_password(display, password) if has_query_password(url) else display
        return MediaRequest(url=player_url, options=tuple(options), display_url=display)
    if scheme in ("http", "https") and password:
        url = with_password(url, password)
    return MediaRequest(url=url, options=tuple(options), display_url=display, frame_accurate=accurate)
