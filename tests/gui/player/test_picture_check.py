"""The undecoded-grey check a snapshot passes (player/picture_check.py), on drawn pictures."""

from __future__ import annotations

import random

from PySide6.QtGui import QColor, QImage

from ows_desktop.player.picture_check import is_undecoded, undecoded_fraction


def _save(tmp_path, name: str, pixel) -> object:
    image = QImage(640, 360, QImage.Format.Format_RGB32)
    for y in range(360):
        for x in range(640):
            image.setPixel(x, y, pixel(x, y))
    path = tmp_path / name
    image.save(str(path), "PNG")
    return path


def test_flat_mid_grey_with_a_few_smears_is_undecoded(tmp_path):
    grey, smear = QColor(128, 128, 128).rgb(), QColor(200, 40, 160).rgb()
    path = _save(tmp_path, "grey.png", lambda x, y: smear if (x // 40 + y // 40) % 9 == 0 else grey)
    assert undecoded_fraction(path) > 0.8 and is_undecoded(path)


def test_a_grey_wall_with_camera_noise_and_colour_bars_are_pictures(tmp_path):
    rng = random.Random(7)
    wall = _save(tmp_path, "wall.png", lambda x, y: QColor.fromHsv(0, 0, 128 + rng.randint(-12, 12)).rgb())
    bars = [QColor(c).rgb() for c in ("red", "green", "yellow", "blue", "magenta", "cyan", "gray", "white")]
    colours = _save(tmp_path, "bars.png", lambda x, y: bars[x // 80])
    assert not is_undecoded(wall) and not is_undecoded(colours)
    assert not is_undecoded(tmp_path / "missing.png")  # unreadable: not judged here
