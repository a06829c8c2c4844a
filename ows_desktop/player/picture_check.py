"""Is a snapshot a picture, or the flat grey of an undecoded one?

libVLC 3 (measured with 3.0.24 on the demo's recorder, 2026-12-07) seeks in a fragmented MP4 to the exact
sample, not to the key picture before it, and a paused seek there loses the key picture too: the picture it
then shows (frame back, a repaint after a dialog, the end of a clip) is H.264 decoded without its
reference, a uniform mid grey (R = G = B = 128 ± 2 on 93-100 % of it) with a few smears, and
``video_take_snapshot`` saves exactly that. A camera picture, even of a grey wall, is never that flat and
exact (measured: at most 1 % of a clean frame, 9 % of the clock recordings with a grey bar). Evidence must
not be that picture, so a snapshot mostly of that grey is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

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


__all__ = ["UNDECODED_FRACTION", "is_undecoded", "undecoded_fraction"]
