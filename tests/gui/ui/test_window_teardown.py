"""A window torn down by Python's cyclic garbage collector (the app collects from a timer between events, so a
closed window's Python objects go that way): Qt destroys it with every object it still uses alive."""

from __future__ import annotations

import gc

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
