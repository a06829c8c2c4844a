"""Reading the simulated recorder's burned-in clock off a decoded picture (a libVLC snapshot PNG)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QImage

from ows_desktop.simulator.clock_video import HEIGHT, WIDTH, read_clock


def clock_in_png(path: Path) -> datetime | None:
    """The recorder time the picture's strip holds (None: not a picture of the simulated recorder)."""
    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a picture"
    if (image.width(), image.height()) != (WIDTH, HEIGHT):
        image = image.scaled(WIDTH, HEIGHT)
    return read_clock(lambda x, y: image.pixelColor(x, y).lightness())
