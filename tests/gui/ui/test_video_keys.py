"""The video's transport from the keyboard (a tester working by keyboard alone had to Tab through every
receipt line to reach play, the frame steps and Snapshot, and F1 listed no video key): Space in the receipt
list plays and pauses, "," and "." step a frame while paused, Alt+←/→ skip 5 s, Ctrl+Shift+S takes a
snapshot — each pressing the button of the video on screen, on the Receipts and on the Cases tab; Space typed
in the search box stays a space."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE, case_of_one_ticket, play_video, window_playing_a_receipt
from PySide6.QtCore import Qt
from PySide6.QtTest import QSignalSpy, QTest

pytestmark = OFFSCREEN_NOISE


def test_the_transport_answers_its_keys_on_the_receipts_and_the_cases_tab(
    qtbot, paths, filled_store, tmp_path
):
    window, row = window_playing_a_receipt(qtbot, paths, filled_store, tmp_path / "snaps")
    receipts, pane = window.receipts, window.cameras.video
    table = receipts.table
    table.setFocus()

    QTest.keyClick(table, Qt.Key.Key_Space)  # in the list: pause
    qtbot.waitUntil(lambda: pane.state == "paused")
    steps = QSignalSpy(pane.frame_button.clicked)
    backs = QSignalSpy(pane.frame_back_button.clicked)
    QTest.keyClick(table, Qt.Key.Key_Period)
    QTest.keyClick(table, Qt.Key.Key_Comma)
    assert (steps.count(), backs.count()) == (1, 1)
    skips = QSignalSpy(pane.forward_button.clicked)
    QTest.keyClick(table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert skips.count() == 1
    QTest.keyClick(
        table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert len(list((tmp_path / "snaps").glob("*.png"))) == 1
    QTest.keyClick(table, Qt.Key.Key_Space)  # and play again
    qtbot.waitUntil(lambda: pane.state == "playing")

    search = receipts.filter_bar.search  # Space typed in a field is a space, the video plays on
    search.setFocus()
    QTest.keyClicks(search, "a b")
    assert search.text() == "a b" and pane.state == "playing"
    search.clear()

    page = case_of_one_ticket(qtbot, window, filled_store, row.key)  # the Cases tab's own video
    play_video(qtbot, page.video)
    page.ticket_table.setFocus()
    QTest.keyClick(page.ticket_table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.video.state == "paused")
    assert pane.state == "playing"  # the Receipts tab's video, out of sight, untouched

    shown = [
        a.shortcut().toString()
        for a in window.findChildren(type(window.flag_action))
        if a.objectName().startswith("video_")
    ]
    assert sorted(shown) == sorted(["Space", "Alt+Left", "Alt+Right", ",", ".", "Ctrl+Shift+S"])
