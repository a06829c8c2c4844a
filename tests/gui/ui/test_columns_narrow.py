"""A 1024×700 window: the receipt's video transport needed ~510 px in one row, so the pane beside the receipts
table could not be narrower than that; the transport folds under the video instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ows_desktop.ui.video_widgets import TransportBar


def test_the_transport_folds_under_the_video_of_a_narrow_pane(qtbot):
    """The clock takes a row of its own, then the snapshot button its camera alone: the pane beside a 1024 px
    window's table can be 300 px wide, where the one row needed ~510 px."""
    pane = QWidget()  # placed by hand, as the video pane's layout places it
    qtbot.addWidget(pane)
    bar = TransportBar(pane)
    bar.time_label.setText("18:57:47 UTC−08:00  (+0:07)")
    pane.resize(800, 200)
    pane.show()
    qtbot.waitExposed(pane)
    assert bar.minimumSizeHint().width() <= 300
    for width, clock_apart, word in ((700, False, True), (400, True, True), (300, True, False)):
        bar.resize(width, 80)
        bar.resize(width, bar.sizeHint().height())  # its height for the rows it now has
        bar.layout().activate()
        controls = [bar.back_button, bar.play_button, bar.forward_button, bar.frame_back_button,
                    bar.frame_button, bar.speed, bar.snapshot_button]  # fmt: skip
        assert all(bar.rect().contains(c.geometry()) for c in controls), width
        clock = bar.time_label
        assert clock.width() >= clock.minimumWidth() and bar.rect().contains(clock.geometry()), width
        assert (clock.geometry().top() >= bar.play_button.geometry().bottom()) == clock_apart, width
        assert (bar.snapshot_button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly) == word, width
