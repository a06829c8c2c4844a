"""The video clock under the receipt reads whole: at 1440 px the transport kept the clock on the buttons' row
and cut it ("19:50:40 UTC−08:00 (…"), the offset from the ticket's start lost. It now gives the snapshot
button its camera alone to keep the whole clock on the row, and in a narrower pane puts the clock on a row
of its own; a text longer than the pane still ends in "…" with the whole of it in its tooltip."""

from __future__ import annotations

import json

from gui_support import OFFSCREEN_NOISE, X11_RECEIPT_WITH_VIDEO, run_on_x11
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ows_desktop.ui.video_widgets import TransportBar

pytestmark = OFFSCREEN_NOISE

CLOCK_SCRIPT = (
    X11_RECEIPT_WITH_VIDEO
    + """
leader = window.video.leader()
leader._player.start(12_000)  # playing, about 2 s into the ticket (10 s pre-roll)
leader.poll()
clock, bar = window.video.time_label, window.video.transport
for width, height in ((1440, 900), (1024, 700)):
    window.resize(width, height)
    until(lambda: window.width() == width)
    app.processEvents()
    bar.layout().activate()
    until(lambda: clock.text() == clock.full_text() or clock.width() < clock.sizeHint().width())
    print("CLOCK " + json.dumps({
        "width": window.width(), "bar": bar.width(), "full": clock.full_text(), "shown": clock.text(),
        "own_row": clock.geometry().top() >= bar.play_button.geometry().bottom(),
        "word": bar.snapshot_button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly,
    }))
window.close()
store.close()
"""
)


def test_the_clock_reads_whole_at_1440_and_1024_px(tmp_path):
    """On X11 (Xvfb), the receipt shown with its video playing, as the person saw it."""
    result = run_on_x11(CLOCK_SCRIPT, tmp_path)
    shown = [json.loads(line[6:]) for line in result.stdout.splitlines() if line.startswith("CLOCK ")]
    assert [s["width"] for s in shown] == [1440, 1024], result.stdout + result.stderr[-3000:]
    for s in shown:
        assert "  (+0:0" in s["full"] and " UTC" in s["full"], s  # a clock, its zone and its offset
        assert s["shown"] == s["full"], s  # whole, not "… (…"
    wide, narrow = shown
    assert not wide["own_row"] and not wide["word"], wide  # one row: the snapshot button its camera alone
    assert narrow["own_row"], narrow  # the clock on a row of its own under the buttons


def test_a_clock_longer_than_the_pane_ends_in_an_ellipsis_and_its_tooltip_holds_it_whole(qtbot):
    pane = QWidget()
    qtbot.addWidget(pane)
    bar = TransportBar(pane)
    text = "18:57:47 UTC−08:00  (+0:07)"
    bar.time_label.setText(text)
    pane.resize(800, 200)
    pane.show()
    qtbot.waitExposed(pane)
    clock = bar.time_label
    for width, own_row, word in (
        (620, False, True),
        (520, False, False),
        (400, True, True),
        (300, True, False),
    ):
        bar.resize(width, 80)
        bar.resize(width, bar.sizeHint().height())
        bar.layout().activate()
        assert clock.text() == text, width  # whole at every width the pane can have
        assert (clock.geometry().top() >= bar.play_button.geometry().bottom()) == own_row, width
        assert (bar.snapshot_button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly) == word, width
    longer = "18:57:47 UTC−08:00  (+0:07)  " + "Register overhead (S044) " * 4
    clock.setText(longer)
    qtbot.waitUntil(lambda: clock.text().endswith("…"))
    assert longer.startswith(clock.text()[:-1])
    assert clock.toolTip() == QtGui.Qt.convertFromPlainText(longer)
