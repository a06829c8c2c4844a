"""Snapshot says where the picture went in the window's status bar, on the Receipts tab and on the Cases tab
(the tester: in the Cases tab the status bar stayed silent, the picture saved somewhere unsaid)."""

from __future__ import annotations

from gui_support import OFFSCREEN_NOISE, case_of_one_ticket, play_video, window_playing_a_receipt

pytestmark = OFFSCREEN_NOISE


def test_snapshot_is_confirmed_in_the_status_bar_on_the_receipts_and_the_cases_tab(
    qtbot, paths, filled_store, tmp_path
):
    window, row = window_playing_a_receipt(qtbot, paths, filled_store, tmp_path / "snaps")
    status = window.statusBar()

    pane = window.cameras.video
    qtbot.waitUntil(lambda: pane.snapshot_button.isEnabled())
    pane.snapshot_button.click()
    [first] = list((tmp_path / "snaps").glob("*.png"))
    assert status.currentMessage() == f"Snapshot saved: {first}"

    status.clearMessage()
    page = case_of_one_ticket(qtbot, window, filled_store, row.key)  # the Cases tab's own video
    assert page.video is not None and page.video is not pane
    play_video(qtbot, page.video)
    qtbot.waitUntil(lambda: page.video.snapshot_button.isEnabled())
    page.video.snapshot_button.click()
    [second] = [p for p in (tmp_path / "snaps").glob("*.png") if p != first]
    assert status.currentMessage() == f"Snapshot saved: {second}"
