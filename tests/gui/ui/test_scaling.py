"""At 200 % (a 2880×1800 screen) and 150 % (1366×768) the window fits its screen and its key texts (menus,
tabs, sync bar, filters, table headers, status bar) are not cut, in English and in French (longer words).
Each case runs the window in a child process, since QT_SCALE_FACTOR must be set before Qt starts; Qt's
offscreen platform is given a screen of that size (its JSON config)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parents[1]


@pytest.mark.parametrize(
    ("scale", "width", "height", "language"),
    [(2, 2880, 1800, "fr_FR"), (2, 2880, 1800, "en_US"), (1.5, 1366, 768, "fr_FR")],
)
def test_the_scaled_window_fits_its_screen_and_its_texts_are_not_cut(
    tmp_path: Path, scale: float, width: int, height: int, language: str
) -> None:
    screens = tmp_path / "screens.json"
    screen = {"name": "test", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    screens.write_text(json.dumps({"windowFrameMargins": False, "screens": [screen]}), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    probe = subprocess.run(
        [sys.executable, str(HERE / "scaled_window_probe.py"), language, str(tmp_path / "profile")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert result["scale"] == scale
    sx, sy, sw, sh = result["screen"]
    assert (sw, sh) == (round(width / scale), round(height / scale))
    x, y, w, h = result["window"]
    assert sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh, result
    assert result["clipped"] == []
    if language == "fr_FR":
        assert result["menus"][0] == "&Fichier"
