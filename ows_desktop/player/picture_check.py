"""Is a snapshot a picture, or the flat grey of an undecoded one?

libVLC 3's own MP4 demuxer (measured with 3.0.24 on the demo's recorder, 2026-12-07) seeks in a fragmented
MP4 without the key picture before the target, and a paused seek there loses the key picture too: the
picture it then shows (frame back, a repaint after a dialog, the end of a clip) is H.264 decoded without its
reference, a uniform mid grey (R = G = B = 128 ± 2 on 93-100 % of it) with a few smears, and
``video_take_snapshot`` saves exactly that. The pane now opens recordings over HTTP(S) with libavformat,
which seeks from the key picture (camera/media.py), but a stream libVLC demuxes itself (RTSP, a live camera
joined between key pictures) can still show it. A camera picture, even of a grey wall, is never that flat
and exact (measured: at most 1 % of a clean frame, 9 % of the clock recordings with a grey bar). Evidence
must not be that picture, so a snapshot mostly of that grey is refused."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

UNDECODED_GREY = 128
TOLERANCE = 2
UNDECODED_FRACTION = 0.5  # this much of the picture at the undecoded grey: not a picture
STEP = 8  # every 8th pixel of every 8th row (3 600 samples of a 640×360 picture)


def undecoded_fraction(path: Path) -> float:
    """The share of ``path``'s pixels at the undecoded grey (0.0 for an unreadable file)."""
    image = QImage(str(path))
    if image.isNull():
        return 0.0
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    seen = grey = 0
    for y in range(0, image.height(), STEP):
        for x in range(0, image.width(), STEP):
            rgb = image.pixel(x, y)
            seen += 1
            grey += all(abs((rgb >> shift & 0xFF) - UNDECODED_GREY) <= TOLERANCE for shift in (16, 8, 0))
    return grey / seen if seen else 0.0


def is_undecoded(path: Path) -> bool:
    return undecoded_fraction(path) >= UNDECODED_FRACTION


class _Snapping(Protocol):
    def snapshot(self, path: Path) -> bool: ...


def decoded_snapshot(player: _Snapping, path: Path) -> bool:
    """``player``'s picture saved at ``path``; False (and no file) when it could not, or was the grey."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not player.snapshot(path):
        return False
    if is_undecoded(path):  # a seek between key pictures showed grey: never evidence
        log.warning("Snapshot refused: the picture is not decoded (flat grey after a seek)")
        path.unlink(missing_ok=True)
        return False
    return True


__all__ = ["UNDECODED_FRACTION", "decoded_snapshot", "is_undecoded", "undecoded_fraction"]
