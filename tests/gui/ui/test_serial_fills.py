"""The window's process fills on the thread that paints: Qt's raster engine would otherwise hand a tall fill
(a scroll bar's groove) to its GUI thread pool and wait for the helpers to get a core (ui/app_shell.py).
Qt reads its switch once, at the first such fill, so this runs in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import ows_desktop

_PROBE = """
import os
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QScrollBar
from ows_desktop.ui.app_shell import make_application
app = make_application()
bar = QScrollBar(Qt.Orientation.Vertical)
bar.resize(16, 900)
bar.setRange(0, 10_000)
bar.setValue(5_000)
image = QImage(bar.size(), QImage.Format.Format_ARGB32_Premultiplied)
bar.render(image)
tasks = Path("/proc/self/task")
print(sorted({(tasks / task / "comm").read_text().strip() for task in os.listdir(tasks)}))
"""


def threads_after_drawing_a_scroll_bar(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="lists threads through Linux's /proc")
def test_a_scroll_bar_is_filled_on_the_thread_that_paints_it() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(Path(ows_desktop.__file__).resolve().parents[1])  # this checkout's code
    threads = threads_after_drawing_a_scroll_bar(env)
    assert threads.startswith("[") and len(threads) > 4  # the probe listed its threads
    assert "Thread (pooled)" not in threads
