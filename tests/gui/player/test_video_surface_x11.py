"""The video surface's black X11 background is set without running the application's pending events.

It called ``QGuiApplication.sync()`` so that Qt's own requests reached the X server first, and that also ran
every pending event: a person's second Shift+Down, queued while the first one started the video, ran in the
middle of the first one's receipt change, so the row whose receipt the pane showed was left out of the
selection that "Add to case" and the export then took. Now it is one round trip on Qt's X connection.
Runs on the X11 platform under Xvfb (the offscreen platform has no native windows)."""

from __future__ import annotations

import sys

import pytest
from gui_support import run_on_x11

SCRIPT = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from ows_desktop.player.surface import VideoSurface
app = QApplication([])
window = QWidget()
surface = VideoSurface(window)
QVBoxLayout(window).addWidget(surface)
window.resize(640, 400)
window.show()
app.processEvents()
ran = []
QTimer.singleShot(0, lambda: ran.append("pending event"))
surface.fill_black()
print("NATIVE", surface.native, "HANDLE", surface.handle() != 0, "RAN INSIDE", ran)
app.processEvents()
print("RAN AFTER", ran)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11")
def test_the_black_background_does_not_run_pending_events(tmp_path):
    result = run_on_x11(SCRIPT, tmp_path)
    out = result.stdout
    assert "NATIVE True HANDLE True" in out, out + result.stderr
    assert "RAN INSIDE []" in out, out + result.stderr  # nothing ran in the middle
    assert "RAN AFTER ['pending event']" in out, out + result.stderr  # it runs when the loop does
    assert "BadWindow" not in result.stderr and "X Error" not in result.stderr, result.stderr
