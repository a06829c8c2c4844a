"""A window torn down by Python's cyclic garbage collector (the app collects from a timer between events, so a
closed window's Python objects go that way): Qt destroys it with every object it still uses alive."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from gui_support import OFFSCREEN_NOISE, make_services

from ows_desktop.ui.header_style import SortArrowStyle
from ows_desktop.ui.main_window import MainWindow

pytestmark = OFFSCREEN_NOISE


def test_a_closed_window_left_to_the_garbage_collector_is_destroyed_cleanly(
    qtbot, paths, filled_store
) -> None:
    def open_and_close() -> (
        None
    ):  # the window is not kept by qtbot: once this returns only its cycles hold it
        window = MainWindow(make_services(paths, filled_store))
        window.show()
        qtbot.waitExposed(window)
        window.start()
        qtbot.waitUntil(lambda: window.connection_dialog() is not None)
        window.connection_dialog().reject()
        qtbot.waitUntil(lambda: window.receipts.model.rowCount() > 0)
        header = window.receipts.table.horizontalHeader()
        # The sort arrows' style is the header's child: it lives exactly as long as the header. Held only by
        # a Python attribute, the collector freed it before the header, whose destructor then sized its
        # sections through the deleted style (a segmentation fault in QHeaderView::sectionSizeFromContents).
        assert header.findChildren(SortArrowStyle)
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible())

    open_and_close()
    gc.collect()  # the window's reference cycles: Qt deletes it here, from the collector
    gc.collect()


def test_a_window_opened_after_one_the_collector_destroyed_does_not_crash() -> None:
    """A connection switch opens a new window after the collector destroyed a previous one. The windows
    sized themselves from ``window.screen()``; PySide made that QScreen the window's child and deleted it
    with a window the collector destroyed, and the next window's construction read the deleted screen: a
    segmentation fault in QScreen::virtualSiblings. These three tests in this order crashed the process
    every time (a window closed by Qt, one destroyed by the collector, a new one); in another order, never.
    Run in a child process so that a crash fails this test, not the suite."""
    here = Path(__file__).resolve()
    rule = here.parent / "test_gui_time_rule.py"
    order = [
        f"{rule}::test_table_and_receipt_show_the_stores_time_with_its_zone",
        f"{here}::test_a_closed_window_left_to_the_garbage_collector_is_destroyed_cleanly",
        f"{rule}::test_the_time_columns_sort_arrow_points_the_way_the_list_runs",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *order],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=here.parents[3],
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "3 passed" in done.stdout
